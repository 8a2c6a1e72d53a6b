/* SPDX-License-Identifier: MIT */
/*
 * gen.c - turns a seed into a valid op sequence (see gen.h).
 *
 * The swarm parameters, drawn once per seed before any op:
 *   - a weight per op family (write, writelines, limits, queries, loop,
 *     socket, peer, hooks, ends): 1..10, or 0 (the family is off for the
 *     whole seed) one time in four; ends (close, abort, write_eof) weigh
 *     at most 1, since they end the interesting part;
 *   - produce (version 3) weighs at most 3: a producer of 1..32 writes of
 *     1..write_max/8 + 1 bytes that keeps to flow control, so a seed sees
 *     a stream of writes meet pause and resume;
 *   - write_max, 8..20000: the largest ordinary write, which also scales
 *     writelines chunks and the limits drawn.
 * Then each op picks a family by weight and draws its arguments: sizes are
 * mostly small, sometimes around the default watermarks (16000..70000);
 * limits are sometimes invalid on purpose (low > high, negative, zero).
 * So one seed may write in tiny pieces against a slow socket while another
 * hammers limits and re-entrant hooks; the point is the interleavings, not
 * the volume.
 *
 * Version 2 draws one more swarm parameter after those, a fault rate: 0
 * for half the seeds, else 1/64..1/8 of the ops (before the drain phase)
 * are replaced by a fault (a send error, a spurious wake-up, a blocked
 * socket, the peer closing). Its last two ops are the drain phase: `sock
 * open` and `run`, so what the transport holds must flush, and the
 * world's finish (close, drain) must end in one connection_lost. The
 * safety-phase draws are version 1's, so a seed explores the same corner.
 *
 * The socket family also draws a per-iteration budget (version 3): off one
 * time in three, else 1..512 bytes per loop iteration.
 *
 * Version 4 draws, after the fault rate, the seed's platform: the loop's
 * dispatch order (I/O before the queued callbacks one seed in three), no
 * sendmsg (one in four), a small IOV_MAX of 1..4 (one in four), a send
 * that returns 0 when it would block (one in six). It is said by the first
 * ops (the prelude); the safety phase's draws follow it, version 3's draws
 * in version 3's order, except that its faults may also be a writable
 * wake-up whose send fails with EAGAIN or a watch that cannot be set.
 *
 * Version 5 draws, after the platform, whether the seed hands its writes
 * over as argument kinds (two seeds in three): then every write and
 * writelines draws its kind (op.h's `as`, uniformly, bytes and list among
 * them) after its own draws; the other seeds draw as version 4.
 *
 * Options restrict the kinds (what a transport supports) and hooks (which
 * kinds may be armed on a callback is the op schema's place). Under
 * the full options every draw is the one WT_GEN_VERSION 3 makes; a
 * restriction only removes choices (a family with no supported kind gets
 * weight 0, a choice among kinds skips the unsupported ones), so the
 * mapping stays deterministic per (seed, options).
 */
#include "wt/errors.h"
#include "wt/gen.h"
#include "wt/loop.h"
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
    GEN_PRODUCE, /* version 3: a producer that keeps to flow control */
    GEN_FAMILY_COUNT
};

struct gen {
    struct wt_prng prng;
    uint64_t kinds;      /* the kinds that may be drawn (run and step always) */
    uint64_t hook_kinds; /* those that may also be armed on a callback; 0 without hooks */
    uint32_t weight[GEN_FAMILY_COUNT];
    uint32_t weight_total;
    uint64_t write_max; /* largest single write */
    uint32_t fault_per_64; /* version 2: ops in 64 replaced by a fault (0: none) */
    uint32_t version;      /* the mapping asked for: later draws only where it has them */
    bool io_first;         /* version 4: the loop runs ready I/O before queued callbacks */
    bool no_sendmsg;       /* version 4: the socket has no sendmsg (the send path) */
    uint32_t iov_max;      /* version 4: a small IOV_MAX, or 0 (the default) */
    bool send_zero;        /* version 4: a would-block send returns 0 */
    bool data_kinds;       /* version 5: writes draw their argument kind */
};

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const int gen_queries[] = {WT_OP_CAN_WRITE_EOF, WT_OP_IS_CLOSING, WT_OP_GET_SIZE,
                                  WT_OP_GET_LIMITS};
