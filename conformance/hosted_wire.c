/* SPDX-License-Identifier: MIT */
/*
 * hosted_wire.c - the `host` feature's request as text (hosted_int.h): the
 * kit writes it, a host parses it back. One file, so the two sides cannot
 * drift apart.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosted_int.h"
#include "wt/errors.h"
#include "wt/hosted.h"
#include "wt/spec.h"
#include "wt/wt.h"

void wt_hosted_id(char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%d/%zu/%d", WT_VERSION, WT_HOSTED_REQUEST_VERSION, wt_catalog_count(),
             WT_OUTCOME_VERSION);
}

/* The scenario's header, as much of it as a run reads. */
static int hosted_header(const struct wt_scenario *sc, FILE *f)
{
    struct wt_scenario h;
    wt_scenario_init(&h, NULL);
    h.has_seed = sc->has_seed;
    h.seed = sc->seed;
    h.steps_max = sc->steps_max;
    h.work_max = sc->work_max;
    memcpy(h.flavor, sc->flavor, sizeof h.flavor);
    h.nprofiles = sc->nprofiles;
    memcpy(h.profiles, sc->profiles, sizeof h.profiles);
    char buf[2048];
    int n = wt_wts_format(&h, buf, sizeof buf);
    if (n < 0 || (size_t)n >= sizeof buf) {
        return WT_EINVAL;
    }
    fwrite(buf, 1, (size_t)n, f);
    if (n > 0 && buf[n - 1] != '\n') {
        fputc('\n', f);
    }
    return WT_OK;
}

int wt__hosted_request(const struct wt_session_spec *spec, const char *profile, bool once,
                       const struct wt_scenario *sc, const char *name, bool is_seed,
                       char **text_out, size_t *len_out)
{
    char *buf = NULL;
    size_t len = 0;
    *text_out = NULL;
    *len_out = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        return WT_ENOMEM;
    }
    fprintf(f, "hosted %d\nprofile %s\n", WT_HOSTED_REQUEST_VERSION, profile);
    if (spec->flavor != NULL) {
        fprintf(f, "flavor %s\n", spec->flavor);
    }
    if (spec->has_seed) {
        fprintf(f, "seed %" PRIu64 "\n", spec->seed);
    }
    if (spec->steps_max != 0) {
        fprintf(f, "steps %" PRIu64 "\n", spec->steps_max);
    }
    if (spec->work_max != 0) {
        fprintf(f, "work %" PRIu64 "\n", spec->work_max);
    }
    fprintf(f, "context %u\n", spec->context);
    if (once) {
        fputs("once\n", f);
    }
    for (size_t i = 0; i < spec->nclauses; i++) {
        fprintf(f, "clause %s\n", spec->clauses[i]);
    }
    for (size_t i = 0; i < spec->nskip; i++) {
        fprintf(f, "skip %s\n", spec->skip[i]);
    }
    fputs("scenario\n", f);
    fprintf(f, "case %d ", is_seed);
    for (const char *p = name; *p != '\0'; p++) {
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
    }
    fputc('\n', f);
    int rc = hosted_header(sc, f);
    fputs("ops\n", f);
    for (size_t i = 0; rc == WT_OK && i < sc->nops; i++) {
        const struct wt_op *op = &sc->ops[i];
        fprintf(f, "%" PRIu32 " %u %u %u %u %" PRId64 " %" PRId64, op->line, op->kind, op->on,
                op->flags, op->nchunks, op->a, op->b);
        for (unsigned k = 0; k < op->nchunks && k < WT_OP_CHUNKS_MAX; k++) {
            fprintf(f, " %" PRIu32, op->chunk[k]);
        }
        fputc('\n', f);
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (rc != WT_OK || bad || buf == NULL) {
        free(buf);
        return rc != WT_OK ? rc : WT_ENOMEM;
    }
    *text_out = buf;
    *len_out = len;
    return WT_OK;
}

void wt__hosted_req_free(struct wt__hosted_req *req)
{
    wt_scenario_deinit(&req->sc);
    free(req->ids);
    free(req->copy);
    req->ids = NULL;
    req->copy = NULL;
}

/* The value of "key value" when line is that key, else NULL. */
static const char *hosted_value(const char *line, const char *key)
{
    size_t n = strlen(key);
    return strncmp(line, key, n) == 0 && line[n] == ' ' ? line + n + 1 : NULL;
}

static bool hosted_u64(const char *s, uint64_t *out)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9') {
        return false;
    }
    *out = strtoull(s, &end, 10);
    return *end == '\0';
}

/* One judging line into req->spec (strings point into the line). */
static bool hosted_judging(struct wt__hosted_req *req, const char *line, size_t *nids)
{
    struct wt_session_spec *sp = &req->spec;
    const char *v;
    uint64_t u;
    if (strcmp(line, "once") == 0) {
        req->once = true;
    } else if ((v = hosted_value(line, "profile")) != NULL) {
        sp->profile = v;
    } else if ((v = hosted_value(line, "flavor")) != NULL) {
        sp->flavor = v;
    } else if ((v = hosted_value(line, "seed")) != NULL) {
        sp->has_seed = hosted_u64(v, &sp->seed);
        return sp->has_seed;
    } else if ((v = hosted_value(line, "steps")) != NULL) {
        return hosted_u64(v, &sp->steps_max);
    } else if ((v = hosted_value(line, "work")) != NULL) {
        return hosted_u64(v, &sp->work_max) && sp->work_max != 0;
    } else if ((v = hosted_value(line, "context")) != NULL) {
        if (!hosted_u64(v, &u) || u > WT_SESSION_CONTEXT_MAX) {
            return false;
        }
        sp->context = (unsigned)u;
    } else if ((v = hosted_value(line, "clause")) != NULL) {
        /* every clause comes before the first skip: one array, two views */
        if (sp->nskip != 0) {
            return false;
        }
        req->ids[(*nids)++] = v;
        sp->clauses = req->ids;
        sp->nclauses++;
    } else if ((v = hosted_value(line, "skip")) != NULL) {
        req->ids[(*nids)++] = v;
        sp->skip = req->ids + sp->nclauses;
        sp->nskip++;
    } else {
        return false;
    }
    return true;
}

