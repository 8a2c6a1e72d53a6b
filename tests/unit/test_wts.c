/* SPDX-License-Identifier: MIT */
/*
 * test_wts.c - the .wts parser and formatter: every op and header, the
 * canonical round trip for every op kind, and each class of bad input
 * with its exact FILE:LINE message. Every test counts its allocations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/wt.h"
#include "wt/wts.h"
#include "testlib.h"

/* ----- a counting allocator: every test is also a leak test ------------ */

static struct tl_alloc ta;
#define counting (*tl_alloc_get(&ta))

static int setup(void **state)
{
    (void)state;
    tl_alloc_init(&ta);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(tl_alloc_live(&ta), 0);
    return 0;
}

/* ----- helpers ------------------------------------------------------------ */

static char err[WT_WTS_ERR_MAX];

static int parse(const char *text, struct wt_scenario *s)
{
    wt_scenario_init(s, &counting);
    err[0] = '\0';
    return wt_wts_parse(text, strlen(text), "t.wts", s, err, sizeof err);
}

/* Parses text, which must fail with exactly message. */
static void bad(const char *text, size_t len, const char *message)
{
    struct wt_scenario s;
    wt_scenario_init(&s, &counting);
    int rc = wt_wts_parse(text, len, "t.wts", &s, err, sizeof err);
    assert_true(rc == WT_ESYNTAX || rc == WT_ELIMIT);
    assert_string_equal(err, message);
    assert_int_equal(s.nops, 0);
    wt_scenario_deinit(&s);
}

static void bad_str(const char *text, const char *message) { bad(text, strlen(text), message); }

/* Parses one op line; it must succeed. */
static struct wt_op one(const char *line)
{
    struct wt_op op;
    int rc = wt_wts_parse_line(line, strlen(line), "t.wts", 1, &op, err, sizeof err);
    if (rc != WT_OK) {
        fail_msg("'%s': %s", line, err);
    }
    return op;
}

/* The op line parses and formats back to canonical. */
static void canon(const char *line, const char *canonical)
{
    struct wt_op op = one(line);
    char buf[WT_WTS_OP_TEXT_MAX];
    int n = wt_wts_format_op(&op, buf, sizeof buf);
    assert_true(n > 0 && n < (int)sizeof buf);
    assert_string_equal(buf, canonical);
}

