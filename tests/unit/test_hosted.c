/* SPDX-License-Identifier: MIT */
/*
 * test_hosted.c - the host's side of the `host` feature without Python: a
 * C table (the reference's) hosted in this process runs the requests a kit
 * would send, and each case's outcome is the one `wtkit run` gives (same
 * status, trace hash, events); a request it cannot read is one "error"
 * line, never a crash; a table that fails the ABI check is refused. Run
 * from the repository root (it reads conformance/scenarios).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/hosted.h"
#include "wt/session.h"
#include "wt/wt.h"

/*
 * The reference's table as a host hands one over: each instance is a
 * struct wt_hosted_cell (hosted.h) whose known size is never set, so every
 * read of the size goes to the table; the reference's own instance rides
 * behind it.
 */
struct tcell {
    struct wt_hosted_cell cell;
    void *inner;
};

static const struct wt_transport_ops *ref = &wt_ref_transport_ops;
#define INNER(self) (((struct tcell *)(self))->inner)

static int t_create(struct wt_host *host, const struct wt_transport_args *args, void **self_out);
static void t_destroy(void *self)
{
    ref->destroy(INNER(self));
    free(self);
}
static int t_write(void *self, const uint8_t *d, size_t n) { return ref->write(INNER(self), d, n); }
static int t_writelines(void *self, const struct wt_buf *b, size_t n)
{
    return ref->writelines(INNER(self), b, n);
}
static int t_write_eof(void *self) { return ref->write_eof(INNER(self)); }
static int t_can_eof(void *self, bool *out) { return ref->can_write_eof(INNER(self), out); }
static int t_abort(void *self) { return ref->abort(INNER(self)); }
static int t_close(void *self) { return ref->close(INNER(self)); }
static int t_is_closing(void *self, bool *out) { return ref->is_closing(INNER(self), out); }
static int t_get_size(void *self, size_t *out) { return ref->get_write_buffer_size(INNER(self), out); }
static int t_get_limits(void *self, int64_t *lo, int64_t *hi)
{
    return ref->get_write_buffer_limits(INNER(self), lo, hi);
}
static int t_set_limits(void *self, const struct wt_limits *req)
{
    return ref->set_write_buffer_limits(INNER(self), req);
}

static const struct wt_transport_ops cell_ops = {
    .abi_version = WT_TRANSPORT_ABI, .name = "cell-reference", .create = t_create,
    .destroy = t_destroy, .write = t_write, .writelines = t_writelines, .write_eof = t_write_eof,
    .can_write_eof = t_can_eof, .abort = t_abort, .close = t_close, .is_closing = t_is_closing,
    .get_write_buffer_size = t_get_size, .get_write_buffer_limits = t_get_limits,
    .set_write_buffer_limits = t_set_limits,
};

static int t_create(struct wt_host *host, const struct wt_transport_args *args, void **self_out)
{
    struct tcell *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return WT_ENOMEM;
    }
    c->cell.ops = &cell_ops;
    c->cell.host = host;
    struct wt_transport_args inner = *args;
    inner.context = NULL;
    int rc = ref->create(host, &inner, &c->inner);
    if (rc != WT_OK) {
        free(c);
        return rc;
    }
    *self_out = c;
    return WT_OK;
}

static const char *const hosted_files[] = {
    "conformance/scenarios/WT-WRITE-DELIVERS.wts",
    "conformance/scenarios/WT-PAUSE-RESUME-ALTERNATE-reentrant.wts",
    "conformance/scenarios/WT-LIVENESS-CLOSE-COMPLETES.wts",
    "conformance/scenarios/WT-LIMITS-LOW0-RESUME-EMPTY-partial.wts",
};

/* The request a kit sends for the file (hosted_int.h's form), into buf. */
static void hosted_request(const char *path, char *buf, size_t cap)
{
    struct wt_scenario sc;
    char err[512];
    wt_scenario_init(&sc, NULL);
    assert_int_equal(wt_wts_load(path, &sc, err, sizeof err), WT_OK);
    size_t n = (size_t)snprintf(buf, cap, "hosted 2\nprofile docs\ncontext 4\nscenario\ncase 0 %s\n",
                                path);
    if (sc.has_seed) {
        n += (size_t)snprintf(buf + n, cap - n, "seed %" PRIu64 "\n", sc.seed);
    }
    if (sc.steps_max != 0) {
        n += (size_t)snprintf(buf + n, cap - n, "steps %" PRIu64 "\n", sc.steps_max);
    }
    n += (size_t)snprintf(buf + n, cap - n, "ops\n");
    for (size_t i = 0; i < sc.nops && n < cap; i++) {
        const struct wt_op *op = &sc.ops[i];
        n += (size_t)snprintf(buf + n, cap - n, "%u %u %u %u %u %" PRId64 " %" PRId64,
                              (unsigned)op->line, op->kind, op->on, op->flags, op->nchunks, op->a,
                              op->b);
        for (unsigned k = 0; k < op->nchunks && n < cap; k++) {
            n += (size_t)snprintf(buf + n, cap - n, " %u", (unsigned)op->chunk[k]);
        }
        n += (size_t)snprintf(buf + n, cap - n, "\n");
    }
    assert_true(n < cap);
    wt_scenario_deinit(&sc);
}

