/* SPDX-License-Identifier: MIT */
/*
 * test_adapter.c - the out-of-process adapter (conformance/adapter*.c)
 * against the Python reference adapter (adapters/python/ref_adapter.py)
 * and one fixture per failure kind (tests/data/adapters/).
 *
 * The strongest check here: every scenario of the suite and a batch of
 * seeded op sequences give the same trace hash through the Python adapter
 * as through the C reference, so the adapter transport is transparent to
 * the world, the trace and the monitor. Each failure fixture must give its
 * own kind within the timeout bound, leave no child process and no fd.
 *
 * Run from the repository root (make check-one TEST=test_adapter). Tests
 * that need /usr/bin/python3 skip with a printed reason without it. Set
 * WT_ADAPTER_TRANSCRIPT=FILE to write the wire transcript of one small
 * scenario (docs/adapter-protocol.md quotes it).
 *
 * Sections: helpers; the healthy adapter; C reference equivalence;
 * unsupported ops; failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"
#include "wt/adapter.h"
#include "wt/gen.h"
#include "wt/wt.h"
#include "wt/wts.h"

#define PYTHON "/usr/bin/python3"
#define REF_ADAPTER "adapters/python/ref_adapter.py"
#define FIXTURES "tests/data/adapters/"
#define SCENARIOS "conformance/scenarios"
#define FAIL_TIMEOUT_MS 400u

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static bool have_python(void)
{
    if (access(PYTHON, X_OK) != 0 || access(REF_ADAPTER, R_OK) != 0) {
        print_message("skipped: needs %s and %s (run from the repository root)\n", PYTHON,
                      REF_ADAPTER);
        return false;
    }
    return true;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL) {
        return -1;
    }
    while (readdir(d) != NULL) {
        n++;
    }
    closedir(d);
    return n;
}

/* No child of ours is left, running or zombie. */
static void assert_no_children(void)
{
    int st;
    errno = 0;
    assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static struct wt_adapter *open_ref(void)
{
    struct wt_adapter *ad = NULL;
    char err[256];
    int rc = wt_adapter_open(PYTHON " " REF_ADAPTER, NULL, &ad, err, sizeof err);
    if (rc != WT_OK) {
        fail_msg("open: %s", err);
    }
    return ad;
}

/* Counts the child's wire lines and optionally copies them to a file. */
struct wire_log {
    unsigned lines[2];
    FILE *out;
};

static void wire_log_fn(void *user_data, int dir, const char *line, size_t len)
{
    struct wire_log *log = user_data;
    log->lines[dir]++;
    if (log->out != NULL) {
        fprintf(log->out, "%s %.*s\n", dir == WT_ADAPTER_TO_CHILD ? "kit>" : "<ada", (int)len,
                line);
    }
}

/* One world, run to its end. Returns the start status; fills hash and count. */
struct run_result {
    int start_rc;
    uint64_t hash;
    size_t events;
    struct wt_proto_stats proto;
    struct wt_peer_stats peer;
};

static void run_world(const struct wt_transport_ops *ops, struct wt_adapter *ad, uint64_t seed,
                      const char *flavor, uint64_t steps_max, const struct wt_op *seq, size_t n,
                      bool keep, struct run_result *res, struct wt_world **keep_out)
{
    struct tl_alloc ta;
    struct wt_world_config cfg;
    struct wt_world *w = NULL;
    tl_alloc_init(&ta);
    wt_world_config_init(&cfg);
    cfg.seed = seed;
    cfg.args.flavor = flavor;
    cfg.keep_trace = keep;
    if (steps_max != 0) {
        cfg.steps_max = steps_max;
    }
    if (ad != NULL) {
        wt_adapter_configure(ad, &cfg);
    } else {
        cfg.transport = ops;
    }
    /* A world the caller keeps uses the default allocator (ta dies here). */
    assert_int_equal(wt_world_new(&cfg, keep_out != NULL ? NULL : tl_alloc_get(&ta), &w), WT_OK);
    memset(res, 0, sizeof *res);
    res->start_rc = wt_world_start(w);
    if (res->start_rc == WT_OK) {
        for (size_t i = 0; i < n; i++) {
            int rc = wt_world_exec(w, &seq[i]);
            assert_false(wt_is_fatal(rc));
        }
        wt_world_finish(w);
    }
    res->hash = wt_world_hash(w);
    res->events = wt_trace_count(wt_world_trace(w));
    wt_world_proto_stats(w, &res->proto);
    wt_world_peer_stats(w, &res->peer);
    if (keep_out != NULL) {
        *keep_out = w; /* the caller frees it */
        return;
    }
    wt_world_free(w);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* True when the kept trace holds an event whose text starts with prefix. */
static bool trace_has(const struct wt_world *w, const char *prefix)
{
    const struct wt_trace *t = wt_world_trace(w);
    char line[WT_EVENT_TEXT_MAX];
    size_t n = strlen(prefix);
    for (size_t i = 0; i < wt_trace_count(t); i++) {
        const struct wt_event *ev = wt_trace_at(t, i);
        if (ev != NULL && wt_event_format(ev, line, sizeof line) >= 0 &&
            strncmp(line, prefix, n) == 0) {
            return true;
        }
    }
    return false;
}

/* Index of the first event starting with prefix at or after from, or -1. */
static long trace_find(const struct wt_world *w, const char *prefix, size_t from)
{
    const struct wt_trace *t = wt_world_trace(w);
    char line[WT_EVENT_TEXT_MAX];
    for (size_t i = from; i < wt_trace_count(t); i++) {
        const struct wt_event *ev = wt_trace_at(t, i);
        if (ev != NULL && wt_event_format(ev, line, sizeof line) >= 0 &&
            strncmp(line, prefix, strlen(prefix)) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static void dump_diff(const struct wt_world *a, const struct wt_world *b)
{
    const struct wt_trace *ta = wt_world_trace(a);
    const struct wt_trace *tb = wt_world_trace(b);
    size_t n = wt_trace_count(ta) > wt_trace_count(tb) ? wt_trace_count(ta) : wt_trace_count(tb);
    for (size_t i = 0; i < n; i++) {
        char la[WT_EVENT_TEXT_MAX] = "-", lb[WT_EVENT_TEXT_MAX] = "-";
        const struct wt_event *ea = wt_trace_at(ta, i);
        const struct wt_event *eb = wt_trace_at(tb, i);
        if (ea != NULL) {
            wt_event_format(ea, la, sizeof la);
        }
        if (eb != NULL) {
            wt_event_format(eb, lb, sizeof lb);
        }
        print_message("%4zu %-40s %s%s\n", i, la, lb, strcmp(la, lb) != 0 ? "   <<<" : "");
    }
}

static struct wt_op op_limits(int64_t high, int64_t low)
{
    struct wt_op op = wt_op_make(WT_OP_SET_LIMITS, high, low);
    op.flags = WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW;
    return op;
}

static struct wt_op op_on(int on, int kind, int64_t a)
{
    struct wt_op op = wt_op_make(kind, a, 0);
    op.on = (uint8_t)on;
    return op;
}

/* ------------------------------------------------------------------ */
/* The healthy adapter                                                */
/* ------------------------------------------------------------------ */

static void test_adapter_handshake(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    int fds = count_fds();
    struct wt_adapter *ad = open_ref();
    char msg[128];
    assert_int_equal(wt_adapter_failure(ad, msg, sizeof msg), WT_ADAPTER_OK);
    assert_string_equal(wt_adapter_name(ad), "ref-python");
    assert_string_equal(wt_adapter_version(ad), "1");
    assert_true(wt_adapter_has_feature(ad, "deterministic"));
    assert_true(wt_adapter_has_feature(ad, "virtual-time"));
    assert_false(wt_adapter_has_feature(ad, "determin"));
    for (int k = 0; k < WT_OP_COUNT; k++) {
        /* A failing watch needs the feature watch-errors, which it does not offer. */
        assert_true(wt_adapter_supports(ad, k) == (k != WT_OP_SOCK_WATCHFAIL));
    }
    assert_false(wt_adapter_supports(ad, WT_OP_COUNT));
    wt_adapter_close(ad);
    assert_no_children();
    assert_int_equal(count_fds(), fds);
}

/* write -> send -> pause -> (sock open, run) -> resume, as events. */
static void test_adapter_write_send_pause_resume(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_adapter *ad = open_ref();
    const struct wt_op seq[] = {
        wt_op_make(WT_OP_SOCK_BLOCK, 0, 0),
        op_limits(100, 25),
        wt_op_make(WT_OP_WRITE, 100, 0),
        wt_op_make(WT_OP_EXPECT_STATE, WT_EXPECT_RESUMED, 0),
        wt_op_make(WT_OP_WRITE, 1, 0),
        wt_op_make(WT_OP_EXPECT_STATE, WT_EXPECT_PAUSED, 0),
        wt_op_make(WT_OP_EXPECT_SIZE, 101, 0),
        wt_op_make(WT_OP_SOCK_OPEN, 0, 0),
        wt_op_make(WT_OP_RUN, 0, 0),
        wt_op_make(WT_OP_EXPECT_STATE, WT_EXPECT_RESUMED, 0),
        wt_op_make(WT_OP_EXPECT_PEER, 101, 0),
    };
    struct run_result res;
    struct wt_world *w = NULL;
    run_world(NULL, ad, 7, NULL, 0, seq, sizeof seq / sizeof seq[0], true, &res, &w);
    assert_int_equal(res.start_rc, WT_OK);
    assert_int_equal(wt_world_expect_failures(w), 0);
    long call = trace_find(w, "call write", 0);
    assert_true(call >= 0);
    long send = trace_find(w, "send", (size_t)call);
    long call2 = trace_find(w, "call write", (size_t)call + 1);
    long pause = trace_find(w, "cb pause_writing", (size_t)call2);
    long resume = trace_find(w, "cb resume_writing", (size_t)pause);
    assert_true(send > call && call2 > send && pause > call2 && resume > pause);
    assert_true(trace_has(w, "cb connection_made"));
    assert_true(trace_has(w, "cb connection_lost"));
    assert_int_equal(res.proto.pauses, 1);
    assert_int_equal(res.proto.resumes, 1);
    assert_int_equal(res.proto.lost, 1);
    assert_int_equal(res.peer.accepted, 101);
    assert_int_equal(res.peer.corrupt_at, -1);
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    wt_world_free(w);
    wt_adapter_close(ad);
    assert_no_children();
}

/* A hook inside pause_writing calls close(): a nested exchange. */
static void test_adapter_nested_hook(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_adapter *ad = open_ref();
    const struct wt_op seq[] = {
        wt_op_make(WT_OP_SOCK_BLOCK, 0, 0),
        op_limits(10, 0),
        op_on(WT_ON_PAUSE, WT_OP_CLOSE, 0),
        op_on(WT_ON_PAUSE, WT_OP_WRITE, 5),
        wt_op_make(WT_OP_WRITE, 20, 0),
        wt_op_make(WT_OP_EXPECT_STATE, WT_EXPECT_CLOSING, 0),
        wt_op_make(WT_OP_SOCK_OPEN, 0, 0),
    };
    struct run_result res;
    struct wt_world *w = NULL;
    run_world(NULL, ad, 3, NULL, 0, seq, sizeof seq / sizeof seq[0], true, &res, &w);
    long pause = trace_find(w, "cb pause_writing", 0);
    assert_true(pause >= 0);
    long close = trace_find(w, "call close", (size_t)pause);
    long ret_close = trace_find(w, "ret close", (size_t)close);
    long ret_write = trace_find(w, "ret write", (size_t)pause);
    assert_true(close > pause && ret_close > close && ret_write > ret_close);
    assert_int_equal(res.proto.lost, 1);
    assert_int_equal(res.peer.accepted, 25);
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    wt_world_free(w);
    wt_adapter_close(ad);
}

/* The same ops twice (one process, reset between) give the same hash. */
static void test_adapter_deterministic_and_reset_reuse(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_adapter *ad = open_ref();
    struct wt_op seq[200];
    assert_int_equal(wt_gen_ops(42, seq, 200), WT_OK);
    struct run_result first, again;
    run_world(NULL, ad, 42, NULL, 0, seq, 200, false, &first, NULL);
    for (int i = 0; i < 3; i++) {
        run_world(NULL, ad, 42, NULL, 0, seq, 200, false, &again, NULL);
        assert_int_equal(again.hash, first.hash);
        assert_int_equal(again.events, first.events);
    }
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    wt_adapter_close(ad);
    assert_no_children();
}

/* An unknown flavor is the child's ValueError: create fails, adapter fine. */
static void test_adapter_unknown_flavor(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_adapter *ad = open_ref();
    struct run_result res;
    run_world(NULL, ad, 1, "no-such-flavor", 0, NULL, 0, false, &res, NULL);
    assert_int_not_equal(res.start_rc, WT_OK);
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    run_world(NULL, ad, 1, "ge", 0, NULL, 0, false, &res, NULL);
    assert_int_equal(res.start_rc, WT_OK);
    wt_adapter_close(ad);
}

/* WT_ADAPTER_TRANSCRIPT=FILE: the wire of a small scenario, for the docs. */
static void test_adapter_transcript(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    const char *path = getenv("WT_ADAPTER_TRANSCRIPT");
    struct wire_log log = {{0, 0}, NULL};
    if (path != NULL) {
        log.out = fopen(path, "w");
        assert_non_null(log.out);
    }
    struct wt_adapter_options opt;
    wt_adapter_options_init(&opt);
    opt.log = wire_log_fn;
    opt.log_user_data = &log;
    struct wt_adapter *ad = NULL;
    assert_int_equal(wt_adapter_open(PYTHON " " REF_ADAPTER, &opt, &ad, NULL, 0), WT_OK);
    const struct wt_op seq[] = {
        wt_op_make(WT_OP_SOCK_CAP, 60, 0),
        op_limits(40, 10),
        op_on(WT_ON_PAUSE, WT_OP_GET_SIZE, 0),
        wt_op_make(WT_OP_WRITE, 120, 0),
        wt_op_make(WT_OP_RUN, 0, 0),
    };
    struct run_result res;
    run_world(NULL, ad, 1, NULL, 0, seq, sizeof seq / sizeof seq[0], false, &res, NULL);
    assert_int_equal(res.proto.pauses, 1);
    assert_int_equal(res.proto.resumes, 1);
    wt_adapter_close(ad);
    if (log.out != NULL) {
        fclose(log.out);
    }
    assert_true(log.lines[WT_ADAPTER_TO_CHILD] > 10);
    assert_true(log.lines[WT_ADAPTER_FROM_CHILD] > 10);
}

/* ------------------------------------------------------------------ */
/* C reference equivalence                                            */
/* ------------------------------------------------------------------ */

static void compare_with_c(struct wt_adapter *ad, const char *what, uint64_t seed,
                           const char *flavor, uint64_t steps, const struct wt_op *seq, size_t n)
{
    struct run_result c, py;
    run_world(&wt_ref_transport_ops, NULL, seed, flavor, steps, seq, n, false, &c, NULL);
    run_world(NULL, ad, seed, flavor, steps, seq, n, false, &py, NULL);
    if (c.hash == py.hash && c.events == py.events && c.start_rc == py.start_rc) {
        return;
    }
    struct wt_world *wc = NULL, *wp = NULL;
    run_world(&wt_ref_transport_ops, NULL, seed, flavor, steps, seq, n, true, &c, &wc);
    run_world(NULL, ad, seed, flavor, steps, seq, n, true, &py, &wp);
    print_message("%s: C reference (left) and Python adapter (right) differ\n", what);
    dump_diff(wc, wp);
    wt_world_free(wc);
    wt_world_free(wp);
    char msg[256];
    wt_adapter_failure(ad, msg, sizeof msg);
    fail_msg("%s: trace differs (adapter: %s)", what, msg[0] != '\0' ? msg : "healthy");
}

/* Every scenario of the suite: same trace as the C reference. */
static void test_adapter_suite_matches_c_reference(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    DIR *d = opendir(SCENARIOS);
    if (d == NULL) {
        print_message("skipped: no %s directory\n", SCENARIOS);
        skip();
    }
    struct wt_adapter *ad = open_ref();
    unsigned done = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".wts") != 0) {
            continue;
        }
        char path[512], err[WT_WTS_ERR_MAX];
        snprintf(path, sizeof path, "%s/%s", SCENARIOS, e->d_name);
        struct wt_scenario sc;
        wt_scenario_init(&sc, NULL);
        if (wt_wts_load(path, &sc, err, sizeof err) != WT_OK ||
            wt_adapter_check_ops(ad, sc.ops, sc.nops, err, sizeof err) != WT_OK) {
            wt_scenario_deinit(&sc);
            continue; /* syntax: the suite's own tests; an op it cannot mirror: a SKIP */
        }
        compare_with_c(ad, e->d_name, sc.has_seed ? sc.seed : 1,
                       sc.flavor[0] != '\0' ? sc.flavor : NULL, sc.steps_max, sc.ops, sc.nops);
        wt_scenario_deinit(&sc);
        done++;
    }
    closedir(d);
    print_message("%u scenarios matched the C reference through the adapter\n", done);
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    wt_adapter_close(ad);
    assert_no_children();
}

/* Seeded op sequences, in every flavor: same trace as the C reference. */
static void test_adapter_seeds_match_c_reference(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    static const char *const flavors[] = {"docs", "ge", "no-eof", "cpython-pipe", "cpython-ssl",
                                          "uvloop"};
    struct wt_adapter *ad = open_ref();
    struct wt_op seq[150];
    /* As a session draws: only the ops the adapter mirrors (a sweep skips no seed). */
    struct wt_gen_options gopt;
    wt_gen_options_init(&gopt);
    for (int k = 0; k < WT_OP_COUNT; k++) {
        gopt.kinds &= wt_adapter_supports(ad, k) ? ~0ull : ~WT_GEN_KIND(k);
    }
    for (uint64_t seed = 1; seed <= 24; seed++) {
        char what[64];
        const char *flavor = flavors[seed % 6];
        snprintf(what, sizeof what, "seed %llu flavor %s", (unsigned long long)seed, flavor);
        assert_int_equal(wt_gen_ops_with(seed, &gopt, seq, 150), WT_OK);
        compare_with_c(ad, what, seed, flavor, 0, seq, 150);
    }
    wt_adapter_close(ad);
}

/*
 * The protocol features (ret-size, batch) change the wire, never the trace:
 * the same ops give the C reference's hash with them and without them
 * (WTKIT_ADAPTER_FEATURES=none), and with them the wire is shorter.
 */
static void test_adapter_features_same_trace(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_op seq[200];
    unsigned lines[2] = {0, 0};
    for (int plain = 0; plain < 2; plain++) {
        if (plain) {
            setenv("WTKIT_ADAPTER_FEATURES", "none", 1);
        }
        struct wire_log log = {{0, 0}, NULL};
        struct wt_adapter_options opt;
        wt_adapter_options_init(&opt);
        opt.log = wire_log_fn;
        opt.log_user_data = &log;
        struct wt_adapter *ad = NULL;
        char err[256];
        assert_int_equal(wt_adapter_open(PYTHON " " REF_ADAPTER, &opt, &ad, err, sizeof err),
                         WT_OK);
        unsetenv("WTKIT_ADAPTER_FEATURES");
        for (uint64_t seed = 40; seed <= 47; seed++) {
            char what[64];
            snprintf(what, sizeof what, "seed %llu, %s", (unsigned long long)seed,
                     plain ? "plain" : "features");
            assert_int_equal(wt_gen_ops(seed, seq, 200), WT_OK);
            compare_with_c(ad, what, seed, NULL, 0, seq, 200);
        }
        assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
        wt_adapter_close(ad);
        lines[plain] = log.lines[0] + log.lines[1];
    }
    print_message("wire lines: %u with ret-size and batch, %u plain\n", lines[0], lines[1]);
    assert_true(lines[0] > 0 && lines[0] * 4 < lines[1] * 3); /* at least a quarter fewer */
    assert_no_children();
}

/* ------------------------------------------------------------------ */
/* Unsupported ops                                                    */
/* ------------------------------------------------------------------ */

static void test_adapter_unsupported_ops(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_adapter *ad = NULL;
    char err[256];
    assert_int_equal(wt_adapter_open(PYTHON " " FIXTURES "minimal.py", NULL, &ad, err, sizeof err),
                     WT_OK);
    assert_true(wt_adapter_supports(ad, WT_OP_WRITE));
    assert_true(wt_adapter_supports(ad, WT_OP_SOCK_BLOCK));
    assert_false(wt_adapter_supports(ad, WT_OP_WRITE_EOF));
    assert_false(wt_adapter_supports(ad, WT_OP_WRITELINES));
    assert_false(wt_adapter_supports(ad, WT_OP_CAN_WRITE_EOF));
    struct wt_op seq[] = {wt_op_make(WT_OP_WRITE, 10, 0), wt_op_make(WT_OP_WRITE_EOF, 0, 0)};
    seq[1].line = 12;
    char why[160];
    assert_int_equal(wt_adapter_check_ops(ad, seq, 1, why, sizeof why), WT_OK);
    assert_int_equal(wt_adapter_check_ops(ad, seq, 2, why, sizeof why), WT_ENOTIMPL);
    assert_string_equal(why, "adapter 'minimal' does not support write_eof (line 12)");

    /* Run anyway: NULL-slot defaults (ENOTIMPL, false, write per chunk). */
    struct wt_op wl = wt_op_make(WT_OP_WRITELINES, 0, 0);
    wl.nchunks = 2;
    wl.chunk[0] = 3;
    wl.chunk[1] = 4;
    struct wt_op run[] = {wl, wt_op_make(WT_OP_WRITE_EOF, 0, 0),
                          wt_op_make(WT_OP_EXPECT_ERROR, WT_ENOTIMPL, 0),
                          wt_op_make(WT_OP_EXPECT_STATE, WT_EXPECT_CANNOT_EOF, 0)};
    struct run_result res;
    struct wt_world *w = NULL;
    run_world(NULL, ad, 1, NULL, 0, run, 4, true, &res, &w);
    assert_int_equal(wt_world_expect_failures(w), 0);
    assert_int_equal(res.peer.accepted, 7);
    wt_world_free(w);
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    wt_adapter_close(ad);
    assert_no_children();
}

/* ------------------------------------------------------------------ */
/* Failures                                                           */
/* ------------------------------------------------------------------ */

/*
 * Where a failure fixture fails: the handshake, the reset, or a call after
 * the reset (which may be one the world makes while it starts).
 */
enum fail_at { FAIL_AT_OPEN, FAIL_AT_RESET, FAIL_IN_RUN };

/* A failure message is one line: no control character survives in it. */
static void assert_one_line(const char *msg)
{
    for (const unsigned char *p = (const unsigned char *)msg; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            fail_msg("control character 0x%02x in the failure message: %s", *p, msg);
        }
    }
}

/*
 * Opens cmd, runs a world with a write (when the handshake passes), and
 * checks the failure kind and where it came, the bound on wall time, a
 * one-line message, that every later world fails fast with the same
 * failure, and that nothing is left behind. in_stderr, in_msg: NULL or
 * text the stderr tail or the message must hold; lines_max, bytes_max: 0
 * for the default.
 */
static void check_failure_msg(const char *cmd, int kind, enum fail_at at, const char *in_stderr,
                              const char *in_msg, unsigned long lines_max, size_t bytes_max)
{
    int fds = count_fds();
    struct wt_adapter_options opt;
    wt_adapter_options_init(&opt);
    opt.timeout_ms = FAIL_TIMEOUT_MS;
    if (lines_max != 0) {
        opt.lines_max = lines_max;
    }
    if (bytes_max != 0) {
        opt.bytes_max = bytes_max;
    }
    struct wt_adapter *ad = NULL;
    char err[256], msg[400], again[400], tail[WT_ADAPTER_STDERR_TAIL + 1];
    uint64_t t0 = now_ms();
    int rc = wt_adapter_open(cmd, &opt, &ad, err, sizeof err);
    assert_non_null(ad);
    if (at != FAIL_AT_OPEN) {
        assert_int_equal(rc, WT_OK);
        const struct wt_op seq[] = {wt_op_make(WT_OP_WRITE, 10, 0),
                                    wt_op_make(WT_OP_CLOSE, 0, 0)};
        struct run_result res;
        run_world(NULL, ad, 1, NULL, 0, seq, 2, false, &res, NULL);
        if (at == FAIL_AT_RESET) {
            assert_int_equal(res.start_rc, WT_EADAPTER);
        }
        wt_adapter_failure(ad, msg, sizeof msg);
        /* Sticky: a second world fails at once, with the same failure. */
        uint64_t t1 = now_ms();
        run_world(NULL, ad, 1, NULL, 0, seq, 2, false, &res, NULL);
        assert_int_equal(res.start_rc, WT_EADAPTER);
        assert_true(now_ms() - t1 < 50);
        wt_adapter_failure(ad, again, sizeof again);
        assert_string_equal(again, msg);
    } else {
        assert_int_equal(rc, WT_EADAPTER);
        assert_true(strlen(err) > 0);
        assert_one_line(err);
    }
    uint64_t took = now_ms() - t0;
    int got = wt_adapter_failure(ad, msg, sizeof msg);
    wt_adapter_stderr_tail(ad, tail, sizeof tail);
    print_message("  %-40s -> %s [%llu ms]\n", cmd, msg, (unsigned long long)took);
    assert_int_equal(got, kind);
    assert_non_null(strstr(msg, wt_adapter_failure_name(kind)));
    assert_one_line(msg);
    if (in_msg != NULL) {
        assert_non_null(strstr(msg, in_msg));
    }
    assert_true(took < 2 * FAIL_TIMEOUT_MS + 1500u);
    if (in_stderr != NULL) {
        assert_non_null(strstr(tail, in_stderr));
    }
    wt_adapter_close(ad);
    assert_no_children();
    assert_int_equal(count_fds(), fds);
}

static void check_failure(const char *cmd, int kind, enum fail_at at, const char *in_stderr,
                          unsigned long lines_max, size_t bytes_max)
{
    check_failure_msg(cmd, kind, at, in_stderr, NULL, lines_max, bytes_max);
}

static void test_adapter_fail_crashed(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "crash.sh", WT_ADAPTER_CRASHED, FAIL_AT_RESET, "about to die", 0,
                  0);
}

