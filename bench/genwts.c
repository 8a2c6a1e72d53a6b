/* SPDX-License-Identifier: MIT */
/*
 * genwts.c - writes seeded op sequences out as .wts files, for make bench.
 *
 *     wt-genwts FIRST LAST OPS DIR [--old]
 *
 * Seed N becomes DIR/seed-N.wts: `seed N` and the generator's OPS ops, one
 * per line, in their canonical text. With --old the ops are drawn without
 * the kinds an older kit cannot parse (`produce`, `sock budget`; and from
 * generator version 3, before the platform prelude of version 4), so the
 * same files run on the baseline commit and on this one: the sweep-like
 * workload of the adapter figures (tools/bench.py) is then the same work
 * on both sides. Exit 0, or 2 for bad arguments or an unwritable file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/gen.h"
#include "wt/wt.h"
#include "wt/wts.h"

static int genwts_one(uint64_t seed, size_t nops, const char *dir, bool old, struct wt_op *ops)
{
    struct wt_gen_options opt;
    wt_gen_options_init(&opt);
    if (old) {
        opt.version = 3;
        opt.kinds &= ~(WT_GEN_KIND(WT_OP_PRODUCE) | WT_GEN_KIND(WT_OP_SOCK_BUDGET));
    }
    if (wt_gen_ops_with(seed, &opt, ops, nops) != WT_OK) {
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/seed-%" PRIu64 ".wts", dir, seed);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return 2;
    }
    fprintf(f, "seed %" PRIu64 "\n", seed);
    for (size_t i = 0; i < nops; i++) {
        char text[WT_WTS_OP_TEXT_MAX];
        if (wt_wts_format_op(&ops[i], text, sizeof text) < 0) {
            fclose(f);
            return 2;
        }
        fprintf(f, "%s\n", text);
    }
    return fclose(f) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 6 || (argc == 6 && strcmp(argv[5], "--old") != 0)) {
        fprintf(stderr, "usage: wt-genwts FIRST LAST OPS DIR [--old]\n");
        return 2;
    }
    uint64_t first = strtoull(argv[1], NULL, 10);
    uint64_t last = strtoull(argv[2], NULL, 10);
    size_t nops = (size_t)strtoull(argv[3], NULL, 10);
    if (nops == 0 || nops > 100000 || last < first) {
        fprintf(stderr, "wt-genwts: bad range or op count\n");
        return 2;
    }
    struct wt_op *ops = calloc(nops, sizeof *ops);
    if (ops == NULL) {
        return 2;
    }
    int rc = 0;
    for (uint64_t seed = first; rc == 0 && seed <= last; seed++) {
        rc = genwts_one(seed, nops, argv[4], argc == 6, ops);
    }
    free(ops);
    return rc;
}
