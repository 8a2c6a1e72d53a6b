/* SPDX-License-Identifier: MIT */
/*
 * matrix.c - the clause matrix (matrix.h): clause -> scenarios that
 * exercise it -> built-in mutants it kills -> reference lines that
 * implement it, with their coverage; its gaps and their exemptions.
 *
 * The runs go through the session like every command, so "exercised" and
 * "killed" mean what `wtkit run` reports. The source scanner knows only
 * enough C to find the extent of one statement: comments, string and
 * character literals, parentheses and braces, and an `else` that carries
 * an `if` statement on.
 *
 * Sections:
 *   1. the value
 *   2. runs: scenarios and mutants
 *   3. tags in the source
 *   4. coverage and exemptions
 *   5. deciding the rows
 *   6. text, score and HTML
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/matrix.h"
#include "wt/spec.h"
#include "wt/wt.h"

/* ===== 1. the value ===================================================== */

struct matrix_tag {
    size_t clause;
    uint32_t line;         /* the tag's line */
    uint32_t first, last;  /* the statement's lines */
};

struct matrix_exemption {
    size_t clause;
    unsigned gap;          /* one enum wt_matrix_gap bit */
    char reason[240];
};

struct wt_matrix {
    const struct wt_allocator *a;
    size_t nclauses;
    /* scenarios */
    size_t nscen, scen_cap;
    char **scen;           /* base names */
    uint8_t *exercised;    /* [scenario * nclauses + clause] */
    bool scenarios_run;
    char ref_fails[600];   /* clauses the reference itself FAILs: "ID (profile)" */
    /* mutants */
    size_t nmut;
    uint8_t *killed_by;    /* [mutant * nclauses + clause] */
    int *mut_exit;
    bool mutants_run;
    /* tags */
    char source[1024];
    size_t ntags, tags_cap;
    struct matrix_tag *tags;
    /* coverage: per source line, -1 not executable, else the count */
    bool have_coverage;
    char coverage_note[120];
    size_t ncov;
    int64_t *cov;
    /* exemptions */
    char exempt_path[1024];
    size_t nexempt, exempt_cap;
    struct matrix_exemption *exempts;
    /* rows */
    struct wt_matrix_row *rows;
};

static const char *const matrix_gap_names[WT_MATRIX_GAPS] = {"scenarios", "mutants", "lines",
                                                             "coverage"};

const char *wt_matrix_gap_name(unsigned i)
{
    return i < WT_MATRIX_GAPS ? matrix_gap_names[i] : "?";
}

int wt_matrix_new(const struct wt_allocator *a, struct wt_matrix **out)
{
    struct wt_matrix *m = wt_calloc(a, 1, sizeof *m);
    if (m == NULL) {
        return WT_ENOMEM;
    }
    m->a = a;
    m->nclauses = wt_catalog_count();
    m->nmut = wt_mutant_count();
    m->rows = wt_calloc(a, m->nclauses, sizeof *m->rows);
    m->killed_by = wt_calloc(a, m->nmut * m->nclauses + 1, 1);
    m->mut_exit = wt_calloc(a, m->nmut + 1, sizeof *m->mut_exit);
    if (m->rows == NULL || m->killed_by == NULL || m->mut_exit == NULL) {
        wt_matrix_free(m);
        return WT_ENOMEM;
    }
    *out = m;
    return WT_OK;
}

void wt_matrix_free(struct wt_matrix *m)
{
    if (m == NULL) {
        return;
    }
    for (size_t i = 0; i < m->nscen; i++) {
        wt_free(m->a, m->scen[i]);
    }
    wt_free(m->a, m->scen);
    wt_free(m->a, m->exercised);
    wt_free(m->a, m->killed_by);
    wt_free(m->a, m->mut_exit);
    wt_free(m->a, m->tags);
    wt_free(m->a, m->cov);
    wt_free(m->a, m->exempts);
    wt_free(m->a, m->rows);
    wt_free(m->a, m);
}

/* ===== 2. runs: scenarios and mutants ================================== */

static const char *matrix_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The index of scenario name (its base name), added when new; SIZE_MAX: no memory. */
static size_t matrix_scenario(struct wt_matrix *m, const char *path)
{
    const char *name = matrix_base(path);
    for (size_t i = 0; i < m->nscen; i++) {
        if (strcmp(m->scen[i], name) == 0) {
            return i;
        }
    }
    if (m->nscen == m->scen_cap) {
        size_t cap = m->scen_cap ? m->scen_cap * 2 : 64;
        char **names = wt_realloc(m->a, m->scen, cap * sizeof *names);
        if (names == NULL) {
            return SIZE_MAX;
        }
        m->scen = names;
        uint8_t *ex = wt_realloc(m->a, m->exercised, cap * m->nclauses);
        if (ex == NULL) {
            return SIZE_MAX;
        }
        m->exercised = ex;
        m->scen_cap = cap;
    }
    size_t len = strlen(name) + 1;
    char *copy = wt_alloc(m->a, len);
    if (copy == NULL) {
        return SIZE_MAX;
    }
    memcpy(copy, name, len);
    memset(m->exercised + m->nscen * m->nclauses, 0, m->nclauses);
    m->scen[m->nscen] = copy;
    return m->nscen++;
}

