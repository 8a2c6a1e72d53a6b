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

#endif
