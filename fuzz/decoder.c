/* SPDX-License-Identifier: MIT */
/*
 * decoder.c - fuzz input bytes to ops (see include/wt/fuzz.h).
 *
 * The layout: an input of len bytes holds n = min(len / 11, 256) records.
 * Record i reads 8 payload bytes from the front, data[8i .. 8i+8) as a
 * little-endian v (low 32 bits) and w (high 32 bits), and 3 structure bytes
 * from the back: K = data[len-1-3i], C = data[len-2-3i], F = data[len-3-3i].
 *   K  the kind: the K mod m-th of the m kinds that may be made (the op
 *      schema's order, expectations left out, the transport's kinds only);
 *   C  bits 0-2 the size class of the first argument; bits 3-4 == 3 arms
 *      the op on a callback (WT_PLACE_ANY ops; WT_PLACE_HOOK ops always
 *      are), bits 5-7 which one (1 + C>>5 mod 6);
 *   F  the second argument's size class (bits 5-7); writelines' chunk
 *      count (bits 0-2); set_write_buffer_limits' None-ness (bits 0-4);
 *      sock fail's `at` (bit 3); version 3: a write's or writelines'
 *      argument kind (`as`), given when bit 3 is set, the (F >> 4) mod
 *      count-th of its kinds.
 * Every record has the same width, so a byte overwritten changes only the
 * op its record makes; bytes past the records are never read. The size
 * classes (decoder_sized) put sizes around the asyncio default watermarks
 * (16 KiB, 64 KiB), around page-multiple socket caps, small, or exact (up
 * to 1 MiB: every byte written is made and checked by the world, so larger
 * sizes would only slow each execution down). Version 4: an op that would
 * take the bytes the input writes (write, writelines, produce) past
 * WT_FUZZ_BYTES_MAX is left out, so no input costs more than that much
 * data; the ops after it still decode.
 */
#include <string.h>

#include "wt/errors.h"
#include "wt/fuzz.h"
#include "wt/gen.h"

/* The largest size the exact class says as it is. */
#define DECODER_EXACT_MAX (1u << 20)

void wt_fuzz_options_init(struct wt_fuzz_options *opt)
{
    opt->kinds = WT_GEN_ALL_KINDS;
    opt->hooks = true;
    opt->drain = true;
    opt->version = WT_FUZZ_DECODER_VERSION;
}

const char *wt_fuzz_version_refused(uint32_t version)
{
    if (version > WT_FUZZ_DECODER_VERSION) {
        return "made by a newer fuzz decoder than this kit's (version 4)";
    }
    if (version != 0 && version < WT_FUZZ_DECODER_OLDEST) {
        return "fuzz decoder version 1 is not kept: its inputs decode differently (CHANGELOG.md)";
    }
    return NULL;
}

/* The expectations (EXPECT_SIZE .. EXPECT_CLAUSE): the monitor judges, inputs never expect. */
#define DECODER_EXPECTS (WT_GEN_KIND(WT_OP_EXPECT_CLAUSE + 1) - WT_GEN_KIND(WT_OP_EXPECT_SIZE))

/* The kinds a record may make, in schema order: returns how many. Once per
 * input, so the mask's bits are walked, not the schema (unless hooks are off). */
static size_t decoder_kinds(const struct wt_fuzz_options *opt, int kinds_out[WT_OP_COUNT])
{
    /* Not k >= WT_OP_EXPECT_SIZE: kinds appended after the expectations
     * (sock budget, produce) are made too (decoder version 2). */
    uint64_t mask = (opt->kinds | WT_GEN_KIND(WT_OP_RUN) | WT_GEN_KIND(WT_OP_STEP)) &
                    WT_GEN_ALL_KINDS & ~DECODER_EXPECTS;
    size_t m = 0;
    for (int k = 0; mask != 0; k++, mask >>= 1) {
        if ((mask & 1u) == 0 || (!opt->hooks && wt_op_schema_at(k)->place == WT_PLACE_HOOK)) {
            continue;
        }
        kinds_out[m++] = k;
    }
    return m;
}

static size_t decoder_records(size_t len)
{
    size_t n = len / WT_FUZZ_OP_BYTES;
    return n < WT_FUZZ_OPS_MAX ? n : WT_FUZZ_OPS_MAX;
}

size_t wt_fuzz_ops_count(size_t len, const struct wt_fuzz_options *opt)
{
    struct wt_fuzz_options def;
    if (opt == NULL) {
        wt_fuzz_options_init(&def);
        opt = &def;
    }
    return decoder_records(len) + (opt->drain ? WT_FUZZ_DRAIN_OPS : 0);
}

