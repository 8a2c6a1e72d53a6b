/* SPDX-License-Identifier: MIT */
/*
 * tspec.c - the transport a session runs against, named and opened in one
 * place: `reference`, `mutant:NAME`, `PATH.so` (a plugin), an adapter
 * command, and the Python shorthands (`python:selector|pipe|ssl|uvloop`,
 * a factory) that stand for adapter commands in adapters/python.
 *
 * It also decides, for every command alike, which ops a transport cannot
 * run (a plugin without write_eof, an adapter's `no:OP`), so `run` and
 * `trace` skip the same scenarios and a sweep generates only what runs.
 *
 * Sections: names; Python; opening; what it supports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session_int.h"
#include "wt/errors.h"
#include "wt/hosted.h"
#include "wt/spec.h"

#define TSPEC_TIMEOUT_MS 5000u


/* ----- names ------------------------------------------------------------ */

/* A file-name key: every byte outside [A-Za-z0-9._-] becomes '-'. */
static void tspec_key(const char *raw, char *buf, size_t cap)
{
    size_t i = 0;
    for (; raw[i] != '\0' && i + 1 < cap; i++) {
        char c = raw[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '_' || c == '-';
        buf[i] = plain ? c : '-';
    }
    if (cap > 0) {
        buf[i] = '\0';
    }
}

/* ----- Python ----------------------------------------------------------- */

static const char *const tspec_python_kinds[] = {"selector", "pipe", "ssl", "uvloop", "factory"};

static bool tspec_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* REL (from the running binary's folder: "../lib/libwt.so"), if it exists. */
static bool tspec_beside_exe(const char *rel, char *buf, size_t cap)
{
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
    int len = snprintf(buf, cap, "%s/%s", exe, rel);
    return len > 0 && (size_t)len < cap && tspec_exists(buf);
}

/* PREFIX/share/wtkit/SUB next to the running binary, if it exists. */
static bool tspec_installed(const char *sub, char *buf, size_t cap)
{
    char rel[256];
    snprintf(rel, sizeof rel, "../share/wtkit/%s", sub);
    return tspec_beside_exe(rel, buf, cap);
}

/* The folder that holds cpython_adapter.py, or NULL. */
static const char *tspec_adapters_dir(char *buf, size_t cap)
{
    const char *env = getenv("WTKIT_ADAPTERS");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    if (tspec_exists("adapters/python/cpython_adapter.py")) {
        return "adapters/python";
    }
    return tspec_installed("adapters/python", buf, cap) ? buf : NULL;
}

/* A word safe in a command line unquoted (paths, module:function). */
static bool tspec_plain(const char *s)
{
    for (; *s != '\0'; s++) {
        if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-:+=,@%",
                   *s) == NULL) {
            return false;
        }
    }
    return true;
}

size_t wt_python_interpreters(struct wt_python *out, size_t max)
{
    static const char *const pyenv_versions[] = {"3.11.7", "3.12.1", "3.13.0"};
    size_t n = 0;
    if (n < max) {
        snprintf(out[n].label, sizeof out[n].label, "debian");
        snprintf(out[n].path, sizeof out[n].path, "%s", WT_PYTHON_DEFAULT);
        n++;
    }
    const char *root = getenv("PYENV_ROOT");
    const char *home = getenv("HOME");
    char rootbuf[1024];
    if (root == NULL || root[0] == '\0') {
        snprintf(rootbuf, sizeof rootbuf, "%s/.pyenv", home != NULL ? home : "/root");
        root = rootbuf;
    }
    for (size_t i = 0; i < sizeof pyenv_versions / sizeof pyenv_versions[0] && n < max; i++) {
        snprintf(out[n].label, sizeof out[n].label, "%s", pyenv_versions[i]);
        snprintf(out[n].path, sizeof out[n].path, "%s/versions/%s/bin/python3", root,
                 pyenv_versions[i]);
        n++;
    }
    for (size_t i = 0; i < n; i++) {
        out[i].present = access(out[i].path, X_OK) == 0;
    }
    return n;
}

