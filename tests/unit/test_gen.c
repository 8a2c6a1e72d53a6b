/* SPDX-License-Identifier: MIT */
/*
 * test_gen.c - unit tests of sim/gen.c: the same seed gives the same ops,
 * every op is valid, the full options are exactly wt_gen_ops, and a
 * restricted kind mask (or hooks off) is never crossed, over many seeds.
 * The ops arrays come from the counting allocator, so each test is also a
 * leak test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "testlib.h"
#include "wt/errors.h"
#include "wt/gen.h"
#include "wt/prng.h"

#define GEN_OPS 300
#define GEN_SEEDS 2000

/* The fold of trace.h's hash over the ops of seeds 1..64 (300 each) under
 * each WT_GEN_VERSION, 1 to the newest. */
#define GEN_GOLDEN_INIT 0xcbf29ce484222325ull
/* Per generator version (index version - 1): a changed mapping needs a new version. */
static const uint64_t gen_golden_hash[] = {0xfebce727b77e485dull, 0x5f21992ab992635eull,
                                           0xdfdfc280d2f4b199ull, 0xadcc00d5468c86ebull,
                                           0x80c32ae60aa2d5abull};

static struct wt_op *ops_new(struct tl_alloc *ta, size_t n)
{
    struct wt_op *ops = wt_alloc(tl_alloc_get(ta), n * sizeof *ops);
    assert_non_null(ops);
    return ops;
}

static void ops_free(struct tl_alloc *ta, struct wt_op *ops)
{
    wt_free(tl_alloc_get(ta), ops);
    assert_int_equal(tl_alloc_live(ta), 0);
}

static bool op_equal(const struct wt_op *x, const struct wt_op *y)
{
    return x->kind == y->kind && x->on == y->on && x->flags == y->flags &&
           x->nchunks == y->nchunks && x->a == y->a && x->b == y->b &&
           memcmp(x->chunk, y->chunk, sizeof x->chunk) == 0;
}

static void test_gen_same_seed_same_ops(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    struct wt_op *y = ops_new(&ta, GEN_OPS);
    struct wt_gen_options opt = {WT_GEN_KIND(WT_OP_WRITE) | WT_GEN_KIND(WT_OP_SOCK_CAP), false,
                                 WT_GEN_VERSION};
    for (uint64_t seed = 0; seed < 200; seed++) {
        memset(y, 0xa5, GEN_OPS * sizeof *y);
        assert_int_equal(wt_gen_ops(seed, x, GEN_OPS), WT_OK);
        assert_int_equal(wt_gen_ops(seed, y, GEN_OPS), WT_OK);
        for (size_t i = 0; i < GEN_OPS; i++) {
            assert_true(op_equal(&x[i], &y[i]));
        }
        assert_int_equal(wt_gen_ops_with(seed, &opt, x, GEN_OPS), WT_OK);
        assert_int_equal(wt_gen_ops_with(seed, &opt, y, GEN_OPS), WT_OK);
        for (size_t i = 0; i < GEN_OPS; i++) {
            assert_true(op_equal(&x[i], &y[i]));
        }
    }
    /* a prefix is the prefix: n does not change the draws before it (version 1;
     * version 2's last two ops are its drain phase) */
    struct wt_gen_options v1;
    wt_gen_options_init(&v1);
    v1.version = 1;
    assert_int_equal(wt_gen_ops_with(9, &v1, x, GEN_OPS), WT_OK);
    assert_int_equal(wt_gen_ops_with(9, &v1, y, 17), WT_OK);
    for (size_t i = 0; i < 17; i++) {
        assert_true(op_equal(&x[i], &y[i]));
    }
    /* different seeds explore differently */
    assert_int_equal(wt_gen_ops(10, y, GEN_OPS), WT_OK);
    size_t same = 0;
    for (size_t i = 0; i < GEN_OPS; i++) {
        same += op_equal(&x[i], &y[i]);
    }
    assert_true(same < GEN_OPS / 2);
    wt_free(tl_alloc_get(&ta), x);
    ops_free(&ta, y);
}

