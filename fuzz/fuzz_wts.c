/* SPDX-License-Identifier: MIT */
/*
 * fuzz_wts.c - the fuzz target of the .wts parser (conformance/wts.c).
 *
 * Any bytes go to wt_wts_parse. What it accepts must format
 * (wt_wts_format) and parse back to the same scenario: the same header
 * and the same ops (wts.h promises the canonical spelling round-trips).
 * A difference, a parse that reads past its length or leaks (under ASan)
 * is a crash. No state outlives an input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "wt/errors.h"
#include "wt/wts.h"

static bool wts_same_ops(const struct wt_scenario *x, const struct wt_scenario *y)
{
    if (x->nops != y->nops) {
        return false;
    }
    for (size_t i = 0; i < x->nops; i++) {
        const struct wt_op *a = &x->ops[i], *b = &y->ops[i];
        if (a->kind != b->kind || a->on != b->on || a->flags != b->flags ||
            a->nchunks != b->nchunks || a->a != b->a || a->b != b->b ||
            memcmp(a->chunk, b->chunk, sizeof a->chunk) != 0) {
            return false;
        }
    }
    return x->seed == y->seed && x->has_seed == y->has_seed && x->steps_max == y->steps_max &&
           x->nprofiles == y->nprofiles && strcmp(x->flavor, y->flavor) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wt_scenario sc, back;
    char err[WT_WTS_ERR_MAX];
    wt_scenario_init(&sc, NULL);
    wt_scenario_init(&back, NULL);
    int rc = wt_wts_parse((const char *)data, size, "<fuzz>", &sc, err, sizeof err);
    if (rc == WT_OK) {
        size_t need = 4096 + sc.nops * WT_WTS_OP_TEXT_MAX;
        char *text = malloc(need);
        int n = text != NULL ? wt_wts_format(&sc, text, need) : -1;
        if (n >= 0) {
            rc = wt_wts_parse(text, (size_t)n, "<formatted>", &back, err, sizeof err);
            if (rc != WT_OK || !wts_same_ops(&sc, &back)) {
                fprintf(stderr, "fuzz_wts: the formatted scenario does not parse back the same:"
                                " %s\n%s", rc != WT_OK ? err : "different ops", text);
                abort();
            }
        }
        free(text);
    }
    wt_scenario_deinit(&sc);
    wt_scenario_deinit(&back);
    return 0;
}