static int64_t decoder_clamp(int64_t x, int64_t min, int64_t max)
{
    return x < min ? min : x > max ? max : x;
}

/*
 * Around a boundary b: one value in four is b - 1, b or b + 1 (an
 * off-by-one at a watermark needs the exact value), the rest b - 128 ..
 * b + 127. Disjoint bits of v: 0-7 the offset, 8-9 which, 10- the one.
 */
static int64_t decoder_near(int64_t b, uint32_t v)
{
    if ((v & 0x300u) == 0) {
        return b - 1 + (int64_t)((v >> 10) % 3u);
    }
    return b - 128 + (int64_t)(v % 256u);
}

/* A size of class cls (0..7) from v, within [min, max]. */
static int64_t decoder_sized(unsigned cls, uint32_t v, int64_t min, int64_t max)
{
    int64_t x;
    switch (cls & 7u) {
    case 0: x = (v & 0x30u) == 0 ? 0 : v % 16u; break;        /* tiny: zero one time in four */
    case 1: x = v % 1024u; break;                              /* small */
    case 2: x = decoder_near(16384, v); break;                 /* the default low */
    case 3: x = decoder_near(65536, v); break;                 /* the default high */
    case 4: x = 4096 * (int64_t)(1 + (v & 15u)) - 1 + (int64_t)((v >> 4) % 3u); break; /* caps */
    case 5: x = v % 8192u; break;
    case 6: x = v % 65536u; break;
    default: /* exact up to 1 MiB: larger sizes only cost time (the world writes the bytes) */
        x = (int64_t)(v <= DECODER_EXACT_MAX ? v : v % 4096u);
        break;
    }
    return decoder_clamp(x, min, max);
}

/* A watermark: as decoder_sized, or (class 7) the exact signed 32-bit value. */
static int64_t decoder_limit(unsigned cls, uint32_t v, int64_t min, int64_t max)
{
    if ((cls & 7u) == 7u) {
        return decoder_clamp((int64_t)(int32_t)v, min, max);
    }
    return decoder_sized(cls, v, min, max);
}

/* One chunk of writelines: its byte b scaled by the class. */
static uint32_t decoder_chunk(unsigned cls, uint32_t b)
{
    static const uint32_t scale[8] = {0, 1, 64, 256, 0, 0, 16, 4};
    switch (cls & 7u) {
    case 0: return b & 15u;
    case 4: return 16384 - 128 + b;
    case 5: return 65536 - 128 + b;
    default: return b * scale[cls & 7u];
    }
}

static int64_t decoder_arg(const struct wt_op_arg *arg, unsigned cls, uint32_t v)
{
    switch (arg->type) {
    case WT_ARG_BYTES:
    case WT_ARG_RATE:
        return decoder_sized(cls, v, arg->min, arg->max);
    case WT_ARG_COUNT:
        return decoder_clamp(1 + (int64_t)(v % 64u), arg->min, arg->max);
    case WT_ARG_LIMIT:
        return decoder_limit(cls, v, arg->min, arg->max);
    case WT_ARG_TIME: /* microseconds of the size classes: up to about an hour exact */
        return decoder_clamp(decoder_sized(cls, v, 0, INT32_MAX) * 1000, arg->min, arg->max);
    case WT_ARG_ONOFF:
        return (int64_t)(v & 1u);
    case WT_ARG_CHOICE:
        return arg->min + (int64_t)(v % (uint32_t)(arg->max - arg->min + 1));
    case WT_ARG_ERRNO:
        if (arg->min <= WT_EPIPE && WT_EPIPE <= arg->max && (v & 1u)) {
            return WT_EPIPE;
        }
        return arg->min <= WT_ECONNRESET && WT_ECONNRESET <= arg->max ? WT_ECONNRESET
                                                                       : arg->min;
    default:
        return arg->min > 0 ? arg->min : decoder_clamp(0, arg->min, arg->max);
    }
}