static void test_adapter_fail_exited(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "exit_early.sh", WT_ADAPTER_EXITED, FAIL_AT_RESET, "giving up", 0,
                  0);
}

static void test_adapter_fail_no_such_command(void **state)
{
    (void)state;
    check_failure("./no/such/adapter --flag", WT_ADAPTER_EXITED, FAIL_AT_OPEN, "cannot execute",
                  0, 0);
}

static void test_adapter_fail_garbage(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "garbage.sh", WT_ADAPTER_GARBAGE, FAIL_AT_RESET, NULL, 0, 0);
}

/* size= is ret-size's: an adapter the kit did not agree it with sends garbage. */
static void test_adapter_fail_size_unasked(void **state)
{
    (void)state;
    check_failure_msg("sh " FIXTURES "size_unasked.sh", WT_ADAPTER_GARBAGE, FAIL_AT_RESET, NULL,
                      "size=", 0, 0);
}

static void test_adapter_fail_partial(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "partial.sh", WT_ADAPTER_PARTIAL, FAIL_AT_RESET, NULL, 0, 0);
}

static void test_adapter_fail_flood_line(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "flood_line.sh", WT_ADAPTER_FLOOD, FAIL_AT_RESET, NULL, 0, 0);
}

static void test_adapter_fail_flood_lines(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    check_failure(PYTHON " " FIXTURES "chatty.py", WT_ADAPTER_FLOOD, FAIL_AT_RESET, NULL, 1000, 0);
}

