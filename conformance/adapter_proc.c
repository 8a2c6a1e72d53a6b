/* SPDX-License-Identifier: MIT */
/*
 * adapter_proc.c - the adapter's child process: starting it, exchanging
 * lines with it under a wall-clock deadline, judging how it failed, and
 * stopping it without leaving a zombie or an fd behind. It knows lines,
 * not what they mean (adapter_hello.c and adapter.c do).
 *
 * Every wait is bounded: an exchange (a call of the transport table and
 * everything nested in it) has opt.timeout_ms in total; every read and
 * write polls with what is left of it. Stdout and stderr are drained in
 * the same poll, so a child that writes much to stderr cannot deadlock us.
 * The child's stdin is one end of a socketpair, so the kit writes with
 * send(MSG_NOSIGNAL): a child that stopped reading is an EPIPE, never a
 * SIGPIPE, with no system call per write to touch the process's signal
 * disposition (a program that loads libwt keeps its own). An EPIPE is
 * judged like an EOF: the child is reaped and its end classified.
 *
 * Sections: failure names; clock and signals; stderr tail; spawn; reap and
 * fail; line I/O; start and stop; public API.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "adapter_int.h"
#include "wt/errors.h"

#define PROC_ARGS_MAX 64
#define PROC_READ_CHUNK 65536u
#define PROC_BYE_WAIT_MS 300u
#define PROC_TERM_WAIT_MS 500u
#define PROC_DRAIN_MS 200u

/* ------------------------------------------------------------------ */
/* Failure names                                                      */
/* ------------------------------------------------------------------ */

static const char *const proc_failure_words[WT_ADAPTER_FAILURE_COUNT] = {
#define WT_ADAPTER_FAILURE_WORD(name, word, doc) word,
    WT_ADAPTER_FAILURE_MAP(WT_ADAPTER_FAILURE_WORD)
#undef WT_ADAPTER_FAILURE_WORD
};

const char *wt_adapter_failure_name(int kind)
{
    return kind >= 0 && kind < WT_ADAPTER_FAILURE_COUNT ? proc_failure_words[kind] : NULL;
}

/* ------------------------------------------------------------------ */
/* Clock and signals                                                  */
/* ------------------------------------------------------------------ */

static uint64_t proc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void proc_sleep_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static const char *proc_signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGPIPE: return "SIGPIPE";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
    }
}

/* Signals the child's process group (it has its own), or just the child. */
static void proc_signal(struct wt_adapter *ad, int sig)
{
    if (ad->pid <= 0 || ad->reaped) {
        return;
    }
    if (kill(-ad->pid, sig) != 0) {
        kill(ad->pid, sig);
    }
}

/* ------------------------------------------------------------------ */
/* Stderr tail                                                        */
/* ------------------------------------------------------------------ */

static void proc_tail_add(struct wt_adapter *ad, const char *p, size_t n)
{
    ad->tail_total += n; /* for the per-scenario tail (adapter.c) */
    for (size_t i = 0; i < n; i++) {
        ad->tail[ad->tail_head] = p[i];
        ad->tail_head = (ad->tail_head + 1) % WT_ADAPTER_STDERR_TAIL;
        if (ad->tail_len < WT_ADAPTER_STDERR_TAIL) {
            ad->tail_len++;
        }
    }
}

