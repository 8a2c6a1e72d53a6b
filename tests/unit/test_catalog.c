/* SPDX-License-Identifier: MIT */
/*
 * test_catalog.c - the catalog as data: every docs sentence has a row
 * (what `wtkit clauses --check` runs), IDs are unique and stable in shape,
 * conflict pairs point at each other and split the profiles, and every
 * profile's departure from docs has a one-line reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wt/wt.h"

static void print_line(void *ud, const char *line)
{
    (void)ud;
    print_message("%s\n", line);
}

static void test_catalog_covers_every_sentence(void **state)
{
    (void)state;
    assert_int_equal(wt_catalog_check(print_line, NULL), 0);
    assert_int_equal(wt_catalog_check(NULL, NULL), 0);
}

static void test_catalog_docs_are_embedded(void **state)
{
    (void)state;
    assert_int_equal(wt_docs_count(), 2);
    assert_non_null(wt_docs_text("write-transport-docs.txt"));
    assert_non_null(wt_docs_text("related-docs.txt"));
    assert_null(wt_docs_text("nope.txt"));
    assert_null(wt_docs_name(99));
}

static void test_catalog_rows_are_well_formed(void **state)
{
    (void)state;
    size_t n = wt_catalog_count();
    assert_true(n > 40 && n < UINT16_MAX);
    for (size_t i = 0; i < n; i++) {
        const struct wt_clause *c = wt_catalog_at(i);
        assert_non_null(c);
        assert_true(strncmp(c->id, "WT-", 3) == 0);
        for (const char *s = c->id; *s != '\0'; s++) {
            assert_true((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-');
        }
        assert_true(c->kind >= 0 && c->kind < WT_CLAUSE_KIND_COUNT);
        assert_true(strcmp(c->source, "implicit") == 0 ||
                    wt_docs_text(c->source) != NULL);
        assert_true(strlen(c->sentence) > 10 && strlen(c->check) > 10);
        size_t found;
        assert_int_equal(wt_catalog_find(c->id, &found), WT_OK);
        assert_int_equal(found, i); /* IDs are unique */
        /*
         * An implicit row docs judges names the docs sentence it follows
         * from and belongs to every profile; any other is outside docs,
         * which judges asyncio's agreements (the asyncio profile's) only as
         * INTEROP notes.
         */
        const struct wt_profile *docs = NULL, *asyncio = NULL;
        assert_int_equal(wt_profile_find("docs", &docs), WT_OK);
        assert_int_equal(wt_profile_find("asyncio", &asyncio), WT_OK);
        if (strcmp(c->source, "implicit") == 0) {
            if (c->follows != NULL) {
                assert_int_equal(c->profiles, (1u << wt_profile_count()) - 1);
                assert_true(strlen(c->follows) > 20);
            } else {
                assert_false(wt_profile_has(docs, i));
                assert_int_equal(wt_profile_notes(docs, i), wt_profile_has(asyncio, i));
            }
        } else {
            assert_null(c->follows);
            assert_int_equal(c->notes, 0); /* a quoted sentence is docs' to judge */
            /* asyncio takes every docs row (and the docs' side of each conflict). */
            assert_int_equal(wt_profile_has(docs, i), wt_profile_has(asyncio, i));
        }
        /* Only docs notes anything, and never what it judges itself. */
        assert_int_equal(c->notes & ~1u, 0);
        assert_false(wt_profile_has(docs, i) && wt_profile_notes(docs, i));
    }
    assert_null(wt_catalog_at(n));
    assert_int_equal(wt_catalog_find("WT-NOPE", NULL), WT_ENOENT);
    assert_string_equal(wt_clause_kind_name(WT_CLAUSE_IMPL), "IMPL");
}

static void test_catalog_conflicts_split_the_profiles(void **state)
{
    (void)state;
    size_t pairs = 0;
    for (size_t i = 0; i < wt_catalog_count(); i++) {
        const struct wt_clause *c = wt_catalog_at(i);
        if (c->conflict == NULL) {
            continue;
        }
        size_t j;
        assert_int_equal(wt_catalog_find(c->conflict, &j), WT_OK);
        const struct wt_clause *o = wt_catalog_at(j);
        assert_non_null(o->conflict);
        assert_string_equal(o->conflict, c->id);
        assert_true(c->checkable && o->checkable);
        /* Each profile is on exactly one side of the pair. */
        uint32_t all = (1u << wt_profile_count()) - 1;
        assert_int_equal(c->profiles & o->profiles, 0);
        if (strcmp(c->id, "WT-RESUME-AT-OR-BELOW-LOW") != 0 &&
            strcmp(c->id, "WT-RESUME-BELOW-LOW") != 0) {
            assert_int_equal(c->profiles | o->profiles, all);
        }
        pairs++;
    }
    assert_int_equal(pairs, 8); /* four pairs, each seen from both sides */
}