static void test_adapter_fail_timeout(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "silent.sh", WT_ADAPTER_TIMEOUT, FAIL_AT_RESET, "not answering",
                  0, 0);
}

static void test_adapter_fail_handshake_version(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "version.sh", WT_ADAPTER_HANDSHAKE, FAIL_AT_OPEN, NULL, 0, 0);
}

static void test_adapter_fail_handshake_mandatory(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "no_mandatory.sh", WT_ADAPTER_HANDSHAKE, FAIL_AT_OPEN, NULL, 0, 0);
}

/* A shell command line (not plain words) goes through /bin/sh -c. */
static void test_adapter_fail_through_shell(void **state)
{
    (void)state;
    check_failure("echo 'shell says hi' >&2; exit 5", WT_ADAPTER_EXITED, FAIL_AT_OPEN,
                  "shell says hi", 0, 0);
}

/* A flood of nested callbacks is the nesting failure, not a stack overflow. */
static void test_adapter_fail_nesting(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "nest.sh", WT_ADAPTER_NESTING, FAIL_IN_RUN, NULL, 0, 0);
}

/*
 * 100 slow lines already in the read buffer: the deadline holds per line.
 * 16 MiB sends take the kit tens of ms each to decode (several seconds in
 * all); bytes_max is lifted so that only the deadline can stop them.
 */