/* Reads what stderr has now; false once it is at EOF. */
static bool proc_read_err(struct wt_adapter *ad)
{
    char buf[4096];
    while (ad->fd_err >= 0 && !ad->err_eof) {
        ssize_t n = read(ad->fd_err, buf, sizeof buf);
        if (n > 0) {
            proc_tail_add(ad, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return true;
        }
        ad->err_eof = true;
    }
    return false;
}

/* Reads what stdout has now into rbuf (bounded); notes EOF. */
static void proc_read_out(struct wt_adapter *ad)
{
    while (ad->fd_out >= 0 && !ad->out_eof && ad->rlen < ad->rcap) {
        size_t want = ad->rcap - ad->rlen;
        ssize_t n = read(ad->fd_out, ad->rbuf + ad->rlen, want);
        if (n > 0) {
            ad->rlen += (size_t)n;
            if ((size_t)n < want) {
                return; /* a short read drained the pipe: no EAGAIN round */
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        ad->out_eof = true;
    }
}

/* Drains stderr until EOF or a short bound (after the child is dead). */
static void proc_drain_err(struct wt_adapter *ad, unsigned wait_ms)
{
    uint64_t end = proc_now_ms() + wait_ms;
    while (ad->fd_err >= 0 && proc_read_err(ad)) {
        uint64_t now = proc_now_ms();
        if (now >= end) {
            return;
        }
        struct pollfd p = {ad->fd_err, POLLIN, 0};
        poll(&p, 1, (int)(end - now));
    }
}

/* ------------------------------------------------------------------ */
/* Spawn                                                              */
/* ------------------------------------------------------------------ */

static bool proc_plain_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           strchr("/._-=+:,@%", ch) != NULL;
}

/*
 * Splits a command of plain words into argv (in the copy buf); false when
 * it needs a shell.
 */
static bool proc_split(char *buf, char **argv, size_t argv_cap)
{
    size_t n = 0;
    for (const char *p = buf; *p != '\0'; p++) {
        if (*p != ' ' && *p != '\t' && !proc_plain_char(*p)) {
            return false;
        }
    }
    for (char *p = buf; *p != '\0';) {
        while (*p == ' ' || *p == '\t') {
            *p++ = '\0';
        }
        if (*p == '\0') {
            break;
        }
        if (n + 1 >= argv_cap) {
            return false;
        }
        argv[n++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            p++;
        }
    }
    argv[n] = NULL;
    return n > 0;
}

/* A pipe, or for the child's stdin (sock) a socketpair: [0] reads, [1] writes. */
static int proc_pipe(int fds[2], bool sock)
{
    if ((sock ? socketpair(AF_UNIX, SOCK_STREAM, 0, fds) : pipe(fds)) != 0) {
        return -1;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

static void proc_close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

extern char **environ;

/*
 * The child's environment: the kit's, with WTKIT_LIBWT and WTKIT_HOST_ID
 * set when the kit offers `host` (made before fork: the child may not
 * allocate). NULL: the kit's own. Free with proc_env_free.
 */
static char **proc_env(const struct wt_adapter *ad)
{
    if (ad->opt.host_lib == NULL || ad->opt.host_id == NULL) {
        return NULL;
    }
    size_t n = 0;
    while (environ != NULL && environ[n] != NULL && n < 100000) {
        n++;
    }
    char **env = calloc(n + 3, sizeof *env);
    if (env == NULL) {
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(environ[i], "WTKIT_LIBWT=", 12) != 0 &&
            strncmp(environ[i], "WTKIT_HOST_ID=", 14) != 0) {
            env[k++] = environ[i];
        }
    }
    size_t a = strlen(ad->opt.host_lib) + 13, b = strlen(ad->opt.host_id) + 15;
    char *lib = malloc(a), *id = malloc(b);
    if (lib == NULL || id == NULL) {
        free(lib);
        free(id);
        free(env);
        return NULL;
    }
    snprintf(lib, a, "WTKIT_LIBWT=%s", ad->opt.host_lib);
    snprintf(id, b, "WTKIT_HOST_ID=%s", ad->opt.host_id);
    env[k++] = lib;
    env[k++] = id;
    env[k] = NULL;
    return env;
}

/* Frees what proc_env made (the two entries it added are the last). */
static void proc_env_free(char **env)
{
    if (env == NULL) {
        return;
    }
    size_t n = 0;
    while (env[n] != NULL) {
        n++;
    }
    free(env[n - 1]);
    free(env[n - 2]);
    free(env);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void proc_child(const int in[2], const int out[2], const int errp[2], char **argv,
                       char **env)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &dfl, NULL);
    sigaction(SIGTERM, &dfl, NULL);
    sigaction(SIGINT, &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setpgid(0, 0);
    if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(errp[1], 2) < 0) {
        _exit(127);
    }
    if (env != NULL) {
        environ = env; /* a pointer store: execvp passes it on */
    }
    execvp(argv[0], argv);
    static const char msg[] = "wtkit: cannot execute the adapter command\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
}

static int proc_spawn(struct wt_adapter *ad, const char *cmdline, char *why, size_t cap)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
    char *argv[PROC_ARGS_MAX];
    char *copy = strdup(cmdline);
    if (copy == NULL) {
        return WT_ENOMEM;
    }
    if (!proc_split(copy, argv, PROC_ARGS_MAX)) {
        argv[0] = "/bin/sh";
        argv[1] = "-c";
        argv[2] = (char *)cmdline;
        argv[3] = NULL;
    }
    if (proc_pipe(in, true) != 0 || proc_pipe(out, false) != 0 || proc_pipe(errp, false) != 0) {
        snprintf(why, cap, "pipe: %s", strerror(errno));
        goto fail;
    }
    char **env = proc_env(ad);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, cap, "fork: %s", strerror(errno));
        proc_env_free(env);
        goto fail;
    }
    if (pid == 0) {
        proc_child(in, out, errp, argv, env);
    }
    proc_env_free(env);
    setpgid(pid, pid); /* both sides set it, so it holds before any signal */
    free(copy);
    close(in[0]);
    close(out[1]);
    close(errp[1]);
    ad->pid = pid;
    ad->fd_in = in[1];
    ad->fd_out = out[0];
    ad->fd_err = errp[0];
    fcntl(ad->fd_in, F_SETFL, fcntl(ad->fd_in, F_GETFL) | O_NONBLOCK);
    fcntl(ad->fd_out, F_SETFL, fcntl(ad->fd_out, F_GETFL) | O_NONBLOCK);
    fcntl(ad->fd_err, F_SETFL, fcntl(ad->fd_err, F_GETFL) | O_NONBLOCK);
    return WT_OK;