/* The adapter command python:KIND (or the factory) stands for. */
static int tspec_python_command(const struct wt_session_spec *s, const char *python, char *cmd,
                                size_t cap, char *err, size_t err_cap)
{
    char dirbuf[2300];
    const char *kind = s->factory != NULL ? "factory"
                       : s->transport != NULL && strncmp(s->transport, "python:", 7) == 0
                           ? s->transport + 7
                           : "selector";
    size_t k = 0;
    size_t nkinds = sizeof tspec_python_kinds / sizeof tspec_python_kinds[0];
    while (k < nkinds && strcmp(tspec_python_kinds[k], kind) != 0) {
        k++;
    }
    if (k == nkinds) {
        wt__say(err, err_cap, "--transport: unknown Python transport 'python:%s' (expected "
                  "python:selector, python:pipe, python:ssl or python:uvloop)", kind);
        return WT_EINVAL;
    }
    if (strcmp(kind, "factory") == 0 && s->factory == NULL) {
        wt__say(err, err_cap, "--transport python:factory needs --factory MODULE:FUNCTION");
        return WT_EINVAL;
    }
    if (!tspec_plain(python) || (s->factory != NULL && !tspec_plain(s->factory))) {
        wt__say(err, err_cap, "--python/--factory: only letters, digits and / . _ - : + = , "
                  "@ %% are allowed in a path or MODULE:FUNCTION");
        return WT_EINVAL;
    }
    const char *dir = tspec_adapters_dir(dirbuf, sizeof dirbuf);
    if (dir == NULL) {
        wt__say(err, err_cap, "the Python adapters were not found: run from the wtkit source "
                  "tree, or set WTKIT_ADAPTERS to the folder that holds cpython_adapter.py");
        return WT_EADAPTER;
    }
    int n;
    if (strcmp(kind, "uvloop") == 0) {
        n = snprintf(cmd, cap, "%s %s/uvloop_adapter.py", python, dir);
    } else if (s->factory != NULL) {
        n = snprintf(cmd, cap, "%s %s/cpython_adapter.py --kind factory --factory %s", python,
                     dir, s->factory);
    } else {
        n = snprintf(cmd, cap, "%s %s/cpython_adapter.py --kind %s", python, dir, kind);
    }
    if (n < 0 || (size_t)n >= cap) {
        wt__say(err, err_cap, "--python: path too long");
        return WT_EINVAL;
    }
    return WT_OK;
}

/* ----- opening ------------------------------------------------------------ */

/*
 * The libwt shared object a host may load: WTKIT_LIBWT, else the one
 * beside the running binary (PREFIX/lib, or build/lib), or NULL.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TSPEC_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(TSPEC_ASAN)
#define TSPEC_ASAN 1
#endif

static const char *tspec_libwt(char *buf, size_t cap)
{
#ifdef TSPEC_ASAN
    /* A sanitizer build's library cannot be loaded into an interpreter
     * (its runtime must come first): such a kit drives Python line by line. */
    (void)buf;
    (void)cap;
    return NULL;
#endif
    const char *env = getenv("WTKIT_LIBWT");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    return tspec_beside_exe("../lib/libwt.so", buf, cap) ? buf : NULL;
}

/*
 * Starts an adapter command. A child that exits 77 during the handshake
 * says it cannot run here (an interpreter without uvloop): a SKIP.
 */
static int tspec_adapter(const struct wt_session_spec *s, const char *cmd, struct wt__tspec *t,
                         char *err, size_t err_cap)
{
    struct wt_adapter_options opt;
    char why[512], tail[2048] = "";
    wt_adapter_options_init(&opt);
    opt.timeout_ms = s->adapter_timeout_ms ? s->adapter_timeout_ms : TSPEC_TIMEOUT_MS;
    char lib[2200], id[64];
    if (!s->line_protocol) {
        opt.host_lib = tspec_libwt(lib, sizeof lib);
        wt_hosted_id(id, sizeof id);
        opt.host_id = id;
    }
    int rc = wt_adapter_open(cmd, &opt, &t->adapter, why, sizeof why);
    if (rc == WT_OK) {
        snprintf(t->name, sizeof t->name, "adapter:%s", wt_adapter_name(t->adapter));
        char raw[400];
        snprintf(raw, sizeof raw, "%s-%s", wt_adapter_name(t->adapter),
                 wt_adapter_version(t->adapter));
        tspec_key(raw, t->key, sizeof t->key);
        /* An adapter over real file descriptors or TLS cannot replay byte for byte. */
        t->replay_checked = !wt_adapter_has_feature(t->adapter, "no-replay");
        t->missing = wt_adapter_missing(t->adapter);
        return WT_OK;
    }
    if (t->adapter != NULL) {
        wt_adapter_stderr_tail(t->adapter, tail, sizeof tail);
    }
    wt_adapter_close(t->adapter);
    t->adapter = NULL;
    if (strstr(why, "exited with status 77") != NULL) {
        size_t len = strcspn(tail, "\n");
        snprintf(t->skip_reason, sizeof t->skip_reason, "%.*s", (int)len,
                 tail[0] ? tail : "the adapter cannot run here (exit 77)");
        t->skipped = true;
        return WT_OK;
    }
    wt__say(err, err_cap, "adapter '%s': %s%s%s", cmd, why,
              tail[0] ? "\nwtkit: the adapter's stderr ended with:\n" : "", tail);
    return rc == WT_EINVAL ? WT_EINVAL : WT_EADAPTER;
}