static void test_adapter_fail_slow_buffered_lines(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "slow_lines.sh 16777216", WT_ADAPTER_TIMEOUT, FAIL_AT_RESET,
                  NULL, 0, (size_t)1 << 40);
}

/* Valid lines under line_max and lines_max, but more bytes than bytes_max. */
static void test_adapter_fail_flood_bytes(void **state)
{
    (void)state;
    check_failure("sh " FIXTURES "flood_bytes.sh", WT_ADAPTER_FLOOD, FAIL_AT_RESET, NULL, 0,
                  (size_t)4 << 20);
}

/* Unread lines and an unfinished one at exit: one line, the unfinished part only. */
static void test_adapter_fail_partial_after_lines(void **state)
{
    (void)state;
    check_failure_msg("sh " FIXTURES "partial_nl.sh", WT_ADAPTER_PARTIAL, FAIL_AT_RESET, NULL,
                      "unfinished line 'ret O' and exited", 0, 0);
}

/* Output out of turn is quoted with its newline escaped: the message stays one line. */
static void test_adapter_fail_message_escaped(void **state)
{
    (void)state;
    check_failure_msg("sh " FIXTURES "twice.sh", WT_ADAPTER_GARBAGE, FAIL_IN_RUN, NULL,
                      "spoke out of turn: 'ret OK\\n'", 0, 0);
}

