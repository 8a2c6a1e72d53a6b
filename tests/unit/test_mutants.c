/* SPDX-License-Identifier: MIT */
/*
 * test_mutants.c - the monitor against the real world: the reference
 * transport must pass, and every mutant must fail exactly its declared
 * clauses.
 *
 * The op sequences below are written in C and together exercise every
 * checkable clause of the docs profile. Each sequence runs twice with the
 * same seed; the second run is judged with the first run's hash, so
 * WT-DETERMINISTIC is judged too. A clause's verdict over the set is the
 * worst of its verdicts (FAIL beats PASS beats NOT-EXERCISED).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"
#include "wt/wt.h"

/* --- op builders ------------------------------------------------------ */

static struct wt_op op0(int kind) { return wt_op_make(kind, 0, 0); }
static struct wt_op op1(int kind, int64_t a) { return wt_op_make(kind, a, 0); }

static struct wt_op op_limits(int64_t high, int64_t low, unsigned flags)
{
    struct wt_op op = wt_op_make(WT_OP_SET_LIMITS, high, low);
    op.flags = (uint8_t)flags;
    return op;
}

static struct wt_op op_lines(uint32_t c0, uint32_t c1, uint32_t c2)
{
    struct wt_op op = wt_op_make(WT_OP_WRITELINES, 0, 0);
    op.nchunks = 3;
    op.chunk[0] = c0;
    op.chunk[1] = c1;
    op.chunk[2] = c2;
    return op;
}

static struct wt_op op_on(struct wt_op op, int on)
{
    op.on = (uint8_t)on;
    return op;
}

#define HH WT_OPF_HAS_HIGH
#define HL WT_OPF_HAS_LOW

/* --- the op sequences --------------------------------------------------- */

struct seq {
    const char *name;
    struct wt_op ops[32];
};

static const struct seq *sequences(size_t *count_out);

static struct seq seq_table[24];
static size_t seq_count;

static void seq_add(const char *name, const struct wt_op *ops, size_t n)
{
    assert_true(seq_count < sizeof seq_table / sizeof seq_table[0]);
    assert_true(n < 32);
    struct seq *s = &seq_table[seq_count++];
    s->name = name;
    memcpy(s->ops, ops, n * sizeof ops[0]);
    s->ops[n].kind = 0xff;
}

#define SEQ(name, ...)                                                             \
    do {                                                                           \
        const struct wt_op ops_[] = {__VA_ARGS__};                                 \
        seq_add(name, ops_, sizeof ops_ / sizeof ops_[0]);                         \
    } while (0)