fail:
    free(copy);
    for (int i = 0; i < 2; i++) {
        proc_close_fd(&in[i]);
        proc_close_fd(&out[i]);
        proc_close_fd(&errp[i]);
    }
    return WT_EADAPTER;
}

/* ------------------------------------------------------------------ */
/* Reap and fail                                                      */
/* ------------------------------------------------------------------ */

/* Waits up to wait_ms for the child to end; true once it is reaped. */
static bool proc_reap(struct wt_adapter *ad, unsigned wait_ms)
{
    uint64_t end = proc_now_ms() + wait_ms;
    unsigned nap = 1;
    while (!ad->reaped && ad->pid > 0) {
        int st = 0;
        pid_t r = waitpid(ad->pid, &st, WNOHANG);
        if (r == ad->pid) {
            ad->reaped = true;
            ad->wait_status = st;
            break;
        }
        if (r < 0 && errno != EINTR) {
            ad->reaped = true; /* not our child any more: nothing to reap */
            ad->wait_status = 0;
            break;
        }
        if (proc_now_ms() >= end) {
            return false;
        }
        proc_sleep_ms(nap);
        nap = nap < 8 ? nap * 2 : 8;
    }
    return true;
}

/* Kills the group and reaps the child, whatever state it is in. */
static void proc_kill(struct wt_adapter *ad)
{
    proc_signal(ad, SIGKILL);
    while (!ad->reaped && ad->pid > 0) {
        int st = 0;
        pid_t r = waitpid(ad->pid, &st, 0);
        if (r == ad->pid || (r < 0 && errno != EINTR)) {
            ad->reaped = true;
            ad->wait_status = st;
        }
    }
}

/*
 * The length of the well-formed UTF-8 sequence at s (1 for ASCII), or 0
 * when s does not start one (a stray or truncated byte, an overlong form,
 * a surrogate, a code point over U+10FFFF).
 */
static size_t proc_utf8_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        return 1;
    }
    size_t need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
                  : c >= 0xf0 && c <= 0xf4                             ? 3
                                                                       : 0;
    if (need == 0 || need >= len) {
        return 0;
    }
    unsigned char c1 = s[1];
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) ||
        (c == 0xf4 && c1 > 0x8f)) {
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return need + 1;
}

/*
 * Copies text into out (cap > 0, always NUL-terminated) as one line: control
 * characters and bytes that are not UTF-8 become \n, \r, \t or \xNN, so a
 * child's bytes quoted in a message cannot break the report it lands in. An
 * escape that does not fit is left out whole.
 */
static void proc_escape(const char *text, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), n = 0;
    for (size_t i = 0; i < len;) {
        char esc[4];
        const char *piece = text + i;
        size_t take = proc_utf8_len(s + i, len - i); /* bytes of text consumed */
        size_t plen = take;                           /* bytes written */
        if (take == 0 || (take == 1 && (s[i] < 0x20 || s[i] == 0x7f))) {
            char c = s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : s[i] == '\t' ? 't' : 'x';
            esc[0] = '\\';
            esc[1] = c;
            esc[2] = hex[s[i] >> 4];
            esc[3] = hex[s[i] & 15u];
            piece = esc;
            take = 1;
            plen = c == 'x' ? 4 : 2;
        }
        if (n + plen >= cap) {
            break;
        }
        memcpy(out + n, piece, plen);
        n += plen;
        i += take;
    }
    out[n] = '\0';
}