static const int gen_ends[] = {WT_OP_CLOSE, WT_OP_ABORT, WT_OP_WRITE_EOF};
static const int gen_loops[] = {WT_OP_STEP, WT_OP_RUN, WT_OP_ADVANCE};
static const int gen_hook_actions[] = {WT_OP_WRITE,     WT_OP_CLOSE,     WT_OP_ABORT,
                                       WT_OP_SET_LIMITS, WT_OP_RAISE,     WT_OP_WRITE_EOF,
                                       WT_OP_WRITELINES};
/* gen_sock's choices; the last one is a fault or the half-close switch. */
static const int gen_socks[] = {WT_OP_SOCK_BUFFER, WT_OP_SOCK_CAP,    WT_OP_SOCK_DRAIN,
                                WT_OP_SOCK_READ,   WT_OP_SOCK_BLOCK,  WT_OP_SOCK_OPEN,
                                WT_OP_SOCK_RANDOM, WT_OP_SOCK_SPURIOUS, WT_OP_SOCK_BUDGET,
                                WT_OP_SOCK_FAIL,   WT_OP_SOCK_HALFCLOSE};
static const int gen_peers[] = {WT_OP_PEER_EOF, WT_OP_PEER_CLOSE, WT_OP_PEER_SEND};
static const uint32_t gen_peer_weights[] = {1, 1, 14};

static bool gen_ok(const struct gen *g, int kind) { return (g->kinds & WT_GEN_KIND(kind)) != 0; }

static size_t gen_in_count(uint64_t mask, const int *kinds, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += (mask & WT_GEN_KIND(kinds[i])) != 0;
    }
    return count;
}

static size_t gen_ok_count(const struct gen *g, const int *kinds, size_t n)
{
    return gen_in_count(g->kinds, kinds, n);
}

/* One of the kinds of the list that are in mask, uniformly (one draw). */
static int gen_choose_in(struct gen *g, uint64_t mask, const int *kinds, size_t n)
{
    uint64_t r = wt_prng_below(&g->prng, gen_in_count(mask, kinds, n));
    for (size_t i = 0; i < n; i++) {
        if ((mask & WT_GEN_KIND(kinds[i])) != 0 && r-- == 0) {
            return kinds[i];
        }
    }
    return WT_OP_RUN; /* not reached: the caller checked the list has one */
}

static int gen_choose(struct gen *g, const int *kinds, size_t n)
{
    return gen_choose_in(g, g->kinds, kinds, n);
}

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

static struct wt_op gen_writelines(struct gen *g)
{
    struct wt_op op = wt_op_make(WT_OP_WRITELINES, 0, 0);
    op.nchunks = (uint8_t)wt_prng_below(&g->prng, WT_OP_CHUNKS_MAX + 1);
    for (unsigned i = 0; i < op.nchunks; i++) {
        op.chunk[i] = (uint32_t)wt_prng_below(&g->prng, g->write_max / 2 + 1);
    }
    return op;
}

/* A fault or the half-close switch: one slot of gen_sock's draw. */
static struct wt_op gen_sock_last(struct gen *g)
{
    bool fail = gen_ok(g, WT_OP_SOCK_FAIL);
    bool halfclose = gen_ok(g, WT_OP_SOCK_HALFCLOSE);
    if (fail && (!halfclose || wt_prng_chance(&g->prng, 1, 4))) {
        return wt_op_make(WT_OP_SOCK_FAIL, wt_prng_below(&g->prng, 2) ? WT_EPIPE : WT_ECONNRESET,
                          0);
    }
    return wt_op_make(WT_OP_SOCK_HALFCLOSE, (int64_t)wt_prng_below(&g->prng, 2), 0);
}

