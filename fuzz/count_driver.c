/* SPDX-License-Identifier: MIT */
/*
 * count_driver.c - a target's inputs as libFuzzer's signal sees them,
 * without libFuzzer: `counters_TARGET FILE|DIR...` runs each input once and
 * prints the mean and largest number of coverage counters an input hits
 * (libFuzzer turns each into one feature an execution, and pays for each),
 * then runs them all COUNT_REPEAT times (default 10) and prints the
 * target's own CPU time per input.
 *
 * Linked against the objects of the libfuzzer engine (built with
 * -fsanitize=fuzzer-no-link) in place of libFuzzer's runtime, so it
 * receives the counters' array and answers the compare and call hooks
 * with nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz_target.h"

#define COUNT_INPUTS_MAX 8192u
#define COUNT_INPUT_MAX (1u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The hooks -fsanitize=fuzzer-no-link emits, answered as a runtime would. */
__thread uintptr_t __sancov_lowest_stack;
static uint8_t *count_begin, *count_end;

void __sanitizer_cov_8bit_counters_init(uint8_t *begin, uint8_t *end);
void __sanitizer_cov_8bit_counters_init(uint8_t *begin, uint8_t *end)
{
    count_begin = begin;
    count_end = end;
}

void __sanitizer_cov_pcs_init(const uintptr_t *begin, const uintptr_t *end);
void __sanitizer_cov_pcs_init(const uintptr_t *begin, const uintptr_t *end)
{
    (void)begin;
    (void)end;
}

void __sanitizer_cov_trace_pc_indir(uintptr_t callee);
void __sanitizer_cov_trace_pc_indir(uintptr_t callee)
{
    (void)callee;
}

void __sanitizer_cov_trace_switch(uint64_t value, uint64_t *cases);
void __sanitizer_cov_trace_switch(uint64_t value, uint64_t *cases)
{
    (void)value;
    (void)cases;
}

#define COUNT_CMP(n, type) \
    void __sanitizer_cov_trace_cmp##n(type a, type b); \
    void __sanitizer_cov_trace_cmp##n(type a, type b) \
    { \
        (void)a; \
        (void)b; \
    } \
    void __sanitizer_cov_trace_const_cmp##n(type a, type b); \
    void __sanitizer_cov_trace_const_cmp##n(type a, type b) \
    { \
        (void)a; \
        (void)b; \
    }
COUNT_CMP(1, uint8_t)
COUNT_CMP(2, uint16_t)
COUNT_CMP(4, uint32_t)
COUNT_CMP(8, uint64_t)

struct count_input {
    uint8_t *data;
    size_t size;
};

static struct count_input count_inputs[COUNT_INPUTS_MAX];
static size_t count_n;

static void count_load(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
            if (e->d_name[0] != '.') {
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                count_load(sub);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        return;
    }
    static uint8_t buf[COUNT_INPUT_MAX];
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(buf, 1, sizeof buf, f) : 0;
    uint8_t *copy = malloc(n + 1); /* as the input's size, so ASan sees reads past it */
    if (f == NULL || copy == NULL || count_n == COUNT_INPUTS_MAX) {
        fprintf(stderr, "counters: cannot load %s\n", path);
        exit(2);
    }
    fclose(f);
    memcpy(copy, buf, n);
    count_inputs[count_n].size = n;
    count_inputs[count_n++].data = copy;
}

static double count_cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    if (LLVMFuzzerInitialize != NULL) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    for (int i = 1; i < argc; i++) {
        count_load(argv[i]);
    }
    if (count_begin == NULL || count_n == 0) {
        fprintf(stderr, "counters: no coverage counters (not a libfuzzer build?) or no input\n");
        return 2;
    }
    size_t total = 0, most = 0;
    for (size_t i = 0; i < count_n; i++) {
        memset(count_begin, 0, (size_t)(count_end - count_begin));
        LLVMFuzzerTestOneInput(count_inputs[i].data, count_inputs[i].size);
        size_t hit = 0;
        for (const uint8_t *p = count_begin; p < count_end; p++) {
            hit += *p != 0;
        }
        total += hit;
        most = hit > most ? hit : most;
    }
    const char *rep = getenv("COUNT_REPEAT");
    long repeat = rep != NULL ? strtol(rep, NULL, 10) : 10;
    repeat = repeat > 0 ? repeat : 1;
    double t0 = count_cpu_seconds();
    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < count_n; i++) {
            LLVMFuzzerTestOneInput(count_inputs[i].data, count_inputs[i].size);
        }
    }
    double us = (count_cpu_seconds() - t0) * 1e6 / ((double)repeat * (double)count_n);
    printf("inputs %zu counters %zu hit_mean %.1f hit_max %zu cpu_us_per_input %.2f\n", count_n,
           (size_t)(count_end - count_begin), (double)total / (double)count_n, most, us);
    for (size_t i = 0; i < count_n; i++) {
        free(count_inputs[i].data);
    }
    return 0;
}
