/* SPDX-License-Identifier: MIT */
/*
 * gen.c - turns a seed into a valid op sequence (see gen.h).
 *
 * The op families and their weights are drawn once per seed ("swarm"), so
 * one seed may write in tiny pieces against a slow socket while another
 * hammers limits and re-entrant hooks. Sizes are kept small enough that a
 * run stays cheap: the point is the interleavings, not the volume.
 */
#include "wt/errors.h"
#include "wt/gen.h"
#include "wt/prng.h"

enum gen_family {
    GEN_WRITE,
    GEN_WRITELINES,
    GEN_LIMITS,
    GEN_QUERY,
    GEN_LOOP,
    GEN_SOCK,
    GEN_PEER,
    GEN_HOOK,
    GEN_END, /* close, abort, write_eof: rare, they end the interesting part */
    GEN_FAMILY_COUNT
};

struct gen {
    struct wt_prng prng;
    uint32_t weight[GEN_FAMILY_COUNT];
    uint32_t weight_total;
    uint64_t write_max; /* largest single write */
};

static uint64_t gen_size(struct gen *g)
{
    /* Mostly small, sometimes around the default watermarks. */
    switch (wt_prng_below(&g->prng, 4)) {
    case 0:
        return wt_prng_below(&g->prng, 16);
    case 1:
    case 2:
        return wt_prng_below(&g->prng, g->write_max + 1);
    default:
        return wt_prng_range(&g->prng, 16000, 70000);
    }
}

static struct wt_op gen_limits(struct gen *g)
{
    struct wt_op op = wt_op_make(WT_OP_SET_LIMITS, 0, 0);
    uint64_t shape = wt_prng_below(&g->prng, 8);
    op.flags = (uint8_t)(shape < 5 ? (WT_OPF_HAS_HIGH | WT_OPF_HAS_LOW)
                         : shape < 6 ? WT_OPF_HAS_HIGH
                         : shape < 7 ? WT_OPF_HAS_LOW
                                     : 0);
    op.a = (int64_t)wt_prng_below(&g->prng, 4 * g->write_max + 2);
    op.b = (int64_t)wt_prng_below(&g->prng, (uint64_t)op.a + 2);
    if (wt_prng_chance(&g->prng, 1, 10)) {
        op.b = op.a + 1 + (int64_t)wt_prng_below(&g->prng, 10); /* low > high */
    }
    if (wt_prng_chance(&g->prng, 1, 16)) {
        op.a = -1 - (int64_t)wt_prng_below(&g->prng, 5); /* negative */
    }
    if (wt_prng_chance(&g->prng, 1, 12)) {
        op.a = 0;
    }
    return op;
}

static struct wt_op gen_sock(struct gen *g)
{
    switch (wt_prng_below(&g->prng, 9)) {
    case 0:
        return wt_op_make(WT_OP_SOCK_BUFFER, (int64_t)wt_prng_range(&g->prng, 1, 4096), 0);
    case 1:
        return wt_op_make(WT_OP_SOCK_CAP, (int64_t)wt_prng_below(&g->prng, 512), 0);
    case 2:
        return wt_op_make(WT_OP_SOCK_DRAIN, (int64_t)wt_prng_below(&g->prng, 2048), 0);
    case 3:
        return wt_op_make(WT_OP_SOCK_READ, (int64_t)wt_prng_below(&g->prng, 4096), 0);
    case 4:
        return wt_op_make(WT_OP_SOCK_BLOCK, 0, 0);
    case 5:
        return wt_op_make(WT_OP_SOCK_OPEN, 0, 0);
    case 6:
        return wt_op_make(WT_OP_SOCK_RANDOM, (int64_t)wt_prng_below(&g->prng, 2), 0);
    case 7:
        return wt_op_make(WT_OP_SOCK_SPURIOUS, 0, 0);
    default:
        if (wt_prng_chance(&g->prng, 1, 4)) {
            return wt_op_make(WT_OP_SOCK_FAIL, wt_prng_below(&g->prng, 2) ? WT_EPIPE : WT_ECONNRESET,
                              0);
        }
        return wt_op_make(WT_OP_SOCK_HALFCLOSE, (int64_t)wt_prng_below(&g->prng, 2), 0);
    }
}

static struct wt_op gen_call(struct gen *g, int family)
{
    switch (family) {
    case GEN_WRITE:
        return wt_op_make(WT_OP_WRITE, (int64_t)gen_size(g), 0);
    case GEN_WRITELINES: {
        struct wt_op op = wt_op_make(WT_OP_WRITELINES, 0, 0);
        op.nchunks = (uint8_t)wt_prng_below(&g->prng, WT_OP_CHUNKS_MAX + 1);
        for (unsigned i = 0; i < op.nchunks; i++) {
            op.chunk[i] = (uint32_t)wt_prng_below(&g->prng, g->write_max / 2 + 1);
        }
        return op;
    }
    case GEN_LIMITS:
        return gen_limits(g);
    case GEN_END: {
        static const int ends[] = {WT_OP_CLOSE, WT_OP_ABORT, WT_OP_WRITE_EOF};
        return wt_op_make(ends[wt_prng_below(&g->prng, 3)], 0, 0);
    }
    default:
        return wt_op_make(WT_OP_GET_SIZE, 0, 0);
    }
}