/*
 * A reset that fails after earlier scenarios ran (crash, garbage, or an
 * exception other than ValueError) is recorded with its own kind and the
 * child's stderr, and every later world fails at once with the same
 * failure instead of asking for another reset.
 */
static void check_reset_failure(const char *mode, int kind)
{
    if (!have_python()) {
        skip();
    }
    char cmd[256], msg[400], again[400], tail[WT_ADAPTER_STDERR_TAIL + 1];
    snprintf(cmd, sizeof cmd, "%s %sreset_fail.py %s 3", PYTHON, FIXTURES, mode);
    struct wt_adapter_options opt;
    wt_adapter_options_init(&opt);
    opt.timeout_ms = 2000;
    struct wt_adapter *ad = NULL;
    assert_int_equal(wt_adapter_open(cmd, &opt, &ad, NULL, 0), WT_OK);
    const struct wt_op seq[] = {wt_op_make(WT_OP_WRITE, 10, 0), wt_op_make(WT_OP_CLOSE, 0, 0)};
    struct run_result res;
    for (int i = 0; i < 2; i++) {
        run_world(NULL, ad, 1, NULL, 0, seq, 2, false, &res, NULL);
        assert_int_equal(res.start_rc, WT_OK);
    }
    run_world(NULL, ad, 7, NULL, 0, seq, 2, false, &res, NULL);
    assert_int_equal(res.start_rc, WT_EADAPTER);
    assert_int_equal(wt_adapter_failure(ad, msg, sizeof msg), kind);
    print_message("  reset_fail.py %-8s -> %s\n", mode, msg);
    assert_non_null(strstr(msg, wt_adapter_failure_name(kind)));
    assert_non_null(strstr(msg, "reset seed=7"));
    assert_one_line(msg);
    wt_adapter_stderr_tail(ad, tail, sizeof tail);
    assert_non_null(strstr(tail, "failing reset 3"));
    uint64_t t0 = now_ms();
    run_world(NULL, ad, 8, NULL, 0, seq, 2, false, &res, NULL);
    assert_int_equal(res.start_rc, WT_EADAPTER);
    assert_true(now_ms() - t0 < 50);
    assert_int_equal(wt_adapter_failure(ad, again, sizeof again), kind);
    assert_string_equal(again, msg);
    wt_adapter_close(ad);
    assert_no_children();
}