static int matrix_run(const struct wt_session_spec *spec, struct wt_outcome **o, char *err,
                      size_t cap)
{
    char buf[4096];
    int rc = wt_session_run(spec, o, buf, sizeof buf);
    if (rc != WT_OK) {
        snprintf(err, cap, "%s", buf);
    }
    return rc;
}

/* The spec of one matrix run: base's suite, nothing printed or kept beyond the cases. */
static void matrix_spec(const struct wt_session_spec *base, struct wt_session_spec *spec)
{
    *spec = *base;
    spec->seeds = false;
    spec->adapter = NULL;
    spec->factory = NULL;
    spec->clauses = NULL;
    spec->nclauses = 0;
    spec->skip = NULL;
    spec->nskip = 0;
    spec->baseline = NULL;
    spec->sink = NULL;
    spec->on_case = NULL;
    spec->keep_passing = true;
    spec->context = 0;
}

int wt_matrix_run_scenarios(struct wt_matrix *m, const struct wt_session_spec *base, char *err,
                            size_t err_cap)
{
    for (size_t p = 0; p < wt_profile_count(); p++) {
        struct wt_session_spec spec;
        matrix_spec(base, &spec);
        spec.transport = NULL;
        spec.profile = wt_profile_name(wt_profile_at(p));
        struct wt_outcome *o = NULL;
        int rc = matrix_run(&spec, &o, err, err_cap);
        if (rc != WT_OK) {
            return rc;
        }
        for (size_t i = 0; i < o->ncases; i++) {
            const struct wt_outcome_case *c = &o->cases[i];
            size_t s = matrix_scenario(m, c->name);
            if (s == SIZE_MAX) {
                wt_outcome_free(o);
                return WT_ENOMEM;
            }
            for (size_t k = 0; c->verdicts != NULL && k < m->nclauses; k++) {
                int v = WT_OUTCOME_VERDICT(c->verdicts[k]);
                if (v == WT_VERDICT_PASS || v == WT_VERDICT_FAIL) {
                    m->exercised[s * m->nclauses + k] = 1;
                }
            }
        }
        for (size_t k = 0; k < m->nclauses; k++) {
            size_t used = strlen(m->ref_fails);
            if (o->clauses[k].verdict == WT_VERDICT_FAIL && used + 80 < sizeof m->ref_fails) {
                snprintf(m->ref_fails + used, sizeof m->ref_fails - used, "%s%s (%s)",
                         used ? ", " : "", wt_catalog_at(k)->id, spec.profile);
            }
        }
        wt_outcome_free(o);
    }
    m->scenarios_run = true;
    return WT_OK;
}

int wt_matrix_run_mutants(struct wt_matrix *m, const struct wt_session_spec *base, char *err,
                          size_t err_cap)
{
    for (size_t i = 0; i < m->nmut; i++) {
        const struct wt_mutant *mu = wt_mutant_at(i);
        char name[128];
        snprintf(name, sizeof name, "mutant:%s", mu->name);
        struct wt_session_spec spec;
        matrix_spec(base, &spec);
        spec.transport = name;
        spec.profile = mu->profile != NULL ? mu->profile : base->profile;
        struct wt_outcome *o = NULL;
        int rc = matrix_run(&spec, &o, err, err_cap);
        if (rc != WT_OK) {
            return rc;
        }
        for (size_t k = 0; k < m->nclauses; k++) {
            m->killed_by[i * m->nclauses + k] = o->clauses[k].verdict == WT_VERDICT_FAIL;
        }
        m->mut_exit[i] = wt_outcome_exit(o);
        wt_outcome_free(o);
    }
    m->mutants_run = true;
    return WT_OK;
}

/* ===== 3. tags in the source =========================================== */

/* A line of text: [p, p + len). */
struct matrix_line {
    const char *p;
    size_t len;
};

/* The scanner's state across lines: inside a block comment. */
struct matrix_scan {
    bool in_comment;
    int parens, braces;
    char last;         /* the last significant character of the line */
    bool code;         /* the line holds code (not only comments and blanks) */
};

