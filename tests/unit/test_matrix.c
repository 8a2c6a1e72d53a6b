/* SPDX-License-Identifier: MIT */
/*
 * test_matrix.c - the clause matrix (conformance/matrix.c): a clause tag
 * covers exactly the one statement after it (a block whole, an if with
 * its else, braces in strings and comments ignored); bad tags name
 * file:line; lcov DA records are matched by path suffix and summed;
 * exemptions parse, and cover a gap or go stale; the suite and the
 * mutants fill the scenario and mutant columns; this repository's own
 * matrix has no flagged gap. Everything is freed. Run from the repository
 * root (it reads conformance/scenarios, sim/ref_transport.c and
 * coverage/matrix-exempt.txt).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "wt/matrix.h"
#include "wt/wt.h"

static size_t clause(const char *id)
{
    size_t k = 0;
    assert_int_equal(wt_catalog_find(id, &k), WT_OK);
    return k;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF) {
        fputc(c, mem);
    }
    fclose(f);
    fclose(mem);
    return buf;
}

static const char src[] =
    "static int f(int x)\n"                                   /*  1 */
    "{\n"                                                      /*  2 */
    "    /*= clause WT-PAUSE-STRICTLY-OVER-HIGH */\n"          /*  3 */
    "    return x > 1;\n"                                      /*  4 */
    "}\n"                                                      /*  5 */
    "static void g(int x)\n"                                   /*  6 */
    "{\n"                                                      /*  7 */
    "    /*= related:Some docs sentence\n"                     /*  8 */
    "     *# quoted { not code } */\n"                         /*  9 */
    "    /*= clause WT-CLOSE-FLUSHES, WT-IS-CLOSING */\n"      /* 10 */
    "\n"                                                       /* 11 */
    "    if (x) {\n"                                           /* 12 */
    "        puts(\"} {\");\n"                                 /* 13 */
    "    } else if (x > 2) {\n"                                /* 14 */
    "        h('}');\n"                                        /* 15 */
    "    }\n"                                                  /* 16 */
    "    /* a plain comment */\n"                              /* 17 */
    "    /*= clause WT-IS-CLOSING */\n"                        /* 18 */
    "    h(x,\n"                                               /* 19 */
    "      x + 1);\n"                                          /* 20 */
    "    h(0);\n"                                              /* 21 */
    "}\n";                                                     /* 22 */

static const char lcov[] =
    "TN:\n"
    "SF:/somewhere/else/other.c\n"
    "DA:4,9\n"
    "end_of_record\n"
    "SF:/work/tree/sim/src.c\n"
    "DA:4,3\n"
    "DA:12,1\n"
    "DA:13,1\n"
    "DA:14,1\n"
    "DA:15,0\n"
    "DA:19,2\n"
    "end_of_record\n"
    "SF:/work/tree/sim/src.c\n"
    "DA:15,0\n"
    "DA:19,1\n"
    "end_of_record\n";

static struct wt_matrix *matrix_of(const struct wt_allocator *a, const char *lcov_text)
{
    struct wt_matrix *m = NULL;
    char err[512] = "";
    assert_int_equal(wt_matrix_new(a, &m), WT_OK);
    assert_int_equal(wt_matrix_read_tags(m, "sim/src.c", src, err, sizeof err), WT_OK);
    if (lcov_text != NULL) {
        assert_int_equal(wt_matrix_read_lcov(m, lcov_text, err, sizeof err), WT_OK);
    }
    return m;
}

