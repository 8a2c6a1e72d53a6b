/* SPDX-License-Identifier: MIT */
/*
 * adapter.c - wt_adapter_transport_ops: a transport whose every call is a
 * line to a child process, and whose every host request comes back as a
 * line the kit serves with the world's real wt_host_* calls.
 *
 * An exchange is strictly nested: the kit sends one line (a transport
 * call, "run <id>", "io write|read"), then serves the child's requests
 * ("send", "soon", "cb pause_writing", ...) one by one, each answered with
 * exactly one "reply", until the child's terminator ("ret"/"exc" for a
 * call, "done" for a run). Serving a "cb" runs the world's hooks, which
 * may call the transport again: that is a nested exchange on the same
 * pipes, and the child answers it while it waits for its reply.
 *
 * The loop's callbacks point at slots (one per call_soon / call_at the
 * child asked for), owned by the instance and freed by destroy(); the
 * world never fires a callback after destroy().
 *
 * This file also owns the adapter object's life: wt_adapter_open starts the
 * child (adapter_proc.c) and runs the handshake (adapter_hello.c);
 * wt_adapter_close stops the child and frees what failed creates left.
 *
 * Sections: instance and slots; exchanges; serving requests; the table;
 * open and close.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_int.h"
#include "wt/errors.h"
#include "wt/loop.h"
#include "wt/op.h"

#define INST_SLOTS_MAX 65536u

/* ------------------------------------------------------------------ */
/* Instance and slots                                                 */
/* ------------------------------------------------------------------ */

struct adapter_slot {
    struct adapter_inst *inst;
    uint64_t id;    /* the child's handle id */
    uint64_t timer; /* WT_LOOP_TIMER_NONE for call_soon */
    bool live;
    struct adapter_slot *next_free;
};

struct adapter_inst {
    struct adapter_inst *next_orphan;
    struct wt_adapter *ad;
    struct wt_host *host;
    struct adapter_slot **slots; /* every slot ever made, to free them */
    size_t nslots;
    size_t cap_slots;
    struct adapter_slot *free_slots;
    size_t live;
    bool watching[WT_WATCH_COUNT];
    bool closing; /* destroy() is talking to the child: serve nothing */
    bool dead;    /* orphaned: fire nothing */
    /* ret-size: the size the child reported with its last line; valid until
     * the kit sends it anything (then it may run code again). */
    bool size_known;
    int64_t size;
};

static void inst_free(struct adapter_inst *inst)
{
    for (size_t i = 0; i < inst->nslots; i++) {
        free(inst->slots[i]);
    }
    free(inst->slots);
    free(inst);
}

static void adapter_orphans_free(struct wt_adapter *ad)
{
    while (ad->orphans != NULL) {
        struct adapter_inst *next = ad->orphans->next_orphan;
        inst_free(ad->orphans);
        ad->orphans = next;
    }
}

static struct adapter_slot *slot_get(struct adapter_inst *inst, uint64_t id)
{
    struct adapter_slot *s = inst->free_slots;
    if (inst->live >= INST_SLOTS_MAX) {
        return NULL;
    }
    if (s != NULL) {
        inst->free_slots = s->next_free;
    } else {
        if (inst->nslots == inst->cap_slots) {
            size_t cap = inst->cap_slots != 0 ? inst->cap_slots * 2 : 16;
            struct adapter_slot **grown = realloc(inst->slots, cap * sizeof *grown);
            if (grown == NULL) {
                return NULL;
            }
            inst->slots = grown;
            inst->cap_slots = cap;
        }
        s = malloc(sizeof *s);
        if (s == NULL) {
            return NULL;
        }
        inst->slots[inst->nslots++] = s;
    }
    memset(s, 0, sizeof *s);
    s->inst = inst;
    s->id = id;
    s->live = true;
    inst->live++;
    return s;
}

static void slot_put(struct adapter_slot *s)
{
    struct adapter_inst *inst = s->inst;
    s->live = false;
    s->next_free = inst->free_slots;
    inst->free_slots = s;
    inst->live--;
}

