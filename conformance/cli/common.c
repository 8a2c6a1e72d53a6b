/* SPDX-License-Identifier: MIT */
/*
 * common.c - what every wtkit subcommand needs: option parsing, loading
 * the suite (files, directories, the default suite), naming the
 * transport under test, the profile, and the git commit for reports.
 *
 * Sections: options; the suite; transport, profile, flavor; the commit.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wtkit: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ----- options ---------------------------------------------------------- */

static const struct {
    const char *name;
    unsigned bit;
    bool value;
} cli_options[] = {
    {"profile", CLI_O_PROFILE, true},   {"flavor", CLI_O_FLAVOR, true},
    {"seed", CLI_O_SEED, true},         {"transport", CLI_O_TRANSPORT, true},
    {"adapter", CLI_O_TRANSPORT, true}, {"clause", CLI_O_CLAUSE, true},
    {"skip", CLI_O_CLAUSE, true},       {"strict", CLI_O_STRICT, false},
    {"junit", CLI_O_REPORTS, true},     {"json", CLI_O_REPORTS, true},
    {"verbose", CLI_O_VERBOSE, false},  {"check", CLI_O_CHECK, false},
    {"verify", CLI_O_VERIFY, false},    {"adapter-timeout", CLI_O_TRANSPORT, true},
    {"markdown", CLI_O_MARKDOWN, false}, {"baseline", CLI_O_REPORTS, true},
    {"python", CLI_O_TRANSPORT, true},  {"factory", CLI_O_TRANSPORT, true},
    {"all-pythons", CLI_O_TRANSPORT, false},  {"write-baseline", CLI_O_REPORTS, true},
};

static int cli_add_id(const char *cmd, const char *opt, const char *id, const char **ids,
                      size_t *n)
{
    size_t index;
    if (wt_catalog_find(id, &index) != WT_OK) {
        cli_error("%s: --%s: unknown clause '%s' (see: wtkit clauses)", cmd, opt, id);
        return CLI_EXIT_USAGE;
    }
    if (*n == CLI_IDS_MAX) {
        cli_error("%s: --%s given more than %d times", cmd, opt, CLI_IDS_MAX);
        return CLI_EXIT_USAGE;
    }
    ids[(*n)++] = id;
    return 0;
}

static int cli_set(const char *cmd, const char *name, const char *value, struct cli_opts *o)
{
    if (strcmp(name, "seed") == 0) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0 ||
            v > (unsigned long long)INT64_MAX) {
            cli_error("%s: --seed: bad seed '%s' (expected 0..%lld)", cmd, value,
                      (long long)INT64_MAX);
            return CLI_EXIT_USAGE;
        }
        o->has_seed = true;
        o->seed = v;
        return 0;
    }
    if (strcmp(name, "adapter-timeout") == 0) {
        char *end;
        errno = 0;
        double secs = strtod(value, &end);
        if (*end != '\0' || errno != 0 || !(secs >= 0.001 && secs <= 3600.0)) {
            cli_error("%s: --adapter-timeout: bad time '%s' (seconds, 0.001..3600)", cmd, value);
            return CLI_EXIT_USAGE;
        }
        o->adapter_timeout_ms = (unsigned)(secs * 1000.0 + 0.5);
        return 0;
    }
    if (strcmp(name, "clause") == 0) {
        return cli_add_id(cmd, name, value, o->clause, &o->nclause);
    }
    if (strcmp(name, "skip") == 0) {
        return cli_add_id(cmd, name, value, o->skip, &o->nskip);
    }
    const char **slot = strcmp(name, "profile") == 0     ? &o->profile
                        : strcmp(name, "flavor") == 0    ? &o->flavor
                        : strcmp(name, "transport") == 0 ? &o->transport
                        : strcmp(name, "adapter") == 0   ? &o->adapter
                        : strcmp(name, "junit") == 0     ? &o->junit
                        : strcmp(name, "baseline") == 0  ? &o->baseline
                        : strcmp(name, "python") == 0    ? &o->python
                        : strcmp(name, "factory") == 0   ? &o->factory
                        : strcmp(name, "write-baseline") == 0 ? &o->write_baseline
                                                         : &o->json;
    *slot = value;
    return 0;
}

static void cli_flag(const char *name, struct cli_opts *o)
{
    bool *flag = strcmp(name, "strict") == 0    ? &o->strict
                 : strcmp(name, "verbose") == 0 ? &o->verbose
                 : strcmp(name, "check") == 0   ? &o->check
                 : strcmp(name, "markdown") == 0 ? &o->markdown
                 : strcmp(name, "all-pythons") == 0 ? &o->all_pythons
                                                : &o->verify;
    *flag = true;
}