static const struct seq *sequences(size_t *count_out)
{
    if (seq_count > 0) {
        *count_out = seq_count;
        return seq_table;
    }
    /* Pause strictly over high, resume per send at <= low, close with data. */
    SEQ("flow", op_limits(100, 20, HH | HL), op0(WT_OP_GET_LIMITS), op0(WT_OP_SOCK_BLOCK),
        op1(WT_OP_WRITE, 50), op1(WT_OP_WRITE, 60), op0(WT_OP_GET_SIZE),
        op1(WT_OP_WRITE, 0), op0(WT_OP_IS_CLOSING), op1(WT_OP_SOCK_CAP, 30),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 40),
        op0(WT_OP_CLOSE), op0(WT_OP_IS_CLOSING), op1(WT_OP_PEER_SEND, 10), op0(WT_OP_SOCK_OPEN),
        op0(WT_OP_RUN));
    /* The boundary: size == high must not pause (docs), high + 1 must. */
    SEQ("boundary", op1(WT_OP_WRITE, 0), op_limits(100, 20, HH | HL), op0(WT_OP_SOCK_BLOCK),
        op1(WT_OP_WRITE, 100),
        op0(WT_OP_GET_SIZE), op1(WT_OP_WRITE, 1), op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* writelines keeps flow control like write. */
    SEQ("writelines", op_limits(100, 20, HH | HL), op0(WT_OP_SOCK_BLOCK), op_lines(40, 40, 40),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* Limits: defaults, zero, rejected requests, only-high, only-low. */
    SEQ("limits", op_limits(0, 0, HH), op_limits(0, 0, HL), op_limits(1000, 0, HH),
        op_limits(0, 100, HL), op_limits(0, 5, HH | HL), op_limits(-1, 0, HH),
        op_limits(10, -1, HH | HL), op0(WT_OP_GET_LIMITS), op_limits(50, 0, HH | HL),
        op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 60), op1(WT_OP_SOCK_CAP, 20),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN), op_limits(0, 0, HH), op0(WT_OP_SOCK_BLOCK),
        op1(WT_OP_WRITE, 1), op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* The setter pauses but never resumes (selector family). */
    SEQ("setter", op_limits(100, 20, HH | HL), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 80),
        op_limits(50, 0, HH), op_limits(400, 200, HH | HL), op0(WT_OP_SOCK_OPEN),
        op0(WT_OP_RUN));
    /* abort while paused with data: nothing more is sent or resumed. */
    SEQ("abort", op_limits(100, 20, HH | HL), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 200),
        op0(WT_OP_ABORT), op0(WT_OP_IS_CLOSING), op0(WT_OP_SOCK_OPEN), op1(WT_OP_PEER_SEND, 10),
        op0(WT_OP_RUN));
    /* write_eof flushes, then shuts down; data may still be received. */
    SEQ("eof", op0(WT_OP_CAN_WRITE_EOF), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 50),
        op0(WT_OP_WRITE_EOF), op1(WT_OP_WRITE, 5), op1(WT_OP_PEER_SEND, 10), op0(WT_OP_RUN),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN), op0(WT_OP_PEER_EOF), op0(WT_OP_RUN),
        op0(WT_OP_CLOSE), op0(WT_OP_RUN));
    /* An I/O error while paused: no raise, no resume, connection_lost(exc). */
    SEQ("ioerror", op_limits(100, 20, HH | HL), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 200),
        wt_op_make(WT_OP_SOCK_FAIL, WT_EPIPE, 0), op0(WT_OP_SOCK_OPEN), op1(WT_OP_WRITE, 10),
        op0(WT_OP_RUN), op1(WT_OP_WRITE, 10), op0(WT_OP_IS_CLOSING));
    /* Bulk data: many partial sends of a large buffer. */
    SEQ("bulk", op1(WT_OP_SOCK_CAP, 5000), op1(WT_OP_WRITE, 30000), op0(WT_OP_RUN),
        op_lines(20000, 20000, 30000), op0(WT_OP_RUN));
    /* A send error inside write() itself: still no raise. */
    SEQ("ioerror-sync", wt_op_make(WT_OP_SOCK_FAIL, WT_ECONNRESET, 0), op1(WT_OP_WRITE, 10),
        op0(WT_OP_RUN));
    /* A raising pause_writing is reported, not propagated. */
    SEQ("raise", op_limits(100, 20, HH | HL), op_on(op0(WT_OP_RAISE), WT_ON_PAUSE),
        op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 200), op1(WT_OP_WRITE, 10),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* close() from inside resume_writing: still exactly one connection_lost. */
    SEQ("close-in-resume", op_limits(100, 20, HH | HL),
        op_on(op0(WT_OP_CLOSE), WT_ON_RESUME), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 200),
        op1(WT_OP_SOCK_CAP, 50), op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* abort() inside resume_writing while the peer's data is ready in the same iteration. */
    SEQ("abort-in-resume", op_limits(100, 20, HH | HL), op_on(op0(WT_OP_ABORT), WT_ON_RESUME),
        op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 200), op1(WT_OP_PEER_SEND, 10),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* low = 0 with a send that leaves 0 < size <= high // 4: no resume until empty. */
    SEQ("low0", op_limits(100, 0, HH | HL), op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 200),
        op1(WT_OP_SOCK_CAP, 90), op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    /* A raising data_received ends the connection with that error, not None. */
    /* write_eof from inside eof_received with data buffered: the close that
     * follows must still flush it (the re-entrancy matrix's eof/write_eof cell). */
    SEQ("eof-write-eof", op0(WT_OP_SOCK_BLOCK), op1(WT_OP_WRITE, 50),
        op_on(op0(WT_OP_WRITE_EOF), WT_ON_EOF), op0(WT_OP_PEER_EOF), op1(WT_OP_STEP, 2),
        op0(WT_OP_SOCK_OPEN), op0(WT_OP_RUN));
    SEQ("data-raise", op_on(op0(WT_OP_RAISE), WT_ON_DATA), op1(WT_OP_PEER_SEND, 10),
        op0(WT_OP_RUN));
    /* eof_received keeps the transport open: no second eof_received. */
    SEQ("eof-keep-open", op_on(op1(WT_OP_EOF_KEEP_OPEN, 1), WT_ON_EOF), op1(WT_OP_PEER_SEND, 10),
        op0(WT_OP_PEER_EOF), op0(WT_OP_RUN), op1(WT_OP_WRITE, 10), op0(WT_OP_CLOSE),
        op0(WT_OP_RUN));
    *count_out = seq_count;
    return seq_table;
}

