/* SPDX-License-Identifier: MIT */
/*
 * assert.h - WT_ASSERT, the kit's always-on invariant check.
 *
 * A broken invariant of the kit itself (never of a transport under test,
 * which gets a verdict instead) prints file:line and the condition, then
 * aborts, in every build mode: a simulator that carries on after its own
 * state went wrong would hand out verdicts nobody should trust.
 */
#ifndef WT_ASSERT_H
#define WT_ASSERT_H

#include <stdio.h>
#include <stdlib.h>

#define WT_ASSERT(cond)                                                               \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: wtkit invariant failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                           \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/*
 * Validators (each type's *_validate) check every invariant of
 * an object. Builds that define WT_VALIDATE_ALL (debug, asan and coverage
 * builds; fuzz harnesses should too) run them around every step; a
 * release build runs one step in WT_VALIDATE_PERIOD of each object, so
 * its steady state pays almost nothing for them while a broken invariant
 * is still caught within a few steps. The pair assertions written inline
 * (WT_ASSERT at a boundary) stay on in every build.
 *
 *     if (WT_VALIDATE_DUE(obj->validate_tick)) { obj_validate(obj); }
 */
#define WT_VALIDATE_PERIOD 64u
#ifdef WT_VALIDATE_ALL
#define WT_VALIDATE_DUE(tick) ((void)(tick), 1)
#else
#define WT_VALIDATE_DUE(tick) ((++(tick) & (WT_VALIDATE_PERIOD - 1u)) == 0)
#endif

#endif