/* One argument that starts with "-". Returns 0 or 2; *used_next when it took argv[i+1]. */
static int cli_option(const char *cmd, const char *arg, const char *next, unsigned allowed,
                      struct cli_opts *o, bool *used_next)
{
    *used_next = false;
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        o->help = true;
        return 0;
    }
    if (strcmp(arg, "-v") == 0) {
        arg = "--verbose";
    }
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (size_t i = 0; arg[1] == '-' && i < sizeof cli_options / sizeof cli_options[0]; i++) {
        if (strlen(cli_options[i].name) != len || memcmp(cli_options[i].name, name, len) != 0 ||
            !(allowed & cli_options[i].bit)) {
            continue;
        }
        if (!cli_options[i].value) {
            if (eq != NULL) {
                cli_error("%s: --%s takes no value", cmd, cli_options[i].name);
                return CLI_EXIT_USAGE;
            }
            cli_flag(cli_options[i].name, o);
            return 0;
        }
        const char *value = eq ? eq + 1 : next;
        if (value == NULL || value[0] == '\0') {
            cli_error("%s: --%s needs a value (see: wtkit %s --help)", cmd, cli_options[i].name,
                      cmd);
            return CLI_EXIT_USAGE;
        }
        *used_next = eq == NULL;
        return cli_set(cmd, cli_options[i].name, value, o);
    }
    cli_error("%s: unknown option '%s' (see: wtkit %s --help)", cmd, arg, cmd);
    return CLI_EXIT_USAGE;
}

int cli_parse(const char *cmd, int argc, char **argv, unsigned allowed, size_t paths_max,
              struct cli_opts *o)
{
    memset(o, 0, sizeof *o);
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (!options_done && arg[0] == '-' && arg[1] != '\0') {
            bool used_next;
            int rc = cli_option(cmd, arg, i + 1 < argc ? argv[i + 1] : NULL, allowed, o,
                                &used_next);
            if (rc != 0) {
                return rc;
            }
            i += used_next;
            continue;
        }
        if (o->npaths == paths_max || o->npaths == CLI_PATHS_MAX) {
            cli_error("%s: unexpected argument '%s' (see: wtkit %s --help)", cmd, arg, cmd);
            return CLI_EXIT_USAGE;
        }
        o->paths[o->npaths++] = arg;
    }
    if (o->transport != NULL && o->adapter != NULL) {
        cli_error("%s: --transport and --adapter exclude each other", cmd);
        return CLI_EXIT_USAGE;
    }
    bool python = o->transport != NULL && strncmp(o->transport, "python:", 7) == 0;
    if ((o->python != NULL || o->all_pythons) && !python && o->factory == NULL) {
        cli_error("%s: --python and --all-pythons go with --transport python:KIND or --factory",
                  cmd);
        return CLI_EXIT_USAGE;
    }
    if (o->factory != NULL && (o->adapter != NULL || (o->transport != NULL && !python))) {
        cli_error("%s: --factory goes with no other transport (it is python:factory)", cmd);
        return CLI_EXIT_USAGE;
    }
    if (o->python != NULL && o->all_pythons) {
        cli_error("%s: --python and --all-pythons exclude each other", cmd);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* ----- the suite ------------------------------------------------------- */

static char cli_default[4096];

static bool cli_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool cli_installed_path(const char *sub, char *buf, size_t cap)
{
    /* Installed: PREFIX/bin/wtkit finds its data under PREFIX/share/wtkit. */
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        return false;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL) {
        return false;
    }
    *slash = '\0';
    snprintf(buf, cap, "%s/../share/wtkit/%s", exe, sub);
    struct stat st;
    return stat(buf, &st) == 0;
}

const char *cli_default_dir(void)
{
    const char *env = getenv("WTKIT_SCENARIOS");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    if (cli_is_dir("conformance/scenarios")) {
        return "conformance/scenarios";
    }
    return cli_installed_path("scenarios", cli_default, sizeof cli_default) &&
                   cli_is_dir(cli_default)
               ? cli_default
               : NULL;
}

