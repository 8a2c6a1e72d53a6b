/* SPDX-License-Identifier: MIT */
/*
 * hosted_int.h - the request of the `host` feature, as text: the kit's
 * session writes it (session.c), a host reads it (hosted.c). Internal to
 * conformance/.
 *
 *   hosted 2               (1 had no `work`)
 *   profile docs
 *   flavor ge              (a run's --flavor, when given)
 *   seed 7                 (a run's --seed, when given)
 *   steps 100000           (a run's --steps, when given)
 *   work 4096              (a run's --work, when given)
 *   context 8
 *   once                   (no replay run: a fuzz probe's unreplayed input)
 *   clause WT-WRITE-...    (each --clause; then each --skip)
 *   skip WT-...
 *   scenario
 *   case 0 conformance/scenarios/WT-X.wts   (1 for a seed; the case's name)
 *   <the scenario's header, as wt_wts_format writes it>
 *   ops
 *   LINE KIND ON FLAGS NCHUNKS A B CHUNK...
 *                          (each op's fields as numbers: exactly the op the
 *                           kit holds, its file line included, so messages,
 *                           hang lines and the trace are the kit's own)
 *
 * Everything before `scenario` is the judging, the same for every case of
 * a session; a host keeps its session open while it stays the same.
 */
#ifndef WT_HOSTED_INT_H
#define WT_HOSTED_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "wt/session.h"
#include "wt/wts.h"

#define WT_HOSTED_REQUEST_VERSION 2

/*
 * Writes the request for sc under spec's judging (profile: the name the
 * session resolved) into *text_out (malloc'd, free it). WT_OK, WT_ENOMEM,
 * or WT_EINVAL (an op that does not format).
 */
int wt__hosted_request(const struct wt_session_spec *spec, const char *profile, bool once,
                       const struct wt_scenario *sc, const char *name, bool is_seed,
                       char **text_out, size_t *len_out);

/* A parsed request: spec (judging only) and the scenario, owning their text. */
struct wt__hosted_req {
    struct wt_session_spec spec;
    struct wt_scenario sc;
    size_t judging_len;      /* the bytes before `scenario`: the session's key */
    const char *name;        /* the case's name (a file's path: its subject clause) */
    bool once;               /* no replay run */
    bool is_seed;
    char *copy;              /* the request's text; spec's strings point into it */
    const char **ids;        /* clause then skip IDs (into copy) */
};

/*
 * Parses text into req: the judging into req->spec, which the caller has
 * set to its defaults (wt_session_spec_init), the scenario through alloc. WT_OK; WT_ESYNTAX with a message
 * in err; WT_ENOMEM. Release with wt__hosted_req_free in any case.
 */
int wt__hosted_parse(const char *text, size_t len, const struct wt_allocator *alloc,
                     struct wt__hosted_req *req, char *err, size_t err_cap);
void wt__hosted_req_free(struct wt__hosted_req *req);

#endif