/* --- running and collecting -------------------------------------------- */

struct tally {
    uint8_t worst[256]; /* per clause: 0 n/a, 1 not exercised, 2 pass, 3 fail */
    char first[256][WT_VERDICT_REASON_MAX + 64];
};

static uint8_t rank_of(int status)
{
    switch (status) {
    case WT_VERDICT_FAIL:
        return 3;
    case WT_VERDICT_PASS:
        return 2;
    case WT_VERDICT_NOT_EXERCISED:
        return 1;
    default:
        return 0;
    }
}

/* One live run: its world stays alive until released, see run_all. */
struct live {
    struct tl_alloc ta;
    struct wt_world *w;
    struct wt_monitor *m;
};

static uint64_t run_once(struct live *lv, const struct wt_profile *p, const char *flavor,
                         uint64_t faults, const struct seq *s, const uint64_t *expect,
                         struct tally *t)
{
    tl_alloc_init(&lv->ta);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    cfg.seed = 7;
    cfg.args.flavor = flavor;
    cfg.args.faults = faults;
    cfg.steps_max = 2000;
    assert_int_equal(wt_world_new(&cfg, tl_alloc_get(&lv->ta), &lv->w), WT_OK);
    assert_int_equal(wt_monitor_new(tl_alloc_get(&lv->ta), p, &lv->m), WT_OK);
    assert_int_equal(wt_world_add_sink(lv->w, wt_monitor_sink, lv->m), WT_OK);
    assert_int_equal(wt_world_start(lv->w), WT_OK);
    for (size_t i = 0; s->ops[i].kind != 0xff; i++) {
        int rc = wt_world_exec(lv->w, &s->ops[i]);
        if (rc == WT_EINVAL || wt_is_fatal(rc)) {
            print_message("[%s] op %zu (%s) returned %s\n", s->name, i,
                          wt_op_name(s->ops[i].kind), wt_err_name(rc));
        }
        assert_false(rc == WT_EINVAL || wt_is_fatal(rc));
    }
    int rc = wt_world_finish(lv->w);
    assert_false(wt_is_fatal(rc));
    if (expect != NULL) {
        wt_monitor_expect_hash(lv->m, *expect);
    }
    wt_monitor_end(lv->m);
    uint64_t hash = wt_monitor_hash(lv->m);
    assert_true(hash == wt_world_hash(lv->w));
    for (size_t c = 0; c < wt_catalog_count(); c++) {
        const struct wt_verdict *v = wt_monitor_verdict(lv->m, c);
        uint8_t r = rank_of(v->status);
        if (r > t->worst[c]) {
            t->worst[c] = r;
            if (r == 3) {
                snprintf(t->first[c], sizeof t->first[c], "[%s] event %u: %s%s", s->name,
                         (unsigned)v->event, v->reason, v->conflict ? " (CONFLICT)" : "");
            }
        }
    }
    return hash;
}

static void live_release(struct live *lv)
{
    wt_monitor_free(lv->m);
    wt_world_free(lv->w);
    assert_int_equal(tl_alloc_live(&lv->ta), 0);
}

/*
 * Each sequence runs twice, the first world still alive while the second
 * runs (as two processes would be), and the replay is judged with the
 * first run's hash.
 */
static void run_all(const struct wt_profile *p, const char *flavor, uint64_t faults,
                    struct tally *t)
{
    size_t n = 0;
    const struct seq *seqs = sequences(&n);
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        struct live first, replay;
        uint64_t h = run_once(&first, p, flavor, faults, &seqs[i], NULL, t);
        (void)run_once(&replay, p, flavor, faults, &seqs[i], &h, t);
        live_release(&replay);
        live_release(&first);
    }
}