/* The first case line's fields: status, hash, events. */
static void hosted_case_line(const char *outcome, int *status, uint64_t *hash, uint64_t *events)
{
    const char *line = strstr(outcome, "\ncase ");
    assert_non_null(line);
    unsigned long long order, seed, h, rh, ev;
    int is_seed;
    assert_int_equal(sscanf(line + 6, "%llu %d %d %llu %llu %llu %llu", &order, &is_seed, status,
                            &seed, &h, &rh, &ev), 7);
    *hash = h;
    *events = ev;
}

static void test_hosted_cases_equal_run(void **state)
{
    (void)state;
    struct wt_hosted_config cfg = {.ops = &cell_ops, .replay_checked = true};
    struct wt_hosted *h = NULL;
    assert_int_equal(wt_hosted_new(&cfg, &h), WT_OK);
    static char req[1 << 16];
    for (size_t i = 0; i < sizeof hosted_files / sizeof hosted_files[0]; i++) {
        /* As `wtkit run FILE` judges it. */
        struct wt_session_spec spec;
        wt_session_spec_init(&spec);
        spec.paths = &hosted_files[i];
        spec.npaths = 1;
        struct wt_outcome *o = NULL;
        char err[1024];
        assert_int_equal(wt_session_run(&spec, &o, err, sizeof err), WT_OK);
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(wt_outcome_write(o, f), WT_OK);
        long len = ftell(f);
        rewind(f);
        char *text = calloc(1, (size_t)len + 1);
        assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
        fclose(f);
        wt_outcome_free(o);
        int want_status;
        uint64_t want_hash, want_events;
        hosted_case_line(text, &want_status, &want_hash, &want_events);
        free(text);
        /* Hosted: the request, twice (the second reuses the open session). */
        hosted_request(hosted_files[i], req, sizeof req);
        for (int round = 0; round < 2; round++) {
            char *reply = NULL;
            size_t n = 0;
            assert_int_equal(wt_hosted_case(h, req, strlen(req), &reply, &n), WT_OK);
            assert_true(n > 0 && strncmp(reply, "wtkit-outcome ", 14) == 0);
            int status;
            uint64_t hash, events;
            hosted_case_line(reply, &status, &hash, &events);
            assert_int_equal(status, want_status);
            assert_true(hash == want_hash);
            assert_true(events == want_events);
            wt_hosted_reply_free(reply);
        }
    }
    wt_hosted_free(h);
}

static void test_hosted_bad_requests(void **state)
{
    (void)state;
    struct wt_hosted_config cfg = {.ops = &cell_ops, .replay_checked = true};
    struct wt_hosted *h = NULL;
    assert_int_equal(wt_hosted_new(&cfg, &h), WT_OK);
    static const char *const bad[] = {
        "",
        "hosted 1\nprofile docs\nscenario\ncase 0 x\nops\n", /* the version before */
        "hosted 3\nprofile docs\nscenario\ncase 0 x\nops\n",
        "hosted 2\nprofile docs\nwork 0\nscenario\ncase 0 x\nops\n", /* no budget */
        "hosted 2\nprofile docs\nscenario\ncase 0 x\n",             /* no ops line */
        "hosted 2\nprofile docs\nbogus 1\nscenario\ncase 0 x\nops\n", /* unknown key */
        "hosted 2\nprofile docs\nscenario\nops\n",                  /* no case line */
        "hosted 2\nprofile docs\nscenario\ncase 0 x\nops\n1 250 0 0 0 0 0\n", /* no such kind */
        "hosted 2\nprofile docs\nscenario\ncase 0 x\nops\n1 WRITE 0 0 0 -5 0\n", /* a bad size */
        "hosted 2\nprofile docs\nscenario\ncase 0 x\nops\n1 2 0\n",           /* too few fields */
        "hosted 2\nprofile nosuch\nscenario\ncase 0 x\nops\n",      /* unknown profile */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *reply = NULL, text[256];
        size_t n = 0;
        const char *w = strstr(bad[i], "WRITE");
        snprintf(text, sizeof text, "%.*s%d%s", w ? (int)(w - bad[i]) : (int)strlen(bad[i]),
                 bad[i], WT_OP_WRITE, w ? w + 5 : "");
        if (w == NULL) {
            snprintf(text, sizeof text, "%s", bad[i]);
        }
        assert_int_equal(wt_hosted_case(h, text, strlen(text), &reply, &n), WT_OK);
        if (strncmp(reply, "error ", 6) != 0) {
            fail_msg("request %zu was not refused: %.80s", i, reply);
        }
        assert_non_null(strchr(reply, '\n'));
        assert_true(strchr(reply, '\n') == reply + n - 1); /* one line */
        wt_hosted_reply_free(reply);
    }
    wt_hosted_free(h);
}

static void test_hosted_refuses_bad_tables(void **state)
{
    (void)state;
    struct wt_hosted *h = (struct wt_hosted *)1;
    assert_int_equal(wt_hosted_new(NULL, &h), WT_EINVAL);
    assert_null(h);
    struct wt_transport_ops ops = cell_ops;
    ops.abi_version = 99;
    struct wt_hosted_config cfg = {.ops = &ops};
    assert_int_equal(wt_hosted_new(&cfg, &h), WT_EINVAL);
    char id[64];
    wt_hosted_id(id, sizeof id);
    assert_non_null(strstr(id, WT_VERSION));
    wt_hosted_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hosted_cases_equal_run),
        cmocka_unit_test(test_hosted_bad_requests),
        cmocka_unit_test(test_hosted_refuses_bad_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