static void test_adapter_fail_reset_crash(void **state)
{
    (void)state;
    check_reset_failure("crash", WT_ADAPTER_CRASHED);
}

static void test_adapter_fail_reset_garbage(void **state)
{
    (void)state;
    check_reset_failure("garbage", WT_ADAPTER_GARBAGE);
}

static void test_adapter_fail_reset_exception(void **state)
{
    (void)state;
    check_reset_failure("exc", WT_ADAPTER_RESET);
}

/* An exception escaping a call is its mapped status; the adapter lives on. */
static void test_adapter_exception_is_a_status(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    struct wt_adapter *ad = NULL;
    assert_int_equal(wt_adapter_open(PYTHON " " FIXTURES "odd.py", NULL, &ad, NULL, 0), WT_OK);
    const struct wt_op seq[] = {
        wt_op_make(WT_OP_WRITE, 13, 0),
        wt_op_make(WT_OP_EXPECT_ERROR, WT_EUNEXPECTED, 0),
        wt_op_make(WT_OP_SET_LIMITS, -5, 0),
        wt_op_make(WT_OP_EXPECT_ERROR, WT_EVALUE, 0),
        wt_op_make(WT_OP_WRITE, 12, 0),
        wt_op_make(WT_OP_EXPECT_PEER, 12, 0),
    };
    struct wt_op fixed[6];
    memcpy(fixed, seq, sizeof fixed);
    fixed[2].flags = WT_OPF_HAS_HIGH;
    struct run_result res;
    struct wt_world *w = NULL;
    run_world(NULL, ad, 1, NULL, 0, fixed, 6, true, &res, &w);
    assert_int_equal(wt_world_expect_failures(w), 0);
    assert_true(trace_has(w, "ret write -> rc=EUNEXPECTED"));
    wt_world_free(w);
    assert_int_equal(wt_adapter_failure(ad, NULL, 0), WT_ADAPTER_OK);
    wt_adapter_close(ad);
}

