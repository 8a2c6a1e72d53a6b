/* SPDX-License-Identifier: MIT */
/*
 * fuzz_case.c - a fuzz input as a case (wt_fuzz_scenario, fuzz.h): the
 * bridge from a crash file of the world target to `wtkit shrink` and
 * `replay`. It decodes exactly as fuzz/fuzz_world.c does, with the kinds
 * of the same transport, so the case fails the way the crash did.
 */
#include "session_int.h"
#include "wt/errors.h"
#include "wt/fuzz.h"
#include "wt/session.h"

int wt_fuzz_scenario(const struct wt_session_spec *spec, const uint8_t *data, size_t len,
                     struct wt_scenario *sc, char *err, size_t err_cap)
{
    struct wt__probe *p = NULL;
    int rc = wt__probe_open(spec, &p, err, err_cap);
    if (rc != WT_OK) {
        return rc;
    }
    struct wt_fuzz_options opt;
    wt_fuzz_options_init(&opt);
    opt.kinds = wt__probe_kinds(p);
    wt__probe_close(p);
    size_t n = wt_fuzz_ops_count(len, &opt);
    struct wt_op *ops = wt_alloc(sc->alloc, n * sizeof *ops);
    if (ops == NULL) {
        return WT_ENOMEM;
    }
    n = wt_fuzz_decode(data, len, &opt, ops, n);
    wt_scenario_deinit(sc);
    sc->ops = ops;
    sc->nops = sc->cap = n;
    sc->has_seed = true;
    sc->seed = spec->has_seed ? spec->seed : WT_FUZZ_SEED_DEFAULT;
    sc->steps_max = spec->steps_max ? spec->steps_max : WT_FUZZ_STEPS_DEFAULT;
    return WT_OK;
}