static const struct wt_profile *profile_named(const char *name)
{
    const struct wt_profile *p = NULL;
    assert_int_equal(wt_profile_find(name, &p), WT_OK);
    return p;
}

/* Prints every FAIL; returns how many clauses FAILed. */
static size_t print_fails(const char *who, const struct tally *t)
{
    size_t fails = 0;
    for (size_t c = 0; c < wt_catalog_count(); c++) {
        if (t->worst[c] == 3) {
            fails++;
            print_message("%s: FAIL %s %s\n", who, wt_catalog_at(c)->id, t->first[c]);
        }
    }
    return fails;
}

/* --- tests --------------------------------------------------------------- */

static void reference_passes(const char *profile, const char *flavor, bool all_exercised)
{
    struct tally t;
    const struct wt_profile *p = profile_named(profile);
    run_all(p, flavor, 0, &t);
    char who[64];
    snprintf(who, sizeof who, "reference(%s)/%s", flavor, profile);
    assert_int_equal(print_fails(who, &t), 0);
    size_t missing = 0;
    for (size_t c = 0; c < wt_catalog_count() && all_exercised; c++) {
        if (t.worst[c] == 1) {
            print_message("%s: NOT-EXERCISED %s\n", who, wt_catalog_at(c)->id);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void test_mutants_reference_docs(void **state)
{
    (void)state;
    reference_passes("docs", "docs", true);
}

static void test_mutants_reference_selector(void **state)
{
    (void)state;
    reference_passes("cpython-selector", "docs", true);
}

static void test_mutants_reference_own_flavors(void **state)
{
    (void)state;
    for (size_t i = 0; i < wt_profile_count(); i++) {
        const struct wt_profile *p = wt_profile_at(i);
        reference_passes(wt_profile_name(p), wt_profile_flavor(p), false);
    }
}

static void test_mutants_each_caught_exactly(void **state)
{
    (void)state;
    size_t wrong = 0;
    for (size_t i = 0; i < wt_mutant_count(); i++) {
        const struct wt_mutant *mu = wt_mutant_at(i);
        /* Judged by its own profile where it names one (a clause MUST only there). */
        const struct wt_profile *p = profile_named(mu->profile != NULL ? mu->profile : "docs");
        struct tally t;
        run_all(p, mu->flavor != NULL ? mu->flavor : wt_profile_flavor(p), mu->faults, &t);
        bool declared[256] = {false};
        for (size_t k = 0; k < WT_MUTANT_CLAUSES_MAX && mu->clauses[k] != NULL; k++) {
            size_t c;
            assert_int_equal(wt_catalog_find(mu->clauses[k], &c), WT_OK);
            declared[c] = true;
        }
        bool same = true;
        for (size_t c = 0; c < wt_catalog_count(); c++) {
            if ((t.worst[c] == 3) != declared[c]) {
                same = false;
            }
        }
        if (!same) {
            wrong++;
            print_message("mutant %s (%s): FAILed set differs from its declaration:\n", mu->name,
                          wt_profile_name(p));
            for (size_t c = 0; c < wt_catalog_count(); c++) {
                if ((t.worst[c] == 3) != declared[c]) {
                    print_message("  %s %s %s\n", declared[c] ? "declared, not FAILed:" :
                                  "FAILed, not declared:", wt_catalog_at(c)->id, t.first[c]);
                }
            }
        }
    }
    assert_int_equal(wrong, 0);
}

static void test_mutants_every_fault_has_a_mutant(void **state)
{
    (void)state;
    for (int bit = 0; bit < WT_FAULTBIT_COUNT; bit++) {
        bool found = false;
        for (size_t i = 0; i < wt_mutant_count(); i++) {
            if (wt_mutant_at(i)->faults == (1ull << bit)) {
                found = true;
            }
        }
        assert_true(found);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutants_every_fault_has_a_mutant),
        cmocka_unit_test(test_mutants_reference_docs),
        cmocka_unit_test(test_mutants_reference_selector),
        cmocka_unit_test(test_mutants_reference_own_flavors),
        cmocka_unit_test(test_mutants_each_caught_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