static void test_catalog_profiles_explain_every_deviation(void **state)
{
    (void)state;
    const struct wt_profile *docs = NULL;
    assert_int_equal(wt_profile_find("docs", &docs), WT_OK);
    assert_int_equal(wt_profile_index(docs), 0);
    assert_int_equal(wt_profile_defaults(docs, NULL, NULL), WT_ENOENT);
    assert_null(wt_profile_base(docs));
    for (size_t p = 1; p < wt_profile_count(); p++) {
        const struct wt_profile *pr = wt_profile_at(p);
        const struct wt_profile *base = wt_profile_base(pr);
        assert_non_null(base);
        assert_true(wt_profile_index(base) < p); /* docs, then asyncio, then the families */
        assert_non_null(wt_profile_flavor(pr));
        assert_non_null(wt_profile_summary(pr));
        for (size_t c = 0; c < wt_catalog_count(); c++) {
            if (wt_profile_has(pr, c) == wt_profile_has(base, c)) {
                continue;
            }
            bool explained = false;
            for (size_t d = 0; d < wt_profile_deviation_count(pr); d++) {
                const char *reason = NULL;
                const char *id = wt_profile_deviation(pr, d, &reason);
                if (strcmp(id, wt_catalog_at(c)->id) == 0) {
                    explained = strlen(reason) > 10 && strchr(reason, '\n') == NULL;
                }
            }
            if (!explained) {
                print_message("%s: %s differs from %s without a reason\n",
                              wt_profile_name(pr), wt_catalog_at(c)->id, wt_profile_name(base));
            }
            assert_true(explained);
        }
        /* Every deviation row names a real clause (or the defaults). */
        for (size_t d = 0; d < wt_profile_deviation_count(pr); d++) {
            const char *id = wt_profile_deviation(pr, d, NULL);
            assert_true(strcmp(id, "defaults") == 0 || wt_catalog_find(id, NULL) == WT_OK);
        }
        assert_null(wt_profile_deviation(pr, 99, NULL));
    }
    assert_int_equal(wt_profile_find("nope", NULL), WT_ENOENT);
}

static void test_catalog_mutants_name_real_clauses(void **state)
{
    (void)state;
    assert_true(wt_mutant_count() >= WT_FAULTBIT_COUNT);
    for (size_t i = 0; i < wt_mutant_count(); i++) {
        const struct wt_mutant *m = wt_mutant_at(i);
        const struct wt_mutant *found = NULL;
        assert_int_equal(wt_mutant_find(m->name, &found), WT_OK);
        assert_ptr_equal(found, m);
        assert_non_null(m->clauses[0]);
        /*
         * The profile it is judged by (docs when none) must judge every
         * declared clause: the primary one as its own, a knock-on at least
         * as an INTEROP note.
         */
        const struct wt_profile *p = NULL;
        assert_int_equal(wt_profile_find(m->profile != NULL ? m->profile : "docs", &p), WT_OK);
        for (size_t k = 0; k < WT_MUTANT_CLAUSES_MAX && m->clauses[k] != NULL; k++) {
            size_t c;
            assert_int_equal(wt_catalog_find(m->clauses[k], &c), WT_OK);
            assert_true(wt_catalog_at(c)->checkable);
            assert_true(k == 0 ? wt_profile_has(p, c) : wt_profile_judges(p, c));
        }
    }
    assert_null(wt_mutant_at(wt_mutant_count()));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_covers_every_sentence),
        cmocka_unit_test(test_catalog_docs_are_embedded),
        cmocka_unit_test(test_catalog_rows_are_well_formed),
        cmocka_unit_test(test_catalog_conflicts_split_the_profiles),
        cmocka_unit_test(test_catalog_profiles_explain_every_deviation),
        cmocka_unit_test(test_catalog_mutants_name_real_clauses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