/* A tag covers its statement: one line, a block with its else, a call over two lines. */
static void test_matrix_tag_extents(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_matrix *m = matrix_of(tl_alloc_get(&ta), NULL);
    wt_matrix_finish(m);
    const struct wt_matrix_row *pause = wt_matrix_row(m, clause("WT-PAUSE-STRICTLY-OVER-HIGH"));
    assert_int_equal(pause->ntags, 1);
    assert_int_equal(pause->nlines, 1); /* line 4 */
    const struct wt_matrix_row *flush = wt_matrix_row(m, clause("WT-CLOSE-FLUSHES"));
    assert_int_equal(flush->ntags, 1);
    assert_int_equal(flush->nlines, 5); /* lines 12-16 */
    const struct wt_matrix_row *closing = wt_matrix_row(m, clause("WT-IS-CLOSING"));
    assert_int_equal(closing->ntags, 2);
    assert_int_equal(closing->nlines, 7); /* 12-16 and 19-20, not 21 */
    /* Without runs or coverage, only the lines gap is measured. */
    assert_int_equal(closing->gaps, 0);
    const struct wt_matrix_row *other = wt_matrix_row(m, clause("WT-WRITE-DELIVERS"));
    assert_int_equal(other->gaps, WT_MATRIX_GAP_LINES);
    assert_true(wt_matrix_flagged(m) > 0);
    assert_null(wt_matrix_row(m, wt_catalog_count()));
    wt_matrix_free(m);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

static void test_matrix_bad_tags(void **state)
{
    (void)state;
    struct wt_matrix *m = NULL;
    char err[512] = "";
    assert_int_equal(wt_matrix_new(NULL, &m), WT_OK);
    assert_int_equal(wt_matrix_read_tags(m, "x.c", "int a;\n/*= clause WT-NO-SUCH */\nint b;\n",
                                         err, sizeof err),
                     WT_ESYNTAX);
    assert_string_equal(err, "x.c:2: clause tag: unknown clause 'WT-NO-SUCH'");
    assert_int_equal(wt_matrix_read_tags(m, "y.c", "int a;\n/*= clause WT-IS-CLOSING */\n", err,
                                         sizeof err),
                     WT_ESYNTAX);
    assert_string_equal(err, "y.c:2: clause tag with no statement after it");
    /* A tag inside a block comment is prose, not a tag. */
    assert_int_equal(wt_matrix_read_tags(m, "z.c", "/*\n/*= clause WT-NO-SUCH */\nint b;\n", err,
                                         sizeof err),
                     WT_OK);
    wt_matrix_free(m);
    wt_matrix_free(NULL);
}

/* lcov: the tagged source's records (by path suffix) summed; the others ignored. */
static void test_matrix_lcov(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_matrix *m = matrix_of(tl_alloc_get(&ta), lcov);
    wt_matrix_finish(m);
    const struct wt_matrix_row *pause = wt_matrix_row(m, clause("WT-PAUSE-STRICTLY-OVER-HIGH"));
    assert_int_equal(pause->nexec, 1);
    assert_int_equal(pause->ncovered, 1);
    const struct wt_matrix_row *closing = wt_matrix_row(m, clause("WT-IS-CLOSING"));
    assert_int_equal(closing->nexec, 5); /* 12, 13, 14, 15, 19 */
    assert_int_equal(closing->ncovered, 4);
    assert_int_equal(closing->gaps, WT_MATRIX_GAP_COVERAGE);
    assert_int_equal(closing->flagged, WT_MATRIX_GAP_COVERAGE);
    char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    wt_matrix_print(m, f, false);
    fclose(f);
    assert_non_null(strstr(buf, "never ran      sim/src.c:15"));
    wt_matrix_free(m);

    char err[256];
    assert_int_equal(wt_matrix_new(NULL, &m), WT_OK);
    assert_int_equal(wt_matrix_read_tags(m, "sim/src.c", src, err, sizeof err), WT_OK);
    assert_int_equal(wt_matrix_read_lcov(m, "SF:/a/b/src.c\nDA:1,1\n", err, sizeof err),
                     WT_ENOENT); /* "b/src.c" is not "sim/src.c" */
    assert_int_equal(wt_matrix_read_lcov(m, "SF:sim/src.c\nDA:x,1\n", err, sizeof err),
                     WT_ESYNTAX);
    wt_matrix_free(m);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* Exemptions cover a gap; one whose gap is not there is stale; bad lines name file:line. */
static void test_matrix_exemptions(void **state)
{
    (void)state;
    struct wt_matrix *m = matrix_of(NULL, lcov);
    char err[512] = "";
    const char *ok = "# comment\n\n"
                     "WT-IS-CLOSING coverage line 15 is a fault path\n"
                     "WT-PAUSE-STRICTLY-OVER-HIGH lines it has lines: stale\n";
    assert_int_equal(wt_matrix_read_exemptions(m, "ex.txt", ok, err, sizeof err), WT_OK);
    wt_matrix_finish(m);
    const struct wt_matrix_row *closing = wt_matrix_row(m, clause("WT-IS-CLOSING"));
    assert_int_equal(closing->exempt, WT_MATRIX_GAP_COVERAGE);
    assert_int_equal(closing->flagged, 0);
    const struct wt_matrix_row *pause = wt_matrix_row(m, clause("WT-PAUSE-STRICTLY-OVER-HIGH"));
    assert_int_equal(pause->stale, WT_MATRIX_GAP_LINES);
    assert_int_equal(pause->flagged, WT_MATRIX_GAP_LINES);
    wt_matrix_free(m);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"WT-NOPE lines x\n", "ex.txt:1: unknown clause 'WT-NOPE'"},
        {"# c\nWT-IS-CLOSING branches x\n",
         "ex.txt:2: unknown gap 'branches' (scenarios, mutants, lines, coverage)"},
        {"WT-IS-CLOSING lines\n", "ex.txt:1: want CLAUSE-ID GAP reason"},
        {"WT-IS-CLOSING lines a\nWT-IS-CLOSING lines b\n",
         "ex.txt:2: WT-IS-CLOSING lines is exempt twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(wt_matrix_new(NULL, &m), WT_OK);
        assert_int_equal(wt_matrix_read_exemptions(m, "ex.txt", bad[i].text, err, sizeof err),
                         WT_ESYNTAX);
        assert_string_equal(err, bad[i].want);
        wt_matrix_free(m);
    }
}

/* The suite fills the scenario column; the mutants the kill column; all mutants die. */
static void test_matrix_runs(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_matrix *m = NULL;
    assert_int_equal(wt_matrix_new(tl_alloc_get(&ta), &m), WT_OK);
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    spec.alloc = tl_alloc_get(&ta);
    char err[4096];
    assert_int_equal(wt_matrix_run_scenarios(m, &spec, err, sizeof err), WT_OK);
    assert_int_equal(wt_matrix_run_mutants(m, &spec, err, sizeof err), WT_OK);
    wt_matrix_finish(m);
    /* Each mutant's first declared clause is killed by its run. */
    for (size_t i = 0; i < wt_mutant_count(); i++) {
        const struct wt_matrix_row *r = wt_matrix_row(m, clause(wt_mutant_at(i)->clauses[0]));
        assert_true(r->nmutants > 0);
        assert_true(r->nscenarios > 0);
    }
    /* The cpython-ssl-only clause is exercised by the ssl profile's run. */
    assert_true(wt_matrix_row(m, clause("WT-PAUSE-AT-OR-OVER-HIGH"))->nscenarios > 0);
    /* Not checkable: never a gap. */
    const struct wt_matrix_row *na = wt_matrix_row(m, clause("WT-ABORT-DISCARDS"));
    assert_false(na->checked);
    assert_string_equal(na->why_not, "not checkable");
    assert_int_equal(na->gaps, 0);
    assert_string_equal(wt_matrix_row(m, clause("WT-LIMITS-POSITIVE"))->why_not, "in no profile");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(wt_matrix_print_score(m, f), 0);
    fclose(f);
    char want[128];
    snprintf(want, sizeof want, "built-in mutants: %zu of %zu killed (100.0%%)", wt_mutant_count(),
             wt_mutant_count());
    assert_non_null(strstr(text, want));
    free(text);
    wt_matrix_free(m);
    assert_int_equal(tl_alloc_live(&ta), 0);
}

/* This repository: tags, exemptions and runs leave no flagged gap (coverage: make check). */
static void test_matrix_of_this_repository(void **state)
{
    (void)state;
    struct wt_matrix *m = NULL;
    assert_int_equal(wt_matrix_new(NULL, &m), WT_OK);
    char err[4096] = "";
    char *source = slurp("sim/ref_transport.c");
    char *exempt = slurp("coverage/matrix-exempt.txt");
    assert_int_equal(wt_matrix_read_tags(m, "sim/ref_transport.c", source, err, sizeof err),
                     WT_OK);
    assert_int_equal(wt_matrix_read_exemptions(m, "coverage/matrix-exempt.txt", exempt, err,
                                               sizeof err),
                     WT_OK);
    struct wt_session_spec spec;
    wt_session_spec_init(&spec);
    assert_int_equal(wt_matrix_run_scenarios(m, &spec, err, sizeof err), WT_OK);
    assert_int_equal(wt_matrix_run_mutants(m, &spec, err, sizeof err), WT_OK);
    wt_matrix_finish(m);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    wt_matrix_print(m, f, false);
    assert_int_equal(wt_matrix_write_html(m, f), WT_OK);
    fclose(f);
    if (wt_matrix_flagged(m) != 0) {
        fail_msg("%s", text);
    }
    assert_non_null(strstr(text, "<td>WT-PAUSE-STRICTLY-OVER-HIGH</td>"));
    free(text);
    free(source);
    free(exempt);
    wt_matrix_free(m);
}

/* Gaps and stale exemptions show in the HTML table. */
static void test_matrix_html_gaps(void **state)
{
    (void)state;
    struct wt_matrix *m = matrix_of(NULL, lcov);
    char err[512];
    assert_int_equal(wt_matrix_read_exemptions(m, "ex.txt",
                                               "WT-PAUSE-STRICTLY-OVER-HIGH lines stale\n"
                                               "WT-WRITE-DELIVERS lines not in src.c\n",
                                               err, sizeof err),
                     WT_OK);
    wt_matrix_finish(m);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(wt_matrix_write_html(m, f), WT_OK);
    wt_matrix_print(m, f, true);
    fclose(f);
    assert_non_null(strstr(text, "<b>GAP</b> coverage"));
    assert_non_null(strstr(text, "<b>STALE exemption</b> lines"));
    assert_non_null(strstr(text, "exempt lines: not in src.c"));
    assert_non_null(strstr(text, "STALE exemption: lines (ex.txt:WT-PAUSE-STRICTLY-OVER-HIGH)"));
    assert_string_equal(wt_matrix_gap_name(0), "scenarios");
    assert_string_equal(wt_matrix_gap_name(WT_MATRIX_GAPS), "?");
    free(text);
    wt_matrix_free(m);
}

/* Every allocation of reading tags, coverage and exemptions may fail: WT_ENOMEM, no leak. */
static void test_matrix_failmalloc(void **state)
{
    (void)state;
    for (long nth = 1; nth < 200; nth++) {
        struct tl_alloc ta;
        tl_alloc_init(&ta);
        tl_alloc_fail_at(&ta, nth);
        struct wt_matrix *m = NULL;
        char err[512];
        int rc = wt_matrix_new(tl_alloc_get(&ta), &m);
        if (rc == WT_OK) {
            rc = wt_matrix_read_tags(m, "sim/src.c", src, err, sizeof err);
        }
        if (rc == WT_OK) {
            rc = wt_matrix_read_lcov(m, lcov, err, sizeof err);
        }
        if (rc == WT_OK) {
            rc = wt_matrix_read_exemptions(m, "ex.txt", "WT-IS-CLOSING coverage x\n", err,
                                           sizeof err);
        }
        assert_true(rc == WT_OK || rc == WT_ENOMEM);
        bool failed = ta.failures > 0;
        wt_matrix_free(m);
        assert_int_equal(tl_alloc_live(&ta), 0);
        if (!failed) {
            assert_int_equal(rc, WT_OK);
            break;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_tag_extents),
        cmocka_unit_test(test_matrix_bad_tags),
        cmocka_unit_test(test_matrix_lcov),
        cmocka_unit_test(test_matrix_exemptions),
        cmocka_unit_test(test_matrix_runs),
        cmocka_unit_test(test_matrix_of_this_repository),
        cmocka_unit_test(test_matrix_html_gaps),
        cmocka_unit_test(test_matrix_failmalloc),
    };
    return cmocka_run_group_tests_name("matrix", tests, NULL, NULL);
}