static int tspec_python(const struct wt_session_spec *s, struct wt__tspec *t, char *err,
                        size_t err_cap)
{
    char cmd[4096];
    const char *python = s->python ? s->python : WT_PYTHON_DEFAULT;
    int rc = tspec_python_command(s, python, cmd, sizeof cmd, err, err_cap);
    if (rc != WT_OK) {
        return rc;
    }
    /* A saved case's `transport` header names the interpreter when it is not
     * Debian's (the spec `python:KIND --python PATH`): a case found on
     * CPython 3.12.1 replays on 3.12.1 (wtkit shrink, replay, sweep --save). */
    bool own = strcmp(python, WT_PYTHON_DEFAULT) != 0;
    if (s->factory != NULL) {
        snprintf(t->replay, sizeof t->replay, "--factory %s --python %s", s->factory, python);
        snprintf(t->spec, sizeof t->spec, "python:factory %s%s%s", s->factory,
                 own ? " --python " : "", own ? python : "");
    } else {
        snprintf(t->replay, sizeof t->replay, "--transport %s --python %s", s->transport, python);
        snprintf(t->spec, sizeof t->spec, "%s%s%s", s->transport, own ? " --python " : "",
                 own ? python : "");
    }
    snprintf(t->name, sizeof t->name, "%s", s->factory ? "python:factory" : s->transport);
    if (access(python, X_OK) != 0) {
        if (s->python != NULL && !s->python_member) {
            wt__say(err, err_cap, "--python: %s is not an executable interpreter", python);
            return WT_EINVAL;
        }
        snprintf(t->skip_reason, sizeof t->skip_reason, "interpreter %s not found", python);
        t->skipped = true;
        return WT_OK;
    }
    return tspec_adapter(s, cmd, t, err, err_cap);
}

int wt__tspec_open(const struct wt_session_spec *s, struct wt__tspec *t, char *err,
                   size_t err_cap)
{
    memset(t, 0, sizeof *t);
    t->alloc = s->alloc;
    t->replay_checked = true;
    bool python = s->factory != NULL ||
                  (s->transport != NULL && strncmp(s->transport, "python:", 7) == 0);
    if (s->transport != NULL && s->adapter != NULL) {
        wt__say(err, err_cap, "--transport and --adapter exclude each other");
        return WT_EINVAL;
    }
    if (s->python != NULL && !python) {
        wt__say(err, err_cap, "--python goes with --transport python:KIND or --factory");
        return WT_EINVAL;
    }
    if (s->factory != NULL && (s->adapter != NULL || (s->transport != NULL &&
                                                      strcmp(s->transport, "python:factory")))) {
        wt__say(err, err_cap, "--factory goes with no other transport (it is python:factory)");
        return WT_EINVAL;
    }
    if (s->table != NULL) {
        if (s->transport != NULL || s->adapter != NULL || s->factory != NULL ||
            s->table->ops == NULL) {
            wt__say(err, err_cap, "a session's own table goes with no other transport");
            return WT_EINVAL;
        }
        t->table = s->table;
        t->ops = s->table->ops;
        t->missing = s->table->missing;
        t->replay_checked = s->table->replay_checked;
        snprintf(t->name, sizeof t->name, "table:%s", t->ops->name ? t->ops->name : "");
        tspec_key(t->name, t->key, sizeof t->key);
        snprintf(t->spec, sizeof t->spec, "%s", t->name);
        return WT_OK;
    }
    if (s->adapter != NULL) {
        snprintf(t->replay, sizeof t->replay, "--adapter '%s'", s->adapter);
        snprintf(t->spec, sizeof t->spec, "adapter %s", s->adapter);
        return tspec_adapter(s, s->adapter, t, err, err_cap);
    }
    if (python) {
        return tspec_python(s, t, err, err_cap);
    }
    const char *spec = s->transport ? s->transport : "reference";
    snprintf(t->name, sizeof t->name, "%s", spec);
    snprintf(t->replay, sizeof t->replay, "--transport %s", spec);
    snprintf(t->spec, sizeof t->spec, "%s", spec);
    tspec_key(spec, t->key, sizeof t->key);
    if (strcmp(spec, "reference") == 0) {
        return WT_OK;
    }
    if (strncmp(spec, "mutant:", 7) == 0) {
        const struct wt_mutant *m;
        if (wt_mutant_find(spec + 7, &m) != WT_OK) {
            wt__say(err, err_cap, "--transport: unknown mutant '%s' (see: wtkit mutants)",
                      spec + 7);
            return WT_EINVAL;
        }
        t->faults = m->faults;
        t->default_flavor = m->flavor;
        t->mutant_profile = m->profile;
        return WT_OK;
    }
    if (strchr(spec, '/') == NULL && strstr(spec, ".so") == NULL) {
        wt__say(err, err_cap, "--transport: unknown transport '%s' (expected reference, "
                  "mutant:NAME, PATH.so or python:KIND)", spec);
        return WT_EINVAL;
    }
    char why[512];
    if (wt_plugin_load(spec, &t->plugin, why, sizeof why) != WT_OK) {
        wt__say(err, err_cap, "--transport: %s", why);
        return WT_EADAPTER;
    }
    t->ops = wt_plugin_ops(t->plugin);
    tspec_key(t->ops->name, t->key, sizeof t->key);
    t->missing = wt_transport_ops_missing(t->ops);
    t->defaulted = (t->ops->writelines == NULL ? 1u << WT_METHOD_WRITELINES : 0) |
                   (t->ops->write_eof == NULL ? 1u << WT_METHOD_WRITE_EOF : 0) |
                   (t->ops->can_write_eof == NULL ? 1u << WT_METHOD_CAN_WRITE_EOF : 0);
    return WT_OK;
}