/* Scans one line of C: comments, literals, nesting, the last significant char. */
static void matrix_scan_line(struct matrix_scan *s, struct matrix_line l)
{
    s->last = '\0';
    s->code = false;
    for (size_t i = 0; i < l.len; i++) {
        char c = l.p[i];
        char next = i + 1 < l.len ? l.p[i + 1] : '\0';
        if (s->in_comment) {
            if (c == '*' && next == '/') {
                s->in_comment = false;
                i++;
            }
            continue;
        }
        if (c == '/' && next == '*') {
            s->in_comment = true;
            i++;
            continue;
        }
        if (c == '/' && next == '/') {
            break;
        }
        if (c == '"' || c == '\'') {
            for (i++; i < l.len && l.p[i] != c; i++) {
                i += l.p[i] == '\\';
            }
            s->last = c;
            s->code = true;
            continue;
        }
        if (isspace((unsigned char)c)) {
            continue;
        }
        s->code = true;
        s->last = c;
        s->parens += c == '(' ? 1 : c == ')' ? -1 : 0;
        s->braces += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
}

static bool matrix_starts_else(struct matrix_line l)
{
    size_t i = 0;
    while (i < l.len && isspace((unsigned char)l.p[i])) {
        i++;
    }
    return l.len - i >= 4 && memcmp(l.p + i, "else", 4) == 0 &&
           (l.len - i == 4 || !isalnum((unsigned char)l.p[i + 4]));
}

/* The lines of the text. */
static int matrix_lines(const struct wt_allocator *a, const char *text, struct matrix_line **out,
                        size_t *n_out)
{
    size_t n = 1;
    for (const char *p = text; *p != '\0'; p++) {
        n += *p == '\n';
    }
    struct matrix_line *lines = wt_calloc(a, n, sizeof *lines);
    if (lines == NULL) {
        return WT_ENOMEM;
    }
    size_t k = 0;
    for (const char *p = text;; k++) {
        const char *nl = strchr(p, '\n');
        lines[k].p = p;
        lines[k].len = nl ? (size_t)(nl - p) : strlen(p);
        if (nl == NULL) {
            break;
        }
        p = nl + 1;
    }
    *out = lines;
    *n_out = k + 1;
    return WT_OK;
}

/* The last line (index) of the statement that starts at line i. */
static size_t matrix_statement_end(const struct matrix_line *lines, size_t n, size_t i,
                                   struct matrix_scan *s)
{
    s->parens = 0;
    s->braces = 0;
    for (size_t k = i; k < n; k++) {
        matrix_scan_line(s, lines[k]);
        if (!s->code || s->parens > 0 || s->braces > 0 || (s->last != ';' && s->last != '}')) {
            continue;
        }
        size_t next = k + 1;
        while (next < n) {
            struct matrix_scan peek = *s;
            matrix_scan_line(&peek, lines[next]);
            if (peek.code) {
                break;
            }
            next++;
        }
        if (next < n && matrix_starts_else(lines[next])) {
            continue;
        }
        return k;
    }
    return n - 1;
}

/* The clause IDs of a tag line ("=" then "clause" right after the comment opens), or 0. */
static int matrix_tag_ids(struct matrix_line l, size_t *ids, size_t max, size_t *nids,
                          char *bad, size_t bad_cap)
{
    size_t i = 0;
    while (i < l.len && isspace((unsigned char)l.p[i])) {
        i++;
    }
    static const char open[] = "/*= clause ";
    if (l.len - i < sizeof open - 1 || memcmp(l.p + i, open, sizeof open - 1) != 0) {
        return 0;
    }
    i += sizeof open - 1;
    *nids = 0;
    while (i < l.len) {
        while (i < l.len && (l.p[i] == ' ' || l.p[i] == ',')) {
            i++;
        }
        size_t start = i;
        while (i < l.len && (isalnum((unsigned char)l.p[i]) || l.p[i] == '-')) {
            i++;
        }
        if (i == start) {
            break;
        }
        char id[128];
        snprintf(id, sizeof id, "%.*s", (int)(i - start), l.p + start);
        size_t index;
        if (wt_catalog_find(id, &index) != WT_OK || *nids == max) {
            snprintf(bad, bad_cap, "%s", id);
            return -1;
        }
        ids[(*nids)++] = index;
    }
    return *nids > 0 ? 1 : -1;
}

static int matrix_add_tag(struct wt_matrix *m, size_t clause, uint32_t line, uint32_t first,
                          uint32_t last)
{
    if (m->ntags == m->tags_cap) {
        size_t cap = m->tags_cap ? m->tags_cap * 2 : 64;
        struct matrix_tag *t = wt_realloc(m->a, m->tags, cap * sizeof *t);
        if (t == NULL) {
            return WT_ENOMEM;
        }
        m->tags = t;
        m->tags_cap = cap;
    }
    m->tags[m->ntags++] = (struct matrix_tag){clause, line, first, last};
    return WT_OK;
}

#define MATRIX_PENDING_MAX 32

int wt_matrix_read_tags(struct wt_matrix *m, const char *path, const char *text, char *err,
                        size_t err_cap)
{
    snprintf(m->source, sizeof m->source, "%s", path);
    struct matrix_line *lines = NULL;
    size_t n = 0;
    int rc = matrix_lines(m->a, text, &lines, &n);
    if (rc != WT_OK) {
        return rc;
    }
    size_t pending[MATRIX_PENDING_MAX], npending = 0;
    uint32_t tag_line[MATRIX_PENDING_MAX];
    struct matrix_scan s = {0};
    for (size_t i = 0; i < n && rc == WT_OK; i++) {
        size_t ids[16], nids = 0;
        char bad[128] = "";
        int t = s.in_comment ? 0 : matrix_tag_ids(lines[i], ids, 16, &nids, bad, sizeof bad);
        if (t < 0) {
            snprintf(err, err_cap, "%s:%zu: clause tag: unknown clause '%s'", path, i + 1, bad);
            rc = WT_ESYNTAX;
            break;
        }
        for (size_t k = 0; k < nids && npending < MATRIX_PENDING_MAX; k++) {
            tag_line[npending] = (uint32_t)(i + 1);
            pending[npending++] = ids[k];
        }
        struct matrix_scan peek = s;
        matrix_scan_line(&peek, lines[i]);
        if (!peek.code || npending == 0) {
            s.in_comment = peek.in_comment;
            continue;
        }
        size_t end = matrix_statement_end(lines, n, i, &s);
        for (size_t k = 0; k < npending && rc == WT_OK; k++) {
            rc = matrix_add_tag(m, pending[k], tag_line[k], (uint32_t)(i + 1),
                                (uint32_t)(end + 1));
        }
        npending = 0;
        i = end;
    }
    if (rc == WT_OK && npending > 0) {
        snprintf(err, err_cap, "%s:%u: clause tag with no statement after it", path,
                 (unsigned)tag_line[0]);
        rc = WT_ESYNTAX;
    }
    wt_free(m->a, lines);
    return rc;
}

/* ===== 4. coverage and exemptions ====================================== */

/* Whether an SF path names the tagged source: equal, or ending in "/" + it. */
static bool matrix_same_source(const char *sf, size_t sf_len, const char *source)
{
    const char *src = source;
    while (src[0] == '.' && src[1] == '/') {
        src += 2;
    }
    size_t len = strlen(src);
    if (len == 0 || sf_len < len || memcmp(sf + sf_len - len, src, len) != 0) {
        return false;
    }
    return sf_len == len || sf[sf_len - len - 1] == '/';
}

static int matrix_cov_line(struct wt_matrix *m, uint64_t line, uint64_t count)
{
    if (line == 0 || line > 10000000) {
        return WT_ESYNTAX;
    }
    if (line >= m->ncov) {
        size_t cap = (size_t)line + 256;
        int64_t *c = wt_realloc(m->a, m->cov, cap * sizeof *c);
        if (c == NULL) {
            return WT_ENOMEM;
        }
        for (size_t k = m->ncov; k < cap; k++) {
            c[k] = -1;
        }
        m->cov = c;
        m->ncov = cap;
    }
    int64_t add = count > INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)count;
    m->cov[line] = (m->cov[line] < 0 ? 0 : m->cov[line]) + add;
    return WT_OK;
}

