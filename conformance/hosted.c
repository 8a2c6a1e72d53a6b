/* SPDX-License-Identifier: MIT */
/*
 * hosted.c - the host's side of the `host` feature (include/wt/hosted.h):
 * a request in, the case run here against the host's own table, a
 * one-case outcome out. The judging is the kit's (hosted_int.h); the
 * session stays open while it does not change, so a sweep pays for it
 * once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosted_int.h"
#include "session_int.h"
#include "wt/errors.h"
#include "wt/hosted.h"
#include "wt/spec.h"

struct wt_hosted {
    struct wt_transport_ops ops; /* the host's, reading the size from the cell */
    struct wt_session_table table;
    uint64_t seed;              /* of the world being made */
    struct wt__probe *probe;    /* open for judging's judging */
    struct wt__hosted_req judging; /* the request whose judging the probe runs */
};

/* The world's untraced read, answered from the cell while it is known. */
static int hosted_get_size(void *self, size_t *size_out)
{
    struct wt_hosted_cell *cell = self;
    if (cell->known && wt_host_peeking(cell->host)) {
        *size_out = (size_t)cell->size;
        return WT_OK;
    }
    return cell->ops->get_write_buffer_size(self, size_out);
}

static void hosted_prepare(void *user_data, struct wt_world_config *wc)
{
    struct wt_hosted *h = user_data;
    h->seed = wc->seed;
    wc->args.context = h;
}

int wt_hosted_new(const struct wt_hosted_config *cfg, struct wt_hosted **out)
{
    *out = NULL;
    if (cfg == NULL || cfg->ops == NULL || wt_transport_ops_check(cfg->ops) != WT_OK) {
        return WT_EINVAL;
    }
    struct wt_hosted *h = calloc(1, sizeof *h);
    if (h == NULL) {
        return WT_ENOMEM;
    }
    h->ops = *cfg->ops;
    if (h->ops.get_write_buffer_size != NULL) {
        h->ops.get_write_buffer_size = hosted_get_size;
    }
    h->table.ops = &h->ops;
    h->table.missing = cfg->missing | wt_transport_ops_missing(cfg->ops);
    h->table.replay_checked = cfg->replay_checked;
    h->table.prepare = hosted_prepare;
    h->table.user_data = h;
    *out = h;
    return WT_OK;
}

static void hosted_close(struct wt_hosted *h)
{
    wt__probe_close(h->probe);
    h->probe = NULL;
    wt__hosted_req_free(&h->judging);
}

void wt_hosted_free(struct wt_hosted *h)
{
    if (h != NULL) {
        hosted_close(h);
        free(h);
    }
}

uint64_t wt_hosted_seed(const struct wt_hosted *h)
{
    return h != NULL ? h->seed : 0;
}

void wt_hosted_reply_free(char *reply)
{
    free(reply);
}

/* "error MESSAGE" (one line) as the reply. */
static int hosted_error(const char *msg, char **reply_out, size_t *reply_len_out)
{
    size_t n = strlen(msg);
    char *r = malloc(n + 8);
    if (r == NULL) {
        return WT_ENOMEM;
    }
    memcpy(r, "error ", 6);
    for (size_t i = 0; i < n; i++) {
        r[6 + i] = msg[i] == '\n' || msg[i] == '\r' ? ' ' : msg[i];
    }
    r[6 + n] = '\n';
    r[7 + n] = '\0';
    *reply_out = r;
    *reply_len_out = n + 7;
    return WT_OK;
}

/* Keeps the probe when req judges as the open one does; else opens one for req. */
static int hosted_probe(struct wt_hosted *h, struct wt__hosted_req *req, bool *kept, char *err,
                        size_t cap)
{
    *kept = false;
    if (h->probe != NULL && h->judging.judging_len == req->judging_len &&
        memcmp(h->judging.copy, req->copy, req->judging_len) == 0) {
        return WT_OK;
    }
    hosted_close(h);
    h->judging = *req; /* the spec's strings point into its copy: it moves here */
    *kept = true;
    h->judging.spec.table = &h->table;
    h->judging.spec.isolate = WT_SESSION_ISOLATE_OFF; /* the kit isolates: this process */
    return h->judging.once ? wt__probe_open_once(&h->judging.spec, &h->probe, err, cap)
                           : wt__probe_open(&h->judging.spec, &h->probe, err, cap);
}

int wt_hosted_case(struct wt_hosted *h, const char *request, size_t len, char **reply_out,
                   size_t *reply_len_out)
{
    *reply_out = NULL;
    *reply_len_out = 0;
    char err[1024] = "";
    struct wt__hosted_req req;
    wt_session_spec_init(&req.spec);
    int rc = wt__hosted_parse(request, len, NULL, &req, err, sizeof err);
    bool kept = false;
    if (rc == WT_OK) {
        rc = hosted_probe(h, &req, &kept, err, sizeof err);
    }
    const struct wt_scenario *sc = kept ? &h->judging.sc : &req.sc;
    struct wt_outcome_case c;
    memset(&c, 0, sizeof c);
    struct wt_outcome *o = NULL;
    if (rc == WT_OK) {
        const struct wt__hosted_req *r = kept ? &h->judging : &req;
        rc = wt__probe_run_told(h->probe, sc, r->name, r->is_seed, &c);
    }
    if (rc == WT_OK) {
        rc = wt_outcome_new(NULL, wt_catalog_count(), &o);
    }
    if (rc == WT_OK) {
        rc = wt_outcome_add_case(o, &c);
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *f = rc == WT_OK ? open_memstream(&buf, &n) : NULL;
    if (rc == WT_OK) {
        rc = f == NULL ? WT_ENOMEM : wt_outcome_write(o, f);
    }
    if (f != NULL && fclose(f) != 0 && rc == WT_OK) {
        rc = WT_ENOMEM;
    }
    if (h->probe != NULL) {
        wt__probe_case_free(h->probe, &c);
    }
    wt_outcome_free(o);
    if (!kept) {
        wt__hosted_req_free(&req);
    }
    if (rc == WT_OK) {
        *reply_out = buf;
        *reply_len_out = n;
        return WT_OK;
    }
    free(buf);
    if (rc == WT_ENOMEM) {
        return WT_ENOMEM;
    }
    if (h->probe == NULL) {
        hosted_close(h); /* a judging that could not open is not kept */
    }
    if (err[0] == '\0') {
        snprintf(err, sizeof err, "the host could not run the case: %s", wt_strerror(rc));
    }
    return hosted_error(err, reply_out, reply_len_out);
}