/* s written out is exactly want, and reads back into t (the caller frees it) as version. */
static void round_trip(const struct wt_scenario *s, const char *want, int version,
                       struct wt_scenario *t)
{
    char buf[1024];
    int n = wt_wts_format(s, buf, sizeof buf);
    assert_true(n > 0 && n < (int)sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(parse(buf, t), WT_OK);
    assert_int_equal(t->wts_version, version);
}

/* ----- every op -------------------------------------------------------- */

static void test_wts_calls(void **state)
{
    (void)state;
    struct wt_op op = one("write 100");
    assert_int_equal(op.kind, WT_OP_WRITE);
    assert_int_equal(op.a, 100);
    assert_int_equal(op.on, WT_ON_NOW);
    assert_int_equal(one("write 0").a, 0);
    assert_int_equal(one("write 16777216").a, WT_OP_WRITE_MAX);
    assert_int_equal(one("peer send 4294967296").a, WT_OP_BYTES_MAX);

    op = one("writelines 10 20 0");
    assert_int_equal(op.kind, WT_OP_WRITELINES);
    assert_int_equal(op.nchunks, 3);
    assert_int_equal(op.chunk[0], 10);
    assert_int_equal(op.chunk[1], 20);
    assert_int_equal(op.chunk[2], 0);
    assert_int_equal(one("writelines").nchunks, 0);

    assert_int_equal(one("write_eof").kind, WT_OP_WRITE_EOF);
    assert_int_equal(one("can_write_eof").kind, WT_OP_CAN_WRITE_EOF);
    assert_int_equal(one("abort").kind, WT_OP_ABORT);
    assert_int_equal(one("close").kind, WT_OP_CLOSE);
    assert_int_equal(one("is_closing").kind, WT_OP_IS_CLOSING);
    assert_int_equal(one("get_write_buffer_size").kind, WT_OP_GET_SIZE);
    assert_int_equal(one("get_write_buffer_limits").kind, WT_OP_GET_LIMITS);
}

static void test_wts_set_limits(void **state)
{
    (void)state;
    struct wt_op op = one("set_write_buffer_limits high=100 low=25");
    assert_int_equal(op.kind, WT_OP_SET_LIMITS);
    assert_int_equal(op.a, 100);
    assert_int_equal(op.b, 25);
    assert_int_equal(op.flags, WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);

    op = one("set_write_buffer_limits low=7 high=9"); /* either order */
    assert_int_equal(op.a, 9);
    assert_int_equal(op.b, 7);

    op = one("set_write_buffer_limits high=100");
    assert_int_equal(op.flags, WT_OPF_HAS_HIGH);
    op = one("set_write_buffer_limits low=-5");
    assert_int_equal(op.flags, WT_OPF_HAS_LOW);
    assert_int_equal(op.b, -5);
    op = one("set_write_buffer_limits");
    assert_int_equal(op.flags, 0);
    op = one("set_write_buffer_limits high=None low=3");
    assert_int_equal(op.flags, WT_OPF_HAS_LOW);
    op = one("set_write_buffer_limits high=-1099511627776");
    assert_int_equal(op.a, -WT_OP_LIMIT_MAX);
}

static void test_wts_sock_peer_loop(void **state)
{
    (void)state;
    assert_int_equal(one("sock buffer 4096").a, 4096);
    assert_int_equal(one("sock cap 10").kind, WT_OP_SOCK_CAP);
    assert_int_equal(one("sock drain 100").kind, WT_OP_SOCK_DRAIN);
    assert_int_equal(one("sock read 50").kind, WT_OP_SOCK_READ);
    assert_int_equal(one("sock block").kind, WT_OP_SOCK_BLOCK);
    assert_int_equal(one("sock open").kind, WT_OP_SOCK_OPEN);
    assert_int_equal(one("sock random on").a, 1);
    assert_int_equal(one("sock random off").a, 0);
    assert_int_equal(one("sock halfclose off").kind, WT_OP_SOCK_HALFCLOSE);
    assert_int_equal(one("sock spurious").kind, WT_OP_SOCK_SPURIOUS);

    struct wt_op op = one("sock fail EPIPE");
    assert_int_equal(op.a, WT_EPIPE);
    assert_int_equal(op.b, 0);
    op = one("sock fail ConnectionResetError at 5ms");
    assert_int_equal(op.a, WT_ECONNRESET);
    assert_int_equal(op.b, 5000000);

    assert_int_equal(one("peer send 10").a, 10);
    assert_int_equal(one("peer eof").kind, WT_OP_PEER_EOF);
    assert_int_equal(one("peer close").kind, WT_OP_PEER_CLOSE);

    assert_int_equal(one("step 3").a, 3);
    assert_int_equal(one("run").kind, WT_OP_RUN);
    assert_int_equal(one("advance 5ms").a, 5000000);
    assert_int_equal(one("advance 7ns").a, 7);
    assert_int_equal(one("advance 2us").a, 2000);
    assert_int_equal(one("advance 1s").a, 1000000000);
    assert_int_equal(one("eof_keep_open on").a, 1);
}

static void test_wts_hooks(void **state)
{
    (void)state;
    struct wt_op op = one("on pause: write 10");
    assert_int_equal(op.kind, WT_OP_WRITE);
    assert_int_equal(op.on, WT_ON_PAUSE);
    assert_int_equal(op.a, 10);
    assert_int_equal(one("on resume: close").on, WT_ON_RESUME);
    assert_int_equal(one("on lost: write 1").on, WT_ON_LOST);
    op = one("on pause: raise");
    assert_int_equal(op.kind, WT_OP_RAISE);
    assert_int_equal(op.on, WT_ON_PAUSE);
    op = one("on eof: keep-open");
    assert_int_equal(op.kind, WT_OP_EOF_KEEP_OPEN);
    assert_int_equal(op.on, WT_ON_EOF);
    assert_int_equal(op.a, 1);
    assert_int_equal(one("on made : set_write_buffer_limits high=0").on, WT_ON_MADE);
    assert_int_equal(one("on data: abort").on, WT_ON_DATA);
}

static void test_wts_expect(void **state)
{
    (void)state;
    assert_int_equal(one("expect size 100").kind, WT_OP_EXPECT_SIZE);
    struct wt_op op = one("expect limits low=25 high=100");
    assert_int_equal(op.a, 25);
    assert_int_equal(op.b, 100);
    op = one("expect limits high=100 low=25");
    assert_int_equal(op.a, 25);
    assert_int_equal(op.b, 100);
    assert_int_equal(one("expect paused").a, WT_EXPECT_PAUSED);
    assert_int_equal(one("expect pause").a, WT_EXPECT_PAUSED);
    assert_int_equal(one("expect resume").a, WT_EXPECT_RESUMED);
    for (int s = 0; s < WT_EXPECT_COUNT; s++) {
        char line[64];
        snprintf(line, sizeof line, "expect %s", wt_expect_state_name(s));
        op = one(line);
        assert_int_equal(op.kind, WT_OP_EXPECT_STATE);
        assert_int_equal(op.a, s);
    }
    assert_int_equal(one("expect error ValueError").a, WT_EVALUE);
    assert_int_equal(one("expect error RuntimeError").a, WT_ESTATE);
    assert_int_equal(one("expect error NotImplementedError").a, WT_ENOTIMPL);
    assert_int_equal(one("expect error none").a, WT_OK);
    assert_int_equal(one("expect error EPIPE").a, WT_EPIPE);
    assert_int_equal(one("expect peer 100").a, 100);

    const struct wt_clause *cl = wt_catalog_at(0);
    assert_non_null(cl);
    char line[128];
    snprintf(line, sizeof line, "expect clause %s fail", cl->id);
    op = one(line);
    assert_int_equal(op.kind, WT_OP_EXPECT_CLAUSE);
    assert_int_equal(op.a, 0);
    assert_int_equal(op.b, WT_VERDICT_FAIL);
    snprintf(line, sizeof line, "expect clause %s PASS", cl->id);
    assert_int_equal(one(line).b, WT_VERDICT_PASS);
}

static void test_wts_header(void **state)
{
    (void)state;
    struct wt_scenario s;
    const char *text = "# a comment\n"
                       "\n"
                       "seed 42   # trailing comment\n"
                       "profile docs\n"
                       "flavor ge\n"
                       "steps 1000\r\n"
                       "\twrite 1\n"
                       "run";
    assert_int_equal(parse(text, &s), WT_OK);
    assert_true(s.has_seed);
    assert_int_equal(s.seed, 42);
    assert_int_equal(s.nprofiles, 1);
    assert_string_equal(s.profiles[0], "docs");
    assert_string_equal(s.flavor, "ge");
    assert_int_equal(s.steps_max, 1000);
    assert_int_equal(s.nops, 2);
    assert_int_equal(s.ops[0].line, 7);
    assert_int_equal(s.ops[1].line, 8);
    assert_true(wt_scenario_for_profile(&s, "docs"));
    assert_false(wt_scenario_for_profile(&s, "uvloop"));
    wt_scenario_deinit(&s);

    assert_int_equal(parse("write 1\n", &s), WT_OK);
    assert_false(s.has_seed);
    assert_int_equal(s.nprofiles, 0);
    assert_true(wt_scenario_for_profile(&s, "uvloop"));
    wt_scenario_deinit(&s);
}

static void test_wts_header_v2(void **state)
{
    (void)state;
    struct wt_scenario s;
    const char *text = "wts 2\n"
                       "kit 0.2.0-rc1+g1234\n"
                       "generator 1\n"
                       "transport   /usr/bin/python3 adapters/python/ref_adapter.py\t--x 1 "
                       "  # why\n"
                       "recorded-profile cpython-ssl\n"
                       "seed 18446744073709551615\n"
                       "write 1\n";
    assert_int_equal(parse(text, &s), WT_OK);
    assert_int_equal(s.wts_version, 2);
    assert_string_equal(s.kit_version, "0.2.0-rc1+g1234");
    assert_true(s.has_generator);
    assert_int_equal(s.generator, 1);
    assert_string_equal(s.transport, "/usr/bin/python3 adapters/python/ref_adapter.py\t--x 1");
    assert_string_equal(s.recorded_profile, "cpython-ssl");
    assert_true(s.has_seed);
    assert_true(s.seed == UINT64_MAX);
    assert_int_equal(s.nops, 1);
    wt_scenario_deinit(&s);

    /* version 1 files: no wts line, and wts 1 */
    assert_int_equal(parse("wts 1\nseed 0\nwrite 1\n", &s), WT_OK);
    assert_int_equal(s.wts_version, 1);
    assert_true(s.has_seed && s.seed == 0);
    assert_false(s.has_generator);
    assert_string_equal(s.kit_version, "");
    assert_string_equal(s.transport, "");
    wt_scenario_deinit(&s);
    assert_int_equal(parse("generator 0\nwrite 1\n", &s), WT_OK);
    assert_int_equal(s.wts_version, 0);
    assert_true(s.has_generator);
    assert_int_equal(s.generator, 0);
    wt_scenario_deinit(&s);
}

/* Version 3: a file using its ops is written as `wts 3`; older files keep their version. */
static void test_wts_version3_ops(void **state)
{
    (void)state;
    struct wt_scenario s, t;
    const char *text = "loop order io-first\nsock sendmsg off\nsock iovmax 2\n"
                       "sock sendzero on\nsock eagain\nsock watchfail read\nwrite 5\n";
    assert_int_equal(parse(text, &s), WT_OK);
    assert_int_equal(s.wts_version, 0);
    assert_int_equal(s.ops[0].kind, WT_OP_LOOP_ORDER);
    assert_int_equal(s.ops[0].a, 1);
    assert_int_equal(s.ops[5].a, 1);
    round_trip(&s, "wts 3\nloop order io-first\nsock sendmsg off\nsock iovmax 2\n"
                   "sock sendzero on\nsock eagain\nsock watchfail read\nwrite 5\n", 3, &t);
    wt_scenario_deinit(&t);
    wt_scenario_deinit(&s);
    bad_str("loop order glib\n", "t.wts:1: loop order: expected callbacks-first|io-first, "
                                  "not 'glib'");
    bad_str("sock iovmax 0\n", "t.wts:1: iov_max '0' is out of range (1..1024)");
}

/* Version 4: the argument kinds, one word per kind, parsed, printed and read back. */
/* Version 5: `work N`, a case's loop iterations, written back and run. */
static void test_wts_version5_work(void **state)
{
    (void)state;
    struct wt_scenario s, t;
    assert_int_equal(parse("steps 50\nwork 1024\nwrite 5\n", &s), WT_OK);
    assert_int_equal(s.work_max, 1024);
    round_trip(&s, "wts 5\nsteps 50\nwork 1024\nwrite 5\n", 5, &t);
    assert_int_equal(t.work_max, 1024);
    wt_scenario_deinit(&t);
    wt_scenario_deinit(&s);
    bad_str("work 0\nwrite 1\n", "t.wts:1: run budget '0' is out of range (1..18446744073709551615)");
    bad_str("work 5\nwork 6\n", "t.wts:2: 'work' given twice");
}

static void test_wts_version4_kinds(void **state)
{
    (void)state;
    static const char *const writes[WT_WRITE_KIND_COUNT] = {
#define KIND_WORD(name, word, doc) word,
        WT_WRITE_KIND_MAP(KIND_WORD)
    };
    static const char *const lines[WT_LINES_KIND_COUNT] = {WT_LINES_KIND_MAP(KIND_WORD)};
#undef KIND_WORD
    char text[64];
    for (int k = 0; k < WT_WRITE_KIND_COUNT; k++) {
        snprintf(text, sizeof text, "write 100 as %s", writes[k]);
        struct wt_op op = one(text);
        assert_int_equal(op.kind, WT_OP_WRITE);
        assert_int_equal(op.a, 100);
        assert_int_equal(op.b, k);
        assert_int_equal(wt_op_data_kind(&op), k);
        canon(text, k == 0 ? "write 100" : text); /* bytes is the default: left out */
    }
    for (int k = 0; k < WT_LINES_KIND_COUNT; k++) {
        snprintf(text, sizeof text, "writelines 10 20 as %s", lines[k]);
        struct wt_op op = one(text);
        assert_int_equal(op.kind, WT_OP_WRITELINES);
        assert_int_equal(op.nchunks, 2);
        assert_int_equal(op.chunk[1], 20);
        assert_int_equal(op.b, k);
        canon(text, k == 0 ? "writelines 10 20" : text);
    }
    /* an empty generator; a hook; every chunk and a kind */
    canon("writelines as generator", "writelines as generator");
    assert_int_equal(one("writelines as generator").nchunks, 0);
    canon("on pause: write 3 as memoryview-strided", "on pause: write 3 as memoryview-strided");
    canon("writelines 1 2 3 4 5 6 7 8 as mixed", "writelines 1 2 3 4 5 6 7 8 as mixed");

    struct wt_scenario s, t;
    assert_int_equal(parse("write 5 as bytearray-cleared\nwritelines 1 as tuple\n", &s), WT_OK);
    round_trip(&s, "wts 4\nwrite 5 as bytearray-cleared\nwritelines 1 as tuple\n", 4, &t);
    assert_int_equal(t.ops[0].b, WT_WRITE_KIND_BYTEARRAY_CLEARED);
    assert_int_equal(t.ops[1].b, WT_LINES_KIND_TUPLE);
    wt_scenario_deinit(&t);
    wt_scenario_deinit(&s);
    /* a file without kinds keeps its version */
    assert_int_equal(parse("write 5 as bytes\n", &s), WT_OK);
    round_trip(&s, "write 5\n", 0, &t);
    wt_scenario_deinit(&t);
    wt_scenario_deinit(&s);

    bad_str("write 5 as str\n", "t.wts:1: write: expected bytes|bytearray|bytearray-overwritten|"
                                 "bytearray-cleared|memoryview|memoryview-bytearray|"
                                 "memoryview-array|memoryview-2d|memoryview-strided, not 'str'");
    bad_str("writelines 1 as set\n", "t.wts:1: writelines: expected list|tuple|generator|mixed, "
                                      "not 'set'");
    bad_str("write 5 as\n", "t.wts:1: write: expected 'as KIND', not 'as' (usage: write BYTES "
                             "[as KIND])");
    bad_str("writelines 1 as tuple as list\n", "t.wts:1: writelines: as given twice");
    bad_str("writelines 1 2 3 4 5 6 7 8 9\n",
            "t.wts:1: writelines: extra argument '9' (usage: writelines [BYTES ...] [as "
            "list|tuple|generator|mixed] (at most 8 chunks))");
}

static void test_wts_bad_header_v2(void **state)
{
    (void)state;
    bad_str("wts 6\nwrite 1", "t.wts:1: written by a newer wtkit (.wts version 6; this kit "
                              "reads up to 5)");
    bad_str("# a future file\nwts 4294967295\nfrob 1\n",
            "t.wts:2: written by a newer wtkit (.wts version 4294967295; this kit reads up to 5)");
    bad_str("wts 0\nwrite 1", "t.wts:1: wts version '0' is out of range (1..4294967295)");
    bad_str("wts two\nwrite 1", "t.wts:1: bad wts version 'two' (expected a non-negative "
                                "integer)");
    bad_str("wts\nwrite 1", "t.wts:1: wts: missing argument (usage: wts N)");
    bad_str("wts 2\nwts 2\nwrite 1", "t.wts:2: 'wts' given twice");
    bad_str("kit 0.2.0 beta\nwrite 1", "t.wts:1: kit: extra argument (usage: kit VERSION)");
    bad_str("kit 0.2/0\nwrite 1", "t.wts:1: bad kit version '0.2/0' (letters, digits, '.', "
                                  "'-', '+' and '_'; at most 31)");
    bad_str("kit 0.1.0\nkit 0.2.0\nwrite 1", "t.wts:2: 'kit' given twice");
    bad_str("generator -1\nwrite 1", "t.wts:1: bad generator version '-1' (expected a "
                                     "non-negative integer)");
    bad_str("generator 4294967296\nwrite 1",
            "t.wts:1: generator version '4294967296' is out of range (0..4294967295)");
    bad_str("transport # nothing but a comment\nwrite 1",
            "t.wts:1: transport: missing argument (usage: transport SPEC)");
    bad_str("transport python:ssl\ntransport reference\nwrite 1",
            "t.wts:2: 'transport' given twice");
    bad_str("recorded-profile Docs\nwrite 1", "t.wts:1: bad profile name 'Docs' (lower-case "
                                              "letters, digits, '-' and '_'; at most 31)");
    bad_str("write 1\nrecorded-profile docs\n", "t.wts:2: 'recorded-profile' is a header line: "
                                                "it must come before the first op");
    bad_str("seed 18446744073709551616\nwrite 1",
            "t.wts:1: seed '18446744073709551616' is out of range (0..18446744073709551615)");

    char line[WT_WTS_SPEC_MAX + 64] = "transport ";
    memset(line + 10, 'x', WT_WTS_SPEC_MAX);
    strcpy(line + 10 + WT_WTS_SPEC_MAX, "\nwrite 1\n");
    bad_str(line, "t.wts:1: transport: spec too long (1024 bytes; at most 1023)");
    line[10 + WT_WTS_SPEC_MAX - 1] = '\n'; /* 1023 bytes: fits */
    struct wt_scenario s;
    assert_int_equal(parse(line, &s), WT_OK);
    assert_int_equal(strlen(s.transport), WT_WTS_SPEC_MAX - 1);
    wt_scenario_deinit(&s);
}

/* What the parser accepts, the world runs: the largest writes it takes are
 * executed, not refused (WT_EINVAL) by the world. */
static void test_wts_bounds_are_the_worlds(void **state)
{
    (void)state;
    struct wt_scenario s;
    const char *text = "sock open\n"
                       "write 16777216\n"
                       "writelines 8388608 0 8388608\n"
                       "on pause: write 16777216\n"
                       "write 1\n"
                       "peer send 1000\n"
                       "run\n"
                       "expect peer 33554433\n";
    assert_int_equal(parse(text, &s), WT_OK);
    struct wt_world_config cfg;
    wt_world_config_init(&cfg);
    struct wt_world *w = NULL;
    assert_int_equal(wt_world_new(&cfg, &counting, &w), WT_OK);
    assert_int_equal(wt_world_start(w), WT_OK);
    for (size_t i = 0; i < s.nops; i++) {
        assert_int_equal(wt_world_exec(w, &s.ops[i]), WT_OK);
    }
    assert_int_equal(wt_world_finish(w), WT_OK);
    assert_int_equal(wt_world_expect_failures(w), 0);
    wt_world_free(w);
    wt_scenario_deinit(&s);
    bad_str("write 16777217", "t.wts:1: byte count '16777217' is out of range (0..16777216)");
}

/* ----- round trip ------------------------------------------------------- */

static void test_wts_canonical(void **state)
{
    (void)state;
    canon("write   100 ", "write 100");
    canon("writelines", "writelines");
    canon("writelines 1 2 3", "writelines 1 2 3");
    canon("set_write_buffer_limits low=1 high=2", "set_write_buffer_limits high=2 low=1");
    canon("set_write_buffer_limits high=None", "set_write_buffer_limits");
    canon("sock fail BrokenPipeError at 2000us", "sock fail EPIPE at 2ms");
    canon("sock fail EPIPE at 0s", "sock fail EPIPE");
    canon("advance 1000ms", "advance 1s");
    canon("advance 0ms", "advance 0ns");
    canon("advance 1500us", "advance 1500us");
    canon("expect pause", "expect paused");
    canon("expect error None", "expect error none");
    canon("expect error EVALUE", "expect error ValueError");
    canon("expect error EUNEXPECTED", "expect error EUNEXPECTED");
    canon("expect limits high=4 low=1", "expect limits low=1 high=4");
    canon("on  made :  write 1", "on made: write 1");
    canon("on eof: keep-open", "on eof: keep-open");
    canon("on eof: eof_keep_open off", "on eof: eof_keep_open off");
    canon("eof_keep_open on", "eof_keep_open on");
}

static int op_equal(const struct wt_op *x, const struct wt_op *y)
{
    return x->kind == y->kind && x->on == y->on && x->flags == y->flags &&
           x->nchunks == y->nchunks && x->a == y->a && x->b == y->b &&
           memcmp(x->chunk, y->chunk, sizeof x->chunk) == 0;
}

/* A random valid op of the given kind. */
static struct wt_op random_op(int kind, struct wt_prng *r)
{
    static const int errs[] = {WT_OK, WT_EVALUE, WT_ESTATE, WT_ENOTIMPL, WT_EPIPE,
                               WT_ECONNRESET, WT_ECALLBACK, WT_EUNEXPECTED, WT_ETYPE};
    static const int64_t units[] = {1, 1000, 1000000, 1000000000};
    struct wt_op op = wt_op_make(kind, 0, 0);
    int64_t big = (int64_t)wt_prng_below(r, (uint64_t)WT_OP_BYTES_MAX + 1);
    int64_t small = (int64_t)wt_prng_below(r, 1000);
    int64_t lim = (int64_t)wt_prng_below(r, 2 * (uint64_t)WT_OP_LIMIT_MAX + 1) - WT_OP_LIMIT_MAX;
    switch (kind) {
    case WT_OP_WRITELINES:
        op.nchunks = (uint8_t)wt_prng_below(r, WT_OP_CHUNKS_MAX + 1);
        for (unsigned i = 0; i < op.nchunks; i++) {
            op.chunk[i] = (uint32_t)wt_prng_below(r, WT_OP_WRITE_MAX / WT_OP_CHUNKS_MAX + 1);
        }
        break;
    case WT_OP_SET_LIMITS:
        op.flags = (uint8_t)wt_prng_below(r, 4);
        op.a = (op.flags & WT_OPF_HAS_HIGH) ? lim : 0;
        op.b = (op.flags & WT_OPF_HAS_LOW) ? small - 500 : 0;
        break;
    case WT_OP_EXPECT_LIMITS:
        op.a = small - 500;
        op.b = lim;
        break;
    case WT_OP_RAISE:
        op.on = (uint8_t)(1 + wt_prng_below(r, WT_ON_COUNT - 1));
        break;
    case WT_OP_EOF_KEEP_OPEN:
    case WT_OP_SOCK_RANDOM:
    case WT_OP_SOCK_HALFCLOSE:
        op.a = (int64_t)wt_prng_below(r, 2);
        break;
    case WT_OP_SOCK_FAIL:
        op.a = wt_prng_below(r, 2) ? WT_EPIPE : WT_ECONNRESET;
        op.b = small * units[wt_prng_below(r, 4)];
        break;
    case WT_OP_STEP:
        op.a = (int64_t)wt_prng_below(r, (uint64_t)WT_OP_STEPS_MAX + 1);
        break;
    case WT_OP_ADVANCE:
        op.a = small * units[wt_prng_below(r, 4)] + (int64_t)wt_prng_below(r, 2);
        break;
    case WT_OP_EXPECT_STATE:
        op.a = (int64_t)wt_prng_below(r, WT_EXPECT_COUNT);
        break;
    case WT_OP_EXPECT_ERROR:
        op.a = errs[wt_prng_below(r, sizeof errs / sizeof errs[0])];
        break;
    case WT_OP_EXPECT_CLAUSE:
        op.a = (int64_t)wt_prng_below(r, wt_catalog_count());
        op.b = (int64_t)wt_prng_below(r, WT_VERDICT_COUNT);
        break;
    case WT_OP_EXPECT_SIZE:
    case WT_OP_EXPECT_PEER:
        op.a = big * 3;
        break;
    default: {
        /* a count of bytes, a rate: anywhere in the schema's bounds */
        const struct wt_op_schema *sc = wt_op_schema_at(kind);
        if (sc->nargs == 1 && sc->args[0].slot == WT_SLOT_A) {
            op.a = (int64_t)wt_prng_below(r, (uint64_t)sc->args[0].max + 1);
        }
        break;
    }
    }
    if (wt_op_is_call(kind) && wt_prng_below(r, 3) == 0) {
        op.on = (uint8_t)(1 + wt_prng_below(r, WT_ON_COUNT - 1));
    }
    return op;
}

static void test_wts_round_trip_all_kinds(void **state)
{
    (void)state;
    struct wt_prng r;
    wt_prng_seed(&r, 20240601);
    for (int round = 0; round < 200; round++) {
        for (int kind = 0; kind < WT_OP_COUNT; kind++) {
            struct wt_op op = random_op(kind, &r);
            assert_int_equal(wt_op_validate(&op), WT_OK);
            char buf[WT_WTS_OP_TEXT_MAX];
            int n = wt_wts_format_op(&op, buf, sizeof buf);
            assert_true(n > 0 && n < (int)sizeof buf);
            struct wt_op back;
            int rc = wt_wts_parse_line(buf, (size_t)n, "rt", 9, &back, err, sizeof err);
            if (rc != WT_OK) {
                fail_msg("kind %d: '%s': %s", kind, buf, err);
            }
            if (!op_equal(&op, &back)) {
                fail_msg("kind %d: '%s' does not round-trip", kind, buf);
            }
            assert_int_equal(back.line, 9);
        }
    }
}

static void test_wts_format_scenario(void **state)
{
    (void)state;
    struct wt_scenario s, t;
    const char *text = "seed 3\nprofile docs uvloop\nflavor ge\nsteps 50\nwrite 1\n"
                       "on pause: raise\nadvance 3ms\n";
    assert_int_equal(parse(text, &s), WT_OK);
    char buf[1024];
    int n = wt_wts_format(&s, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(text));
    assert_string_equal(buf, text);
    assert_int_equal(wt_wts_format(&s, NULL, 0), n);
    assert_int_equal(parse(buf, &t), WT_OK);
    assert_int_equal(t.nops, s.nops);
    wt_scenario_deinit(&s);
    wt_scenario_deinit(&t);

    struct wt_op op = wt_op_make(WT_OP_RAISE, 0, 0); /* raise must be a hook */
    assert_int_equal(wt_wts_format_op(&op, buf, sizeof buf), WT_EINVAL);
    op = wt_op_make(WT_OP_EXPECT_ERROR, -999, 0); /* no such code */
    assert_int_equal(wt_wts_format_op(&op, buf, sizeof buf), WT_EINVAL);
}

static void assert_scenarios_equal(const struct wt_scenario *x, const struct wt_scenario *y)
{
    assert_int_equal(x->wts_version, y->wts_version);
    assert_string_equal(x->kit_version, y->kit_version);
    assert_int_equal(x->has_generator, y->has_generator);
    assert_int_equal(x->generator, y->generator);
    assert_string_equal(x->transport, y->transport);
    assert_string_equal(x->recorded_profile, y->recorded_profile);
    assert_int_equal(x->has_seed, y->has_seed);
    assert_true(x->seed == y->seed);
    assert_true(x->steps_max == y->steps_max);
    assert_string_equal(x->flavor, y->flavor);
    assert_int_equal(x->nprofiles, y->nprofiles);
    for (size_t i = 0; i < x->nprofiles; i++) {
        assert_string_equal(x->profiles[i], y->profiles[i]);
    }
    assert_int_equal(x->nops, y->nops);
    for (size_t i = 0; i < x->nops; i++) {
        assert_true(op_equal(&x->ops[i], &y->ops[i]));
    }
}

/* A built scenario: format, parse, and the same scenario comes back. */
static void test_wts_format_round_trip_header(void **state)
{
    (void)state;
    struct wt_scenario s, t;
    assert_int_equal(parse("write 5\nrun\n", &s), WT_OK);
    s.wts_version = 0; /* set by the formatter: a version 2 key is set */
    snprintf(s.kit_version, sizeof s.kit_version, "%s", WT_VERSION);
    s.has_generator = true;
    s.generator = 7;
    snprintf(s.transport, sizeof s.transport, "%s", "/usr/bin/python3 x.py --flag 'a b'");
    snprintf(s.recorded_profile, sizeof s.recorded_profile, "%s", "cpython-pipe");
    s.has_seed = true;
    s.seed = UINT64_MAX;
    s.steps_max = 50;
    char buf[4096];
    int n = wt_wts_format(&s, buf, sizeof buf);
    assert_true(n > 0 && n < (int)sizeof buf);
    char want[512];
    snprintf(want, sizeof want,
             "wts 2\nkit %s\ngenerator 7\ntransport /usr/bin/python3 x.py --flag 'a b'\n"
             "recorded-profile cpython-pipe\nseed 18446744073709551615\nsteps 50\nwrite 5\n"
             "run\n",
             WT_VERSION);
    assert_string_equal(buf, want);
    assert_int_equal(parse(buf, &t), WT_OK);
    s.wts_version = 2; /* the least version that holds a version 2 key */
    assert_scenarios_equal(&s, &t);
    wt_scenario_deinit(&t);

    /* only a version 1 header: no wts line; a given wts line stays */
    memset(s.kit_version, 0, sizeof s.kit_version);
    memset(s.transport, 0, sizeof s.transport);
    memset(s.recorded_profile, 0, sizeof s.recorded_profile);
    s.has_generator = false;
    s.generator = 0;
    s.wts_version = 0;
    n = wt_wts_format(&s, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(buf));
    assert_string_equal(buf, "seed 18446744073709551615\nsteps 50\nwrite 5\nrun\n");
    s.wts_version = 1;
    wt_wts_format(&s, buf, sizeof buf);
    assert_int_equal(parse(buf, &t), WT_OK);
    assert_scenarios_equal(&s, &t);
    wt_scenario_deinit(&t);

    /* a transport is written trimmed; what the language cannot hold is refused */
    snprintf(s.transport, sizeof s.transport, "%s", " \treference  ");
    assert_true(wt_wts_format(&s, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "\ntransport reference\n"));
    static const char *const unwritable[] = {"cmd # x", "cmd\nrun", "cmd\rx", "bad \xff"};
    for (size_t i = 0; i < sizeof unwritable / sizeof unwritable[0]; i++) {
        snprintf(s.transport, sizeof s.transport, "%s", unwritable[i]);
        assert_int_equal(wt_wts_format(&s, buf, sizeof buf), WT_EINVAL);
    }
    memset(s.transport, 'x', sizeof s.transport); /* no NUL */
    assert_int_equal(wt_wts_format(&s, buf, sizeof buf), WT_EINVAL);
    memset(s.transport, 0, sizeof s.transport);
    snprintf(s.kit_version, sizeof s.kit_version, "%s", "0.1 beta");
    assert_int_equal(wt_wts_format(&s, buf, sizeof buf), WT_EINVAL);
    memset(s.kit_version, 0, sizeof s.kit_version);
    snprintf(s.recorded_profile, sizeof s.recorded_profile, "%s", "Docs");
    assert_int_equal(wt_wts_format(&s, buf, sizeof buf), WT_EINVAL);
    memset(s.recorded_profile, 0, sizeof s.recorded_profile);
    s.wts_version = WT_WTS_VERSION + 1;
    assert_int_equal(wt_wts_format(&s, buf, sizeof buf), WT_EINVAL);
    wt_scenario_deinit(&s);
}

/* Random headers round-trip, seeds over the whole uint64 range. */
static void test_wts_format_round_trip_random_headers(void **state)
{
    (void)state;
    struct wt_prng r;
    wt_prng_seed(&r, 77);
    static const char *const specs[] = {"reference", "mutant:never-resume", "python:ssl",
                                        "/usr/bin/python3 a.py\t-v", "x"};
    for (int i = 0; i < 500; i++) {
        struct wt_scenario s, t;
        assert_int_equal(parse("close\n", &s), WT_OK);
        s.has_seed = wt_prng_below(&r, 2);
        s.seed = s.has_seed ? wt_prng_next(&r) : 0;
        s.has_generator = wt_prng_below(&r, 2);
        s.generator = s.has_generator ? (uint32_t)wt_prng_next(&r) : 0;
        if (wt_prng_below(&r, 2)) {
            snprintf(s.transport, sizeof s.transport, "%s", specs[wt_prng_below(&r, 5)]);
        }
        if (wt_prng_below(&r, 2)) {
            snprintf(s.kit_version, sizeof s.kit_version, "0.%u.%u",
                     (unsigned)wt_prng_below(&r, 10), (unsigned)wt_prng_below(&r, 100));
        }
        if (wt_prng_below(&r, 2)) {
            snprintf(s.recorded_profile, sizeof s.recorded_profile, "%s", "docs");
        }
        bool v2 = s.has_generator || s.transport[0] || s.kit_version[0] ||
                  s.recorded_profile[0];
        s.wts_version = v2 ? WT_WTS_VERSION : (uint32_t)wt_prng_below(&r, 3);
        s.steps_max = wt_prng_below(&r, 2) ? 1 + wt_prng_below(&r, (uint64_t)WT_OP_STEPS_MAX) : 0;
        char buf[2048];
        int n = wt_wts_format(&s, buf, sizeof buf);
        assert_true(n > 0 && n < (int)sizeof buf);
        assert_int_equal(parse(buf, &t), WT_OK);
        assert_scenarios_equal(&s, &t);
        wt_scenario_deinit(&s);
        wt_scenario_deinit(&t);
    }
}

/* ----- bad input: each class with its exact message -------------------- */

static void test_wts_bad_words(void **state)
{
    (void)state;
    bad_str("write 1\nfrobnicate 3\n", "t.wts:2: unknown op 'frobnicate'");
    bad_str("sock frob", "t.wts:1: unknown op 'sock frob' (sock takes: buffer, cap, drain, "
                         "read, block, open, random, fail, spurious, halfclose, budget, sendmsg, "
                         "iovmax, sendzero, eagain, watchfail)");
    bad_str("peer", "t.wts:1: 'peer' needs one of: send, eof, close");
    bad_str("write", "t.wts:1: write: missing argument (usage: write BYTES [as KIND])");
    bad_str("close now", "t.wts:1: close: extra argument 'now' (usage: close)");
    bad_str("write 1 2", "t.wts:1: write: expected 'as KIND', not '2' (usage: write BYTES [as "
                         "KIND])");
    bad_str("writelines 1 2 3 4 5 6 7 8 9",
            "t.wts:1: writelines: extra argument '9' (usage: writelines [BYTES ...] [as "
            "list|tuple|generator|mixed] (at most 8 chunks))");
    bad_str("expect frob", "t.wts:1: expect: unknown state 'frob' (expected size, limits, "
                           "error, peer, clause or one of: paused, resumed, lost, not-lost, "
                           "closing, not-closing, fin, can-eof, cannot-eof)");
    bad_str("expect error KeyError",
            "t.wts:1: expect error: unknown error 'KeyError' (expected ValueError, "
            "RuntimeError, NotImplementedError, none, or a WT code such as EPIPE)");
    bad_str("expect clause WT-NO-SUCH pass",
            "t.wts:1: expect clause: unknown clause 'WT-NO-SUCH' (see: wtkit clauses)");
    bad_str("sock fail EAGAIN",
            "t.wts:1: sock fail: unknown error 'EAGAIN' (expected EPIPE or ECONNRESET)");
    bad_str("sock random maybe", "t.wts:1: expected on or off, not 'maybe'");
    bad_str("set_write_buffer_limits high=1 high=2",
            "t.wts:1: set_write_buffer_limits: high given twice");
    bad_str("set_write_buffer_limits 100",
            "t.wts:1: set_write_buffer_limits: expected high=N or low=N, not '100' (usage: "
            "set_write_buffer_limits [high=N|None] [low=N|None])");
    bad_str("raise", "t.wts:1: raise: only inside a callback (usage: on pause: raise)");
    bad_str("on pause: step 3", "t.wts:1: on pause: 'step' cannot run inside a callback (only "
                                "a transport call, raise or keep-open)");
    bad_str("on pause write 3",
            "t.wts:1: on: expected 'CALLBACK:' (e.g. 'on pause: write 10'), not 'pause'");
    bad_str("on nap: write 3", "t.wts:1: on: unknown callback 'nap' (expected made, pause, "
                               "resume, data, eof or lost)");
    bad_str("on pause:", "t.wts:1: on pause: missing action (a transport call, raise or "
                         "keep-open)");
}

static void test_wts_bad_numbers(void **state)
{
    (void)state;
    bad_str("write 1x", "t.wts:1: bad byte count '1x' (expected a non-negative integer)");
    bad_str("write -1", "t.wts:1: bad byte count '-1' (expected a non-negative integer)");
    bad_str("write +1", "t.wts:1: bad byte count '+1' (expected a non-negative integer)");
    bad_str("write 16777217", "t.wts:1: byte count '16777217' is out of range (0..16777216)");
    bad_str("write 99999999999999999999999999",
            "t.wts:1: byte count '99999999999999999999999999' is out of range (0..16777216)");
    bad_str("writelines 16777217", "t.wts:1: chunk length '16777217' is out of range "
                                   "(0..16777216)");
    bad_str("writelines 8388608 8388608 1", "t.wts:1: writelines: the chunks add up to "
                                            "16777217 bytes (at most 16777216 in one call)");
    bad_str("peer send 4294967297", "t.wts:1: byte count '4294967297' is out of range "
                                    "(0..4294967296)");
    bad_str("set_write_buffer_limits high=1099511627777",
            "t.wts:1: high '1099511627777' is out of range (-1099511627776..1099511627776)");
    bad_str("set_write_buffer_limits low=--1", "t.wts:1: bad low '--1' (expected an integer)");
    bad_str("step 16777217", "t.wts:1: step count '16777217' is out of range (0..16777216)");
    bad_str("advance 5", "t.wts:1: time '5' needs a unit (ns, us, ms or s)");
    bad_str("advance 5h", "t.wts:1: bad time '5h' (expected e.g. 5ms; units ns, us, ms, s)");
    bad_str("advance 1125899906842625ns",
            "t.wts:1: time '1125899906842625ns' is out of range (at most 1125899s)");
    bad_str("advance 99999999999999999999999999999999999999999s",
            "t.wts:1: time '9999999999999999999999999999999999999999' is out of range (at "
            "most 1125899s)"); /* a bad word is quoted up to 40 bytes */
    bad_str("seed -1", "t.wts:1: bad seed '-1' (expected a non-negative integer)");
    bad_str("steps 0", "t.wts:1: step bound '0' is out of range (1..16777216)");
    bad_str("steps 16777217", "t.wts:1: step bound '16777217' is out of range (1..16777216)");
}

static void test_wts_bad_header(void **state)
{
    (void)state;
    bad_str("write 1\nseed 4\n", "t.wts:2: 'seed' is a header line: it must come before the "
                                 "first op");
    bad_str("seed 1\nseed 2\nwrite 1", "t.wts:2: 'seed' given twice");
    bad_str("seed\nwrite 1", "t.wts:1: seed: missing argument (usage: seed N)");
    bad_str("flavor a b\nwrite 1", "t.wts:1: flavor: extra argument (usage: flavor NAME)");
    bad_str("flavor Docs\nwrite 1", "t.wts:1: bad flavor name 'Docs' (lower-case letters, "
                                    "digits, '-' and '_'; at most 31)");
    bad_str("profile nope\nwrite 1",
            "t.wts:1: profile: unknown profile 'nope' (see: wtkit clauses --help)");
}

static void test_wts_bad_bytes(void **state)
{
    (void)state;
    bad("write 1\nwr\0te 1\n", 15, "t.wts:2: NUL byte at column 3");
    bad_str("# caf\xc3\xa9 is fine in a comment\nwrite \xff\n",
            "t.wts:2: invalid UTF-8 at column 7");
    bad_str("write 1 # \xc0\xaf overlong\n", "t.wts:1: invalid UTF-8 at column 11");
    bad_str("write 1 # \xed\xa0\x80 surrogate\n", "t.wts:1: invalid UTF-8 at column 11");
    bad_str("write 1 # \xe2\x82 truncated", "t.wts:1: invalid UTF-8 at column 11");
    bad_str("write\x01 1", "t.wts:1: control character 0x01 at column 6");
    bad_str("a b c d e f g h i j k l m n o p q", "t.wts:1: too many words (at most 16)");

    size_t big = 1 << 20;
    char *line = malloc(big + 16);
    assert_non_null(line);
    memcpy(line, "write 1\n", 8);
    memset(line + 8, 'x', big);
    line[8 + big] = '\n';
    bad(line, big + 9, "t.wts:2: line too long (1048576 bytes; at most 4096)");
    free(line);
}

static void test_wts_bad_empty(void **state)
{
    (void)state;
    bad("", 0, "t.wts:1: empty scenario: no ops");
    bad_str("# only a comment\n\n", "t.wts:1: empty scenario: no ops");
    /* Header lines and no ops: a scenario of its own (what runs is the start and close). */
    struct wt_scenario sc;
    wt_scenario_init(&sc, tl_alloc_get(&ta));
    const char *header_only = "seed 1\nprofile docs\n";
    assert_int_equal(wt_wts_parse(header_only, strlen(header_only), "t.wts", &sc, err, sizeof err),
                     WT_OK);
    assert_int_equal(sc.nops, 0);
    assert_true(sc.has_seed);
    wt_scenario_deinit(&sc);
    struct wt_op op;
    assert_int_equal(wt_wts_parse_line("  # nothing", 11, NULL, 1, &op, err, sizeof err),
                     WT_ENOENT);
}

static void test_wts_out_of_memory(void **state)
{
    (void)state;
    /* Fail each allocation in turn: a clean WT_ENOMEM, never a leak. */
    char text[4096] = "";
    for (int i = 0; i < 100; i++) {
        strcat(text, "write 1\n");
    }
    long n = 1;
    for (;; n++) {
        struct wt_scenario s;
        tl_alloc_fail_at(&ta, n);
        wt_scenario_init(&s, &counting);
        int rc = wt_wts_parse(text, strlen(text), "t.wts", &s, err, sizeof err);
        if (rc == WT_OK) {
            assert_int_equal(s.nops, 100);
            wt_scenario_deinit(&s);
            break;
        }
        assert_int_equal(rc, WT_ENOMEM);
        assert_non_null(strstr(err, ": out of memory"));
        assert_int_equal(s.nops, 0);
        wt_scenario_deinit(&s);
    }
    assert_true(n > 1);
    tl_alloc_fail_at(&ta, 0);
}

static void test_wts_load(void **state)
{
    (void)state;
    struct wt_scenario s;
    wt_scenario_init(&s, &counting);
    assert_int_equal(wt_wts_load("/nonexistent/x.wts", &s, err, sizeof err), WT_EIO);
    assert_string_equal(err, "/nonexistent/x.wts: No such file or directory");
    char path[] = "/tmp/test_wts_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("seed 9\nwrite 5\nbogus\n", f);
    fclose(f);
    assert_int_equal(wt_wts_load(path, &s, err, sizeof err), WT_ESYNTAX);
    char want[128];
    snprintf(want, sizeof want, "%s:3: unknown op 'bogus'", path);
    assert_string_equal(err, want);
    remove(path);
    wt_scenario_deinit(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wts_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_set_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_sock_peer_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_hooks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_version4_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_version5_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_expect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_header_v2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_bounds_are_the_worlds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_bad_header_v2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_version3_ops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_canonical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_round_trip_all_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_format_scenario, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_format_round_trip_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_format_round_trip_random_headers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wts_bad_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_bad_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_bad_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_bad_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_bad_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wts_load, setup, teardown),
    };
    return cmocka_run_group_tests_name("wts", tests, NULL, NULL);
}
