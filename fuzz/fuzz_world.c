/* SPDX-License-Identifier: MIT */
/*
 * fuzz_world.c - the fuzz target of the whole kit: bytes -> ops (the fuzz
 * decoder) -> a world with the transport under test -> the monitor, judged
 * as `wtkit run` judges a case (the replay check included).
 *
 * A crash (abort) is a finding: a MUST clause FAILed, a HANG, a
 * NONDETERMINISTIC trace, an ERROR (the kit or the transport broke), or a
 * kit assertion (WT_ASSERT aborts by itself). INCONCLUSIVE and SKIP are
 * not findings. The environment says what runs, once per process:
 *   FUZZ_TRANSPORT  reference (default), mutant:NAME, PATH.so (a plugin),
 *                   python:KIND (run in its interpreter: the `host` feature)
 *   FUZZ_PYTHON     the interpreter for python:KIND (default Debian's)
 *   FUZZ_PROFILE    the profile that judges (default: the mutant's, else docs)
 *   FUZZ_CLAUSES    A,B,...: only these clauses' FAILs are findings (a hunt
 *                   for known bugs past the ones already in a baseline)
 *   FUZZ_SEED       the world's seed (default 1)
 *   FUZZ_STEPS      the step bound of each loop op (default 100000, the world's)
 *   FUZZ_WORK       loop iterations per input (default WT_FUZZ_WORK_DEFAULT): an
 *                   input still making progress there is INCONCLUSIVE (no
 *                   finding), one spinning without progress a HANG
 *   FUZZ_FINDINGS   DIR: a finding is no abort: the first input of each way of
 *                   failing is written to DIR/WAY.bin (make fuzz-cpython)
 *   FUZZ_KEEP_GOING 1: a finding is reported, not an abort (the file runner
 *                   judging many crash files in one process: make fuzz-cpython)
 *   FUZZ_REPLAY     N: one input in N (chosen by a hash of its bytes, so the
 *                   same input always is) is replayed and its two traces'
 *                   hashes compared, as `wtkit run` does for every case; the
 *                   others run once (default 8; 1: every input)
 *
 * The replay doubles an execution's cost and finds one kind of bug (a
 * transport that differs between two runs), which shows on any input that
 * makes it differ: sampling keeps the check and most of the speed.
 * No state is carried from one input to the next: the ops array is
 * rewritten, the probe (the opened transport and runner) is only read, and
 * each case's result is freed before returning, so a persistent AFL++ run
 * is stable.
 */
#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_target.h"
#include "keep_alloc.h"
#include "session_int.h"
#include "wt/errors.h"
#include "wt/fuzz.h"
#include "wt/shrink.h"

/* One in this many inputs is replayed, by default (FUZZ_REPLAY). */
#define WORLD_REPLAY_EVERY 8u

static struct wt__probe *world_probe;      /* each case replayed */
static struct wt__probe *world_probe_once; /* each case run once; NULL: every input replays */
static struct wt__probe *world_any;        /* whichever is open: settings and kinds */
static bool world_python;                  /* python:KIND: the probes open in the first input */
static uint64_t world_replay_every;
static bool world_keep_going; /* FUZZ_KEEP_GOING: report a finding, go on (no fuzzer) */
static const char *world_findings; /* FUZZ_FINDINGS: the folder of the first input of each way */
static struct wt_session_spec world_spec;
static struct keep_alloc world_alloc; /* freed blocks kept from one input to the next */
static struct wt_fuzz_options world_opt;
static struct wt_op world_ops[WT_FUZZ_OPS_MAX + WT_FUZZ_DRAIN_OPS];
#define WORLD_CLAUSES_MAX 16
static char world_clause_text[1024];
static const char *world_clauses[WORLD_CLAUSES_MAX];

/* FUZZ_CLAUSES into the spec's clause list. */
static void world_clause_list(const char *list)
{
    if (list == NULL || list[0] == '\0') {
        return;
    }
    snprintf(world_clause_text, sizeof world_clause_text, "%s", list);
    for (char *p = strtok(world_clause_text, ", "); p != NULL && world_spec.nclauses <
         WORLD_CLAUSES_MAX; p = strtok(NULL, ", ")) {
        world_clauses[world_spec.nclauses++] = p;
    }
    world_spec.clauses = world_clauses;
}

