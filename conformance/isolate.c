/* SPDX-License-Identifier: MIT */
/*
 * isolate.c - fork and collect (isolate.h).
 *
 * The child gets two pipes: one for fn's result, one for its stderr. The
 * parent reads both with poll until both close, killing the child's
 * process group when the wall-clock limit passes, then reaps it and
 * decides how it ended from its wait status, its stderr and whether fn
 * said it was done (the child exits with a code of its own only then).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wt/errors.h"
#include "wt/isolate.h"

#if defined(__SANITIZE_ADDRESS__)
#define ISOLATE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISOLATE_ASAN 1
#endif
#endif

/* The child's exit codes when fn is done, or failed for want of memory. */
#define ISOLATE_EXIT_DONE 0
#define ISOLATE_EXIT_NOMEM 121
#define ISOLATE_EXIT_FAILED 122

void wt_isolate_limits_init(struct wt_isolate_limits *lim)
{
    lim->cpu_s = 10;
    lim->wall_ms = 60000;
    lim->mem_bytes = (uint64_t)4 << 30;
}

void wt_isolate_result_free(struct wt_isolate_result *res)
{
    if (res != NULL) {
        free(res->data);
        res->data = NULL;
        res->len = 0;
    }
}

static void isolate_limit(int resource, rlim_t value)
{
    struct rlimit rl;
    if (getrlimit(resource, &rl) != 0) {
        return;
    }
    rl.rlim_cur = value;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < value) {
        rl.rlim_cur = rl.rlim_max;
    }
    (void)setrlimit(resource, &rl);
}

static void isolate_child(const struct wt_isolate_limits *lim, wt_isolate_fn *fn, void *ud,
                          int out_fd, int err_fd)
{
    (void)setpgid(0, 0);
    if (dup2(err_fd, STDERR_FILENO) < 0) {
        _exit(ISOLATE_EXIT_FAILED);
    }
    close(err_fd);
    if (lim->cpu_s > 0) {
        isolate_limit(RLIMIT_CPU, lim->cpu_s);
    }
#ifndef ISOLATE_ASAN
    if (lim->mem_bytes > 0) {
        isolate_limit(RLIMIT_AS, (rlim_t)lim->mem_bytes);
    }
#endif
    FILE *out = fdopen(out_fd, "w");
    if (out == NULL) {
        _exit(ISOLATE_EXIT_FAILED);
    }
    int rc = fn(ud, out);
    if (fclose(out) != 0 && rc == 0) {
        rc = ISOLATE_EXIT_FAILED;
    }
    fflush(stdout);
    fflush(stderr);
    _exit(rc == 0 ? ISOLATE_EXIT_DONE : rc == WT_ISOLATE_FN_NOMEM ? ISOLATE_EXIT_NOMEM
                                                                  : ISOLATE_EXIT_FAILED);
}

static uint64_t isolate_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Appends to the growing result; keeps the stderr tail. */
static int isolate_take(struct wt_isolate_result *res, int fd, bool is_err, bool *open_out)
{
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return WT_OK;
    }
    if (n <= 0) {
        *open_out = false;
        return WT_OK;
    }
    if (is_err) {
        size_t have = strlen(res->stderr_tail), add = (size_t)n;
        size_t cap = sizeof res->stderr_tail - 1;
        if (add >= cap) {
            memcpy(res->stderr_tail, buf + add - cap, cap);
            res->stderr_tail[cap] = '\0';
        } else {
            if (have + add > cap) {
                memmove(res->stderr_tail, res->stderr_tail + (have + add - cap), cap - add);
                have = cap - add;
            }
            memcpy(res->stderr_tail + have, buf, add);
            res->stderr_tail[have + add] = '\0';
        }
        return WT_OK;
    }
    char *data = realloc(res->data, res->len + (size_t)n + 1);
    if (data == NULL) {
        return WT_ENOMEM;
    }
    memcpy(data + res->len, buf, (size_t)n);
    res->len += (size_t)n;
    data[res->len] = '\0';
    res->data = data;
    return WT_OK;
}

