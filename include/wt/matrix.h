/* SPDX-License-Identifier: MIT */
/*
 * matrix.h - the clause matrix: for each clause of the catalog, the
 * scenarios that exercise it, the built-in mutants whose runs it FAILs
 * ("kills"), and the lines of the reference transport that implement it,
 * with their coverage; and the gaps among them.
 *
 * Sources, each added by one call:
 *   - scenarios: the suite run on the reference under every profile; a
 *     scenario exercises a clause when a run of it judged the clause PASS
 *     or FAIL (not NOT-EXERCISED, not N/A);
 *   - mutants: the suite run on every built-in mutant (under the mutant's
 *     own profile, else the spec's); a mutant is killed by a clause when
 *     its run FAILs that clause, and killed when the run exits 1;
 *   - tags: one-line comments in the reference's source that open with
 *     "=" and the word "clause", then clause IDs; each names the clauses
 *     the one statement after it implements (a block counted whole);
 *   - coverage: an lcov tracefile (DA records) of that source;
 *   - exemptions: lines "CLAUSE-ID GAP reason" (GAP: scenarios, mutants,
 *     lines or coverage), each a known gap and why.
 *
 * A clause is checked when it is checkable and in some profile (the
 * others are listed with that reason). A checked clause has a gap when no
 * scenario exercises it, no mutant is killed by it, no line is tagged
 * with it, or (with coverage) one of its executable lines never ran. A gap
 * that is not exempt, and an exemption for a gap that is not there
 * (stale), fail the matrix. docs/internals/matrix.md has the details.
 */
#ifndef WT_MATRIX_H
#define WT_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "alloc.h"
#include "session.h"

/* The gaps a clause can have (bits). */
enum wt_matrix_gap {
    WT_MATRIX_GAP_SCENARIOS = 1 << 0, /* no scenario exercises it */
    WT_MATRIX_GAP_MUTANTS = 1 << 1,   /* no built-in mutant is killed by it */
    WT_MATRIX_GAP_LINES = 1 << 2,     /* no line of the reference is tagged with it */
    WT_MATRIX_GAP_COVERAGE = 1 << 3,  /* a tagged executable line never ran */
};
#define WT_MATRIX_GAPS 4

/* The word of gap bit i (0..WT_MATRIX_GAPS-1): "scenarios", "mutants", ... */
const char *wt_matrix_gap_name(unsigned i);

/* One clause's row, after wt_matrix_finish. */
struct wt_matrix_row {
    bool checked;            /* checkable and in some profile */
    const char *why_not;     /* when not checked: why ("in no profile", "not checkable") */
    size_t nscenarios;       /* scenarios that exercise it */
    size_t nmutants;         /* built-in mutants whose runs FAIL it */
    size_t ntags;            /* tagged statements */
    size_t nlines;           /* their lines (a line tagged twice counted once) */
    size_t nexec, ncovered;  /* executable lines among them, and those that ran */
    unsigned gaps;           /* enum wt_matrix_gap bits */
    unsigned exempt;         /* the gaps an exemption covers */
    unsigned stale;          /* exemptions for gaps that are not there */
    unsigned flagged;        /* gaps & ~exempt, plus stale: what fails */
};

struct wt_matrix;

int wt_matrix_new(const struct wt_allocator *a, struct wt_matrix **out);
void wt_matrix_free(struct wt_matrix *m); /* NULL is a no-op */

/*
 * Runs base (its paths: the suite; transport, profile and hooks are
 * replaced) on the reference under every profile and records which
 * scenario exercises which clause, and which clauses the reference itself
 * FAILs (a problem of its own). WT_OK, or the session's error with err.
 */
int wt_matrix_run_scenarios(struct wt_matrix *m, const struct wt_session_spec *base, char *err,
                            size_t err_cap);

/*
 * Runs base on every built-in mutant (its profile, else base's) and
 * records the clauses each FAILs and its exit class.
 */
int wt_matrix_run_mutants(struct wt_matrix *m, const struct wt_session_spec *base, char *err,
                          size_t err_cap);

/*
 * Reads the clause tags of a source file (text is its whole content,
 * path its name as lcov's SF records end). WT_OK, or WT_ESYNTAX with
 * "PATH:LINE: message" in err (an unknown clause, a tag with no statement).
 */
int wt_matrix_read_tags(struct wt_matrix *m, const char *path, const char *text, char *err,
                        size_t err_cap);

/*
 * Reads an lcov tracefile: the DA records of the tagged source (matched by
 * path suffix; several records are summed). WT_OK, WT_ESYNTAX, or
 * WT_ENOENT when the tracefile has no record of the source.
 */
int wt_matrix_read_lcov(struct wt_matrix *m, const char *text, char *err, size_t err_cap);

/* Reads exemptions ("CLAUSE-ID GAP reason" lines, # comments): WT_OK or WT_ESYNTAX. */
int wt_matrix_read_exemptions(struct wt_matrix *m, const char *path, const char *text,
                              char *err, size_t err_cap);

/* Decides every row. */
void wt_matrix_finish(struct wt_matrix *m);
const struct wt_matrix_row *wt_matrix_row(const struct wt_matrix *m, size_t clause);
/* Rows with a flagged gap or stale exemption (after finish). */
size_t wt_matrix_flagged(const struct wt_matrix *m);

/* The matrix as text: a block per clause, then a summary line. */
void wt_matrix_print(const struct wt_matrix *m, FILE *out, bool verbose);
/* The matrix as one self-contained HTML page. WT_OK or WT_EIO. */
int wt_matrix_write_html(const struct wt_matrix *m, FILE *f);

/*
 * The built-in mutants' score (after wt_matrix_run_mutants): per clause,
 * the mutants declared for it and those its runs FAIL it; per mutant,
 * killed or survived; overall. Returns the survivors (a mutant whose run
 * exits 0), 0 when every mutant is killed.
 */
size_t wt_matrix_print_score(const struct wt_matrix *m, FILE *out);

#endif