static struct wt_op gen_sock(struct gen *g)
{
    /* Ten slots (nine before version 3: no budget), the last shared by fail and halfclose. */
    int slots[GEN_COUNT(gen_socks) - 1];
    size_t nslots = 0;
    for (size_t i = 0; i + 1 < GEN_COUNT(gen_socks); i++) {
        if (gen_socks[i] != WT_OP_SOCK_BUDGET || g->version >= 3) {
            slots[nslots++] = gen_socks[i];
        }
    }
    if (!gen_ok(g, WT_OP_SOCK_FAIL)) {
        slots[nslots - 1] = WT_OP_SOCK_HALFCLOSE;
    }
    switch (gen_choose(g, slots, nslots)) {
    case WT_OP_SOCK_BUFFER:
        return wt_op_make(WT_OP_SOCK_BUFFER, (int64_t)wt_prng_range(&g->prng, 1, 4096), 0);
    case WT_OP_SOCK_CAP:
        return wt_op_make(WT_OP_SOCK_CAP, (int64_t)wt_prng_below(&g->prng, 512), 0);
    case WT_OP_SOCK_DRAIN:
        return wt_op_make(WT_OP_SOCK_DRAIN, (int64_t)wt_prng_below(&g->prng, 2048), 0);
    case WT_OP_SOCK_READ:
        return wt_op_make(WT_OP_SOCK_READ, (int64_t)wt_prng_below(&g->prng, 4096), 0);
    case WT_OP_SOCK_BLOCK:
        return wt_op_make(WT_OP_SOCK_BLOCK, 0, 0);
    case WT_OP_SOCK_OPEN:
        return wt_op_make(WT_OP_SOCK_OPEN, 0, 0);
    case WT_OP_SOCK_RANDOM:
        return wt_op_make(WT_OP_SOCK_RANDOM, (int64_t)wt_prng_below(&g->prng, 2), 0);
    case WT_OP_SOCK_SPURIOUS:
        return wt_op_make(WT_OP_SOCK_SPURIOUS, 0, 0);
    case WT_OP_SOCK_BUDGET:
        return wt_op_make(WT_OP_SOCK_BUDGET, wt_prng_chance(&g->prng, 1, 3)
                                                 ? 0
                                                 : (int64_t)wt_prng_range(&g->prng, 1, 512),
                          0);
    default:
        return gen_sock_last(g);
    }
}

/* Version 5: the argument kind of a write or writelines, drawn after its other draws. */
static struct wt_op gen_data_kind(struct gen *g, struct wt_op op)
{
    if (g->data_kinds) {
        op.b = (int64_t)wt_prng_below(&g->prng, op.kind == WT_OP_WRITE ? WT_WRITE_KIND_COUNT
                                                                       : WT_LINES_KIND_COUNT);
    }
    return op;
}

static struct wt_op gen_call(struct gen *g, int family)
{
    switch (family) {
    case GEN_WRITE:
        return gen_data_kind(g, wt_op_make(WT_OP_WRITE, (int64_t)gen_size(g), 0));
    case GEN_WRITELINES:
        return gen_data_kind(g, gen_writelines(g));
    case GEN_LIMITS:
        return gen_limits(g);
    case GEN_END:
        return wt_op_make(gen_choose(g, gen_ends, GEN_COUNT(gen_ends)), 0, 0);
    default:
        return wt_op_make(WT_OP_GET_SIZE, 0, 0);
    }
}