int wt_matrix_read_lcov(struct wt_matrix *m, const char *text, char *err, size_t err_cap)
{
    bool in = false, found = false;
    size_t lineno = 0;
    for (const char *p = text; *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (len >= 3 && memcmp(p, "SF:", 3) == 0) {
            in = matrix_same_source(p + 3, len - 3, m->source);
            found |= in;
        } else if (len >= 13 && memcmp(p, "end_of_record", 13) == 0) {
            in = false;
        } else if (in && len >= 3 && memcmp(p, "DA:", 3) == 0) {
            char buf[128];
            snprintf(buf, sizeof buf, "%.*s", (int)(len - 3 < 127 ? len - 3 : 127), p + 3);
            char *end;
            uint64_t line = strtoull(buf, &end, 10);
            uint64_t count = *end == ',' ? strtoull(end + 1, &end, 10) : 0;
            int rc = *end == ',' || *end == '\0' ? matrix_cov_line(m, line, count) : WT_ESYNTAX;
            if (rc != WT_OK) {
                snprintf(err, err_cap, "lcov tracefile line %zu: bad DA record", lineno);
                return rc;
            }
        }
        p += len + (nl != NULL);
    }
    if (!found) {
        snprintf(err, err_cap, "the lcov tracefile has no record of %s", m->source);
        return WT_ENOENT;
    }
    m->have_coverage = true;
    return WT_OK;
}

static int matrix_add_exemption(struct wt_matrix *m, const struct matrix_exemption *e)
{
    if (m->nexempt == m->exempt_cap) {
        size_t cap = m->exempt_cap ? m->exempt_cap * 2 : 32;
        struct matrix_exemption *x = wt_realloc(m->a, m->exempts, cap * sizeof *x);
        if (x == NULL) {
            return WT_ENOMEM;
        }
        m->exempts = x;
        m->exempt_cap = cap;
    }
    m->exempts[m->nexempt++] = *e;
    return WT_OK;
}