static int cli_suite_add(struct cli_suite *suite, const char *path)
{
    if (suite->n == suite->cap) {
        size_t cap = suite->cap ? suite->cap * 2 : 64;
        struct cli_scenario *items = realloc(suite->items, cap * sizeof *items);
        if (items == NULL) {
            cli_error("out of memory");
            return CLI_EXIT_USAGE;
        }
        suite->items = items;
        suite->cap = cap;
    }
    struct cli_scenario *it = &suite->items[suite->n];
    memset(it, 0, sizeof *it);
    wt_scenario_init(&it->sc, NULL);
    it->path = strdup(path);
    char err[WT_WTS_ERR_MAX];
    int rc = it->path ? wt_wts_load(path, &it->sc, err, sizeof err) : WT_ENOMEM;
    if (rc != WT_OK) {
        fprintf(stderr, "%s\n", rc == WT_ENOMEM && !it->path ? "wtkit: out of memory" : err);
        free(it->path);
        return CLI_EXIT_USAGE;
    }
    suite->n++;
    return 0;
}

static int cli_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool cli_is_wts(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && name[0] != '.' && strcmp(name + len - 4, ".wts") == 0;
}

/* Every *.wts directly in dir, in byte order of their names. */
static int cli_suite_dir(struct cli_suite *suite, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        cli_error("%s: %s", dir, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    size_t n = 0, cap = 0;
    char **names = NULL;
    int rc = 0;
    for (struct dirent *e = readdir(d); e != NULL && rc == 0; e = readdir(d)) {
        if (!cli_is_wts(e->d_name)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **bigger = realloc(names, cap * sizeof *names);
            if (bigger == NULL) {
                rc = CLI_EXIT_USAGE;
                break;
            }
            names = bigger;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n] == NULL) {
            rc = CLI_EXIT_USAGE;
            break;
        }
        snprintf(names[n], len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                 e->d_name);
        n++;
    }
    closedir(d);
    if (rc == 0 && n == 0) {
        cli_error("%s: no scenarios (no *.wts files in this directory)", dir);
        rc = CLI_EXIT_USAGE;
    }
    if (n > 1) {
        qsort(names, n, sizeof *names, cli_strcmp);
    }
    int bad = rc;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && cli_suite_add(suite, names[i]) != 0) {
            bad = CLI_EXIT_USAGE; /* keep going: report every malformed file */
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

int cli_suite_load(const struct cli_opts *o, struct cli_suite *suite)
{
    memset(suite, 0, sizeof *suite);
    int bad = 0;
    if (o->npaths == 0) {
        const char *dir = cli_default_dir();
        if (dir == NULL) {
            cli_error("no scenario directory found: give FILE or DIR, or set WTKIT_SCENARIOS");
            return CLI_EXIT_USAGE;
        }
        return cli_suite_dir(suite, dir);
    }
    for (size_t i = 0; i < o->npaths; i++) {
        const char *path = o->paths[i];
        int rc = cli_is_dir(path) ? cli_suite_dir(suite, path) : cli_suite_add(suite, path);
        bad = bad ? bad : rc;
    }
    return bad;
}

void cli_suite_free(struct cli_suite *suite)
{
    for (size_t i = 0; i < suite->n; i++) {
        wt_scenario_deinit(&suite->items[i].sc);
        free(suite->items[i].path);
    }
    free(suite->items);
    memset(suite, 0, sizeof *suite);
}

/* ----- transport, profile, flavor -------------------------------------- */

/*
 * Starts an adapter command. A child that cannot be run is exit 3 with its
 * stderr, except one that exits 77 during the handshake: it says it cannot
 * run here (an interpreter without uvloop, say), which is a SKIP.
 */
static int cli_adapter_open(const struct cli_opts *o, const char *cmd, struct cli_transport *t)
{
    struct wt_adapter_options opt;
    char err[512], tail[2048] = "";
    wt_adapter_options_init(&opt);
    opt.timeout_ms = o->adapter_timeout_ms ? o->adapter_timeout_ms : CLI_ADAPTER_TIMEOUT_MS;
    int rc = wt_adapter_open(cmd, &opt, &t->adapter, err, sizeof err);
    if (rc == WT_OK) {
        snprintf(t->name, sizeof t->name, "adapter:%s", wt_adapter_name(t->adapter));
        /* An adapter over real file descriptors or TLS cannot replay byte for byte. */
        t->replay_checked = !wt_adapter_has_feature(t->adapter, "no-replay");
        return 0;
    }
    if (t->adapter != NULL) {
        wt_adapter_stderr_tail(t->adapter, tail, sizeof tail);
    }
    if (strstr(err, "exited with status 77") != NULL) {
        size_t len = strcspn(tail, "\n");
        snprintf(t->skip_reason, sizeof t->skip_reason, "%.*s", (int)len,
                 tail[0] ? tail : "the adapter cannot run here (exit 77)");
        t->skipped = true;
        wt_adapter_close(t->adapter);
        t->adapter = NULL;
        return 0;
    }
    cli_error("adapter '%s': %s", cmd, err);
    if (tail[0] != '\0') {
        fprintf(stderr, "wtkit: the adapter's stderr ended with:\n%s\n", tail);
    }
    wt_adapter_close(t->adapter);
    t->adapter = NULL;
    return rc == WT_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_TRANSPORT;
}

/* python:KIND, --factory: an adapter command under --python (default Debian's). */
static int cli_python_open(const struct cli_opts *o, struct cli_transport *t)
{
    char cmd[4096];
    const char *python = o->python ? o->python : CLI_PYTHON_DEFAULT;
    int rc = cli_python_command(o, python, cmd, sizeof cmd);
    if (rc != 0) {
        return rc;
    }
    if (o->factory != NULL) {
        snprintf(t->replay, sizeof t->replay, "--factory %s --python %s", o->factory, python);
    } else {
        snprintf(t->replay, sizeof t->replay, "--transport %s --python %s", o->transport, python);
    }
    if (access(python, X_OK) != 0) {
        if (o->python != NULL && !o->all_pythons_member) {
            cli_error("--python: %s is not an executable interpreter", python);
            return CLI_EXIT_USAGE;
        }
        /* The default (or one --all-pythons looked for) is missing: a SKIP. */
        snprintf(t->skip_reason, sizeof t->skip_reason, "interpreter %s not found", python);
        t->skipped = true;
        return 0;
    }
    return cli_adapter_open(o, cmd, t);
}

int cli_transport_open(const struct cli_opts *o, struct cli_transport *t)
{
    memset(t, 0, sizeof *t);
    t->replay_checked = true;
    if (o->adapter != NULL) {
        snprintf(t->replay, sizeof t->replay, "--adapter '%s'", o->adapter);
        return cli_adapter_open(o, o->adapter, t);
    }
    if (cli_python_wanted(o)) {
        return cli_python_open(o, t);
    }
    const char *spec = o->transport ? o->transport : "reference";
    snprintf(t->name, sizeof t->name, "%s", spec);
    snprintf(t->replay, sizeof t->replay, "--transport %s", spec);
    if (strcmp(spec, "reference") == 0) {
        return 0;
    }
    if (strncmp(spec, "mutant:", 7) == 0) {
        const struct wt_mutant *m;
        if (wt_mutant_find(spec + 7, &m) != WT_OK) {
            cli_error("--transport: unknown mutant '%s' (see: wtkit mutants)", spec + 7);
            return CLI_EXIT_USAGE;
        }
        t->faults = m->faults;
        t->default_flavor = m->flavor;
        return 0;
    }
    if (strchr(spec, '/') == NULL && strstr(spec, ".so") == NULL) {
        cli_error("--transport: unknown transport '%s' (expected reference, mutant:NAME or "
                  "PATH.so)",
                  spec);
        return CLI_EXIT_USAGE;
    }
    char err[512];
    if (wt_plugin_load(spec, &t->plugin, err, sizeof err) != WT_OK) {
        cli_error("--transport: %s", err);
        return CLI_EXIT_TRANSPORT;
    }
    t->ops = wt_plugin_ops(t->plugin);
    return 0;
}

void cli_transport_close(struct cli_transport *t)
{
    wt_plugin_unload(t->plugin);
    t->plugin = NULL;
    wt_adapter_close(t->adapter);
    t->adapter = NULL;
}

bool cli_adapter_failed(const struct cli_transport *t)
{
    char msg[512], tail[2048];
    if (t->adapter == NULL || wt_adapter_failure(t->adapter, msg, sizeof msg) == WT_ADAPTER_OK) {
        return false;
    }
    cli_error("adapter %s failed: %s", t->name, msg);
    if (wt_adapter_stderr_tail(t->adapter, tail, sizeof tail) > 0) {
        fprintf(stderr, "wtkit: the adapter's stderr ended with:\n%s\n", tail);
    }
    return true;
}

void cli_transport_world(const struct cli_transport *t, struct wt_world_config *wc)
{
    wc->transport = t->ops;
    if (t->adapter != NULL) {
        wt_adapter_configure(t->adapter, wc);
    }
}

static void cli_adapter_prepare(void *user_data, struct wt_world_config *wc)
{
    wt_adapter_configure(user_data, wc);
}

/* A failed adapter makes the scenario an ERROR, with the tail of its stderr. */
static int cli_adapter_health(void *user_data, char *msg, size_t cap)
{
    struct wt_adapter *ad = user_data;
    char tail[512];
    if (wt_adapter_failure(ad, msg, cap) == WT_ADAPTER_OK) {
        return 0;
    }
    size_t n = wt_adapter_stderr_tail(ad, tail, sizeof tail);
    for (size_t i = 0; i < n; i++) {
        tail[i] = tail[i] == '\n' ? '|' : tail[i]; /* keep the verdict one line */
    }
    size_t used = strlen(msg);
    if (n > 0 && used + 10 < cap) {
        snprintf(msg + used, cap - used, "; stderr: %s", tail);
    }
    return 1;
}

void cli_transport_apply(const struct cli_transport *t, struct wt_run_config *cfg)
{
    cfg->transport = t->ops;
    cfg->faults = t->faults;
    cfg->default_flavor = t->default_flavor;
    if (t->adapter != NULL) {
        cfg->transport = &wt_adapter_transport_ops; /* not the reference: no profile flavor */
        cfg->prepare = cli_adapter_prepare;
        cfg->health = cli_adapter_health;
        cfg->driver_user_data = t->adapter;
        cfg->check_determinism = t->replay_checked;
    }
}

int cli_profile(const struct cli_opts *o, const struct wt_profile **p_out)
{
    const char *name = o->profile;
    const struct wt_mutant *m = NULL;
    if (name == NULL && o->transport != NULL && strncmp(o->transport, "mutant:", 7) == 0 &&
        wt_mutant_find(o->transport + 7, &m) == WT_OK) {
        name = m->profile; /* a mutant is judged by its own profile unless told */
    }
    if (name == NULL) {
        name = "docs";
    }
    if (wt_profile_find(name, p_out) == WT_OK) {
        return 0;
    }
    char names[256] = "";
    for (size_t i = 0; i < wt_profile_count(); i++) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                 wt_profile_name(wt_profile_at(i)));
    }
    cli_error("--profile: unknown profile '%s' (expected one of: %s)", name, names);
    return CLI_EXIT_USAGE;
}