/* A crash in the middle of a run, with a write watch registered. */
static void test_adapter_fail_mid_run(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
    }
    /* The default timeout (5 s): a loaded machine may take longer than a
     * short one to start the interpreter, and the crash must be seen by its
     * EOF long before any timeout (the bound below). */
    struct wt_adapter_options opt;
    wt_adapter_options_init(&opt);
    struct wt_adapter *ad = NULL;
    assert_int_equal(wt_adapter_open(PYTHON " " FIXTURES "odd.py", &opt, &ad, NULL, 0), WT_OK);
    const struct wt_op seq[] = {
        wt_op_make(WT_OP_SOCK_BLOCK, 0, 0), wt_op_make(WT_OP_WRITE, 10, 0),
        wt_op_make(WT_OP_SOCK_OPEN, 0, 0),  wt_op_make(WT_OP_WRITE, 66, 0),
        wt_op_make(WT_OP_WRITE, 1, 0),      wt_op_make(WT_OP_RUN, 0, 0),
    };
    uint64_t t0 = now_ms();
    struct run_result res;
    struct wt_world *w = NULL;
    run_world(NULL, ad, 1, NULL, 0, seq, 6, true, &res, &w);
    assert_int_equal(res.start_rc, WT_OK);
    assert_true(now_ms() - t0 < opt.timeout_ms / 2);
    assert_true(trace_has(w, "ret write -> rc=EADAPTER"));
    assert_true(trace_has(w, "end"));
    assert_false(trace_has(w, "bound"));
    char msg[300], tail[WT_ADAPTER_STDERR_TAIL + 1];
    assert_int_equal(wt_adapter_failure(ad, msg, sizeof msg), WT_ADAPTER_CRASHED);
    assert_non_null(strstr(msg, "write 66"));
    wt_adapter_stderr_tail(ad, tail, sizeof tail);
    assert_non_null(strstr(tail, "dying in write(66)"));
    wt_world_free(w);
    wt_adapter_close(ad);
    assert_no_children();
}

