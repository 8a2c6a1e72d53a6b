/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - the fuzz decoder: any byte string becomes a valid op sequence.
 *
 * Total: every input decodes, none is rejected, and every op it gives
 * passes wt_op_validate. Local: an input is read as fixed-width records,
 * WT_FUZZ_HEAD_BYTES of payload per op from the front and
 * WT_FUZZ_TAIL_BYTES of structure per op (kind, size class, hook, flags)
 * from the back, the layout LLVM's FuzzedDataProvider uses; so a single
 * byte overwritten changes at most the one op that byte belongs to, and a
 * fuzzer's byte mutations move one op at a time. The op kinds, argument
 * bounds and places come from the op schema (op.h), so every op kind the
 * transport supports is reachable, hooks and faults included; sizes
 * cluster around the default watermarks (16 KiB, 64 KiB) and the socket's
 * buffer and caps.
 *
 *   struct wt_fuzz_options opt; wt_fuzz_options_init(&opt);
 *   struct wt_op ops[WT_FUZZ_OPS_MAX + WT_FUZZ_DRAIN_OPS];
 *   size_t n = wt_fuzz_decode(data, len, &opt, ops, sizeof ops / sizeof ops[0]);
 */
#ifndef WT_FUZZ_H
#define WT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "op.h"

/* Bytes of one op: payload from the front, structure from the back. */
#define WT_FUZZ_HEAD_BYTES 8
#define WT_FUZZ_TAIL_BYTES 3
#define WT_FUZZ_OP_BYTES (WT_FUZZ_HEAD_BYTES + WT_FUZZ_TAIL_BYTES)
/* The most ops one input decodes to (bytes past them are not read). */
#define WT_FUZZ_OPS_MAX 256
/* The drain phase appended after the input's ops (`sock open`, `run`). */
#define WT_FUZZ_DRAIN_OPS 2
/*
 * Version of the bytes -> ops mapping; it changes only when the mapping
 * does. Version 3 adds the argument kinds of write and writelines (F bit 3
 * gives one, F bits 4-7 say which); version 4 leaves out an op that would
 * take the bytes the input writes past WT_FUZZ_BYTES_MAX. Versions 2 and 3
 * are still decoded (options' version), version 1 is not kept
 * (wt_fuzz_version_refused).
 */
#define WT_FUZZ_DECODER_VERSION 4
/* The oldest mapping this kit still decodes. */
#define WT_FUZZ_DECODER_OLDEST 2

/*
 * The step bound a fuzz input runs with (FUZZ_STEPS overrides it in the
 * world target; a .wts made from an input records it as `steps`): the
 * world's default. A lower bound is not faster once sizes are bounded (the
 * size classes), and it turns a slow but live drain into a false HANG that
 * the reference shares.
 */
#define WT_FUZZ_STEPS_DEFAULT 100000u
/*
 * The loop iterations one fuzz input may take in all (FUZZ_WORK; `wtkit
 * shrink --fuzz-input --work`). An execution's cost is its iterations: a
 * few inputs (a 1-byte socket cap under megabytes of writes) took 90% of
 * a campaign's time running for hundreds of thousands. Past the budget an
 * input still making progress is INCONCLUSIVE, not a finding; one that
 * made none in the second half of it is a HANG, as at a step bound.
 */
#define WT_FUZZ_WORK_DEFAULT 1024u
/*
 * The bytes one input may write in all (write, writelines, produce;
 * version 4). The world makes, copies and checks every byte written: an
 * input writing megabytes cost a hundred times the median one. A quarter
 * of a MiB still pauses four times over the default high watermark.
 */
#define WT_FUZZ_BYTES_MAX ((uint64_t)256 << 10)
/* The world's seed of a fuzz input (FUZZ_SEED overrides it). */
#define WT_FUZZ_SEED_DEFAULT 1u

struct wt_fuzz_options {
    uint64_t kinds; /* WT_GEN_KIND(kind) per kind the transport supports (gen.h) */
    bool hooks;     /* ops may be armed on callbacks */
    bool drain;     /* append `sock open` and `run` (default true) */
    uint32_t version; /* the mapping: WT_FUZZ_DECODER_OLDEST.., 0 (the default) the newest */
};

/*
 * Why an input made under decoder version `version` cannot be decoded
 * here (a version older than WT_FUZZ_DECODER_OLDEST, or newer than this
 * kit's), as a message; NULL when it can (0 is the newest). wt_fuzz_decode
 * decodes an unreadable version as the newest, so a caller asks first.
 */
const char *wt_fuzz_version_refused(uint32_t version);

/* Every kind, hooks on, drain on. */
void wt_fuzz_options_init(struct wt_fuzz_options *opt);

/* The most ops an input of len bytes decodes to (drain included; version 4
 * leaves out the ops past the bytes budget). */
size_t wt_fuzz_ops_count(size_t len, const struct wt_fuzz_options *opt);

/*
 * Decodes data[0..len) into ops[0..cap) and returns how many it wrote
 * (at most cap, and wt_fuzz_ops_count(len, opt)). Never fails: data may
 * be NULL when len is 0; a NULL opt is the defaults. Every op passes
 * wt_op_validate; no op is an expectation (the monitor judges); only kinds
 * in opt->kinds are made (run and step always may be). Deterministic per
 * (data, len, *opt) and reads nothing else.
 */
size_t wt_fuzz_decode(const uint8_t *data, size_t len, const struct wt_fuzz_options *opt,
                      struct wt_op *ops, size_t cap);

/*
 * The inverse, best effort, for seed corpora: writes an input whose decode
 * (under the same options, drain off) gives ops[0..n) as closely as the
 * layout can say them (expectations and unsupported kinds are left out;
 * sizes above a class's reach are clamped). Returns the bytes needed
 * (written only when they fit in cap), like snprintf.
 */
size_t wt_fuzz_encode(const struct wt_op *ops, size_t n, const struct wt_fuzz_options *opt,
                      uint8_t *buf, size_t cap);

/* ----- fuzz inputs as cases (conformance/fuzz_case.c) ---------------- */

struct wt_session_spec;
struct wt_scenario;

/*
 * The case a fuzz input is under the spec's transport: data decoded with
 * the kinds that transport supports, the seed (spec's, else
 * WT_FUZZ_SEED_DEFAULT) and steps (spec's, else WT_FUZZ_STEPS_DEFAULT)
 * the world target runs it with, into an initialised *sc (its ops are
 * replaced). Then `wtkit shrink` and `replay` take it like any case.
 * Returns WT_OK, a session error (message in err) or WT_ENOMEM.
 */
int wt_fuzz_scenario(const struct wt_session_spec *spec, const uint8_t *data, size_t len,
                     struct wt_scenario *sc, char *err, size_t err_cap);

#endif