static struct wt_op gen_loop(struct gen *g)
{
    switch (gen_choose(g, gen_loops, GEN_COUNT(gen_loops))) {
    case WT_OP_STEP:
        return wt_op_make(WT_OP_STEP, (int64_t)wt_prng_range(&g->prng, 1, 4), 0);
    case WT_OP_RUN:
        return wt_op_make(WT_OP_RUN, 0, 0);
    default:
        return wt_op_make(WT_OP_ADVANCE,
                          (int64_t)wt_prng_below(&g->prng, 5 * 1000000ull), 0);
    }
}

static struct wt_op gen_peer(struct gen *g)
{
    uint64_t total = 0;
    for (size_t i = 0; i < GEN_COUNT(gen_peers); i++) {
        total += gen_ok(g, gen_peers[i]) ? gen_peer_weights[i] : 0;
    }
    uint64_t r = wt_prng_below(&g->prng, total);
    int kind = WT_OP_PEER_SEND;
    for (size_t i = 0; i < GEN_COUNT(gen_peers); i++) {
        uint64_t w = gen_ok(g, gen_peers[i]) ? gen_peer_weights[i] : 0;
        if (r < w) {
            kind = gen_peers[i];
            break;
        }
        r -= w;
    }
    if (kind == WT_OP_PEER_SEND) {
        return wt_op_make(WT_OP_PEER_SEND, (int64_t)wt_prng_range(&g->prng, 1, 256), 0);
    }
    return wt_op_make(kind, 0, 0);
}

static struct wt_op gen_hook(struct gen *g)
{
    static const int ons[] = {WT_ON_PAUSE, WT_ON_RESUME, WT_ON_LOST, WT_ON_DATA, WT_ON_EOF};
    int kind = gen_choose_in(g, g->hook_kinds, gen_hook_actions, GEN_COUNT(gen_hook_actions));
    struct wt_op op;
    if (kind == WT_OP_SET_LIMITS) {
        op = gen_limits(g);
    } else if (kind == WT_OP_WRITE || kind == WT_OP_WRITELINES) {
        op = gen_call(g, kind == WT_OP_WRITE ? GEN_WRITE : GEN_WRITELINES);
    } else {
        op = wt_op_make(kind, 0, 0);
    }
    op.on = (uint8_t)ons[wt_prng_below(&g->prng, GEN_COUNT(ons))];
    return op;
}

/* Whether a family has a kind the options allow. */
static bool gen_family_ok(const struct gen *g, int f)
{
    switch (f) {
    case GEN_WRITE:
        return gen_ok(g, WT_OP_WRITE);
    case GEN_WRITELINES:
        return gen_ok(g, WT_OP_WRITELINES);
    case GEN_LIMITS:
        return gen_ok(g, WT_OP_SET_LIMITS);
    case GEN_QUERY:
        return gen_ok_count(g, gen_queries, GEN_COUNT(gen_queries)) > 0;
    case GEN_SOCK:
        /* Before version 3 the budget is no slot of the family. */
        return gen_ok_count(g, gen_socks, GEN_COUNT(gen_socks)) >
               (g->version < 3 && gen_ok(g, WT_OP_SOCK_BUDGET) ? 1u : 0u);
    case GEN_PEER:
        return gen_ok_count(g, gen_peers, GEN_COUNT(gen_peers)) > 0;
    case GEN_HOOK:
        return gen_in_count(g->hook_kinds, gen_hook_actions, GEN_COUNT(gen_hook_actions)) > 0;
    case GEN_END:
        return gen_ok_count(g, gen_ends, GEN_COUNT(gen_ends)) > 0;
    case GEN_PRODUCE:
        return gen_ok(g, WT_OP_PRODUCE);
    default:
        return true; /* GEN_LOOP: run and step are always there */
    }
}

