/* SPDX-License-Identifier: MIT */
/*
 * test_decoder.c - unit tests of fuzz/decoder.c: every input decodes
 * (totality) to ops that pass wt_op_validate and are never expectations;
 * the same bytes give the same ops; every kind the schema allows is
 * reachable, hooks included; a restricted kind mask is never crossed; the
 * mapping is pinned by a golden hash (WT_FUZZ_DECODER_VERSION); encoding
 * decoded ops gives them back; and locality: the share of single-byte
 * overwrites that change at most one op, printed as a bench figure and
 * held at 90% or more.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/fuzz.h"
#include "wt/gen.h"
#include "wt/prng.h"

#define DEC_INPUTS 3000
#define DEC_LEN_MAX (WT_FUZZ_OP_BYTES * (WT_FUZZ_OPS_MAX + 8))
#define DEC_CAP (WT_FUZZ_OPS_MAX + WT_FUZZ_DRAIN_OPS)

/* Pinned: the fold of every op of inputs 1..64 (see dec_golden), per version from 2. */
#define DEC_GOLDEN_V2 0x07f63f1548c37aa5ull
#define DEC_GOLDEN_V3 0xd3c4d80da510586full
#define DEC_GOLDEN 0xcb69816b4293cb5aull

static uint8_t dec_buf[DEC_LEN_MAX];
static struct wt_op dec_ops[DEC_CAP], dec_ops2[DEC_CAP];

static size_t dec_random(struct wt_prng *p, size_t len_max)
{
    size_t len = (size_t)wt_prng_below(p, len_max + 1);
    for (size_t i = 0; i < len; i++) {
        dec_buf[i] = (uint8_t)wt_prng_below(p, 256);
    }
    return len;
}

static bool dec_same(const struct wt_op *x, const struct wt_op *y)
{
    return x->kind == y->kind && x->on == y->on && x->flags == y->flags &&
           x->nchunks == y->nchunks && x->a == y->a && x->b == y->b &&
           memcmp(x->chunk, y->chunk, sizeof x->chunk) == 0;
}

static void test_decoder_total_valid_deterministic(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 16);
    struct wt_fuzz_options opt;
    wt_fuzz_options_init(&opt);
    for (int i = 0; i < DEC_INPUTS; i++) {
        size_t len = dec_random(&p, DEC_LEN_MAX);
        size_t n = wt_fuzz_decode(dec_buf, len, &opt, dec_ops, DEC_CAP);
        assert_true(n <= wt_fuzz_ops_count(len, &opt)); /* ops past the bytes budget are left out */
        assert_int_equal(wt_fuzz_decode(dec_buf, len, &opt, dec_ops2, DEC_CAP), n);
        for (size_t j = 0; j < n; j++) {
            assert_int_equal(wt_op_validate(&dec_ops[j]), WT_OK);
            assert_false(wt_op_is_expect(dec_ops[j].kind));
            assert_true(dec_same(&dec_ops[j], &dec_ops2[j]));
        }
    }
    /* The empty input, NULL data and a small cap are inputs too. */
    assert_int_equal(wt_fuzz_decode(NULL, 0, NULL, dec_ops, DEC_CAP), WT_FUZZ_DRAIN_OPS);
    assert_int_equal(wt_fuzz_decode(dec_buf, 100, NULL, dec_ops, 3), 3);
}

static void test_decoder_reaches_every_kind(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 17);
    uint64_t seen = 0, hooked = 0;
    for (int i = 0; i < 300; i++) {
        size_t len = dec_random(&p, 2000);
        size_t n = wt_fuzz_decode(dec_buf, len, NULL, dec_ops, DEC_CAP);
        for (size_t j = 0; j < n; j++) {
            seen |= WT_GEN_KIND(dec_ops[j].kind);
            hooked |= dec_ops[j].on != WT_ON_NOW ? WT_GEN_KIND(dec_ops[j].kind) : 0;
        }
    }
    /* Every kind but the expectations, those appended after them too. */
    for (int k = 0; k < WT_OP_COUNT; k++) {
        if (wt_op_is_expect(k)) {
            continue;
        }
        const struct wt_op_schema *s = wt_op_schema_at(k);
        assert_true((seen & WT_GEN_KIND(k)) != 0);
        assert_int_equal((hooked & WT_GEN_KIND(k)) != 0, s->place != WT_PLACE_NOW);
    }
}

static void test_decoder_kind_mask(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 18);
    struct wt_fuzz_options opt;
    wt_fuzz_options_init(&opt);
    opt.kinds = WT_GEN_KIND(WT_OP_WRITE) | WT_GEN_KIND(WT_OP_CLOSE);
    opt.hooks = false;
    uint64_t allowed = opt.kinds | WT_GEN_KIND(WT_OP_RUN) | WT_GEN_KIND(WT_OP_STEP);
    for (int i = 0; i < 300; i++) {
        size_t len = dec_random(&p, 2000);
        size_t n = wt_fuzz_decode(dec_buf, len, &opt, dec_ops, DEC_CAP);
        for (size_t j = 0; j < n; j++) {
            assert_true((allowed & WT_GEN_KIND(dec_ops[j].kind)) != 0);
            assert_int_equal(dec_ops[j].on, WT_ON_NOW);
        }
    }
}