/* The op of one record. */
static struct wt_op decoder_op(int kind, const struct wt_fuzz_options *opt, uint8_t c, uint8_t f,
                               uint64_t vw)
{
    bool hooks = opt->hooks;
    bool kinds = opt->version != 2; /* version 3 and later */
    const struct wt_op_schema *s = wt_op_schema_at(kind);
    struct wt_op op = wt_op_make(kind, 0, 0);
    uint32_t v = (uint32_t)vw;
    uint32_t w = (uint32_t)(vw >> 32);
    uint8_t cb = (uint8_t)(1 + ((c >> 5) % 6u));
    if (s->place == WT_PLACE_HOOK || (s->place == WT_PLACE_ANY && hooks && ((c >> 3) & 3u) == 3u)) {
        op.on = cb;
    }
    for (unsigned i = 0; i < s->nargs; i++) {
        const struct wt_op_arg *arg = &s->args[i];
        if (arg->type == WT_ARG_CHOICE && arg->form == WT_ARG_TAGGED) {
            /* Version 3's argument kind: F bits 4-7, given when bit 3 is set. */
            op.b = kinds && (f & 8u) ? (int64_t)((f >> 4) % (uint32_t)(arg->max + 1)) : 0;
            continue;
        }
        if (arg->slot == WT_SLOT_CHUNKS) {
            op.nchunks = (uint8_t)(1 + (f & 7u));
            for (unsigned j = 0; j < op.nchunks; j++) {
                op.chunk[j] = decoder_chunk(c & 7u, (uint32_t)((vw >> (8 * j)) & 0xffu));
            }
            continue;
        }
        bool second = arg->slot == WT_SLOT_B;
        if (second && (arg->flags & WT_ARG_OPTIONAL) && arg->has_flag == 0 && !(f & 8u)) {
            continue; /* an optional tagged argument left out (sock fail's `at`) */
        }
        int64_t x = decoder_arg(arg, second ? (unsigned)(f >> 5) : (c & 7u), second ? w : v);
        if (second) {
            op.b = x;
        } else {
            op.a = x;
        }
        op.flags |= arg->has_flag;
    }
    if (kind == WT_OP_SET_LIMITS) {
        /* Both given mostly; one of them, or neither (1 in 8), the rest. */
        uint8_t shape = f & 3u;
        op.flags = (f & 0x1cu) == 0x1cu ? 0
                   : shape == 2       ? WT_OPF_HAS_HIGH
                   : shape == 3       ? WT_OPF_HAS_LOW
                                      : (WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW);
        op.a = (op.flags & WT_OPF_HAS_HIGH) ? op.a : 0;
        op.b = (op.flags & WT_OPF_HAS_LOW) ? op.b : 0;
    }
    return op;
}

/* The bytes an op hands the transport to write: version 4's budget counts them. */
static uint64_t decoder_volume(const struct wt_op *op)
{
    uint64_t sum = 0;
    switch (op->kind) {
    case WT_OP_WRITE: return (uint64_t)op->a;
    case WT_OP_PRODUCE: return (uint64_t)op->a * (uint64_t)op->b;
    case WT_OP_WRITELINES:
        for (unsigned j = 0; j < op->nchunks; j++) {
            sum += op->chunk[j];
        }
        return sum;
    default: return 0;
    }
}

size_t wt_fuzz_decode(const uint8_t *data, size_t len, const struct wt_fuzz_options *opt,
                      struct wt_op *ops, size_t cap)
{
    struct wt_fuzz_options def;
    if (opt == NULL) {
        wt_fuzz_options_init(&def);
        opt = &def;
    }
    if (data == NULL) {
        len = 0;
    }
    int kinds[WT_OP_COUNT];
    size_t m = decoder_kinds(opt, kinds); /* run and step: never 0 */
    size_t n = decoder_records(len);
    size_t out = 0;
    bool budget = opt->version == 0 || opt->version >= 4;
    uint64_t volume = 0;
    for (size_t i = 0; i < n && out < cap; i++) {
        const uint8_t *h = data + WT_FUZZ_HEAD_BYTES * i;
        const uint8_t *t = data + len - WT_FUZZ_TAIL_BYTES * i;
        uint64_t vw = 0;
        for (unsigned j = 0; j < WT_FUZZ_HEAD_BYTES; j++) {
            vw |= (uint64_t)h[j] << (8 * j);
        }
        struct wt_op op = decoder_op(kinds[t[-1] % m], opt, t[-2], t[-3], vw);
        uint64_t v = budget ? decoder_volume(&op) : 0;
        if (v > WT_FUZZ_BYTES_MAX - volume) {
            continue;
        }
        volume += v;
        ops[out++] = op;
    }
    if (opt->drain && out < cap) {
        /* The socket's schedule is the kit's; a transport that leaves it out runs without. */
        bool open = (opt->kinds & WT_GEN_KIND(WT_OP_SOCK_OPEN)) != 0;
        ops[out++] = wt_op_make(open ? WT_OP_SOCK_OPEN : WT_OP_RUN, 0, 0);
    }
    if (opt->drain && out < cap) {
        ops[out++] = wt_op_make(WT_OP_RUN, 0, 0);
    }
    return out;
}

/* ----- the inverse, for seed corpora -------------------------------------- */

/* F's bits of an argument kind (decoder version 3): bit 3 and the kind in bits 4-7. */
static uint8_t decoder_kind_bits(const struct wt_op *op)
{
    int kind = wt_op_data_kind(op);
    return kind > 0 && kind < 16 ? (uint8_t)(8u | (unsigned)kind << 4) : 0;
}