void wt__adapter_fail(struct wt_adapter *ad, int kind, const char *fmt, ...)
{
    if (ad->failure != WT_ADAPTER_OK) {
        return;
    }
    char text[224], line[ADAPTER_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ad->failure = kind;
    if (ad->waiting_for[0] != '\0') {
        snprintf(line, sizeof line, "%.10s: %.223s (while waiting for the answer to '%.60s')",
                 wt_adapter_failure_name(kind), text, ad->waiting_for);
    } else {
        snprintf(line, sizeof line, "%.10s: %.223s", wt_adapter_failure_name(kind), text);
    }
    proc_escape(line, ad->failure_msg, sizeof ad->failure_msg);
    proc_kill(ad);
    proc_drain_err(ad, PROC_DRAIN_MS);
    proc_close_fd(&ad->fd_in);
    proc_close_fd(&ad->fd_out);
}

/*
 * stdout reached EOF (closed = "stdout") or a write met a closed pipe
 * (closed = "stdin"): the child is ending. Reaps it within what is left of
 * the deadline, reads what it left in the pipe, and says how it ended. Only
 * bytes after the last newline, at the end of its output, are an
 * unfinished line; complete lines the kit had not reached yet are not.
 */
static void proc_judge_end(struct wt_adapter *ad, const char *closed)
{
    uint64_t now = proc_now_ms();
    unsigned wait = ad->deadline_ms > now ? (unsigned)(ad->deadline_ms - now) : 0;
    if (wait > 1000u) {
        wait = 1000u;
    }
    if (!proc_reap(ad, wait)) {
        wt__adapter_fail(ad, WT_ADAPTER_EXITED, "closed its %s but kept running", closed);
        return;
    }
    proc_read_out(ad);
    const char *rest = ad->rbuf + ad->consumed;
    size_t pending = ad->rlen - ad->consumed;
    size_t tail = 0;
    while (tail < pending && rest[pending - tail - 1] != '\n') {
        tail++;
    }
    int st = ad->wait_status;
    if (WIFSIGNALED(st)) {
        wt__adapter_fail(ad, WT_ADAPTER_CRASHED, "killed by signal %d (%s)", WTERMSIG(st),
                         proc_signal_name(WTERMSIG(st)));
    } else if (tail > 0 && ad->out_eof) {
        wt__adapter_fail(ad, WT_ADAPTER_PARTIAL, "sent an unfinished line '%.*s' and exited",
                         (int)(tail < 60 ? tail : 60), rest + pending - tail);
    } else if (pending > 0) {
        wt__adapter_fail(ad, WT_ADAPTER_EXITED, "exited with status %d, %zu bytes unread",
                         WIFEXITED(st) ? WEXITSTATUS(st) : -1, pending);
    } else {
        wt__adapter_fail(ad, WT_ADAPTER_EXITED, "exited with status %d",
                         WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
}

/* ------------------------------------------------------------------ */
/* Line I/O                                                           */
/* ------------------------------------------------------------------ */

int wt__adapter_begin(struct wt_adapter *ad, const char *what, size_t what_len)
{
    if (ad->failure != WT_ADAPTER_OK) {
        return WT_EADAPTER;
    }
    if (ad->depth >= WT_ADAPTER_DEPTH_MAX) {
        /* Each level is a C stack frame chain in the kit: stop before it runs out. */
        wt__adapter_fail(ad, WT_ADAPTER_NESTING, "nested exchanges %u deep (limit %u) at '%.*s'",
                         ad->depth + 1, WT_ADAPTER_DEPTH_MAX, (int)(what_len < 40 ? what_len : 40),
                         what);
        return WT_EADAPTER;
    }
    if (ad->depth == 0) {
        uint64_t now = proc_now_ms();
        if (ad->case_deadline_ms != 0 && now >= ad->case_deadline_ms) {
            wt__adapter_fail(ad, WT_ADAPTER_TIMEOUT, "the case took longer than its wall-clock "
                             "bound (%u ms) at '%.*s'", ad->case_wall_ms,
                             (int)(what_len < 40 ? what_len : 40), what);
            return WT_EADAPTER;
        }
        ad->deadline_ms = now + ad->opt.timeout_ms;
        if (ad->case_deadline_ms != 0 && ad->case_deadline_ms < ad->deadline_ms) {
            ad->deadline_ms = ad->case_deadline_ms;
        }
        ad->lines = 0;
        ad->bytes = 0;
        snprintf(ad->waiting_for, sizeof ad->waiting_for, "%.*s",
                 (int)(what_len < 60 ? what_len : 60), what);
        /* The child speaks only when spoken to. */
        proc_read_out(ad);
        proc_read_err(ad);
        if (ad->rlen > ad->consumed) {
            size_t n = ad->rlen - ad->consumed;
            wt__adapter_fail(ad, WT_ADAPTER_GARBAGE, "spoke out of turn: '%.*s'",
                             (int)(n < 60 ? n : 60), ad->rbuf + ad->consumed);
            return WT_EADAPTER;
        }
        if (ad->out_eof) {
            proc_judge_end(ad, "stdout");
            return WT_EADAPTER;
        }
    }
    ad->depth++;
    return WT_OK;
}

void wt__adapter_drain_err(struct wt_adapter *ad)
{
    proc_read_err(ad);
}

void wt__adapter_end(struct wt_adapter *ad)
{
    if (ad->depth > 0) {
        ad->depth--;
    }
    if (ad->depth == 0) {
        ad->waiting_for[0] = '\0';
    }
}

/*
 * Writes what is pending to the child's stdin until it would block. False
 * when the child stopped reading for good (EPIPE: judged like an EOF).
 */
static bool proc_flush(struct wt_adapter *ad)
{
    while (ad->olen > 0 && ad->failure == WT_ADAPTER_OK) {
        ssize_t n = send(ad->fd_in, ad->obuf + ad->ohead, ad->olen, MSG_NOSIGNAL);
        if (n > 0) {
            ad->ohead += (size_t)n;
            ad->olen -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return true;
        }
        proc_judge_end(ad, "stdin"); /* EPIPE: nobody reads any more */
        return false;
    }
    ad->ohead = 0;
    return ad->failure == WT_ADAPTER_OK;
}

/* Polls stdout/stderr (and stdin, while output is pending) until something
 * or the deadline; writes pending output as stdin takes it. */
static bool proc_wait(struct wt_adapter *ad, bool want_out)
{
    uint64_t now = proc_now_ms();
    if (now >= ad->deadline_ms) {
        return false;
    }
    struct pollfd p[3];
    nfds_t n = 0;
    int out = -1;
    int err = -1;
    if (ad->fd_out >= 0 && !ad->out_eof && ad->rlen < ad->rcap) {
        out = (int)n;
        p[n++] = (struct pollfd){ad->fd_out, POLLIN, 0};
    }
    if (ad->fd_err >= 0 && !ad->err_eof) {
        err = (int)n;
        p[n++] = (struct pollfd){ad->fd_err, POLLIN, 0};
    }
    int in = -1;
    if ((want_out || ad->olen > 0) && ad->fd_in >= 0) {
        in = (int)n;
        p[n++] = (struct pollfd){ad->fd_in, POLLOUT, 0};
    }
    uint64_t left = ad->deadline_ms - now;
    int ready = poll(p, n, (int)(left > 60000u ? 60000u : left));
    if (in >= 0 && ad->olen > 0 && (ready < 0 || p[in].revents != 0)) {
        (void)proc_flush(ad); /* a failure is recorded; the caller sees ad->failure */
    }
    /* Only what poll reported is read: a quiet stderr costs no system call. */
    if (ready < 0 || (out >= 0 && p[out].revents != 0)) {
        proc_read_out(ad);
    }
    if (ready < 0 || (err >= 0 && p[err].revents != 0)) {
        proc_read_err(ad);
    }
    return true;
}

int wt__adapter_send_sb(struct wt_adapter *ad)
{
    struct adapter_sb *sb = &ad->sb;
    if (ad->failure != WT_ADAPTER_OK) {
        return WT_EADAPTER;
    }
    if (sb->oom) {
        wt__adapter_fail(ad, WT_ADAPTER_SPAWN, "out of memory building a line");
        return WT_EADAPTER;
    }
    if (ad->opt.log != NULL) {
        ad->opt.log(ad->opt.log_user_data, WT_ADAPTER_TO_CHILD, sb->p, sb->len);
    }
    wt__sb_add(sb, "\n", 1);
    if (ad->olen == 0) {
        ad->ohead = 0;
    }
    if (ad->ohead + ad->olen + sb->len > ad->ocap) {
        if (ad->ohead > 0) {
            memmove(ad->obuf, ad->obuf + ad->ohead, ad->olen);
            ad->ohead = 0;
        }
        size_t cap = ad->ocap != 0 ? ad->ocap : 4096;
        while (cap < ad->olen + sb->len) {
            cap *= 2;
        }
        char *p = cap > ad->ocap ? realloc(ad->obuf, cap) : ad->obuf;
        if (p == NULL) {
            wt__adapter_fail(ad, WT_ADAPTER_SPAWN, "out of memory queueing a line");
            return WT_EADAPTER;
        }
        ad->obuf = p;
        ad->ocap = cap > ad->ocap ? cap : ad->ocap;
    }
    memcpy(ad->obuf + ad->ohead + ad->olen, sb->p, sb->len);
    ad->olen += sb->len;
    return proc_flush(ad) ? WT_OK : WT_EADAPTER;
}

/* Writes everything pending before the deadline (the last words, "bye"). */
static void proc_drain_out(struct wt_adapter *ad)
{
    while (ad->olen > 0 && ad->failure == WT_ADAPTER_OK && proc_wait(ad, true)) {
    }
}

/* True when the line is UTF-8 without control characters. */
static bool proc_text_ok(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t n = proc_utf8_len(s + i, len - i);
        if (n == 0 || (n == 1 && (s[i] < 0x20 || s[i] == 0x7f))) {
            return false;
        }
        i += n;
    }
    return true;
}

int wt__adapter_read_line(struct wt_adapter *ad, const char **line_out, size_t *len_out)
{
    if (ad->failure != WT_ADAPTER_OK) {
        return WT_EADAPTER;
    }
    if (ad->consumed > 0) {
        memmove(ad->rbuf, ad->rbuf + ad->consumed, ad->rlen - ad->consumed);
        ad->rlen -= ad->consumed;
        ad->consumed = 0;
    }
    size_t scanned = 0;
    for (;;) {
        char *nl = memchr(ad->rbuf + scanned, '\n', ad->rlen - scanned);
        if (nl != NULL) {
            size_t len = (size_t)(nl - ad->rbuf);
            ad->consumed = len + 1;
            /* Lines may wait here while the kit works on earlier ones: the deadline holds. */
            if (proc_now_ms() >= ad->deadline_ms) {
                wt__adapter_fail(ad, WT_ADAPTER_TIMEOUT,
                                 "the exchange took more than %u ms (%lu lines read, more waiting)",
                                 ad->opt.timeout_ms, ad->lines);
                return WT_EADAPTER;
            }
            ad->bytes += len + 1;
            if (len > ad->opt.line_max) {
                wt__adapter_fail(ad, WT_ADAPTER_FLOOD, "sent a line of %zu bytes (limit %zu)",
                                 len, ad->opt.line_max);
                return WT_EADAPTER;
            }
            if (++ad->lines > ad->opt.lines_max) {
                wt__adapter_fail(ad, WT_ADAPTER_FLOOD, "sent more than %lu lines in one exchange",
                                 ad->opt.lines_max);
                return WT_EADAPTER;
            }
            if (ad->bytes > ad->opt.bytes_max) {
                wt__adapter_fail(ad, WT_ADAPTER_FLOOD, "sent more than %zu bytes in one exchange",
                                 ad->opt.bytes_max);
                return WT_EADAPTER;
            }
            if (!proc_text_ok((const unsigned char *)ad->rbuf, len)) {
                wt__adapter_fail(ad, WT_ADAPTER_GARBAGE,
                                 "sent a line that is not UTF-8 text without control characters");
                return WT_EADAPTER;
            }
            if (ad->opt.log != NULL) {
                ad->opt.log(ad->opt.log_user_data, WT_ADAPTER_FROM_CHILD, ad->rbuf, len);
            }
            *line_out = ad->rbuf;
            *len_out = len;
            return WT_OK;
        }
        scanned = ad->rlen;
        if (ad->rlen > ad->opt.line_max) {
            wt__adapter_fail(ad, WT_ADAPTER_FLOOD, "sent more than %zu bytes without a newline",
                             ad->opt.line_max);
            return WT_EADAPTER;
        }
        if (ad->out_eof) {
            proc_judge_end(ad, "stdout");
            return WT_EADAPTER;
        }
        if (!proc_wait(ad, false) || ad->failure != WT_ADAPTER_OK) {
            if (ad->failure != WT_ADAPTER_OK) {
                return WT_EADAPTER; /* it stopped reading its input for good */
            }
            if (ad->olen > 0) {
                wt__adapter_fail(ad, WT_ADAPTER_TIMEOUT, "did not read its input for %u ms",
                                 ad->opt.timeout_ms);
            } else if (ad->rlen > 0) {
                wt__adapter_fail(ad, WT_ADAPTER_PARTIAL,
                                 "sent an unfinished line '%.*s' and nothing more for %u ms",
                                 (int)(ad->rlen < 60 ? ad->rlen : 60), ad->rbuf,
                                 ad->opt.timeout_ms);
            } else {
                wt__adapter_fail(ad, WT_ADAPTER_TIMEOUT, "no answer within %u ms",
                                 ad->opt.timeout_ms);
            }
            return WT_EADAPTER;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Start and stop                                                     */
/* ------------------------------------------------------------------ */

int wt__adapter_spawn(struct wt_adapter *ad, const char *cmdline)
{
    char why[160] = "";
    ad->fd_in = ad->fd_out = ad->fd_err = -1;
    ad->rcap = ad->opt.line_max + PROC_READ_CHUNK;
    ad->rbuf = malloc(ad->rcap);
    if (ad->rbuf == NULL) {
        return WT_ENOMEM;
    }
    int rc = proc_spawn(ad, cmdline, why, sizeof why);
    if (rc == WT_EADAPTER) {
        ad->failure = WT_ADAPTER_SPAWN; /* no child to kill */
        snprintf(ad->failure_msg, sizeof ad->failure_msg, "spawn: %s", why);
    }
    return rc;
}

void wt__adapter_stop(struct wt_adapter *ad)
{
    if (ad->failure == WT_ADAPTER_OK && ad->fd_in >= 0) {
        ad->depth = 0;
        ad->deadline_ms = proc_now_ms() + PROC_BYE_WAIT_MS;
        wt__sb_reset(&ad->sb);
        wt__sb_add(&ad->sb, "bye", 3);
        if (wt__adapter_send_sb(ad) == WT_OK) {
            proc_drain_out(ad);
        }
    }
    proc_close_fd(&ad->fd_in);
    free(ad->obuf);
    ad->obuf = NULL;
    ad->olen = ad->ohead = ad->ocap = 0;
    if (!proc_reap(ad, PROC_BYE_WAIT_MS)) {
        proc_signal(ad, SIGTERM);
        if (!proc_reap(ad, PROC_TERM_WAIT_MS)) {
            proc_kill(ad);
        }
    }
    proc_signal(ad, SIGKILL); /* (no-op once reaped) */
    proc_drain_err(ad, PROC_DRAIN_MS);
    proc_close_fd(&ad->fd_out);
    proc_close_fd(&ad->fd_err);
    free(ad->rbuf);
    ad->rbuf = NULL;
}

/* ------------------------------------------------------------------ */
/* Public API                                                         */
/* ------------------------------------------------------------------ */

int wt_adapter_failure(const struct wt_adapter *ad, char *msg, size_t cap)
{
    if (msg != NULL && cap > 0) {
        snprintf(msg, cap, "%s", ad != NULL ? ad->failure_msg : "");
    }
    return ad != NULL ? ad->failure : WT_ADAPTER_OK;
}

size_t wt_adapter_stderr_tail(const struct wt_adapter *ad, char *buf, size_t cap)
{
    if (buf == NULL || cap == 0) {
        return 0;
    }
    size_t n = 0;
    if (ad != NULL) {
        size_t start = (ad->tail_head + WT_ADAPTER_STDERR_TAIL - ad->tail_len) %
                       WT_ADAPTER_STDERR_TAIL;
        size_t take = ad->tail_len < cap - 1 ? ad->tail_len : cap - 1;
        size_t skip = ad->tail_len - take;
        for (size_t i = 0; i < take; i++) {
            buf[n++] = ad->tail[(start + skip + i) % WT_ADAPTER_STDERR_TAIL];
        }
    }
    buf[n] = '\0';
    return n;
}

void wt_adapter_set_case_bound(struct wt_adapter *ad, unsigned wall_ms)
{
    if (ad != NULL) {
        ad->case_wall_ms = wall_ms;
        ad->case_deadline_ms = wall_ms ? proc_now_ms() + wall_ms : 0;
    }
}
