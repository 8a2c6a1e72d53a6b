/* SPDX-License-Identifier: MIT */
/*
 * hosted.h - run the kit's cases inside the process of a transport that
 * is not C: a Python interpreter loads libwt (ctypes), hands over its
 * transport as a struct wt_transport_ops whose slots call the Python
 * object, and runs each case the kit sends (the adapter protocol's `host`
 * feature) in its own process: the world, the monitor and the transport
 * together, no line per call. The kit keeps the rest: which cases, skips,
 * reports; a crash of the host process is the case's CRASH.
 *
 *   struct wt_hosted_config cfg = {.ops = &py_ops, .replay_checked = true};
 *   struct wt_hosted *h;
 *   wt_hosted_new(&cfg, &h);
 *   for each `case` request:
 *       wt_hosted_case(h, request, len, &reply, &reply_len);  send reply
 *       wt_hosted_reply_free(reply);
 *   wt_hosted_free(h);
 *
 * create() of the table is given args->context = h: wt_hosted_seed(h) is
 * the seed of the world being made (an adapter's `reset seed=N`). Its
 * instances are struct wt_hosted_cell (below).
 */
#ifndef WT_HOSTED_H
#define WT_HOSTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport.h"

struct wt_hosted_config {
    const struct wt_transport_ops *ops; /* borrowed: outlives the host */
    uint32_t missing;                   /* documented methods it lacks (1 << enum wt_method) */
    bool replay_checked;                /* false: no determinism replay (real I/O) */
};

struct wt_hosted;

/*
 * What the world holds as a hosted transport instance: create() of the
 * host's table sets *self_out to a cell of its own (it stays valid until
 * destroy) and keeps there the transport's buffer size whenever control
 * returns from its code (a call, a loop callback), so the world's
 * untraced reads of the size need no call into the host's language (as
 * the adapter protocol's ret-size). known = 0 whenever the transport's
 * code may have run since.
 */
struct wt_hosted_cell {
    const struct wt_transport_ops *ops; /* the host's table (set by the host) */
    struct wt_host *host;               /* the world's host (set by the host) */
    uint64_t size;
    int32_t known;
};

/*
 * What this library is, one word into buf: "VERSION/REQUEST/CLAUSES/OUTCOME"
 * (64 bytes always hold it). A kit
 * offers `host` with the id of its own build (WTKIT_HOST_ID); a host loads
 * a library only when the ids agree, since the request, the catalog and
 * the outcome's text must be the kit's.
 */
void wt_hosted_id(char *buf, size_t cap);

/* WT_OK, WT_EINVAL (a table that fails wt_transport_ops_check), WT_ENOMEM. */
int wt_hosted_new(const struct wt_hosted_config *cfg, struct wt_hosted **out);
void wt_hosted_free(struct wt_hosted *h); /* NULL is a no-op */

/* The seed of the world whose transport is being created. */
uint64_t wt_hosted_seed(const struct wt_hosted *h);

/*
 * Runs one case request. *reply_out (free with wt_hosted_reply_free) is a
 * one-case outcome's text (wt_outcome_write), or one line "error MESSAGE"
 * when the request could not be run. Returns WT_OK, or WT_ENOMEM with no
 * reply.
 */
int wt_hosted_case(struct wt_hosted *h, const char *request, size_t len, char **reply_out,
                   size_t *reply_len_out);
void wt_hosted_reply_free(char *reply);

#endif