/* The record of one op, or false when the layout cannot say it. */
static bool decoder_record(const struct wt_op *op, const int *kinds, size_t m, bool hooks,
                           uint8_t rec[WT_FUZZ_OP_BYTES])
{
    size_t k = 0;
    while (k < m && kinds[k] != op->kind) {
        k++;
    }
    if (k == m || (op->on != WT_ON_NOW && !hooks)) {
        return false;
    }
    uint8_t c = 7, f = 0xe0; /* exact classes */
    uint32_t v = (uint32_t)op->a, w = (uint32_t)op->b;
    if (op->on != WT_ON_NOW) {
        c |= (uint8_t)(3u << 3 | (unsigned)(op->on - 1) << 5);
    }
    switch (op->kind) {
    case WT_OP_WRITELINES: {
        uint64_t vw = 0;
        c = (uint8_t)((c & 0xf8u) | 1u); /* one byte per chunk, unscaled */
        for (unsigned j = 0; j < op->nchunks && j < WT_OP_CHUNKS_MAX; j++) {
            vw |= (uint64_t)(op->chunk[j] > 255 ? 255 : op->chunk[j]) << (8 * j);
        }
        f = (uint8_t)((op->nchunks ? op->nchunks - 1 : 0) | decoder_kind_bits(op));
        v = (uint32_t)vw;
        w = (uint32_t)(vw >> 32);
        break;
    }
    case WT_OP_SET_LIMITS:
        f = (uint8_t)(0xe0u | (op->flags == 0 ? 0x1cu
                               : op->flags == WT_OPF_HAS_HIGH ? 2u
                               : op->flags == WT_OPF_HAS_LOW ? 3u : 0u));
        break;
    case WT_OP_ADVANCE:
        v = (uint32_t)(op->a / 1000);
        break;
    case WT_OP_SOCK_FAIL:
        v = op->a == WT_EPIPE;
        w = (uint32_t)(op->b / 1000);
        f = (uint8_t)(op->b != 0 ? 0xe8u : 0xe0u);
        break;
    case WT_OP_WRITE:
        f = decoder_kind_bits(op); /* F has no size class for write */
        w = 0;
        break;
    default:
        break;
    }
    /* A count (step, produce) decodes as 1 + v mod 64. */
    const struct wt_op_schema *s = wt_op_schema_at(op->kind);
    for (unsigned i = 0; i < s->nargs; i++) {
        if (s->args[i].type == WT_ARG_COUNT) {
            int64_t x = s->args[i].slot == WT_SLOT_B ? op->b : op->a;
            uint32_t enc = (uint32_t)(x > 0 ? (x > 64 ? 63 : x - 1) : 0);
            *(s->args[i].slot == WT_SLOT_B ? &w : &v) = enc;
        }
    }
    for (unsigned j = 0; j < 4; j++) {
        rec[j] = (uint8_t)(v >> (8 * j));
        rec[4 + j] = (uint8_t)(w >> (8 * j));
    }
    rec[WT_FUZZ_HEAD_BYTES] = (uint8_t)k;
    rec[WT_FUZZ_HEAD_BYTES + 1] = c;
    rec[WT_FUZZ_HEAD_BYTES + 2] = f;
    return true;
}

size_t wt_fuzz_encode(const struct wt_op *ops, size_t n, const struct wt_fuzz_options *opt,
                      uint8_t *buf, size_t cap)
{
    struct wt_fuzz_options def;
    if (opt == NULL) {
        wt_fuzz_options_init(&def);
        opt = &def;
    }
    int kinds[WT_OP_COUNT];
    size_t m = decoder_kinds(opt, kinds);
    uint8_t recs[WT_FUZZ_OPS_MAX][WT_FUZZ_OP_BYTES];
    size_t r = 0;
    for (size_t i = 0; i < n && r < WT_FUZZ_OPS_MAX; i++) {
        r += decoder_record(&ops[i], kinds, m, opt->hooks, recs[r]);
    }
    size_t len = r * WT_FUZZ_OP_BYTES;
    if (buf == NULL || cap < len) {
        return len;
    }
    for (size_t i = 0; i < r; i++) {
        memcpy(buf + WT_FUZZ_HEAD_BYTES * i, recs[i], WT_FUZZ_HEAD_BYTES);
        for (unsigned j = 0; j < WT_FUZZ_TAIL_BYTES; j++) {
            buf[len - 1 - WT_FUZZ_TAIL_BYTES * i - j] = recs[i][WT_FUZZ_HEAD_BYTES + j];
        }
    }
    return len;
}