static void world_init(void)
{
    char err[4096];
    wt_session_spec_init(&world_spec);
    keep_alloc_init(&world_alloc);
    world_spec.alloc = &world_alloc.iface;
    const char *t = getenv("FUZZ_TRANSPORT");
    world_python = t != NULL && strncmp(t, "python:", 7) == 0;
    const char *p = getenv("FUZZ_PROFILE");
    const char *seed = getenv("FUZZ_SEED");
    const char *steps = getenv("FUZZ_STEPS");
    const char *work = getenv("FUZZ_WORK");
    const char *replay = getenv("FUZZ_REPLAY");
    const char *py = getenv("FUZZ_PYTHON");
    world_spec.transport = t != NULL && t[0] != '\0' ? t : NULL;
    world_spec.python = py != NULL && py[0] != '\0' ? py : NULL;
    world_clause_list(getenv("FUZZ_CLAUSES"));
    const char *findings = getenv("FUZZ_FINDINGS");
    world_findings = findings != NULL && findings[0] != '\0' ? findings : NULL;
    const char *keep = getenv("FUZZ_KEEP_GOING");
    world_keep_going = keep != NULL && keep[0] == '1';
    world_spec.profile = p != NULL && p[0] != '\0' ? p : NULL;
    world_spec.has_seed = true;
    world_spec.seed = seed != NULL ? strtoull(seed, NULL, 10) : WT_FUZZ_SEED_DEFAULT;
    world_spec.steps_max = steps != NULL ? strtoull(steps, NULL, 10) : WT_FUZZ_STEPS_DEFAULT;
    world_spec.work_max = work != NULL ? strtoull(work, NULL, 10) : WT_FUZZ_WORK_DEFAULT;
    world_spec.isolate = WT_SESSION_ISOLATE_OFF; /* a plugin's crash is the harness's */
    world_replay_every = replay != NULL && replay[0] != '\0' ? strtoull(replay, NULL, 10)
                                                             : WORLD_REPLAY_EVERY;
    if (world_python && getenv("PYTHONHASHSEED") == NULL) {
        setenv("PYTHONHASHSEED", "0", 1); /* the interpreter's str hashes: the same each run */
    }
    /* FUZZ_REPLAY=0: no input replays, so no probe for them (an interpreter less). */
    int rc = world_replay_every != 0 ? wt__probe_open(&world_spec, &world_probe, err, sizeof err)
                                     : WT_OK;
    if (rc == WT_OK && world_replay_every != 1) {
        rc = wt__probe_open_once(&world_spec, &world_probe_once, err, sizeof err);
    }
    if (rc != WT_OK) {
        fprintf(stderr, "fuzz_world: %s\n", err);
        exit(2);
    }
    world_any = world_probe != NULL ? world_probe : world_probe_once;
    wt_fuzz_options_init(&world_opt);
    world_opt.kinds = wt__probe_kinds(world_any);
}

static void world_report(const struct wt_outcome_case *c)
{
    struct wt_failure_way way;
    char line[128] = "?";
    if (wt_failure_way_of(c, &way)) {
        wt_failure_way_format(&way, line, sizeof line);
    }
    fprintf(stderr, "fuzz_world: %s under %s (profile %s)%s%s\n", line,
            wt__probe_settings(world_any)->transport, wt__probe_settings(world_any)->profile,
            c->message[0] != '\0' ? ": " : "", c->message);
    for (size_t i = 0; i < c->nfails; i++) {
        if (!c->fails[i].conflict) {
            fprintf(stderr, "  FAIL %s: %s\n", wt_catalog_at(c->fails[i].clause)->id,
                    c->fails[i].reason);
        }
    }
    fprintf(stderr, "  as a .wts: wtkit shrink --fuzz-input%s%s%s%s",
            world_spec.transport != NULL ? " --transport " : "",
            world_spec.transport != NULL ? world_spec.transport : "",
            world_spec.python != NULL ? " --python " : "",
            world_spec.python != NULL ? world_spec.python : "");
    if (world_spec.work_max != 0) {
        fprintf(stderr, " --work %" PRIu64, world_spec.work_max);
    }
    for (size_t i = 0; i < world_spec.nclauses; i++) {
        fprintf(stderr, " --clause %s", world_spec.clauses[i]);
    }
    fprintf(stderr, " FILE\n");
}

/*
 * FUZZ_FINDINGS: a finding is not an abort but a file, DIR/WAY.bin (WAY:
 * `HANG`, `FAIL-WT-...`), written by the first input that fails that way
 * (O_EXCL: one per way over every instance). A hunt for bugs a transport
 * shows at once (CPython's writelines with an empty chunk hangs nearly
 * every input that calls it) goes on at full speed instead of restarting
 * the harness, and its interpreter, at each crash; make fuzz-cpython.
 */
