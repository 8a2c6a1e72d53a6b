/* SPDX-License-Identifier: MIT */
/*
 * gen.h - the seed front end: a seed becomes an op sequence.
 *
 * Swarm style: the seed first picks the run's parameters (socket schedule,
 * limits, which op families are enabled and how often), then draws ops
 * with those weights, so different seeds explore different corners instead
 * of the same average. The same seed gives the same ops everywhere.
 */
#ifndef WT_GEN_H
#define WT_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "op.h"

/*
 * Fills ops[0..n) from seed and returns WT_OK, or WT_EINVAL for a NULL
 * ops with n > 0. Every op passes wt_op_validate. The sequence is a safety
 * phase only; the world's finish() is the drain phase.
 */
int wt_gen_ops(uint64_t seed, struct wt_op *ops, size_t n);

#endif
