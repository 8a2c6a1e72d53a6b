/* SPDX-License-Identifier: MIT */
/*
 * gen.h - the seed front end: a seed becomes an op sequence.
 *
 * Swarm style: the seed first picks the run's parameters (socket schedule,
 * limits, which op families are enabled and how often), then draws ops
 * with those weights, so different seeds explore different corners instead
 * of the same average. The same seed (and options) gives the same ops
 * everywhere.
 */
#ifndef WT_GEN_H
#define WT_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "op.h"

/*
 * The version of the seed -> ops mapping of a full-capability run
 * (wt_gen_ops). It changes only when that mapping does, so a saved seed
 * (a .wts `generator N` header, a replay line's --generator N) says which
 * generator it replays under; every earlier version can still be asked for.
 *   1: the swarm of op-family weights.
 *   2: 1, plus a per-seed fault rate (faults drawn in the safety phase) and a
 *      drain phase: the last two ops open the socket and run the loop, so a
 *      run ends flushed with connection_lost once (or connection_lost(exc)
 *      after an injected error that stays).
 *   3: 2, plus `produce` (a family of its own, drawn last) and `sock budget`
 *      (a slot of the socket family).
 *   4: 3, plus the seed's platform, drawn after the fault rate and said by
 *      the first ops: the loop's dispatch order (`loop order io-first`).
 *   5: 4, plus argument kinds: two seeds in three hand every write and
 *      writelines over as a kind drawn after the op's own draws (`write 100
 *      as bytearray-cleared`, `writelines 10 20 as tuple`).
 */
#define WT_GEN_VERSION 5

/* The kind mask is a uint64_t with one bit per op kind. */
_Static_assert(WT_OP_COUNT <= 64, "enum wt_op_kind no longer fits the generator's kind mask");

/* The mask bit of one kind, and the mask of every kind. */
#define WT_GEN_KIND(kind) ((uint64_t)1 << (kind))
#define WT_GEN_ALL_KINDS ((WT_GEN_KIND(WT_OP_COUNT - 1) << 1) - 1)

/*
 * What the transport under test supports. run and step are always
 * generated when needed (the kit runs them, never the transport), as if
 * their bits were set.
 */
struct wt_gen_options {
    uint64_t kinds;   /* WT_GEN_KIND(kind) per enum wt_op_kind the transport supports */
    bool hooks;       /* ops may be armed on callbacks (`on pause: ...`) */
    uint32_t version; /* the mapping, 1..WT_GEN_VERSION (0: WT_GEN_VERSION) */
};

/* Every kind, hooks on, this version: the options under which wt_gen_ops draws. */
void wt_gen_options_init(struct wt_gen_options *opt);

/*
 * Fills ops[0..n) from seed and returns WT_OK, or WT_EINVAL for a NULL
 * ops with n > 0. Every op passes wt_op_validate. The same as
 * wt_gen_ops_with under wt_gen_options_init's options.
 */
int wt_gen_ops(uint64_t seed, struct wt_op *ops, size_t n);

/*
 * Like wt_gen_ops, for a transport that supports only opt->kinds: no op
 * of another kind (run and step aside) and, without opt->hooks, no op
 * armed on a callback. A family of ops with no supported kind is never
 * drawn; the rest keep their seeded weights. Deterministic per (seed,
 * *opt); under the full options it gives exactly wt_gen_ops's ops.
 * Returns WT_OK, or WT_EINVAL for a NULL opt, a NULL ops with n > 0 or
 * an unknown version.
 */
int wt_gen_ops_with(uint64_t seed, const struct wt_gen_options *opt, struct wt_op *ops,
                    size_t n);

#endif
