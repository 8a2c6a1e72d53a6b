/* SPDX-License-Identifier: MIT */
/*
 * isolate.h - fork and collect: run part of a session in a child process
 * under CPU, wall-clock and memory limits, and get back what it wrote (a
 * serialised outcome) or how it ended.
 *
 * The child runs fn, which writes its result to out and returns 0; the
 * child then exits 0. Whatever else happens is told apart: a signal (a
 * crash, an abort), an exit of its own (a transport that called exit()),
 * the CPU limit (SIGXCPU: a call that never returns), the wall-clock limit
 * (the parent kills it: not deterministic, so never a FAIL), running out of
 * memory, or a broken invariant of the kit itself ("wtkit invariant failed"
 * on its stderr). The child's stderr is kept (its last 2 KiB) for messages.
 *
 *   struct wt_isolate_limits lim = {.cpu_s = 10, .wall_ms = 60000};
 *   struct wt_isolate_result res;
 *   wt_isolate_run(&lim, fn, ud, &res);
 *   if (res.end == WT_ISOLATE_DONE) parse(res.data, res.len);
 *   wt_isolate_result_free(&res);
 */
#ifndef WT_ISOLATE_H
#define WT_ISOLATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct wt_isolate_limits {
    unsigned cpu_s;     /* CPU seconds the child may use (0: no limit) */
    unsigned wall_ms;   /* wall-clock milliseconds before it is killed (0: no limit) */
    uint64_t mem_bytes; /* address space it may map (0: no limit; ignored under ASan) */
};

/* The defaults of --isolate: 10 CPU seconds, 60 s of wall clock, 4 GiB. */
void wt_isolate_limits_init(struct wt_isolate_limits *lim);

enum wt_isolate_end {
    WT_ISOLATE_DONE = 0, /* fn returned 0 and the child exited 0 */
    WT_ISOLATE_SIGNAL,   /* killed by a signal (code): a crash, an abort */
    WT_ISOLATE_EXIT,     /* exited on its own (code) before fn was done */
    WT_ISOLATE_CPU,      /* the CPU limit (SIGXCPU) */
    WT_ISOLATE_WALL,     /* the wall-clock limit: the parent killed it */
    WT_ISOLATE_NOMEM,    /* out of memory */
    WT_ISOLATE_KIT,      /* a broken invariant of the kit itself */
    WT_ISOLATE_FORK,     /* no child could be started */
};

#define WT_ISOLATE_TAIL_MAX 2048

struct wt_isolate_result {
    int end;            /* enum wt_isolate_end */
    int code;           /* the exit status or the signal */
    char *data;         /* what fn wrote (owned, NUL-terminated), or NULL */
    size_t len;
    char stderr_tail[WT_ISOLATE_TAIL_MAX]; /* the child's last stderr bytes */
    char message[512];  /* one line: how it ended */
};

/* fn's return value other than 0 that means "out of memory". */
#define WT_ISOLATE_FN_NOMEM 2

typedef int wt_isolate_fn(void *user_data, FILE *out);

/*
 * Runs fn(user_data, out) in a child. Returns WT_OK (then res says how it
 * ended) or WT_ENOMEM. Flushes stdout and stderr first so nothing buffered
 * is written twice.
 */
int wt_isolate_run(const struct wt_isolate_limits *lim, wt_isolate_fn *fn, void *user_data,
                   struct wt_isolate_result *res);
void wt_isolate_result_free(struct wt_isolate_result *res);

/*
 * A pool: runs fn(user_data, job, out) for job = 0..njobs-1 in children, at
 * most parallel at once (0: one per online CPU), each under the limits,
 * and hands each result to done(user_data, job, res) in job order, as soon
 * as every job before it is done (done may keep res->data by setting it to
 * NULL). A done that returns non-zero stops the pool (running children are
 * killed); wt_pool_run then returns that code. Returns WT_OK, WT_ENOMEM or
 * WT_EIO.
 */
typedef int wt_pool_fn(void *user_data, size_t job, FILE *out);
typedef int wt_pool_done_fn(void *user_data, size_t job, struct wt_isolate_result *res);
int wt_pool_run(const struct wt_isolate_limits *lim, unsigned parallel, size_t njobs,
                wt_pool_fn *fn, wt_pool_done_fn *done, void *user_data);

#endif