static void gen_swarm(struct gen *g)
{
    g->weight_total = 0;
    for (int f = 0; f < GEN_FAMILY_COUNT; f++) {
        if (f == GEN_PRODUCE && g->version < 3) {
            g->weight[f] = 0; /* no draw: the earlier mappings stay as they were */
            continue;
        }
        /* A family is switched off for a whole seed one time in four. */
        uint32_t w = wt_prng_chance(&g->prng, 1, 4) ? 0 : (uint32_t)wt_prng_range(&g->prng, 1, 10);
        if (f == GEN_END) {
            w = w > 0 ? 1 : 0;
        }
        if (f == GEN_PRODUCE) {
            w = w > 3 ? 3 : w;
        }
        /* Drawn either way, so the other families' draws do not move. */
        g->weight[f] = gen_family_ok(g, f) ? w : 0;
        g->weight_total += g->weight[f];
    }
    if (g->weight_total == 0) {
        int f = gen_family_ok(g, GEN_WRITE) ? GEN_WRITE : GEN_LOOP;
        g->weight[f] = 1;
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
    return GEN_LOOP;
}

static struct wt_op gen_one(struct gen *g)
{
    int family = gen_pick(g);
    switch (family) {
    case GEN_QUERY:
        return wt_op_make(gen_choose(g, gen_queries, GEN_COUNT(gen_queries)), 0, 0);
    case GEN_LOOP:
        return gen_loop(g);
    case GEN_SOCK:
        return gen_sock(g);
    case GEN_PEER:
        return gen_peer(g);
    case GEN_HOOK:
        return gen_hook(g);
    case GEN_PRODUCE: {
        /* Two draws, in this order (never two draws as arguments of one call:
         * C leaves their order to the compiler). */
        int64_t count = (int64_t)wt_prng_range(&g->prng, 1, 32);
        int64_t size = (int64_t)wt_prng_range(&g->prng, 1, g->write_max / 8 + 1);
        return wt_op_make(WT_OP_PRODUCE, count, size);
    }
    default:
        return gen_call(g, family);
    }
}

void wt_gen_options_init(struct wt_gen_options *opt)
{
    if (opt != NULL) {
        opt->kinds = WT_GEN_ALL_KINDS;
        opt->hooks = true;
        opt->version = WT_GEN_VERSION;
    }
}

/* Version 2's faults: what goes wrong with a socket, as ops; version 4 adds
 * the last two (a writable wake-up whose send says EAGAIN, a failing watch). */
static const int gen_faults[] = {WT_OP_SOCK_FAIL,    WT_OP_SOCK_SPURIOUS, WT_OP_SOCK_BLOCK,
                                 WT_OP_PEER_CLOSE,   WT_OP_SOCK_EAGAIN,   WT_OP_SOCK_WATCHFAIL};
#define GEN_FAULTS_V2 4

static bool gen_fault(struct gen *g, struct wt_op *op)
{
    size_t nfaults = g->version >= 4 ? GEN_COUNT(gen_faults) : GEN_FAULTS_V2;
    if (g->fault_per_64 == 0 || !wt_prng_chance(&g->prng, g->fault_per_64, 64) ||
        gen_ok_count(g, gen_faults, nfaults) == 0) {
        return false;
    }
    int kind = gen_choose(g, gen_faults, nfaults);
    *op = wt_op_make(kind, 0, 0);
    if (kind == WT_OP_SOCK_FAIL) {
        op->a = wt_prng_below(&g->prng, 2) ? WT_EPIPE : WT_ECONNRESET;
    } else if (kind == WT_OP_SOCK_WATCHFAIL) {
        op->a = (int64_t)wt_prng_below(&g->prng, 2); /* write or read */
    }
    return true;
}

/* Version 4's platform: drawn once per seed, after the fault rate, in this order. */
static void gen_platform(struct gen *g)
{
    g->io_first = wt_prng_chance(&g->prng, 1, 3);
    g->no_sendmsg = wt_prng_chance(&g->prng, 1, 4);
    g->iov_max = wt_prng_chance(&g->prng, 1, 4) ? (uint32_t)wt_prng_range(&g->prng, 1, 4) : 0;
    g->send_zero = wt_prng_chance(&g->prng, 1, 6);
}

/* The ops that set the seed's platform, at most cap of them; returns how many. */
static size_t gen_prelude(const struct gen *g, struct wt_op *ops, size_t cap)
{
    struct wt_op want[4];
    size_t m = 0;
    if (g->io_first && gen_ok(g, WT_OP_LOOP_ORDER)) {
        want[m++] = wt_op_make(WT_OP_LOOP_ORDER, WT_LOOP_IO_FIRST, 0);
    }
    if (g->no_sendmsg && gen_ok(g, WT_OP_SOCK_SENDMSG)) {
        want[m++] = wt_op_make(WT_OP_SOCK_SENDMSG, 0, 0);
    }
    if (g->iov_max != 0 && gen_ok(g, WT_OP_SOCK_IOVMAX)) {
        want[m++] = wt_op_make(WT_OP_SOCK_IOVMAX, g->iov_max, 0);
    }
    if (g->send_zero && gen_ok(g, WT_OP_SOCK_SENDZERO)) {
        want[m++] = wt_op_make(WT_OP_SOCK_SENDZERO, 1, 0);
    }
    size_t n = m < cap ? m : cap;
    for (size_t i = 0; i < n; i++) {
        ops[i] = want[i];
    }
    return n;
}

int wt_gen_ops_with(uint64_t seed, const struct wt_gen_options *opt, struct wt_op *ops,
                    size_t n)
{
    if (opt == NULL || (ops == NULL && n > 0)) {
        return WT_EINVAL;
    }
    struct gen g;
    wt_prng_seed(&g.prng, seed);
    g.kinds = (opt->kinds & WT_GEN_ALL_KINDS) | WT_GEN_KIND(WT_OP_RUN) | WT_GEN_KIND(WT_OP_STEP);
    g.hook_kinds = 0;
    for (int k = 0; opt->hooks && k < WT_OP_COUNT; k++) {
        /* The op schema says which kinds may be armed on a callback. */
        if (gen_ok(&g, k) && wt_op_schema_at(k)->place != WT_PLACE_NOW) {
            g.hook_kinds |= WT_GEN_KIND(k);
        }
    }
    uint32_t version = opt->version ? opt->version : WT_GEN_VERSION;
    if (version > WT_GEN_VERSION) {
        return WT_EINVAL;
    }
    g.version = version;
    gen_swarm(&g);
    g.fault_per_64 = 0;
    if (version >= 2 && wt_prng_chance(&g.prng, 1, 2)) {
        g.fault_per_64 = (uint32_t)wt_prng_range(&g.prng, 1, 8);
    }
    g.io_first = g.no_sendmsg = g.send_zero = false;
    g.iov_max = 0;
    if (version >= 4) {
        gen_platform(&g);
    }
    g.data_kinds = version >= 5 && !wt_prng_chance(&g.prng, 1, 3);
    /* Version 2 ends with the drain phase, when the transport's socket can open. */
    bool drain = version >= 2 && n >= 8 && gen_ok(&g, WT_OP_SOCK_OPEN);
    size_t safety = drain ? n - 2 : n;
    /* Version 4's prelude: only in a sequence long enough to say something after it. */
    size_t first = n >= 8 ? gen_prelude(&g, ops, safety / 2) : 0;
    for (size_t i = first; i < safety; i++) {
        struct wt_op fault;
        ops[i] = gen_one(&g);
        if (gen_fault(&g, &fault)) {
            ops[i] = fault;
        }
    }
    if (drain) {
        ops[n - 2] = wt_op_make(WT_OP_SOCK_OPEN, 0, 0);
        ops[n - 1] = wt_op_make(WT_OP_RUN, 0, 0);
    }
    return WT_OK;
}

int wt_gen_ops(uint64_t seed, struct wt_op *ops, size_t n)
{
    struct wt_gen_options opt;
    wt_gen_options_init(&opt);
    return wt_gen_ops_with(seed, &opt, ops, n);
}