static void test_gen_full_options_equal_gen_ops(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    struct wt_op *y = ops_new(&ta, GEN_OPS);
    struct wt_gen_options opt;
    memset(&opt, 0xff, sizeof opt);
    wt_gen_options_init(&opt);
    assert_true(opt.kinds == WT_GEN_ALL_KINDS);
    assert_true(opt.hooks);
    assert_true(WT_GEN_ALL_KINDS == (((uint64_t)1 << WT_OP_COUNT) - 1));
    for (uint64_t seed = 0; seed < GEN_SEEDS; seed++) {
        assert_int_equal(wt_gen_ops(seed, x, GEN_OPS), WT_OK);
        assert_int_equal(wt_gen_ops_with(seed, &opt, y, GEN_OPS), WT_OK);
        for (size_t i = 0; i < GEN_OPS; i++) {
            assert_true(op_equal(&x[i], &y[i]));
        }
    }
    /* bits past the last kind change nothing */
    opt.kinds = UINT64_MAX;
    assert_int_equal(wt_gen_ops_with(5, &opt, y, GEN_OPS), WT_OK);
    assert_int_equal(wt_gen_ops(5, x, GEN_OPS), WT_OK);
    for (size_t i = 0; i < GEN_OPS; i++) {
        assert_true(op_equal(&x[i], &y[i]));
    }
    wt_free(tl_alloc_get(&ta), x);
    ops_free(&ta, y);
}

/* Golden: seeds 1..64 under every version, so a change of a full-capability
 * mapping (which must bump WT_GEN_VERSION) shows here first, and an old
 * version keeps replaying as it did. */
static void test_gen_version_golden(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    assert_int_equal(WT_GEN_VERSION, sizeof gen_golden_hash / sizeof gen_golden_hash[0]);
    for (uint32_t version = 1; version <= WT_GEN_VERSION; version++) {
    struct wt_gen_options opt;
    wt_gen_options_init(&opt);
    opt.version = version;
    uint64_t h = GEN_GOLDEN_INIT;
    for (uint64_t seed = 1; seed <= 64; seed++) {
        assert_int_equal(wt_gen_ops_with(seed, &opt, x, GEN_OPS), WT_OK);
        for (size_t i = 0; i < GEN_OPS; i++) {
            uint64_t words[4] = {x[i].kind | (uint64_t)x[i].on << 8 | (uint64_t)x[i].flags << 16 |
                                     (uint64_t)x[i].nchunks << 24,
                                 (uint64_t)x[i].a, (uint64_t)x[i].b, 0};
            for (unsigned k = 0; k < x[i].nchunks; k++) {
                words[3] = words[3] * 1000003u + x[i].chunk[k];
            }
            for (unsigned k = 0; k < 4; k++) {
                h = (h ^ words[k]) * 0x100000001b3ull;
                h ^= h >> 29;
            }
        }
    }
    if (h != gen_golden_hash[version - 1]) {
        fail_msg("generator version %u: golden 0x%016llx, got 0x%016llx", (unsigned)version,
                 (unsigned long long)gen_golden_hash[version - 1], (unsigned long long)h);
    }
    }
    struct wt_gen_options bad;
    wt_gen_options_init(&bad);
    bad.version = WT_GEN_VERSION + 1;
    assert_int_equal(wt_gen_ops_with(1, &bad, x, GEN_OPS), WT_EINVAL);
    ops_free(&ta, x);
}

/* Version 5: writes draw every argument kind; version 4 draws none (its seeds replay). */
static void test_gen_v5_kinds(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    uint32_t writes = 0, lines = 0, plain_seeds = 0;
    for (uint32_t version = 4; version <= 5; version++) {
        struct wt_gen_options opt;
        wt_gen_options_init(&opt);
        opt.version = version;
        for (uint64_t seed = 1; seed <= 200; seed++) {
            assert_int_equal(wt_gen_ops_with(seed, &opt, x, GEN_OPS), WT_OK);
            bool any = false, writes_here = false;
            for (size_t i = 0; i < GEN_OPS; i++) {
                int k = wt_op_data_kind(&x[i]);
                assert_int_equal(wt_op_validate(&x[i]), WT_OK);
                if (version == 4) {
                    assert_int_equal(k, 0);
                    continue;
                }
                writes |= x[i].kind == WT_OP_WRITE ? 1u << k : 0;
                lines |= x[i].kind == WT_OP_WRITELINES ? 1u << k : 0;
                writes_here |= x[i].kind == WT_OP_WRITE;
                any |= k != 0;
            }
            plain_seeds += version == 5 && writes_here && !any;
        }
    }
    assert_int_equal(writes, (1u << WT_WRITE_KIND_COUNT) - 1);
    assert_int_equal(lines, (1u << WT_LINES_KIND_COUNT) - 1);
    assert_true(plain_seeds > 20 && plain_seeds < 120); /* about one seed in three */
    ops_free(&ta, x);
}