static uint64_t dec_golden(uint32_t version)
{
    struct wt_fuzz_options opt;
    wt_fuzz_options_init(&opt);
    opt.version = version;
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint64_t seed = 1; seed <= 64; seed++) {
        struct wt_prng p;
        wt_prng_seed(&p, seed);
        size_t len = dec_random(&p, 1200);
        size_t n = wt_fuzz_decode(dec_buf, len, &opt, dec_ops, DEC_CAP);
        for (size_t j = 0; j < n; j++) {
            const struct wt_op *o = &dec_ops[j];
            uint64_t f[4] = {(uint64_t)o->kind | (uint64_t)o->on << 8 | (uint64_t)o->flags << 16 |
                                 (uint64_t)o->nchunks << 24,
                             (uint64_t)o->a, (uint64_t)o->b, 0};
            for (unsigned c = 0; c < o->nchunks; c++) {
                f[3] = f[3] * 1000003u + o->chunk[c];
            }
            for (unsigned k = 0; k < 4; k++) {
                h = (h ^ f[k]) * 0x100000001b3ull;
            }
        }
    }
    return h;
}

/* Each kept version decodes as it did; version 1 is refused with a message. */
static void test_decoder_golden(void **state)
{
    (void)state;
    uint64_t h = dec_golden(WT_FUZZ_DECODER_VERSION);
    if (DEC_GOLDEN == 0 || h != DEC_GOLDEN) {
        print_message("decoder golden hash: 0x%016llxull (a changed mapping needs "
                      "WT_FUZZ_DECODER_VERSION + 1)\n", (unsigned long long)h);
    }
    assert_true(h == DEC_GOLDEN);
    assert_true(dec_golden(0) == DEC_GOLDEN);
    assert_true(dec_golden(2) == DEC_GOLDEN_V2);
    assert_true(dec_golden(3) == DEC_GOLDEN_V3);
    assert_null(wt_fuzz_version_refused(0));
    assert_null(wt_fuzz_version_refused(2));
    assert_null(wt_fuzz_version_refused(3));
    assert_null(wt_fuzz_version_refused(WT_FUZZ_DECODER_VERSION));
    assert_non_null(wt_fuzz_version_refused(1));
    assert_non_null(wt_fuzz_version_refused(WT_FUZZ_DECODER_VERSION + 1));
}

/* Version 3 makes every argument kind of write and writelines; version 2 none. */
static void test_decoder_kinds(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 23);
    uint32_t writes = 0, lines = 0;
    struct wt_fuzz_options v2;
    wt_fuzz_options_init(&v2);
    v2.version = 2;
    for (int i = 0; i < 400; i++) {
        size_t len = dec_random(&p, DEC_LEN_MAX);
        size_t n = wt_fuzz_decode(dec_buf, len, NULL, dec_ops, DEC_CAP);
        for (size_t j = 0; j < n; j++) {
            int k = wt_op_data_kind(&dec_ops[j]);
            writes |= dec_ops[j].kind == WT_OP_WRITE ? 1u << k : 0;
            lines |= dec_ops[j].kind == WT_OP_WRITELINES ? 1u << k : 0;
        }
        n = wt_fuzz_decode(dec_buf, len, &v2, dec_ops, DEC_CAP);
        for (size_t j = 0; j < n; j++) {
            assert_int_equal(wt_op_data_kind(&dec_ops[j]), 0);
        }
    }
    assert_int_equal(writes, (1u << WT_WRITE_KIND_COUNT) - 1);
    assert_int_equal(lines, (1u << WT_LINES_KIND_COUNT) - 1);
}

/* The bytes an op writes, as version 4's budget counts them. */
static uint64_t dec_volume(const struct wt_op *o)
{
    uint64_t v = o->kind == WT_OP_WRITE     ? (uint64_t)o->a
                 : o->kind == WT_OP_PRODUCE ? (uint64_t)o->a * (uint64_t)o->b
                                            : 0;
    for (unsigned c = 0; o->kind == WT_OP_WRITELINES && c < o->nchunks; c++) {
        v += o->chunk[c];
    }
    return v;
}