/* One exemption line: "CLAUSE-ID GAP reason". */
static int matrix_exemption_line(struct wt_matrix *m, const char *line, char *msg, size_t cap)
{
    char id[128], gap[32];
    int used = 0;
    if (sscanf(line, "%127s %31s %n", id, gap, &used) != 2 || line[used] == '\0') {
        snprintf(msg, cap, "want CLAUSE-ID GAP reason");
        return WT_ESYNTAX;
    }
    struct matrix_exemption e = {0};
    if (wt_catalog_find(id, &e.clause) != WT_OK) {
        snprintf(msg, cap, "unknown clause '%s'", id);
        return WT_ESYNTAX;
    }
    for (unsigned g = 0; g < WT_MATRIX_GAPS; g++) {
        e.gap = strcmp(gap, matrix_gap_names[g]) == 0 ? 1u << g : e.gap;
    }
    if (e.gap == 0) {
        snprintf(msg, cap, "unknown gap '%s' (scenarios, mutants, lines, coverage)", gap);
        return WT_ESYNTAX;
    }
    for (size_t i = 0; i < m->nexempt; i++) {
        if (m->exempts[i].clause == e.clause && m->exempts[i].gap == e.gap) {
            snprintf(msg, cap, "%s %s is exempt twice", id, gap);
            return WT_ESYNTAX;
        }
    }
    snprintf(e.reason, sizeof e.reason, "%s", line + used);
    return matrix_add_exemption(m, &e);
}

int wt_matrix_read_exemptions(struct wt_matrix *m, const char *path, const char *text,
                              char *err, size_t err_cap)
{
    snprintf(m->exempt_path, sizeof m->exempt_path, "%s", path);
    size_t lineno = 0;
    for (const char *p = text; *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(len < 511 ? len : 511), p);
        size_t t = strlen(line);
        while (t > 0 && isspace((unsigned char)line[t - 1])) {
            line[--t] = '\0';
        }
        const char *q = line + strspn(line, " \t");
        char msg[300];
        if (*q != '\0' && *q != '#') {
            int rc = matrix_exemption_line(m, q, msg, sizeof msg);
            if (rc != WT_OK) {
                snprintf(err, err_cap, "%s:%zu: %s", path, lineno, msg);
                return rc;
            }
        }
        p += len + (nl != NULL);
    }
    return WT_OK;
}

/* ===== 5. deciding the rows ============================================ */

static bool matrix_in_some_profile(size_t k)
{
    for (size_t p = 0; p < wt_profile_count(); p++) {
        if (wt_profile_has(wt_profile_at(p), k)) {
            return true;
        }
    }
    return false;
}

/* Lines, executable lines and covered lines of clause k's tags (each line once). */
static void matrix_lines_of(const struct wt_matrix *m, size_t k, struct wt_matrix_row *r)
{
    uint32_t last_counted = 0;
    for (uint32_t line = 1;; line++) {
        bool more = false, tagged = false;
        for (size_t t = 0; t < m->ntags; t++) {
            if (m->tags[t].clause != k) {
                continue;
            }
            more |= m->tags[t].last >= line;
            tagged |= m->tags[t].first <= line && line <= m->tags[t].last;
        }
        if (!more) {
            break;
        }
        if (!tagged || line == last_counted) {
            continue;
        }
        last_counted = line;
        r->nlines++;
        if (m->have_coverage && line < m->ncov && m->cov[line] >= 0) {
            r->nexec++;
            r->ncovered += m->cov[line] > 0;
        }
    }
}

void wt_matrix_finish(struct wt_matrix *m)
{
    for (size_t k = 0; k < m->nclauses; k++) {
        const struct wt_clause *cl = wt_catalog_at(k);
        struct wt_matrix_row *r = &m->rows[k];
        memset(r, 0, sizeof *r);
        r->checked = cl->checkable && matrix_in_some_profile(k);
        r->why_not = !cl->checkable ? "not checkable" : !r->checked ? "in no profile" : NULL;
        for (size_t s = 0; s < m->nscen; s++) {
            r->nscenarios += m->exercised[s * m->nclauses + k];
        }
        for (size_t i = 0; i < m->nmut; i++) {
            r->nmutants += m->killed_by[i * m->nclauses + k];
        }
        for (size_t t = 0; t < m->ntags; t++) {
            r->ntags += m->tags[t].clause == k;
        }
        matrix_lines_of(m, k, r);
        if (r->checked) {
            r->gaps |= m->scenarios_run && r->nscenarios == 0 ? WT_MATRIX_GAP_SCENARIOS : 0;
            r->gaps |= m->mutants_run && r->nmutants == 0 ? WT_MATRIX_GAP_MUTANTS : 0;
            r->gaps |= m->source[0] && r->ntags == 0 ? WT_MATRIX_GAP_LINES : 0;
            r->gaps |= m->have_coverage && r->ncovered < r->nexec ? WT_MATRIX_GAP_COVERAGE : 0;
        }
        for (size_t e = 0; e < m->nexempt; e++) {
            if (m->exempts[e].clause == k) {
                r->exempt |= m->exempts[e].gap;
            }
        }
        /* An exemption is stale when its gap is not there (a gap not measured is not stale). */
        unsigned measured = (m->scenarios_run ? WT_MATRIX_GAP_SCENARIOS : 0) |
                            (m->mutants_run ? WT_MATRIX_GAP_MUTANTS : 0) |
                            (m->source[0] ? WT_MATRIX_GAP_LINES : 0) |
                            (m->have_coverage ? WT_MATRIX_GAP_COVERAGE : 0);
        r->stale = r->exempt & ~r->gaps & measured;
        r->flagged = (r->gaps & ~r->exempt) | r->stale;
    }
}