/* Version 2: faults in some seeds' safety phase, none in others; the drain phase last. */
static void test_gen_v2_faults_and_drain(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    unsigned with_faults = 0, blocks = 0;
    for (uint64_t seed = 1; seed <= 400; seed++) {
        assert_int_equal(wt_gen_ops(seed, x, GEN_OPS), WT_OK);
        assert_int_equal(x[GEN_OPS - 2].kind, WT_OP_SOCK_OPEN);
        assert_int_equal(x[GEN_OPS - 1].kind, WT_OP_RUN);
        unsigned faults = 0;
        for (size_t i = 0; i < GEN_OPS - 2; i++) {
            faults += x[i].kind == WT_OP_SOCK_FAIL || x[i].kind == WT_OP_PEER_CLOSE;
            blocks += x[i].kind == WT_OP_SOCK_BLOCK;
        }
        with_faults += faults > 3;
    }
    /* Half the seeds draw a fault rate of 1..8 in 64: many faults there, few elsewhere. */
    assert_true(with_faults > 100 && with_faults < 300);
    assert_true(blocks > 0);
    /* No socket to open: no drain phase, and never an op of a kind left out. */
    struct wt_gen_options opt;
    wt_gen_options_init(&opt);
    opt.kinds = WT_GEN_ALL_KINDS & ~WT_GEN_KIND(WT_OP_SOCK_OPEN) & ~WT_GEN_KIND(WT_OP_SOCK_FAIL);
    assert_int_equal(wt_gen_ops_with(7, &opt, x, GEN_OPS), WT_OK);
    for (size_t i = 0; i < GEN_OPS; i++) {
        assert_int_not_equal(x[i].kind, WT_OP_SOCK_OPEN);
        assert_int_not_equal(x[i].kind, WT_OP_SOCK_FAIL);
    }
    ops_free(&ta, x);
}

/* A few masks: one family each, mixes, nothing at all. */
static uint64_t mask_for(int i, struct wt_prng *r)
{
    static const uint64_t fixed[] = {
        0,
        WT_GEN_KIND(WT_OP_WRITE),
        WT_GEN_KIND(WT_OP_WRITELINES) | WT_GEN_KIND(WT_OP_CLOSE),
        WT_GEN_KIND(WT_OP_SOCK_FAIL),
        WT_GEN_KIND(WT_OP_SOCK_HALFCLOSE) | WT_GEN_KIND(WT_OP_PEER_EOF),
        WT_GEN_KIND(WT_OP_RAISE) | WT_GEN_KIND(WT_OP_WRITE_EOF),
        WT_GEN_KIND(WT_OP_SET_LIMITS) | WT_GEN_KIND(WT_OP_GET_LIMITS),
        WT_GEN_ALL_KINDS & ~WT_GEN_KIND(WT_OP_WRITE_EOF) & ~WT_GEN_KIND(WT_OP_ADVANCE),
        WT_GEN_ALL_KINDS & ~WT_GEN_KIND(WT_OP_WRITE) & ~WT_GEN_KIND(WT_OP_WRITELINES),
    };
    if ((size_t)i < sizeof fixed / sizeof fixed[0]) {
        return fixed[i];
    }
    return wt_prng_next(r) & wt_prng_next(r) & WT_GEN_ALL_KINDS; /* about a quarter */
}