__attribute__((noinline)) /* AFL++'s denylist names it (fuzz/afl-denylist.txt) */
static void world_record(const struct wt_outcome_case *c, const uint8_t *data, size_t size)
{
    struct wt_failure_way way;
    char line[128] = "?", path[4096], tmp[4200];
    if (wt_failure_way_of(c, &way)) {
        wt_failure_way_format(&way, line, sizeof line);
    }
    for (char *p = line; *p != '\0'; p++) {
        *p = *p == ' ' || *p == '(' || *p == ')' ? '-' : *p;
    }
    snprintf(path, sizeof path, "%s/%s.bin", world_findings, line);
    if (access(path, F_OK) == 0) {
        return;
    }
    snprintf(tmp, sizeof tmp, "%s/.%s.%ld", world_findings, line, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f != NULL && fwrite(data, 1, size, f) == size;
    if (f != NULL && fclose(f) != 0) {
        ok = false;
    }
    /* link() fails when another instance was first: its file stays. */
    if (ok && link(tmp, path) == 0) {
        fprintf(stderr, "fuzz_world: %s: %s\n", line, path);
    }
    unlink(tmp);
}

/* Whether this input is one of those replayed: FNV-1a of its bytes (a few
 * hundred at most are read), so an input is always judged the same way. */
static bool world_replays(const uint8_t *data, size_t size)
{
    if (world_probe_once == NULL) {
        return true;
    }
    if (world_probe == NULL) {
        return false;
    }
    if (world_replay_every == 0) {
        return false;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < size; i++) {
        h = (h ^ data[i]) * 0x100000001b3ull;
    }
    return (h >> 32) % world_replay_every == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Opens the transport once, before AFL++'s fork server (afl_driver.c) or libFuzzer's loop. */
/*
 * Each case allocates and frees its world (socket and trace buffers, the
 * pattern arena: some over glibc's 128 KiB mmap threshold), so glibc gave
 * the memory back after every input (munmap, heap trim) and the next input
 * faulted it in again: about 6.5 page faults per execution, 40% of its CPU
 * time (sys) on a corpus replay. Kept by the process instead, the same
 * replay took 0.23 s of CPU, not 0.56 s.
 */
static void world_keep_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc's largest on 64-bit */
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    world_keep_memory();
    /* A Python transport's interpreter is a child process that speaks over
     * pipes: started before AFL++'s fork server, every forked harness would
     * share it, and one ended mid-exchange (an abort, a timeout) would leave
     * the next one reading its answers (`spoke out of turn`, a finding that
     * does not replay). So each forked harness starts its own, before its
     * first input (wt_fuzz_forked; without AFL++, in the first input); the
     * interpreter ends with it (EOF on its stdin). */
    const char *t = getenv("FUZZ_TRANSPORT");
    world_python = t != NULL && strncmp(t, "python:", 7) == 0;
    if (!world_python) {
        world_init();
    }
    return 0;
}

/* A Python transport's interpreter, started in each forked harness before
 * its first input: its start-up edges are no input's (afl_driver.c). */
int wt_fuzz_forked(void)
{
    if (world_any == NULL) {
        world_init();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (world_any == NULL) {
        world_init();
    }
    struct wt_scenario sc;
    wt_scenario_init(&sc, NULL);
    sc.nops = wt_fuzz_decode(data, size, &world_opt, world_ops,
                             sizeof world_ops / sizeof world_ops[0]);
    sc.ops = world_ops; /* borrowed: never deinit sc */
    sc.cap = sc.nops;
    struct wt_outcome_case c;
    struct wt__probe *probe = world_replays(data, size) ? world_probe : world_probe_once;
    if (wt__probe_run(probe, &sc, &c) != WT_OK) {
        fprintf(stderr, "fuzz_world: out of memory\n");
        abort();
    }
    bool finding = c.status == WT_RUN_FAIL || c.status == WT_RUN_HANG ||
                   c.status == WT_RUN_NONDET || c.status == WT_RUN_ERROR ||
                   c.status == WT_RUN_CRASH;
    if (finding && world_findings != NULL) {
        world_record(&c, data, size);
    } else if (finding) {
        world_report(&c);
        if (!world_keep_going) {
            abort();
        }
    }
    wt__probe_case_free(probe, &c);
    return 0;
}