static void test_adapter_bad_arguments(void **state)
{
    (void)state;
    struct wt_adapter *ad = (struct wt_adapter *)&ad;
    char err[64];
    assert_int_equal(wt_adapter_open("", NULL, &ad, err, sizeof err), WT_EINVAL);
    assert_null(ad);
    assert_int_equal(wt_adapter_open(NULL, NULL, &ad, NULL, 0), WT_EINVAL);
    wt_adapter_close(NULL);
    assert_int_equal(wt_adapter_failure(NULL, NULL, 0), WT_ADAPTER_OK);
    assert_string_equal(wt_adapter_failure_name(WT_ADAPTER_FLOOD), "flood");
    assert_null(wt_adapter_failure_name(WT_ADAPTER_FAILURE_COUNT));
    /* create() without an adapter in the context. */
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.transport = &wt_adapter_transport_ops;
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&ta), &w), WT_OK);
    assert_int_equal(wt_world_start(w), WT_EADAPTER);
    wt_world_free(w);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adapter_handshake),
        cmocka_unit_test(test_adapter_write_send_pause_resume),
        cmocka_unit_test(test_adapter_nested_hook),
        cmocka_unit_test(test_adapter_deterministic_and_reset_reuse),
        cmocka_unit_test(test_adapter_unknown_flavor),
        cmocka_unit_test(test_adapter_transcript),
        cmocka_unit_test(test_adapter_features_same_trace),
        cmocka_unit_test(test_adapter_suite_matches_c_reference),
        cmocka_unit_test(test_adapter_seeds_match_c_reference),
        cmocka_unit_test(test_adapter_unsupported_ops),
        cmocka_unit_test(test_adapter_exception_is_a_status),
        cmocka_unit_test(test_adapter_fail_mid_run),
        cmocka_unit_test(test_adapter_fail_crashed),
        cmocka_unit_test(test_adapter_fail_exited),
        cmocka_unit_test(test_adapter_fail_no_such_command),
        cmocka_unit_test(test_adapter_fail_garbage),
        cmocka_unit_test(test_adapter_fail_size_unasked),
        cmocka_unit_test(test_adapter_fail_partial),
        cmocka_unit_test(test_adapter_fail_flood_line),
        cmocka_unit_test(test_adapter_fail_flood_lines),
        cmocka_unit_test(test_adapter_fail_timeout),
        cmocka_unit_test(test_adapter_fail_handshake_version),
        cmocka_unit_test(test_adapter_fail_handshake_mandatory),
        cmocka_unit_test(test_adapter_fail_through_shell),
        cmocka_unit_test(test_adapter_fail_nesting),
        cmocka_unit_test(test_adapter_fail_slow_buffered_lines),
        cmocka_unit_test(test_adapter_fail_flood_bytes),
        cmocka_unit_test(test_adapter_fail_partial_after_lines),
        cmocka_unit_test(test_adapter_fail_message_escaped),
        cmocka_unit_test(test_adapter_fail_reset_crash),
        cmocka_unit_test(test_adapter_fail_reset_garbage),
        cmocka_unit_test(test_adapter_fail_reset_exception),
        cmocka_unit_test(test_adapter_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