static void test_gen_mask_respected(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    struct wt_op *y = ops_new(&ta, GEN_OPS);
    struct wt_prng r;
    wt_prng_seed(&r, 31);
    const uint64_t always = WT_GEN_KIND(WT_OP_RUN) | WT_GEN_KIND(WT_OP_STEP);
    unsigned hooked = 0;
    for (uint64_t seed = 0; seed < GEN_SEEDS; seed++) {
        struct wt_gen_options opt = {mask_for((int)(seed % 40), &r), (seed / 40) % 2 == 0,
                                     (uint32_t)(1 + seed % WT_GEN_VERSION)};
        assert_int_equal(wt_gen_ops_with(seed, &opt, x, GEN_OPS), WT_OK);
        for (size_t i = 0; i < GEN_OPS; i++) {
            if (!((opt.kinds | always) & WT_GEN_KIND(x[i].kind))) {
                fail_msg("seed %llu op %zu: kind %s not in mask %llx", (unsigned long long)seed,
                         i, wt_op_name(x[i].kind), (unsigned long long)opt.kinds);
            }
            if (!opt.hooks && x[i].on != WT_ON_NOW) {
                fail_msg("seed %llu op %zu: hooked without hooks", (unsigned long long)seed, i);
            }
            hooked += x[i].on != WT_ON_NOW;
            assert_int_equal(wt_op_validate(&x[i]), WT_OK);
        }
        /* deterministic per (seed, options) */
        assert_int_equal(wt_gen_ops_with(seed, &opt, y, GEN_OPS), WT_OK);
        assert_memory_equal(x, y, GEN_OPS * sizeof *x);
    }
    assert_true(hooked > 0);
    wt_free(tl_alloc_get(&ta), x);
    ops_free(&ta, y);
}

/* Every op of every full-capability seed passes wt_op_validate, and every
 * kind the generator knows turns up. */
static void test_gen_every_op_valid(void **state)
{
    (void)state;
    struct tl_alloc ta;
    tl_alloc_init(&ta);
    struct wt_op *x = ops_new(&ta, GEN_OPS);
    uint64_t seen = 0;
    for (uint64_t seed = 0; seed < GEN_SEEDS; seed++) {
        assert_int_equal(wt_gen_ops(seed, x, GEN_OPS), WT_OK);
        for (size_t i = 0; i < GEN_OPS; i++) {
            assert_int_equal(wt_op_validate(&x[i]), WT_OK);
            seen |= WT_GEN_KIND(x[i].kind);
        }
    }
    /* expectations, eof_keep_open and peer-less kinds are the scripts' business */
    uint64_t never = WT_GEN_KIND(WT_OP_EOF_KEEP_OPEN) | WT_GEN_KIND(WT_OP_EXPECT_SIZE) |
                     WT_GEN_KIND(WT_OP_EXPECT_LIMITS) | WT_GEN_KIND(WT_OP_EXPECT_STATE) |
                     WT_GEN_KIND(WT_OP_EXPECT_ERROR) | WT_GEN_KIND(WT_OP_EXPECT_PEER) |
                     WT_GEN_KIND(WT_OP_EXPECT_CLAUSE);
    assert_true(seen == (WT_GEN_ALL_KINDS & ~never));
    ops_free(&ta, x);
}

static void test_gen_bad_args(void **state)
{
    (void)state;
    struct wt_gen_options opt;
    wt_gen_options_init(&opt);
    struct wt_op op;
    assert_int_equal(wt_gen_ops(1, NULL, 1), WT_EINVAL);
    assert_int_equal(wt_gen_ops(1, NULL, 0), WT_OK);
    assert_int_equal(wt_gen_ops_with(1, NULL, &op, 1), WT_EINVAL);
    assert_int_equal(wt_gen_ops_with(1, &opt, NULL, 1), WT_EINVAL);
    assert_int_equal(wt_gen_ops_with(1, &opt, NULL, 0), WT_OK);
    wt_gen_options_init(NULL); /* a no-op */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gen_same_seed_same_ops),
        cmocka_unit_test(test_gen_full_options_equal_gen_ops),
        cmocka_unit_test(test_gen_version_golden),
        cmocka_unit_test(test_gen_v5_kinds),
        cmocka_unit_test(test_gen_v2_faults_and_drain),
        cmocka_unit_test(test_gen_mask_respected),
        cmocka_unit_test(test_gen_every_op_valid),
        cmocka_unit_test(test_gen_bad_args),
    };
    return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