/* One op's fields, as the request writes them, into the next op of req->sc. */
static int hosted_op(struct wt__hosted_req *req, char *line, char *err, size_t cap)
{
    int64_t v[7 + WT_OP_CHUNKS_MAX];
    size_t n = 0;
    for (char *p = line; *p != '\0' && n < sizeof v / sizeof v[0];) {
        char *end;
        v[n++] = strtoll(p, &end, 10);
        if (end == p || (*end != ' ' && *end != '\0')) {
            n = 0;
            break;
        }
        p = *end == ' ' ? end + 1 : end;
    }
    struct wt_op *op = &req->sc.ops[req->sc.nops];
    memset(op, 0, sizeof *op);
    bool shaped = n >= 7 && v[0] >= 0 && v[0] <= UINT32_MAX && v[1] >= 0 && v[1] <= UINT8_MAX &&
                  v[2] >= 0 && v[2] <= UINT8_MAX && v[3] >= 0 && v[3] <= UINT8_MAX &&
                  v[4] >= 0 && v[4] <= WT_OP_CHUNKS_MAX && n == 7 + (size_t)v[4];
    if (shaped) {
        op->line = (uint32_t)v[0];
        op->kind = (uint8_t)v[1];
        op->on = (uint8_t)v[2];
        op->flags = (uint8_t)v[3];
        op->nchunks = (uint8_t)v[4];
        op->a = v[5];
        op->b = v[6];
        for (size_t k = 0; k < op->nchunks; k++) {
            shaped = shaped && v[7 + k] >= 0 && v[7 + k] <= UINT32_MAX;
            op->chunk[k] = (uint32_t)v[7 + k];
        }
    }
    if (!shaped || wt_op_validate(op) != WT_OK) {
        snprintf(err, cap, "host request: bad op '%.60s'", line);
        return WT_ESYNTAX;
    }
    req->sc.nops++;
    return WT_OK;
}

int wt__hosted_parse(const char *text, size_t len, const struct wt_allocator *alloc,
                     struct wt__hosted_req *req, char *err, size_t err_cap)
{
    struct wt_session_spec spec = req->spec; /* the caller's defaults */
    memset(req, 0, sizeof *req);
    req->spec = spec;
    wt_scenario_init(&req->sc, alloc);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
    }
    req->copy = malloc(len + 1);
    req->ids = calloc(lines, sizeof *req->ids);
    if (req->copy == NULL || req->ids == NULL) {
        return WT_ENOMEM;
    }
    memcpy(req->copy, text, len);
    req->copy[len] = '\0';
    enum { JUDGING, HEADER, OPS } part = JUDGING;
    size_t nids = 0;
    char *header = NULL, *p = req->copy;
    bool first = true;
    int rc = WT_OK;
    while (rc == WT_OK && p != NULL && *p != '\0') {
        char *line = p, *nl = strchr(p, '\n');
        if (nl != NULL) {
            *nl = '\0';
        }
        p = nl != NULL ? nl + 1 : NULL;
        if (first) {
            first = false;
            char want[16];
            snprintf(want, sizeof want, "hosted %d", WT_HOSTED_REQUEST_VERSION);
            if (strcmp(line, want) != 0) {
                snprintf(err, err_cap, "host request: starts '%.40s', not '%s'", line, want);
                return WT_ESYNTAX;
            }
        } else if (part == JUDGING && strcmp(line, "scenario") == 0) {
            part = HEADER;
            req->judging_len = (size_t)(line - req->copy);
            /* the case's own line, then the header */
            char *cl = p, *cnl = p != NULL ? strchr(p, '\n') : NULL;
            if (cl == NULL || cnl == NULL || strncmp(cl, "case ", 5) != 0 ||
                (cl[5] != '0' && cl[5] != '1') || cl[6] != ' ') {
                snprintf(err, err_cap, "host request: no 'case' line after 'scenario'");
                return WT_ESYNTAX;
            }
            *cnl = '\0';
            req->is_seed = cl[5] == '1';
            req->name = cl + 7;
            p = cnl + 1;
            header = p;
        } else if (part == JUDGING) {
            if (!hosted_judging(req, line, &nids)) {
                snprintf(err, err_cap, "host request: bad line '%.60s'", line);
                return WT_ESYNTAX;
            }
        } else if (part == HEADER && strcmp(line, "ops") == 0) {
            part = OPS;
            size_t hlen = (size_t)(line - header);
            /* no header at all is no settings (the parser wants ops or a header) */
            rc = hlen == 0 ? WT_OK : wt_wts_parse(header, hlen, "<host>", &req->sc, err, err_cap);
            if (rc == WT_OK) {
                wt_free(alloc, req->sc.ops);
                req->sc.ops = wt_alloc(alloc, lines * sizeof *req->sc.ops);
                req->sc.cap = lines;
                rc = req->sc.ops == NULL ? WT_ENOMEM : WT_OK;
            }
        } else if (part == OPS) {
            rc = hosted_op(req, line, err, err_cap);
        } else if (nl != NULL) {
            *nl = '\n'; /* a header line: wt_wts_parse reads them whole */
        }
    }
    if (rc == WT_OK && part != OPS) {
        snprintf(err, err_cap, "host request: no 'ops' line");
        rc = WT_ESYNTAX;
    }
    return rc;
}