/* How the child ended, from its wait status, stderr and the wall clock. */
static void isolate_classify(struct wt_isolate_result *res, int status, bool wall)
{
    if (strstr(res->stderr_tail, "wtkit invariant failed") != NULL) {
        res->end = WT_ISOLATE_KIT;
        snprintf(res->message, sizeof res->message, "a kit invariant failed (see its stderr)");
    } else if (wall) {
        res->end = WT_ISOLATE_WALL;
        snprintf(res->message, sizeof res->message, "killed at the wall-clock limit");
    } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
        res->end = WT_ISOLATE_CPU;
        res->code = SIGXCPU;
        snprintf(res->message, sizeof res->message,
                 "a call did not return within the CPU limit (SIGXCPU)");
    } else if (WIFSIGNALED(status)) {
        res->end = WT_ISOLATE_SIGNAL;
        res->code = WTERMSIG(status);
        snprintf(res->message, sizeof res->message, "killed by signal %d (%s)", res->code,
                 sigabbrev_np(res->code) ? sigabbrev_np(res->code) : "?");
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == ISOLATE_EXIT_NOMEM) {
        res->end = WT_ISOLATE_NOMEM;
        snprintf(res->message, sizeof res->message, "out of memory");
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == ISOLATE_EXIT_DONE &&
               res->len > 0) {
        res->end = WT_ISOLATE_DONE;
        snprintf(res->message, sizeof res->message, "done");
    } else {
        res->end = WT_ISOLATE_EXIT;
        res->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        snprintf(res->message, sizeof res->message, "exited with status %d before it was done "
                 "(exit() called inside the transport?)", res->code);
    }
}

/* One child of a pool: its pipes, its deadline, its growing result. */
struct isolate_slot {
    bool busy;
    size_t job;
    pid_t pid;
    int out_fd, err_fd;
    bool out_open, err_open, wall;
    uint64_t deadline;
    struct wt_isolate_result res;
};

struct isolate_pool_fn {
    wt_pool_fn *fn;
    void *user_data;
    size_t job;
};

static int isolate_pool_child(void *user_data, FILE *out)
{
    struct isolate_pool_fn *p = user_data;
    return p->fn(p->user_data, p->job, out);
}

/* Starts job in slot; a failure to start is the job's FORK result. */
static void isolate_spawn(const struct wt_isolate_limits *lim, wt_pool_fn *fn, void *user_data,
                          size_t job, struct isolate_slot *slot)
{
    memset(slot, 0, sizeof *slot);
    slot->busy = true;
    slot->job = job;
    slot->pid = -1;
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        snprintf(slot->res.message, sizeof slot->res.message, "pipe: %s", strerror(errno));
        slot->res.end = WT_ISOLATE_FORK;
        return;
    }
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        close(out_pipe[0]);
        close(out_pipe[1]);
        snprintf(slot->res.message, sizeof slot->res.message, "pipe: %s", strerror(errno));
        slot->res.end = WT_ISOLATE_FORK;
        return;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        struct isolate_pool_fn p = {.fn = fn, .user_data = user_data, .job = job};
        isolate_child(lim, isolate_pool_child, &p, out_pipe[1], err_pipe[1]);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (pid < 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        snprintf(slot->res.message, sizeof slot->res.message, "fork: %s", strerror(errno));
        slot->res.end = WT_ISOLATE_FORK;
        return;
    }
    (void)setpgid(pid, pid);
    slot->pid = pid;
    slot->out_fd = out_pipe[0];
    slot->err_fd = err_pipe[0];
    slot->out_open = slot->err_open = true;
    slot->deadline = lim->wall_ms ? isolate_now_ms() + lim->wall_ms : 0;
}