void wt__tspec_close(struct wt__tspec *t)
{
    wt_plugin_unload(t->plugin);
    t->plugin = NULL;
    wt_adapter_close(t->adapter);
    t->adapter = NULL;
}

static void tspec_prepare(void *user_data, struct wt_world_config *wc)
{
    wt_adapter_configure(user_data, wc);
}

/* A failed adapter makes the case an ERROR, with the tail of its stderr. */
int wt__tspec_health(void *user_data, char *msg, size_t cap)
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

void wt__tspec_apply(const struct wt__tspec *t, struct wt_run_config *cfg)
{
    cfg->transport = t->ops;
    cfg->faults = t->faults;
    cfg->default_flavor = t->default_flavor;
    cfg->missing = t->missing;
    if (t->adapter != NULL) {
        cfg->transport = &wt_adapter_transport_ops; /* not the reference: no profile flavor */
        cfg->prepare = tspec_prepare;
        cfg->health = wt__tspec_health;
        cfg->driver_user_data = t->adapter;
        cfg->check_determinism = t->replay_checked;
    }
    if (t->table != NULL) {
        cfg->prepare = t->table->prepare;
        cfg->driver_user_data = t->table->user_data;
        cfg->check_determinism = t->replay_checked;
    }
}

bool wt__tspec_flavor_works(const struct wt__tspec *t, const char *flavor, bool *can_eof_out)
{
    struct wt_world_config wc;
    struct wt_world *w = NULL;
    bool can = false;
    wt_world_config_init(&wc);
    wc.args.flavor = flavor;
    wc.args.faults = t->faults;
    wc.transport = t->ops;
    wc.missing = t->missing;
    if (t->adapter != NULL) {
        wt_adapter_configure(t->adapter, &wc);
    }
    if (t->table != NULL && t->table->prepare != NULL) {
        t->table->prepare(t->table->user_data, &wc);
    }
    int rc = wt_world_new(&wc, t->alloc, &w);
    if (rc == WT_OK) {
        rc = wt_world_start(w);
    }
    /* Asked once, here: a probe world's trace is never judged (capabilities). */
    if (rc == WT_OK && wt_world_can_write_eof(w, &can) != WT_OK) {
        can = false;
    }
    wt_world_free(w);
    if (can_eof_out != NULL) {
        *can_eof_out = can;
    }
    return rc == WT_OK || rc == WT_ETIMEOUT;
}

const char *wt__tspec_flavor(const struct wt__tspec *t, const struct wt_session_spec *spec,
                             const char *profile_flavor, const char *header)
{
    /* The runner's order (runner_plan): the run's, the header's, a mutant's, the profile's. */
    if (spec->flavor != NULL) {
        return spec->flavor;
    }
    if (header != NULL && header[0] != '\0') {
        return header;
    }
    if (t->default_flavor != NULL) {
        return t->default_flavor;
    }
    return t->ops == NULL && t->adapter == NULL ? profile_flavor : NULL;
}