static struct adapter_slot *slot_find_timer(struct adapter_inst *inst, uint64_t id)
{
    for (size_t i = 0; i < inst->nslots; i++) {
        struct adapter_slot *s = inst->slots[i];
        if (s->live && s->id == id && s->timer != WT_LOOP_TIMER_NONE) {
            return s;
        }
    }
    return NULL;
}

/* Stops the watches and timers that would keep the world's loop busy. */
static void inst_quiesce(struct adapter_inst *inst)
{
    if (inst->watching[WT_WATCH_WRITE]) {
        wt_host_watch_writable(inst->host, NULL, NULL);
        inst->watching[WT_WATCH_WRITE] = false;
    }
    if (inst->watching[WT_WATCH_READ]) {
        wt_host_watch_readable(inst->host, NULL, NULL);
        inst->watching[WT_WATCH_READ] = false;
    }
    for (size_t i = 0; i < inst->nslots; i++) {
        struct adapter_slot *s = inst->slots[i];
        if (s->live && s->timer != WT_LOOP_TIMER_NONE &&
            wt_host_cancel(inst->host, s->timer) == WT_OK) {
            slot_put(s);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Exchanges                                                          */
/* ------------------------------------------------------------------ */

/* How an exchange ended. */
struct adapter_end {
    bool exc;
    int rc;
    int nvals;
    int64_t vals[2];
    char line[ADAPTER_WHAT_MAX]; /* the terminator as sent (cut), for messages */
    char text[WT_NOTE_TEXT_MAX]; /* exc: "NAME message" */
};

static int inst_serve(struct adapter_inst *inst, const struct adapter_msg *m);

static const char *inst_msg_word(int kind)
{
    return kind == MSG_RET ? "ret" : kind == MSG_EXC ? "exc" : "done";
}

/*
 * Sends ad->sb and serves requests until the terminator want (MSG_RET,
 * which also accepts "exc", or MSG_DONE). WT_OK with *end filled, or
 * WT_EADAPTER (the failure is recorded).
 */
static int inst_exchange(struct adapter_inst *inst, int want, struct adapter_end *end)
{
    struct wt_adapter *ad = inst->ad;
    memset(end, 0, sizeof *end);
    if (wt__adapter_begin(ad, ad->sb.p, ad->sb.len) != WT_OK) {
        return WT_EADAPTER;
    }
    inst->size_known = false;
    int rc = wt__adapter_send_sb(ad);
    while (rc == WT_OK) {
        const char *line;
        size_t len;
        struct adapter_msg msg;
        char why[128];
        rc = wt__adapter_read_line(ad, &line, &len);
        if (rc != WT_OK) {
            break;
        }
        int prc = wt__adapter_parse(line, len, ad->use, &msg, why, sizeof why);
        if (prc != WT_OK) {
            wt__adapter_fail(ad, WT_ADAPTER_GARBAGE, "'%.*s': %s", (int)(len < 60 ? len : 60),
                             line, prc == WT_ENOMEM ? "the kit ran out of memory" : why);
            rc = WT_EADAPTER;
            break;
        }
        if (msg.kind == MSG_RET || msg.kind == MSG_EXC || msg.kind == MSG_DONE) {
            bool fits = want == MSG_DONE ? msg.kind == MSG_DONE : msg.kind != MSG_DONE;
            if (!fits) {
                wt__adapter_fail(ad, WT_ADAPTER_GARBAGE, "sent '%s' where '%s' was due",
                                 inst_msg_word(msg.kind), inst_msg_word(want));
                rc = WT_EADAPTER;
            }
            end->exc = msg.kind == MSG_EXC;
            inst->size_known = msg.has_size;
            inst->size = msg.size;
            end->rc = msg.rc;
            end->nvals = msg.nvals;
            end->vals[0] = msg.vals[0];
            end->vals[1] = msg.vals[1];
            snprintf(end->line, sizeof end->line, "%.*s", (int)(len < 80 ? len : 80), line);
            memcpy(end->text, msg.text, sizeof end->text);
            wt__msg_free(&msg);
            break;
        }
        rc = inst_serve(inst, &msg);
        wt__msg_free(&msg);
    }
    wt__adapter_end(ad);
    return rc;
}

/*
 * The exception a call raised, as evidence for its RETURN: "NAME message"
 * becomes "NAME: message" (never hashed: it holds addresses and varies by
 * version).
 */
static void inst_note_exc(struct adapter_inst *inst, const char *text)
{
    char note[WT_NOTE_TEXT_MAX];
    size_t name = strcspn(text, " ");
    if (text[0] == '\0' || inst->closing) {
        return;
    }
    if (text[name] == '\0') {
        snprintf(note, sizeof note, "%s", text);
    } else {
        snprintf(note, sizeof note, "%.*s: %s", (int)name, text, text + name + 1);
    }
    wt_host_note(inst->host, note);
}

/*
 * A transport call whose line is in ad->sb: returns the call's status and,
 * for "ret OK", exactly nvals values into vals.
 */
static int inst_call_end(struct adapter_inst *inst, int nvals, int64_t *vals,
                         struct adapter_end *end_out)
{
    struct adapter_end end;
    if (inst->ad->failure != WT_ADAPTER_OK) {
        return WT_EADAPTER;
    }
    if (inst_exchange(inst, MSG_RET, &end) != WT_OK) {
        return WT_EADAPTER;
    }
    if (end.exc) {
        if (end_out != NULL) {
            *end_out = end;
        }
        inst_note_exc(inst, end.text);
        return end.rc;
    }
    int want = end.rc == WT_OK ? nvals : 0;
    if (end.nvals != want) {
        wt__adapter_fail(inst->ad, WT_ADAPTER_GARBAGE, "'ret %s' with %d values, %d expected",
                         wt__adapter_status_word(end.rc), end.nvals, want);
        return WT_EADAPTER;
    }
    for (int i = 0; i < want; i++) {
        vals[i] = end.vals[i];
    }
    if (end_out != NULL) {
        *end_out = end;
    }
    return end.rc;
}

static int inst_call(struct adapter_inst *inst, int nvals, int64_t *vals)
{
    return inst_call_end(inst, nvals, vals, NULL);
}

/* Runs a loop callback or an I/O watch in the child (ad->sb holds it). */
static void inst_run(struct adapter_inst *inst)
{
    struct adapter_end end;
    if (inst_exchange(inst, MSG_DONE, &end) != WT_OK) {
        inst_quiesce(inst);
    }
}

static void slot_fire(void *arg)
{
    struct adapter_slot *s = arg;
    struct adapter_inst *inst = s->inst;
    uint64_t id = s->id;
    slot_put(s);
    if (inst->dead || inst->ad->failure != WT_ADAPTER_OK) {
        return;
    }
    wt__sb_reset(&inst->ad->sb);
    wt__sb_printf(&inst->ad->sb, "run %llu", (unsigned long long)id);
    inst_run(inst);
}

static void inst_fire_io(struct adapter_inst *inst, int dir)
{
    if (inst->dead) {
        return;
    }
    if (inst->ad->failure != WT_ADAPTER_OK) {
        inst_quiesce(inst);
        return;
    }
    wt__sb_reset(&inst->ad->sb);
    wt__sb_printf(&inst->ad->sb, "io %s", dir == WT_WATCH_WRITE ? "write" : "read");
    inst_run(inst);
}

static void inst_fire_write(void *arg) { inst_fire_io(arg, WT_WATCH_WRITE); }
static void inst_fire_read(void *arg) { inst_fire_io(arg, WT_WATCH_READ); }

/* ------------------------------------------------------------------ */
/* Serving requests                                                   */
/* ------------------------------------------------------------------ */

static int serve_timer(struct adapter_inst *inst, const struct adapter_msg *m)
{
    struct wt_host *h = inst->host;
    if (m->kind == MSG_CANCEL) {
        struct adapter_slot *s = slot_find_timer(inst, (uint64_t)m->vals[0]);
        if (s == NULL) {
            return WT_ENOENT;
        }
        int rc = wt_host_cancel(h, s->timer);
        slot_put(s);
        return rc;
    }
    struct adapter_slot *s = slot_get(inst, (uint64_t)m->vals[0]);
    if (s == NULL) {
        return WT_ELIMIT;
    }
    int rc;
    if (m->kind == MSG_SOON) {
        rc = wt_host_call_soon(h, slot_fire, s);
    } else {
        rc = wt_host_call_at(h, (uint64_t)m->vals[1], slot_fire, s, &s->timer);
        if (rc == WT_OK && s->timer == WT_LOOP_TIMER_NONE) {
            rc = WT_EINTERNAL;
        }
    }
    if (rc != WT_OK) {
        slot_put(s);
    }
    return rc;
}

static int serve_cb(struct adapter_inst *inst, const struct adapter_msg *m, int64_t *val,
                    int *nvals)
{
    struct wt_host *h = inst->host;
    bool keep = false;
    int rc = WT_OK;
    switch (m->what) {
    case WT_CB_MADE:
        wt_host_connection_made(h);
        break;
    case WT_CB_PAUSE:
        rc = wt_host_pause_writing(h);
        break;
    case WT_CB_RESUME:
        rc = wt_host_resume_writing(h);
        break;
    case WT_CB_DATA:
        rc = wt_host_data_received(h, m->data, m->len);
        break;
    case WT_CB_EOF:
        rc = wt_host_eof_received(h, &keep);
        *val = keep ? 1 : 0;
        *nvals = rc == WT_OK ? 1 : 0;
        break;
    case WT_CB_LOST:
        wt_host_connection_lost(h, m->rc);
        break;
    default:
        rc = WT_EINVAL;
        break;
    }
    return rc;
}

/* Serves one request and writes its reply. WT_OK or WT_EADAPTER. */
static int inst_serve(struct adapter_inst *inst, const struct adapter_msg *m)
{
    struct wt_adapter *ad = inst->ad;
    struct wt_host *h = inst->host;
    int64_t vals[3] = {0, 0, 0}; /* the reply's values */
    int nvals = 0;
    int rc = WT_OK;
    uint8_t *data = NULL;
    size_t got = 0;
    bool one_way = (ad->use & ADAPTER_USE_BATCH) != 0 &&
                   (m->kind == MSG_SOON || m->kind == MSG_AT || m->kind == MSG_CANCEL ||
                    m->kind == MSG_WATCH || m->kind == MSG_REPORT);
    if (m->kind == MSG_CB && m->has_size) {
        inst->size_known = true; /* what the world reads inside the callback */
        inst->size = m->size;
    }
    if (inst->closing) {
        rc = WT_ESTATE;
    } else if (m->kind == MSG_SEND) {
        size_t accepted = 0;
        rc = m->pattern ? wt_host_send_pattern(h, m->phase, m->len, &accepted)
                        : wt_host_send(h, m->data, m->len, &accepted);
        vals[0] = (int64_t)accepted;
        nvals = rc == WT_OK ? 1 : 0;
    } else if (m->kind == MSG_RECV) {
        size_t cap = (uint64_t)m->vals[0] < ADAPTER_RECV_MAX ? (size_t)m->vals[0] : ADAPTER_RECV_MAX;
        data = malloc(cap > 0 ? cap : 1);
        rc = data == NULL ? WT_ENOMEM : wt_host_recv(h, data, cap, &got);
    } else if (m->kind == MSG_SHUTDOWN) {
        rc = wt_host_shutdown_write(h);
    } else if (m->kind == MSG_SOCKCLOSE) {
        rc = wt_host_close_socket(h);
    } else if (m->kind == MSG_NOW) {
        vals[0] = (int64_t)wt_host_now_ns(h);
        nvals = 1;
    } else if (m->kind == MSG_SOON || m->kind == MSG_AT || m->kind == MSG_CANCEL) {
        rc = serve_timer(inst, m);
    } else if (m->kind == MSG_WATCH) {
        wt_callback_fn *fn = m->what == WT_WATCH_WRITE ? inst_fire_write : inst_fire_read;
        rc = m->what == WT_WATCH_WRITE ? wt_host_watch_writable(h, m->on ? fn : NULL, inst)
                                       : wt_host_watch_readable(h, m->on ? fn : NULL, inst);
        if (rc == WT_OK) {
            inst->watching[m->what] = m->on;
        }
    } else if (m->kind == MSG_CB) {
        rc = serve_cb(inst, m, &vals[0], &nvals);
    } else if (m->kind == MSG_REPORT) {
        if (m->text[0] != '\0') {
            wt_host_note(h, m->text); /* protocol 2: the exception, as evidence */
        }
        wt_host_report(h, m->what, m->rc);
    } else if (m->kind == MSG_WRITABLE) {
        vals[0] = wt_host_writable(h) ? 1 : 0;
        nvals = 1;
    } else if (m->kind == MSG_PLATFORM) {
        struct wt_sock_platform p;
        wt_host_sock_platform(h, &p);
        vals[0] = p.sendmsg ? 1 : 0;
        vals[1] = p.iov_max;
        vals[2] = p.send_zero ? 1 : 0;
        nvals = 3;
    } else {
        rc = WT_EINTERNAL;
    }
    if (ad->failure != WT_ADAPTER_OK) { /* it failed in a nested exchange */
        free(data);
        return WT_EADAPTER;
    }
    if (one_way) {
        /* batch: no reply. A cancel that finds nothing is no news; a timer
         * or callback the kit cannot hold is the child's failure. */
        if (rc != WT_OK && !(m->kind == MSG_CANCEL && rc == WT_ENOENT) && !inst->closing) {
            wt__adapter_fail(ad, WT_ADAPTER_FLOOD, "a one-way request failed with %s "
                             "(more than %u pending callbacks?)", wt__adapter_status_word(rc),
                             INST_SLOTS_MAX);
            return WT_EADAPTER;
        }
        return WT_OK;
    }
    inst->size_known = false; /* the reply lets the child run code again */
    wt__sb_reset(&ad->sb);
    wt__sb_printf(&ad->sb, "reply %s", wt__adapter_status_word(rc));
    for (int i = 0; i < nvals; i++) {
        wt__sb_printf(&ad->sb, " %lld", (long long)vals[i]);
    }
    if (m->kind == MSG_RECV && rc == WT_OK) {
        wt__sb_data(&ad->sb, data, got);
    }
    free(data);
    return wt__adapter_send_sb(ad);
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

static bool adapter_flavor_ok(const char *flavor)
{
    size_t n = strlen(flavor);
    if (n == 0 || n > 31) {
        return n == 0;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = flavor[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.')) {
            return false;
        }
    }
    return true;
}

/* A failed create leaves nothing the loop could fire into freed memory. */
static void adapter_abandon(struct adapter_inst *inst)
{
    struct wt_adapter *ad = inst->ad;
    ad->inst = NULL;
    inst_quiesce(inst);
    if (inst->live == 0) {
        inst_free(inst);
        return;
    }
    inst->dead = true;
    inst->next_orphan = ad->orphans;
    ad->orphans = inst;
}

static int adapter_create(struct wt_host *host, const struct wt_transport_args *args,
                          void **self_out)
{
    struct wt_adapter *ad = args != NULL ? args->context : NULL;
    const char *flavor = args != NULL && args->flavor != NULL ? args->flavor : "";
    if (ad == NULL || host == NULL || self_out == NULL) {
        return WT_EINVAL;
    }
    if (ad->failure != WT_ADAPTER_OK || ad->inst != NULL) {
        return WT_EADAPTER;
    }
    if (!adapter_flavor_ok(flavor)) {
        return WT_EVALUE;
    }
    struct adapter_inst *inst = calloc(1, sizeof *inst);
    if (inst == NULL) {
        return WT_ENOMEM;
    }
    inst->ad = ad;
    inst->host = host;
    ad->inst = inst;
    wt__sb_reset(&ad->sb);
    wt__sb_printf(&ad->sb, "reset seed=%llu", (unsigned long long)ad->seed);
    if (flavor[0] != '\0') {
        wt__sb_printf(&ad->sb, " flavor=%s", flavor);
    }
    char reset[ADAPTER_WHAT_MAX];
    snprintf(reset, sizeof reset, "%s", ad->sb.p);
    struct adapter_end end = {.line = ""};
    int rc = inst_call_end(inst, 0, NULL, &end);
    if (rc == WT_OK) {
        *self_out = inst;
        return WT_OK;
    }
    /*
     * ValueError is the one refusal the protocol defines (an unknown
     * flavor; the next scenario may ask for another). Anything else means
     * the child cannot build a transport at all: a failure of its own, so
     * every later scenario ends at once with the same message instead of
     * asking again.
     */
    if (rc != WT_EVALUE && rc != WT_EADAPTER) {
        wt__adapter_fail(ad, WT_ADAPTER_RESET, "answered '%.60s' with '%.80s'", reset,
                         end.line);
    }
    adapter_abandon(inst);
    return rc == WT_EVALUE ? rc : WT_EADAPTER;
}

static void adapter_destroy(void *self)
{
    struct adapter_inst *inst = self;
    if (inst == NULL) {
        return;
    }
    struct wt_adapter *ad = inst->ad;
    if (ad->failure == WT_ADAPTER_OK) {
        inst->closing = true;
        wt__sb_reset(&ad->sb);
        wt__sb_add(&ad->sb, "destroy", 7);
        inst_call(inst, 0, NULL);
    }
    if (ad->inst == inst) {
        ad->inst = NULL;
    }
    inst_free(inst);
}

static int adapter_simple(void *self, int method, int nvals, int64_t *vals)
{
    struct adapter_inst *inst = self;
    wt__sb_reset(&inst->ad->sb);
    wt__sb_printf(&inst->ad->sb, "%s", wt_method_name(method));
    return inst_call(inst, nvals, vals);
}

/* With `kinds`, the call's argument kind as ` as KIND` (none for bytes and a list). */
static void adapter_kind(struct adapter_inst *inst, int method)
{
    int kind = wt_host_data_kind(inst->host, method);
    const struct wt_op_schema *s = wt_op_schema_at(method); /* calls share enum wt_method */
    size_t n = 0;
    const char *word = s->nargs == 2 ? wt_op_choice_word(&s->args[1], kind, &n) : NULL;
    if ((inst->ad->use & ADAPTER_USE_KINDS) && kind != 0 && word != NULL) {
        wt__sb_printf(&inst->ad->sb, " as %.*s", (int)n, word);
    }
}

static int adapter_write(void *self, const uint8_t *data, size_t len)
{
    struct adapter_inst *inst = self;
    wt__sb_reset(&inst->ad->sb);
    wt__sb_add(&inst->ad->sb, "write", 5);
    wt__sb_data(&inst->ad->sb, data, len);
    adapter_kind(inst, WT_METHOD_WRITE);
    return inst_call(inst, 0, NULL);
}

static int adapter_writelines(void *self, const struct wt_buf *bufs, size_t nbufs)
{
    struct adapter_inst *inst = self;
    if (!wt_adapter_supports(inst->ad, WT_OP_WRITELINES)) {
        for (size_t i = 0; i < nbufs; i++) { /* transport.h's default */
            int rc = adapter_write(self, bufs[i].data, bufs[i].len);
            if (rc != WT_OK) {
                return rc;
            }
        }
        return WT_OK;
    }
    wt__sb_reset(&inst->ad->sb);
    wt__sb_printf(&inst->ad->sb, "writelines %zu", nbufs);
    for (size_t i = 0; i < nbufs; i++) {
        wt__sb_data(&inst->ad->sb, bufs[i].data, bufs[i].len);
    }
    adapter_kind(inst, WT_METHOD_WRITELINES);
    return inst_call(inst, 0, NULL);
}

static int adapter_write_eof(void *self)
{
    struct adapter_inst *inst = self;
    if (!wt_adapter_supports(inst->ad, WT_OP_WRITE_EOF)) {
        return inst->ad->failure != WT_ADAPTER_OK ? WT_EADAPTER : WT_ENOTIMPL;
    }
    return adapter_simple(self, WT_METHOD_WRITE_EOF, 0, NULL);
}

/* A 0/1 answer. */
static int adapter_flag(void *self, int method, bool *out)
{
    int64_t v = 0;
    int rc = adapter_simple(self, method, 1, &v);
    if (rc == WT_OK && v != 0 && v != 1) {
        struct adapter_inst *inst = self;
        wt__adapter_fail(inst->ad, WT_ADAPTER_GARBAGE, "%s answered %lld, not 0 or 1",
                         wt_method_name(method), (long long)v);
        return WT_EADAPTER;
    }
    if (rc == WT_OK) {
        *out = v == 1;
    }
    return rc;
}

static int adapter_can_write_eof(void *self, bool *can_out)
{
    struct adapter_inst *inst = self;
    if (!wt_adapter_supports(inst->ad, WT_OP_CAN_WRITE_EOF)) {
        *can_out = false;
        return inst->ad->failure != WT_ADAPTER_OK ? WT_EADAPTER : WT_OK;
    }
    return adapter_flag(self, WT_METHOD_CAN_WRITE_EOF, can_out);
}

static int adapter_abort(void *self) { return adapter_simple(self, WT_METHOD_ABORT, 0, NULL); }
static int adapter_close(void *self) { return adapter_simple(self, WT_METHOD_CLOSE, 0, NULL); }

static int adapter_is_closing(void *self, bool *closing_out)
{
    return adapter_flag(self, WT_METHOD_IS_CLOSING, closing_out);
}

static int adapter_get_size(void *self, size_t *size_out)
{
    struct adapter_inst *inst = self;
    /* ret-size: the world's untraced read, answered from the child's last line. */
    if (inst->size_known && inst->ad->failure == WT_ADAPTER_OK && wt_host_peeking(inst->host)) {
        *size_out = (size_t)inst->size;
        return WT_OK;
    }
    int64_t v = 0;
    int rc = adapter_simple(self, WT_METHOD_GET_SIZE, 1, &v);
    if (rc == WT_OK && v < 0) {
        wt__adapter_fail(inst->ad, WT_ADAPTER_GARBAGE, "get_write_buffer_size answered %lld",
                         (long long)v);
        return WT_EADAPTER;
    }
    if (rc == WT_OK) {
        *size_out = (size_t)v;
    }
    return rc;
}

static int adapter_get_limits(void *self, int64_t *low_out, int64_t *high_out)
{
    int64_t v[2] = {0, 0};
    int rc = adapter_simple(self, WT_METHOD_GET_LIMITS, 2, v);
    if (rc == WT_OK) {
        *low_out = v[0];
        *high_out = v[1];
    }
    return rc;
}

static int adapter_set_limits(void *self, const struct wt_limits *req)
{
    struct adapter_inst *inst = self;
    wt__sb_reset(&inst->ad->sb);
    wt__sb_add(&inst->ad->sb, "set_write_buffer_limits", 23);
    if (req->has_high) {
        wt__sb_printf(&inst->ad->sb, " high=%lld", (long long)req->high);
    }
    if (req->has_low) {
        wt__sb_printf(&inst->ad->sb, " low=%lld", (long long)req->low);
    }
    return inst_call(inst, 0, NULL);
}

const struct wt_transport_ops wt_adapter_transport_ops = {
    .abi_version = WT_TRANSPORT_ABI,
    .name = "adapter",
    .create = adapter_create,
    .destroy = adapter_destroy,
    .write = adapter_write,
    .writelines = adapter_writelines,
    .write_eof = adapter_write_eof,
    .can_write_eof = adapter_can_write_eof,
    .abort = adapter_abort,
    .close = adapter_close,
    .is_closing = adapter_is_closing,
    .get_write_buffer_size = adapter_get_size,
    .get_write_buffer_limits = adapter_get_limits,
    .set_write_buffer_limits = adapter_set_limits,
};

/* ------------------------------------------------------------------ */
/* Open and close                                                     */
/* ------------------------------------------------------------------ */

void wt_adapter_options_init(struct wt_adapter_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->timeout_ms = WT_ADAPTER_TIMEOUT_MS_DEFAULT;
    opt->line_max = WT_ADAPTER_LINE_MAX_DEFAULT;
    opt->lines_max = WT_ADAPTER_LINES_MAX_DEFAULT;
    opt->bytes_max = WT_ADAPTER_BYTES_MAX_DEFAULT;
}

static void adapter_err(char *err, size_t cap, const char *fmt, const char *arg)
{
    if (err != NULL && cap > 0) {
        snprintf(err, cap, fmt, arg);
    }
}

int wt_adapter_open(const char *cmdline, const struct wt_adapter_options *opt,
                    struct wt_adapter **adapter_out, char *err, size_t err_cap)
{
    struct wt_adapter_options defaults;
    if (adapter_out != NULL) {
        *adapter_out = NULL;
    }
    if (opt == NULL) {
        wt_adapter_options_init(&defaults);
        opt = &defaults;
    }
    if (cmdline == NULL || cmdline[0] == '\0' || adapter_out == NULL || opt->timeout_ms == 0 ||
        opt->line_max < 256 || opt->line_max > ((size_t)1 << 30) || opt->lines_max == 0 ||
        opt->bytes_max < opt->line_max) {
        adapter_err(err, err_cap, "%s", "adapter: empty command or bad options");
        return WT_EINVAL;
    }
    struct wt_adapter *ad = calloc(1, sizeof *ad);
    if (ad == NULL) {
        adapter_err(err, err_cap, "%s", "adapter: out of memory");
        return WT_ENOMEM;
    }
    ad->opt = *opt;
    int rc = wt__adapter_spawn(ad, cmdline);
    if (rc == WT_ENOMEM) {
        wt__adapter_stop(ad);
        free(ad);
        adapter_err(err, err_cap, "%s", "adapter: out of memory");
        return WT_ENOMEM;
    }
    *adapter_out = ad;
    if (rc == WT_OK) {
        rc = wt__adapter_handshake(ad);
    }
    if (rc != WT_OK) {
        adapter_err(err, err_cap, "adapter %s", ad->failure_msg);
        return WT_EADAPTER;
    }
    return WT_OK;
}

void wt_adapter_close(struct wt_adapter *ad)
{
    if (ad == NULL) {
        return;
    }
    wt__adapter_stop(ad);
    adapter_orphans_free(ad);
    wt__sb_free(&ad->sb);
    free(ad);
}

uint64_t wt_adapter_stderr_mark(const struct wt_adapter *ad)
{
    return ad != NULL ? ad->tail_total : 0;
}

size_t wt_adapter_stderr_since(const struct wt_adapter *ad, uint64_t mark, char *buf, size_t cap)
{
    if (buf == NULL || cap == 0) {
        return 0;
    }
    buf[0] = '\0';
    if (ad == NULL || mark >= ad->tail_total) {
        return 0;
    }
    uint64_t fresh = ad->tail_total - mark;
    size_t want = fresh < ad->tail_len ? (size_t)fresh : ad->tail_len;
    char all[WT_ADAPTER_STDERR_TAIL + 1];
    size_t n = wt_adapter_stderr_tail(ad, all, sizeof all);
    size_t from = n > want ? n - want : 0;
    size_t take = n - from < cap - 1 ? n - from : cap - 1;
    memcpy(buf, all + (n - take), take); /* its last bytes, when buf is short */
    buf[take] = '\0';
    return take;
}

void wt_adapter_set_seed(struct wt_adapter *ad, uint64_t seed)
{
    if (ad != NULL) {
        ad->seed = seed;
    }
}

void wt_adapter_configure(struct wt_adapter *ad, struct wt_world_config *cfg)
{
    if (ad == NULL || cfg == NULL) {
        return;
    }
    cfg->transport = &wt_adapter_transport_ops;
    cfg->args.context = ad;
    ad->seed = cfg->seed;
}