bool cli_flavor_works(const struct cli_transport *t, const char *flavor)
{
    struct wt_world_config wc;
    struct wt_world *w = NULL;
    wt_world_config_init(&wc);
    wc.args.flavor = flavor;
    cli_transport_world(t, &wc);
    int rc = wt_world_new(&wc, NULL, &w);
    if (rc == WT_OK) {
        rc = wt_world_start(w);
    }
    wt_world_free(w);
    return rc == WT_OK || rc == WT_ETIMEOUT;
}

int cli_flavor_check(const struct cli_transport *t, const char *flavor, const char *where)
{
    if (cli_flavor_works(t, flavor)) {
        return 0;
    }
    cli_error("%s: transport %s has no flavor '%s'", where, t->name, flavor);
    return CLI_EXIT_USAGE;
}

/* ----- the commit -------------------------------------------------------- */

static char cli_commit_buf[64];

/* Reads the first line of path into buf (without its newline). */
static bool cli_read_line(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return false;
    }
    bool ok = fgets(buf, (int)cap, f) != NULL;
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
    return ok;
}

/* A ref's commit from .git/packed-refs. */
static bool cli_packed_ref(const char *ref, char *out, size_t cap)
{
    FILE *f = fopen(".git/packed-refs", "r");
    char line[512];
    bool found = false;
    while (f != NULL && !found && fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *sp = strchr(line, ' ');
        if (sp != NULL && strcmp(sp + 1, ref) == 0 && (size_t)(sp - line) < cap) {
            memcpy(out, line, (size_t)(sp - line));
            out[sp - line] = '\0';
            found = true;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return found;
}

const char *cli_commit(void)
{
    const char *env = getenv("WTKIT_COMMIT");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    char head[512], path[600];
    if (!cli_read_line(".git/HEAD", head, sizeof head)) {
        return "unknown";
    }
    if (strncmp(head, "ref: ", 5) != 0) {
        snprintf(cli_commit_buf, sizeof cli_commit_buf, "%.40s", head);
        return cli_commit_buf;
    }
    snprintf(path, sizeof path, ".git/%s", head + 5);
    if (cli_read_line(path, cli_commit_buf, sizeof cli_commit_buf) ||
        cli_packed_ref(head + 5, cli_commit_buf, sizeof cli_commit_buf)) {
        return cli_commit_buf;
    }
    return "unknown";
}