/* Version 4 keeps an input's writes within WT_FUZZ_BYTES_MAX; version 3 did not. */
static void test_decoder_bytes_budget(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 23);
    struct wt_fuzz_options v3, v4;
    wt_fuzz_options_init(&v3);
    wt_fuzz_options_init(&v4);
    v3.version = 3;
    unsigned over = 0, dropped = 0;
    for (int i = 0; i < 400; i++) {
        size_t len = dec_random(&p, DEC_LEN_MAX);
        size_t n3 = wt_fuzz_decode(dec_buf, len, &v3, dec_ops, DEC_CAP);
        uint64_t sum3 = 0, sum4 = 0;
        for (size_t j = 0; j < n3; j++) {
            sum3 += dec_volume(&dec_ops[j]);
        }
        size_t n4 = wt_fuzz_decode(dec_buf, len, &v4, dec_ops2, DEC_CAP);
        for (size_t j = 0; j < n4; j++) {
            sum4 += dec_volume(&dec_ops2[j]);
        }
        assert_true(sum4 <= WT_FUZZ_BYTES_MAX);
        assert_true(n4 <= n3);
        if (sum3 <= WT_FUZZ_BYTES_MAX) {
            assert_int_equal(n4, n3); /* under the budget, nothing is left out */
        }
        over += sum3 > WT_FUZZ_BYTES_MAX;
        dropped += n4 < n3;
    }
    assert_true(over > 0 && dropped == over); /* the sample did reach the budget */
}

static void test_decoder_encode_round_trip(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 19);
    struct wt_fuzz_options opt;
    wt_fuzz_options_init(&opt);
    opt.drain = false;
    static uint8_t enc[DEC_LEN_MAX];
    for (int i = 0; i < 500; i++) {
        size_t len = dec_random(&p, DEC_LEN_MAX);
        size_t n = wt_fuzz_decode(dec_buf, len, &opt, dec_ops, DEC_CAP);
        size_t elen = wt_fuzz_encode(dec_ops, n, &opt, enc, sizeof enc);
        assert_int_equal(elen, n * WT_FUZZ_OP_BYTES);
        assert_int_equal(wt_fuzz_decode(enc, elen, &opt, dec_ops2, DEC_CAP), n);
        for (size_t j = 0; j < n; j++) {
            bool big = false;
            for (unsigned c = 0; c < dec_ops[j].nchunks; c++) {
                big |= dec_ops[j].chunk[c] > 255;
            }
            if (!big) {
                assert_true(dec_same(&dec_ops[j], &dec_ops2[j]));
            } else {
                assert_int_equal(dec_ops[j].kind, dec_ops2[j].kind);
            }
        }
    }
}

/*
 * Whether b is a with at most one op changed, left out or added: what a
 * mutation of one record can do (version 4 leaves out an op past the bytes
 * budget, so a record may vanish or come back).
 */
static bool dec_one_edit(const struct wt_op *a, size_t n, const struct wt_op *b, size_t m)
{
    size_t i = 0;
    while (i < n && i < m && dec_same(&a[i], &b[i])) {
        i++;
    }
    size_t sa = n > m ? 1 : 0, sb = m > n ? 1 : 0; /* the longer one skips its extra op */
    if (n == m) {
        sa = sb = 1; /* or the same place changed */
    }
    if ((n > m ? n - m : m - n) > 1) {
        return false;
    }
    for (size_t j = i + sa, k = i + sb; j < n || k < m; j++, k++) {
        if (j >= n || k >= m || !dec_same(&a[j], &b[k])) {
            return false;
        }
    }
    return true;
}

/* Locality: overwrite one byte of an input; how many ops change? */
static void test_decoder_locality(void **state)
{
    (void)state;
    struct wt_prng p;
    wt_prng_seed(&p, 20);
    unsigned trials = 0, local = 0;
    for (int i = 0; i < 2000; i++) {
        size_t len = 1 + (size_t)wt_prng_below(&p, WT_FUZZ_OP_BYTES * 64);
        for (size_t b = 0; b < len; b++) {
            dec_buf[b] = (uint8_t)wt_prng_below(&p, 256);
        }
        size_t n = wt_fuzz_decode(dec_buf, len, NULL, dec_ops, DEC_CAP);
        size_t at = (size_t)wt_prng_below(&p, len);
        dec_buf[at] = (uint8_t)(dec_buf[at] ^ (1 + wt_prng_below(&p, 255)));
        size_t n2 = wt_fuzz_decode(dec_buf, len, NULL, dec_ops2, DEC_CAP);
        trials++;
        local += dec_one_edit(dec_ops, n, dec_ops2, n2);
    }
    double share = 100.0 * local / trials;
    print_message("decoder locality: %.1f%% of %u single-byte mutations change at most one op "
                  "(target >= 90%%)\n", share, trials);
    assert_true(share >= 90.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decoder_total_valid_deterministic),
        cmocka_unit_test(test_decoder_reaches_every_kind),
        cmocka_unit_test(test_decoder_kind_mask),
        cmocka_unit_test(test_decoder_golden),
        cmocka_unit_test(test_decoder_kinds),
        cmocka_unit_test(test_decoder_bytes_budget),
        cmocka_unit_test(test_decoder_encode_round_trip),
        cmocka_unit_test(test_decoder_locality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
