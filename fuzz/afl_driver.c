/* SPDX-License-Identifier: MIT */
/*
 * afl_driver.c - runs a target's LLVMFuzzerTestOneInput outside libFuzzer.
 *
 * Built with afl-clang-fast: AFL++'s persistent mode with shared-memory
 * test cases (__AFL_FUZZ_INIT, __AFL_LOOP, __AFL_FUZZ_TESTCASE_BUF/LEN)
 * and a deferred fork server after LLVMFuzzerInitialize, so the target's
 * one-time set-up (opening the transport) happens once per fork server and
 * each test case costs one call. A target's wt_fuzz_forked (optional) runs
 * in each forked harness between the fork server and the first input.
 * The input is copied into a buffer of its own size first, so ASan
 * sees reads past its end.
 *
 * Built with any other compiler: a file runner, `TARGET FILE...` runs each
 * file (a directory's files too) once, for seed corpora, crash files and
 * make cfl-check; with no file, stdin. FUZZ_TIMES=1: each file's run time
 * on stderr ("TIMES <ns> <file>"), to find the inputs an execution's
 * cost hides in.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_target.h"

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int wt_fuzz_forked(void) __attribute__((weak));

#define DRIVER_INPUT_MAX (1u << 20)

static int driver_run_bytes(const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (copy == NULL) {
        return 1;
    }
    if (len > 0) {
        memcpy(copy, data, len);
    }
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    return 0;
}

static int driver_run_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        int rc = d == NULL;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (e->d_name[0] != '.') {
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                rc |= driver_run_file(sub);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        return rc;
    }
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    static uint8_t buf[DRIVER_INPUT_MAX];
    size_t len = fread(buf, 1, sizeof buf, f);
    if (f != stdin) {
        fclose(f);
    }
    const char *times = getenv("FUZZ_TIMES");
    if (times == NULL || times[0] != '1') {
        return driver_run_bytes(buf, len);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = driver_run_bytes(buf, len);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "TIMES %lld %s\n",
            (long long)(t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec), path);
    return rc;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize != NULL) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
#ifdef __AFL_FUZZ_TESTCASE_LEN
    if (getenv("__AFL_SHM_FUZZ_ID") != NULL || getenv("__AFL_SHM_ID") != NULL) {
        __AFL_INIT(); /* after LLVMFuzzerInitialize: the set-up is done once */
        /* Before the loop's first pass, which clears the map: set-up per
         * harness (a Python transport's interpreter) is in no input's edges. */
        if (wt_fuzz_forked != NULL && wt_fuzz_forked() != 0) {
            return 2;
        }
        const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;
        while (__AFL_LOOP(10000)) {
            size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
            driver_run_bytes(buf, len);
        }
        return 0;
    }
#endif
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        rc |= driver_run_file(argv[i]);
    }
    if (argc < 2) {
        rc = driver_run_file("-");
    }
    return rc;
}