/* Kills (when cut) and reaps a child whose pipes are done; classifies it. */
static void isolate_reap(struct isolate_slot *slot, bool kill_it)
{
    if (slot->pid < 0) {
        return; /* it never started: the FORK result stands */
    }
    if (kill_it) {
        kill(-slot->pid, SIGKILL);
        kill(slot->pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(slot->pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (slot->out_open) {
        close(slot->out_fd);
    }
    if (slot->err_open) {
        close(slot->err_fd);
    }
    isolate_classify(&slot->res, status, slot->wall);
}

static size_t isolate_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

int wt_pool_run(const struct wt_isolate_limits *lim, unsigned parallel, size_t njobs,
                wt_pool_fn *fn, wt_pool_done_fn *done, void *user_data)
{
    size_t width = parallel ? parallel : isolate_cpus();
    width = width < njobs ? width : njobs;
    width = width ? width : 1;
    struct isolate_slot *slots = calloc(width, sizeof *slots);
    /* Finished results wait here until every job before them is done. */
    struct wt_isolate_result *ready = calloc(njobs ? njobs : 1, sizeof *ready);
    bool *is_ready = calloc(njobs ? njobs : 1, sizeof *is_ready);
    if (slots == NULL || ready == NULL || is_ready == NULL) {
        free(slots);
        free(ready);
        free(is_ready);
        return WT_ENOMEM;
    }
    size_t next = 0, delivered = 0, running = 0;
    int rc = WT_OK, stop = 0;
    while (delivered < njobs && rc == WT_OK) {
        for (size_t i = 0; i < width && next < njobs && !stop; i++) {
            if (!slots[i].busy) {
                isolate_spawn(lim, fn, user_data, next++, &slots[i]);
                running++;
            }
        }
        struct pollfd fds[2 * 64];
        size_t nfds = 0, owner[2 * 64];
        uint64_t now = isolate_now_ms();
        int wait_ms = -1;
        for (size_t i = 0; i < width && i < 64; i++) {
            struct isolate_slot *sl = &slots[i];
            if (!sl->busy) {
                continue;
            }
            bool open = sl->pid >= 0 && (sl->out_open || sl->err_open);
            if (open && sl->deadline != 0 && now >= sl->deadline) {
                sl->wall = true;
                open = false;
            }
            if (!open) {
                isolate_reap(sl, sl->wall);
                sl->busy = false;
                running--;
                ready[sl->job] = sl->res;
                is_ready[sl->job] = true;
                continue;
            }
            if (sl->deadline != 0) {
                int left = (int)(sl->deadline - now);
                wait_ms = wait_ms < 0 || left < wait_ms ? left : wait_ms;
            }
            if (sl->out_open) {
                fds[nfds] = (struct pollfd){.fd = sl->out_fd, .events = POLLIN};
                owner[nfds++] = i;
            }
            if (sl->err_open) {
                fds[nfds] = (struct pollfd){.fd = sl->err_fd, .events = POLLIN};
                owner[nfds++] = i;
            }
        }
        while (delivered < njobs && is_ready[delivered] && rc == WT_OK) {
            rc = done(user_data, delivered, &ready[delivered]);
            wt_isolate_result_free(&ready[delivered]);
            stop |= rc != WT_OK;
            delivered++;
        }
        if (nfds == 0) {
            if (running == 0 && (next == njobs || stop)) {
                break;
            }
            continue;
        }
        int n = poll(fds, nfds, wait_ms);
        if (n < 0 && errno != EINTR) {
            rc = WT_EIO;
            break;
        }
        for (size_t k = 0; n > 0 && k < nfds && rc == WT_OK; k++) {
            if (fds[k].revents == 0) {
                continue;
            }
            struct isolate_slot *sl = &slots[owner[k]];
            bool is_err = fds[k].fd == sl->err_fd;
            rc = isolate_take(&sl->res, fds[k].fd, is_err, is_err ? &sl->err_open : &sl->out_open);
            if (is_err && !sl->err_open) {
                close(sl->err_fd);
            } else if (!is_err && !sl->out_open) {
                close(sl->out_fd);
            }
        }
    }
    /* A stop (or an error) leaves children running: cut them, free everything. */
    for (size_t i = 0; i < width; i++) {
        if (slots[i].busy) {
            isolate_reap(&slots[i], true);
            wt_isolate_result_free(&slots[i].res);
        }
    }
    for (size_t j = delivered; j < njobs; j++) {
        wt_isolate_result_free(&ready[j]);
    }
    free(slots);
    free(ready);
    free(is_ready);
    return rc;
}

struct isolate_one {
    wt_isolate_fn *fn;
    void *user_data;
    struct wt_isolate_result *res;
};

static int isolate_one_fn(void *user_data, size_t job, FILE *out)
{
    struct isolate_one *one = user_data;
    (void)job;
    return one->fn(one->user_data, out);
}

static int isolate_one_done(void *user_data, size_t job, struct wt_isolate_result *res)
{
    struct isolate_one *one = user_data;
    (void)job;
    *one->res = *res;
    res->data = NULL; /* the caller owns it now */
    return WT_OK;
}

int wt_isolate_run(const struct wt_isolate_limits *lim, wt_isolate_fn *fn, void *user_data,
                   struct wt_isolate_result *res)
{
    memset(res, 0, sizeof *res);
    struct isolate_one one = {.fn = fn, .user_data = user_data, .res = res};
    return wt_pool_run(lim, 1, 1, isolate_one_fn, isolate_one_done, &one);
}