static struct wt_op gen_query(struct gen *g)
{
    static const int queries[] = {WT_OP_CAN_WRITE_EOF, WT_OP_IS_CLOSING, WT_OP_GET_SIZE,
                                  WT_OP_GET_LIMITS};
    return wt_op_make(queries[wt_prng_below(&g->prng, 4)], 0, 0);
}

static struct wt_op gen_loop(struct gen *g)
{
    switch (wt_prng_below(&g->prng, 3)) {
    case 0:
        return wt_op_make(WT_OP_STEP, (int64_t)wt_prng_range(&g->prng, 1, 4), 0);
    case 1:
        return wt_op_make(WT_OP_RUN, 0, 0);
    default:
        return wt_op_make(WT_OP_ADVANCE,
                          (int64_t)wt_prng_below(&g->prng, 5 * 1000000ull), 0);
    }
}

static struct wt_op gen_peer(struct gen *g)
{
    uint64_t r = wt_prng_below(&g->prng, 16);
    if (r == 0) {
        return wt_op_make(WT_OP_PEER_EOF, 0, 0);
    }
    if (r == 1) {
        return wt_op_make(WT_OP_PEER_CLOSE, 0, 0);
    }
    return wt_op_make(WT_OP_PEER_SEND, (int64_t)wt_prng_range(&g->prng, 1, 256), 0);
}

static struct wt_op gen_hook(struct gen *g)
{
    static const int actions[] = {WT_OP_WRITE, WT_OP_CLOSE, WT_OP_ABORT, WT_OP_SET_LIMITS,
                                  WT_OP_RAISE, WT_OP_WRITE_EOF, WT_OP_WRITELINES};
    static const int ons[] = {WT_ON_PAUSE, WT_ON_RESUME, WT_ON_LOST, WT_ON_DATA, WT_ON_EOF};
    int kind = actions[wt_prng_below(&g->prng, 7)];
    struct wt_op op;
    if (kind == WT_OP_SET_LIMITS) {
        op = gen_limits(g);
    } else if (kind == WT_OP_WRITE || kind == WT_OP_WRITELINES) {
        op = gen_call(g, kind == WT_OP_WRITE ? GEN_WRITE : GEN_WRITELINES);
    } else {
        op = wt_op_make(kind, 0, 0);
    }
    op.on = (uint8_t)ons[wt_prng_below(&g->prng, 5)];
    return op;
}

static void gen_swarm(struct gen *g)
{
    g->weight_total = 0;
    for (int f = 0; f < GEN_FAMILY_COUNT; f++) {
        /* A family is switched off for a whole seed one time in four. */
        uint32_t w = wt_prng_chance(&g->prng, 1, 4) ? 0 : (uint32_t)wt_prng_range(&g->prng, 1, 10);
        if (f == GEN_END) {
            w = w > 0 ? 1 : 0;
        }
        g->weight[f] = w;
        g->weight_total += w;
    }
    if (g->weight_total == 0) {
        g->weight[GEN_WRITE] = 1;
        g->weight_total = 1;
    }
    g->write_max = wt_prng_range(&g->prng, 8, 20000);
}

static int gen_pick(struct gen *g)
{
    uint64_t r = wt_prng_below(&g->prng, g->weight_total);
    for (int f = 0; f < GEN_FAMILY_COUNT; f++) {
        if (r < g->weight[f]) {
            return f;
        }
        r -= g->weight[f];
    }
    return GEN_WRITE;
}

int wt_gen_ops(uint64_t seed, struct wt_op *ops, size_t n)
{
    if (ops == NULL && n > 0) {
        return WT_EINVAL;
    }
    struct gen g;
    wt_prng_seed(&g.prng, seed);
    gen_swarm(&g);
    for (size_t i = 0; i < n; i++) {
        int family = gen_pick(&g);
        switch (family) {
        case GEN_QUERY:
            ops[i] = gen_query(&g);
            break;
        case GEN_LOOP:
            ops[i] = gen_loop(&g);
            break;
        case GEN_SOCK:
            ops[i] = gen_sock(&g);
            break;
        case GEN_PEER:
            ops[i] = gen_peer(&g);
            break;
        case GEN_HOOK:
            ops[i] = gen_hook(&g);
            break;
        default:
            ops[i] = gen_call(&g, family);
            break;
        }
    }
    return WT_OK;
}
