/* SPDX-License-Identifier: MIT */
/*
 * golden.c - prints the trace hash of a fixed set of seeded runs.
 *
 * tools/determinism.sh builds this at -O0 and -O2 under gcc and clang and
 * compares every line with tests/determinism/golden.txt: the same seed must
 * give the same trace, byte for byte, whatever compiled the kit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wt/gen.h"

/* The ops come from generator version 1, pinned: these hashes are about compilers. */
#define GOLDEN_GENERATOR 1
/* Then a few seeds of version 4, whose platform prelude (the loop's dispatch
 * order) moves entries to the front of the loop's ring. */
#define GOLDEN_GENERATOR_PLATFORM 4
#define GOLDEN_PLATFORM_SEEDS 16
#include "wt/wt.h"

#define GOLDEN_SEEDS 48
#define GOLDEN_OPS 300

static int golden_run(uint64_t seed, const char *flavor, uint32_t generator)
{
    static struct wt_op ops[GOLDEN_OPS];
    struct wt_world_config cfg;
    struct wt_world *w = NULL;
    wt_world_config_init(&cfg);
    cfg.seed = seed;
    cfg.args.flavor = flavor;
    cfg.finish_close = true;
    cfg.steps_max = 20000;
    /* Pinned versions: these hashes are about compilers, not the mapping. */
    struct wt_gen_options opt;
    wt_gen_options_init(&opt);
    opt.version = generator;
    if (wt_gen_ops_with(seed, &opt, ops, GOLDEN_OPS) != WT_OK) {
        return 1;
    }
    int rc = wt_world_new(&cfg, NULL, &w);
    if (rc == WT_OK) {
        rc = wt_world_start(w);
    }
    for (size_t i = 0; i < GOLDEN_OPS && (rc == WT_OK || rc == WT_ETIMEOUT); i++) {
        rc = wt_world_exec(w, &ops[i]);
    }
    if (rc == WT_OK || rc == WT_ETIMEOUT) {
        rc = wt_world_finish(w);
    }
    struct wt_peer_stats peer;
    wt_world_peer_stats(w, &peer);
    printf("seed %" PRIu64 " flavor %s hash %016" PRIx64 " events %zu peer %" PRIu64 " end %s\n",
           seed, flavor, wt_world_hash(w), wt_trace_count(wt_world_trace(w)), peer.accepted,
           wt_err_name(rc));
    wt_world_free(w);
    return 0;
}

int main(void)
{
    static const char *const flavors[] = {"docs", "ge", "cpython-pipe"};
    /* The hashes below mean something only under these versions. */
    printf("trace %d generator %d\n", WT_TRACE_VERSION, GOLDEN_GENERATOR);
    for (uint64_t seed = 1; seed <= GOLDEN_SEEDS; seed++) {
        if (golden_run(seed, flavors[seed % 3], GOLDEN_GENERATOR) != 0) {
            return 1;
        }
    }
    printf("generator %d\n", GOLDEN_GENERATOR_PLATFORM);
    for (uint64_t seed = 1; seed <= GOLDEN_PLATFORM_SEEDS; seed++) {
        if (golden_run(seed, flavors[seed % 3], GOLDEN_GENERATOR_PLATFORM) != 0) {
            return 1;
        }
    }
    return 0;
}
