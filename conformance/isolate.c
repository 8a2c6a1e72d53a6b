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

int wt_isolate_run(const struct wt_isolate_limits *lim, wt_isolate_fn *fn, void *user_data,
                   struct wt_isolate_result *res)
{
    memset(res, 0, sizeof *res);
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        res->end = WT_ISOLATE_FORK;
        snprintf(res->message, sizeof res->message, "pipe: %s", strerror(errno));
        return WT_OK;
    }
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        close(out_pipe[0]);
        close(out_pipe[1]);
        res->end = WT_ISOLATE_FORK;
        snprintf(res->message, sizeof res->message, "pipe: %s", strerror(errno));
        return WT_OK;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        isolate_child(lim, fn, user_data, out_pipe[1], err_pipe[1]);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (pid < 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        res->end = WT_ISOLATE_FORK;
        snprintf(res->message, sizeof res->message, "fork: %s", strerror(errno));
        return WT_OK;
    }
    (void)setpgid(pid, pid);
    uint64_t deadline = lim->wall_ms ? isolate_now_ms() + lim->wall_ms : 0;
    bool out_open = true, err_open = true, wall = false;
    int rc = WT_OK;
    while ((out_open || err_open) && rc == WT_OK) {
        struct pollfd fds[2] = {{.fd = out_open ? out_pipe[0] : -1, .events = POLLIN},
                                {.fd = err_open ? err_pipe[0] : -1, .events = POLLIN}};
        int wait_ms = -1;
        if (deadline != 0) {
            uint64_t now = isolate_now_ms();
            if (now >= deadline) {
                wall = true;
                break;
            }
            wait_ms = (int)(deadline - now);
        }
        int n = poll(fds, 2, wait_ms);
        if (n < 0 && errno != EINTR) {
            break;
        }
        for (int i = 0; n > 0 && i < 2; i++) {
            if (fds[i].revents != 0) {
                rc = isolate_take(res, fds[i].fd, i == 1, i == 0 ? &out_open : &err_open);
            }
        }
    }
    if (wall || rc != WT_OK) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (rc != WT_OK) {
        wt_isolate_result_free(res);
        return rc;
    }
    isolate_classify(res, status, wall);
    return WT_OK;
}