const struct wt_matrix_row *wt_matrix_row(const struct wt_matrix *m, size_t clause)
{
    return clause < m->nclauses ? &m->rows[clause] : NULL;
}

size_t wt_matrix_flagged(const struct wt_matrix *m)
{
    size_t n = 0;
    for (size_t k = 0; k < m->nclauses; k++) {
        n += m->rows[k].flagged != 0;
    }
    return n + (m->ref_fails[0] != '\0');
}

/* ===== 6. text, score and HTML ========================================= */

/* "432, 449-450, 470" for clause k's tags, into buf. */
static void matrix_ranges(const struct wt_matrix *m, size_t k, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t t = 0; t < m->ntags && used + 1 < cap; t++) {
        const struct matrix_tag *g = &m->tags[t];
        if (g->clause != k) {
            continue;
        }
        int n = g->first == g->last
                    ? snprintf(buf + used, cap - used, "%s%" PRIu32, used ? ", " : "", g->first)
                    : snprintf(buf + used, cap - used, "%s%" PRIu32 "-%" PRIu32, used ? ", " : "",
                               g->first, g->last);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* The executable tagged lines of clause k that never ran, " 12, 14". */
static void matrix_uncovered(const struct wt_matrix *m, size_t k, FILE *out)
{
    size_t n = 0;
    for (size_t line = 1; line < m->ncov; line++) {
        bool tagged = false;
        for (size_t t = 0; t < m->ntags && !tagged; t++) {
            tagged = m->tags[t].clause == k && m->tags[t].first <= line && line <= m->tags[t].last;
        }
        if (tagged && m->cov[line] == 0) {
            fprintf(out, "%s%s:%zu", n++ ? ", " : "", m->source, line);
        }
    }
}

static const char *matrix_exemption_reason(const struct wt_matrix *m, size_t k, unsigned gap)
{
    for (size_t e = 0; e < m->nexempt; e++) {
        if (m->exempts[e].clause == k && m->exempts[e].gap == gap) {
            return m->exempts[e].reason;
        }
    }
    return "";
}

static const char *matrix_status(const struct wt_matrix_row *r)
{
    return !r->checked ? "not checked" : r->flagged ? "GAP" : r->exempt ? "ok (exempt)" : "ok";
}

/* Names listed per row unless verbose. */
#define MATRIX_LIST_MAX 8

typedef bool matrix_has_fn(const struct wt_matrix *m, size_t i, size_t clause);
typedef const char *matrix_name_fn(const struct wt_matrix *m, size_t i);

static void matrix_print_list(FILE *out, const char *label, size_t n, matrix_has_fn *has,
                              matrix_name_fn *name, const struct wt_matrix *m, size_t k,
                              size_t count, bool verbose)
{
    fprintf(out, "  %-10s (%zu):", label, n);
    size_t shown = 0;
    for (size_t i = 0; i < count && (verbose || shown < MATRIX_LIST_MAX); i++) {
        if (has(m, i, k)) {
            fprintf(out, "%s%s", shown++ ? ", " : " ", name(m, i));
        }
    }
    if (shown < n) {
        fprintf(out, " and %zu more (-v)", n - shown);
    }
    fputc('\n', out);
}

static bool matrix_has_scen(const struct wt_matrix *m, size_t s, size_t k)
{
    return m->exercised[s * m->nclauses + k] != 0;
}

static const char *matrix_scen_name(const struct wt_matrix *m, size_t s) { return m->scen[s]; }

static bool matrix_has_mut(const struct wt_matrix *m, size_t i, size_t k)
{
    return m->killed_by[i * m->nclauses + k] != 0;
}

static const char *matrix_mut_name(const struct wt_matrix *m, size_t i)
{
    (void)m;
    return wt_mutant_at(i)->name;
}

static void matrix_print_row(const struct wt_matrix *m, size_t k, FILE *out, bool verbose)
{
    const struct wt_clause *cl = wt_catalog_at(k);
    const struct wt_matrix_row *r = &m->rows[k];
    fprintf(out, "%-34s %-8s %s%s%s\n", cl->id, wt_clause_kind_name(cl->kind), matrix_status(r),
            r->why_not ? ": " : "", r->why_not ? r->why_not : "");
    if (!r->checked && !verbose && r->ntags == 0) {
        return;
    }
    if (m->scenarios_run) {
        matrix_print_list(out, "scenarios", r->nscenarios, matrix_has_scen, matrix_scen_name, m,
                          k, m->nscen, verbose);
    }
    if (m->mutants_run) {
        matrix_print_list(out, "mutants", r->nmutants, matrix_has_mut, matrix_mut_name, m, k,
                          m->nmut, verbose);
    }
    if (m->source[0] != '\0') {
        char ranges[1024];
        matrix_ranges(m, k, ranges, sizeof ranges);
        fprintf(out, "  %-10s (%zu): %s%s%s", "lines", r->nlines, m->source,
                r->ntags ? ":" : "", ranges);
        if (m->have_coverage && r->ntags > 0) {
            fprintf(out, "; %zu executable, %zu covered", r->nexec, r->ncovered);
        }
        fputc('\n', out);
    }
    if (m->have_coverage && r->ncovered < r->nexec) {
        fprintf(out, "  %-10s     ", "never ran");
        matrix_uncovered(m, k, out);
        fputc('\n', out);
    }
    for (unsigned g = 0; g < WT_MATRIX_GAPS; g++) {
        unsigned bit = 1u << g;
        if (r->gaps & bit) {
            fprintf(out, "  %s %s%s%s\n", r->exempt & bit ? "exempt:" : "GAP:   ",
                    matrix_gap_names[g], r->exempt & bit ? ": " : "",
                    matrix_exemption_reason(m, k, bit));
        } else if (r->stale & bit) {
            fprintf(out, "  STALE exemption: %s (%s:%s) is not a gap any more\n",
                    matrix_gap_names[g], m->exempt_path, cl->id);
        }
    }
}

void wt_matrix_print(const struct wt_matrix *m, FILE *out, bool verbose)
{
    fprintf(out, "wtkit %s clause matrix: catalog %s, %zu clauses", WT_VERSION,
            wt_catalog_version(), m->nclauses);
    if (m->scenarios_run) {
        fprintf(out, "; %zu scenarios under %zu profiles", m->nscen, wt_profile_count());
    }
    if (m->mutants_run) {
        fprintf(out, "; %zu built-in mutants", m->nmut);
    }
    if (m->source[0] != '\0') {
        fprintf(out, "; %zu tags in %s", m->ntags, m->source);
    }
    fprintf(out, "; coverage %s\n\n", m->have_coverage ? "measured" : "not measured");
    size_t checked = 0, exempt = 0, flagged = 0;
    for (size_t k = 0; k < m->nclauses; k++) {
        matrix_print_row(m, k, out, verbose);
        checked += m->rows[k].checked;
        exempt += m->rows[k].exempt != 0;
        flagged += m->rows[k].flagged != 0;
    }
    if (m->ref_fails[0] != '\0') {
        fprintf(out, "\nthe reference itself FAILs: %s\n", m->ref_fails);
    }
    fprintf(out, "\nmatrix: %zu clauses checked, %zu flagged, %zu with exemptions, %zu not "
                 "checked (not checkable or in no profile); exit %d\n",
            checked, flagged, exempt, m->nclauses - checked, wt_matrix_flagged(m) ? 1 : 0);
}

size_t wt_matrix_print_score(const struct wt_matrix *m, FILE *out)
{
    fprintf(out, "%-34s %8s %8s  %s\n", "CLAUSE", "DECLARED", "KILLED", "RATE");
    size_t declared_all = 0, killed_all = 0;
    for (size_t k = 0; k < m->nclauses; k++) {
        size_t declared = 0, killed = 0;
        for (size_t i = 0; i < m->nmut; i++) {
            const struct wt_mutant *mu = wt_mutant_at(i);
            for (size_t c = 0; c < WT_MUTANT_CLAUSES_MAX && mu->clauses[c] != NULL; c++) {
                if (strcmp(mu->clauses[c], wt_catalog_at(k)->id) == 0) {
                    declared++;
                    killed += m->killed_by[i * m->nclauses + k];
                }
            }
        }
        if (declared > 0) {
            fprintf(out, "%-34s %8zu %8zu  %5.1f%%\n", wt_catalog_at(k)->id, declared, killed,
                    100.0 * (double)killed / (double)declared);
        }
        declared_all += declared;
        killed_all += killed;
    }
    size_t survivors = 0;
    for (size_t i = 0; i < m->nmut; i++) {
        if (m->mut_exit[i] != WT_EXIT_FAIL) {
            fprintf(out, "SURVIVED  mutant:%s (exit %d)\n", wt_mutant_at(i)->name,
                    m->mut_exit[i]);
            survivors++;
        }
    }
    fprintf(out, "\nbuilt-in mutants: %zu of %zu killed (%.1f%%); declared clause kills: %zu of "
                 "%zu (%.1f%%)\n",
            m->nmut - survivors, m->nmut,
            m->nmut ? 100.0 * (double)(m->nmut - survivors) / (double)m->nmut : 100.0,
            killed_all, declared_all,
            declared_all ? 100.0 * (double)killed_all / (double)declared_all : 100.0);
    return survivors;
}

static void matrix_html_row(const struct wt_matrix *m, size_t k, FILE *f)
{
    const struct wt_clause *cl = wt_catalog_at(k);
    const struct wt_matrix_row *r = &m->rows[k];
    const char *cls = !r->checked ? "na" : r->flagged ? "gap" : "ok";
    fprintf(f, "<tr class=\"%s\"><td>", cls);
    wt__markup_str(f, cl->id);
    fprintf(f, "</td><td>%s</td><td>%s%s%s</td><td>", wt_clause_kind_name(cl->kind),
            matrix_status(r), r->why_not ? ": " : "", r->why_not ? r->why_not : "");
    bool fold = r->nscenarios > MATRIX_LIST_MAX;
    if (fold) {
        fprintf(f, "<details><summary>%zu scenarios</summary>", r->nscenarios);
    }
    for (size_t s = 0, n = 0; s < m->nscen; s++) {
        if (matrix_has_scen(m, s, k)) {
            fputs(n++ ? ", " : "", f);
            wt__markup_str(f, m->scen[s]);
        }
    }
    fputs(fold ? "</details></td><td>" : "</td><td>", f);
    for (size_t i = 0, n = 0; i < m->nmut; i++) {
        if (matrix_has_mut(m, i, k)) {
            fputs(n++ ? ", " : "", f);
            wt__markup_str(f, wt_mutant_at(i)->name);
        }
    }
    char ranges[1024];
    matrix_ranges(m, k, ranges, sizeof ranges);
    fputs("</td><td>", f);
    wt__markup_str(f, ranges);
    fputs("</td><td>", f);
    if (m->have_coverage && r->ntags > 0) {
        fprintf(f, "%zu / %zu", r->ncovered, r->nexec);
    }
    fputs("</td><td>", f);
    for (unsigned g = 0; g < WT_MATRIX_GAPS; g++) {
        unsigned bit = 1u << g;
        if (r->gaps & bit) {
            fprintf(f, "%s %s", r->exempt & bit ? "exempt" : "<b>GAP</b>", matrix_gap_names[g]);
            if (r->exempt & bit) {
                fputs(": ", f);
                wt__markup_str(f, matrix_exemption_reason(m, k, bit));
            }
            fputs("<br>", f);
        } else if (r->stale & bit) {
            fprintf(f, "<b>STALE exemption</b> %s<br>", matrix_gap_names[g]);
        }
    }
    fputs("</td></tr>\n", f);
}

int wt_matrix_write_html(const struct wt_matrix *m, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>wtkit clause matrix</title>\n<style>\n"
          "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\n"
          "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .4em;"
          "vertical-align:top;font-size:.85em;text-align:left}th{background:#f3f3f3}\n"
          "tr.gap td{background:#fee}tr.na td{color:#888}\n"
          "</style>\n</head>\n<body>\n<h1>wtkit clause matrix</h1>\n<p id=\"summary\">",
          f);
    size_t checked = 0, flagged = 0;
    for (size_t k = 0; k < m->nclauses; k++) {
        checked += m->rows[k].checked;
        flagged += m->rows[k].flagged != 0;
    }
    fprintf(f, "catalog %s: %zu clauses, %zu checked, %zu flagged; %zu scenarios under %zu "
               "profiles; %zu built-in mutants; %zu tags in ",
            wt_catalog_version(), m->nclauses, checked, flagged, m->nscen, wt_profile_count(),
            m->nmut, m->ntags);
    wt__markup_str(f, m->source[0] ? m->source : "(no source)");
    fprintf(f, "; coverage %s.</p>\n", m->have_coverage ? "measured" : "not measured");
    if (m->ref_fails[0] != '\0') {
        fputs("<p><b>The reference itself FAILs:</b> ", f);
        wt__markup_str(f, m->ref_fails);
        fputs("</p>\n", f);
    }
    fputs("<table>\n<tr><th>clause</th><th>kind</th><th>status</th><th>scenarios that "
          "exercise it</th><th>mutants it kills</th><th>reference lines</th><th>covered"
          "</th><th>gaps</th></tr>\n",
          f);
    for (size_t k = 0; k < m->nclauses; k++) {
        matrix_html_row(m, k, f);
    }
    fputs("</table>\n</body>\n</html>\n", f);
    return ferror(f) ? WT_EIO : WT_OK;
}