/* ----- what it supports --------------------------------------------------- */

/*
 * Whether the transport can run an op of this kind: an adapter's `no:OP`
 * and unlisted calls, and a documented method it lacks (capabilities;
 * write_eof aside, which can_write_eof decides in session_skip).
 */
static bool tspec_supports(const struct wt__tspec *t, int kind)
{
    if (wt_op_is_call(kind) && kind != WT_OP_WRITE_EOF && (t->missing & (1u << kind)) != 0) {
        return false;
    }
    if (t->adapter != NULL && kind == WT_OP_WRITE_EOF) {
        return true; /* unlisted: NotImplementedError, as transport.h's NULL slot */
    }
    return t->adapter == NULL || wt_adapter_supports(t->adapter, kind);
}

/* The method an expectation reads (untraced), or -1. */
static int tspec_expect_reads(const struct wt_op *op)
{
    switch (op->kind) {
    case WT_OP_EXPECT_SIZE:
        return WT_METHOD_GET_SIZE;
    case WT_OP_EXPECT_LIMITS:
        return WT_METHOD_GET_LIMITS;
    case WT_OP_EXPECT_STATE:
        if (op->a == WT_EXPECT_CLOSING || op->a == WT_EXPECT_NOT_CLOSING) {
            return WT_METHOD_IS_CLOSING;
        }
        if (op->a == WT_EXPECT_CAN_EOF || op->a == WT_EXPECT_CANNOT_EOF) {
            return WT_METHOD_CAN_WRITE_EOF;
        }
        return -1;
    default:
        return -1;
    }
}

bool wt__tspec_unsupported(const struct wt__tspec *t, const struct wt_op *ops, size_t nops,
                           char *why, size_t cap)
{
    for (size_t i = 0; i < nops; i++) {
        /* `expect clause` of a clause a missing method FAILs: the scenario is about that method. */
        for (int m = 0; ops[i].kind == WT_OP_EXPECT_CLAUSE && m < WT_METHOD_COUNT; m++) {
            const char *id = wt_missing_clause(m);
            const struct wt_clause *cl = wt_catalog_at((size_t)ops[i].a);
            if ((t->missing & (1u << m)) != 0 && id != NULL && cl != NULL &&
                strcmp(cl->id, id) == 0) {
                wt__say(why, cap, "transport '%s' has no %s(), whose clause %s this scenario "
                          "expects (line %u)", t->name, wt_method_name(m), id,
                          (unsigned)ops[i].line);
                return true;
            }
        }
        int reads = tspec_expect_reads(&ops[i]);
        if (reads >= 0 && (t->missing & (1u << reads)) != 0) {
            char line[32] = "";
            if (ops[i].line != 0) {
                snprintf(line, sizeof line, " (line %u)", (unsigned)ops[i].line);
            }
            wt__say(why, cap, "transport '%s' has no %s() (capabilities: a missing documented "
                      "method), which '%s' reads%s", t->name, wt_method_name(reads),
                      wt_op_name(ops[i].kind), line);
            return true;
        }
        if (tspec_supports(t, ops[i].kind)) {
            continue;
        }
        const char *who = t->adapter != NULL ? "adapter" : "transport";
        const char *name = t->adapter != NULL ? wt_adapter_name(t->adapter)
                           : t->ops != NULL   ? t->ops->name
                                              : t->name;
        char line[32] = "";
        if (ops[i].line != 0) {
            snprintf(line, sizeof line, " (line %u)", (unsigned)ops[i].line);
        }
        if (wt_op_is_call(ops[i].kind) && (t->missing & (1u << ops[i].kind)) != 0) {
            wt__say(why, cap, "transport '%s' has no %s() (capabilities: a missing documented "
                      "method)%s", name, wt_op_name(ops[i].kind), line);
            return true;
        }
        wt__say(why, cap, "%s '%s' does not support %s%s", who, name, wt_op_name(ops[i].kind),
                  line);
        return true;
    }
    return false;
}

uint64_t wt__tspec_kinds(const struct wt__tspec *t)
{
    uint64_t kinds = 0;
    for (int k = 0; k < WT_OP_COUNT && k < 64; k++) {
        if (tspec_supports(t, k)) {
            kinds |= UINT64_C(1) << k;
        }
    }
    return kinds;
}
