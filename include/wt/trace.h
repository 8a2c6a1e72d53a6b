/* SPDX-License-Identifier: MIT */
/*
 * trace.h - the one append-only record of everything observable in a run.
 *
 * Every op, every call of the transport with its arguments and result,
 * every protocol callback with the buffer size at that moment, every report
 * to the loop's exception handler and every socket event becomes one
 * struct wt_event. Consumers (the monitor, a printer, a recorder) see events
 * one at a time, in order, and never anything else.
 *
 * Canonical encoding and hash. An event's canonical encoding is the six
 * 64-bit words (kind, what, rc, a, b, c), each as the two's-complement
 * unsigned value of the field. The hash of a trace starts at
 * WT_TRACE_HASH_INIT and folds each word w as
 *     h = (h ^ w) * 0x100000001b3;  h ^= h >> 29;
 * so any process, in any language, that produces the same events gets the
 * same hash. The event's index is implied by its position and not hashed.
 *
 * Written data is never recorded as bytes: the bytes of the k-th byte of
 * the stream the kit writes are (k mod 251), so a length and an offset say
 * everything; the peer checks every byte against that pattern.
 *
 * The text form (wt_event_format / wt_event_parse) is one line per event
 * that names every field after what it means for that kind (the names are
 * in WT_EV_MAP below; an OP event's a and b take the op schema's argument
 * names), e.g.
 *     op write n=100                      call write n=100 offset=0
 *     cb pause_writing size=101           ret write -> size=90
 *     send offered=100 accepted=10 pos=10
 *     ret get_write_buffer_limits -> size=0 low=16384 high=65536
 *     ret set_write_buffer_limits -> rc=EVALUE size=0 low=16384 high=65536
 *     idle run writable=1 low=16384       expect expect_size want=3 got=4
 * A zero field is left out, except the sizes, lengths and positions an
 * event is about; rc, when not 0, comes first, by name. sim/trace.c has the grammar and
 * docs/internals/trace.md every kind. It is what `wtkit trace` prints; it
 * round-trips exactly, and the hash never depends on it.
 */
#ifndef WT_TRACE_H
#define WT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "assert.h"

/*
 * XX(NAME, "word", meaning of what / rc / a / b / c). In the text form each
 * field is written under the name given here in brackets; a field a kind
 * does not use is x1, x2 or x3.
 */
#define WT_EV_MAP(XX)                                                                      \
    XX(OP, "op", "what = op kind; a, b = op args [the schema's names; writelines: a = "    \
                 "total [n], b = nchunks [chunks]], c = enum wt_on [on]")                   \
    XX(CALL, "call", "what = method; write: a = len [n], b = stream offset [offset]; "     \
                     "writelines: a = total len [n], b = offset [offset], c = nchunks "     \
                     "[chunks]; set_limits: a = high [high], b = low [low], c = WT_OPF_* "  \
                     "flags [given]")                                                      \
    XX(RETURN, "ret", "what = method, rc = status, a = size after the call, -1 unknown "   \
                      "[size]; is_closing, can_write_eof: b = 0/1, get_size: b "           \
                      "[returned]; get_limits, set_limits: b = low [low], c = high [high] " \
                      "(as read back)")                                                    \
    XX(CALLBACK, "cb", "what = enum wt_cb, rc = 0 or WT_ECALLBACK (it raised), a = size " \
                       "at that moment, -1 unknown [size]; lost: b = error code [exc]; "   \
                       "data: b = length [n]")                                             \
    XX(REPORT, "report", "loop exception handler: what = enum wt_report, rc = error")     \
    XX(SEND, "send", "rc = status, a = offered [offered], b = accepted [accepted], c = "   \
                     "stream position after [pos]")                                        \
    XX(SHUTDOWN, "shutdown", "shutdown(SHUT_WR) by the transport, rc = status")           \
    XX(SOCK_CLOSE, "sockclose", "the transport closed its socket")                        \
    XX(RECV, "recv", "the transport read: rc = status, a = bytes, 0 = EOF [n]")            \
    XX(PEER, "peer", "what = enum wt_peer_ev; received: a [n], b [total]; fin: a "         \
                     "[pos]; corrupt: a [offset]; sent: a [n]; fault: a [error]; "   \
                     "watch-failed: rc = WT_EWATCH, a = direction [dir]")         \
    XX(TIME, "time", "a = now in ns (the clock moved) [now_ns]")                          \
    XX(IDLE, "idle", "loop idle: what = enum wt_idle_why, a = 1 if the socket would "     \
                     "accept data [writable], b = size, -1 unknown [size], c = low "      \
                     "watermark, -1 unknown [low]")                                        \
    XX(BOUND, "bound", "the step bound was reached: a = steps [steps], b = 1 if the "      \
                       "socket would accept data [writable], c = 1 if the run still "     \
                       "made progress (slow, not stuck) [progress]")                      \
    XX(EXPECT, "expect", "what = op kind, rc = 0 or WT_EEXPECT, a = wanted [want], b = "  \
                         "got [got]; limits: a = low wanted [want_low], b = low [low], "  \
                         "c = high [high]; state: a = the state [state], b = 1 when it "  \
                         "holds [held]")                                                   \
    XX(END, "end", "the run ended: rc = status")

enum wt_ev_kind {
#define WT_EV_ENUM(name, word, doc) WT_EV_##name,
    WT_EV_MAP(WT_EV_ENUM)
#undef WT_EV_ENUM
    WT_EV_COUNT
};

/* What a REPORT (a call of the loop's exception handler) is about. */
enum wt_report {
    WT_REPORT_PAUSE_FAILED = 0,  /* protocol.pause_writing() failed */
    WT_REPORT_RESUME_FAILED = 1, /* protocol.resume_writing() failed */
    WT_REPORT_CALLBACK_FAILED = 2, /* another protocol callback failed */
    WT_REPORT_FATAL_ERROR = 3,   /* "Fatal error on transport" */
    WT_REPORT_OTHER = 4,         /* anything else (e.g. an error in a loop callback) */
    WT_REPORT_COUNT
};

/* PEER event kinds. */
enum wt_peer_ev {
    WT_PEER_RECEIVED = 0, /* a = bytes the peer drained, b = its total */
    WT_PEER_FIN = 1,      /* the peer saw FIN (shutdown or close after flush) */
    WT_PEER_CORRUPT = 2,  /* a = stream offset of the first wrong byte */
    WT_PEER_SENT = 3,     /* the peer sent a = bytes */
    WT_PEER_EOF = 4,      /* the peer half-closed */
    WT_PEER_CLOSED = 5,   /* the peer closed */
    WT_PEER_FAULT = 6,    /* a fault was armed: a = error code */
    WT_PEER_SPURIOUS = 7, /* a spurious writable wake-up was armed */
    WT_PEER_WATCH_FAILED = 8, /* setting a watch failed: rc = WT_EWATCH, a = direction */
    WT_PEER_EV_COUNT
};

/* Why the loop was found idle (IDLE's what). */
enum wt_idle_why {
    WT_IDLE_END = 0,     /* the end of the scenario's ops (final drain) */
    WT_IDLE_RUN = 1,     /* a `run` op came to rest */
    WT_IDLE_COUNT
};

struct wt_event {
    uint32_t index; /* position in the trace, set by wt_trace_append */
    uint16_t kind;  /* enum wt_ev_kind */
    uint16_t what;
    int32_t rc;
    int64_t a;
    int64_t b;
    int64_t c;
};

#define WT_TRACE_HASH_INIT 0xcbf29ce484222325ull

/*
 * The version of what a trace means: the world's emission rules and the
 * loop's order (docs/internals/trace.md). The same ops and seed give the
 * same trace, and so the same hash, under one version; a change that makes
 * them give another trace bumps it (2: the loop runs a socket's reader
 * before its writer, as asyncio does).
 */
#define WT_TRACE_VERSION 2

/* Folds one event into a running trace hash (see the file comment). */
uint64_t wt_event_hash(uint64_t h, const struct wt_event *ev);

/*
 * The same fold, inline, for the hot paths that fold every event (the
 * trace and the monitor): a call per event costs as much as two words.
 * The value is the file comment's, word for word.
 */
static inline uint64_t wt__event_fold(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static inline uint64_t wt__event_hash(uint64_t h, const struct wt_event *ev)
{
    /* Signed fields are sign-extended to 64 bits, then taken as unsigned. */
    h = wt__event_fold(h, (uint64_t)ev->kind);
    h = wt__event_fold(h, (uint64_t)ev->what);
    h = wt__event_fold(h, (uint64_t)(int64_t)ev->rc);
    h = wt__event_fold(h, (uint64_t)ev->a);
    h = wt__event_fold(h, (uint64_t)ev->b);
    return wt__event_fold(h, (uint64_t)ev->c);
}

/* The word of a kind ("call"), or NULL when out of range. */
const char *wt_ev_name(int kind);

/* Every event's text form is shorter than this (NUL included). */
#define WT_EVENT_TEXT_MAX 160

/*
 * Writes the event's text form into buf (always NUL-terminated when
 * cap > 0). Returns the length it needed, like snprintf, or WT_EINVAL.
 */
int wt_event_format(const struct wt_event *ev, char *buf, size_t cap);

/*
 * Parses one text line (without its newline) into *ev. Returns WT_OK or
 * WT_ESYNTAX; never reads past len. Round-trips wt_event_format.
 */
int wt_event_parse(const char *line, size_t len, struct wt_event *ev);

typedef void wt_trace_sink_fn(void *user_data, const struct wt_event *ev);

struct wt_trace;

#define WT_TRACE_SINKS_MAX 4

/*
 * A trace that keeps every event when keep is true (to print or replay
 * it), or only folds them into the hash and streams them to its sinks in
 * constant memory. Returns WT_OK, WT_EINVAL or WT_ENOMEM.
 */
int wt_trace_new(const struct wt_allocator *a, bool keep, struct wt_trace **trace_out);
void wt_trace_free(struct wt_trace *t); /* NULL is a no-op */

/*
 * Whether appends fold the hash (on by default). A consumer that folds the
 * same events itself (the monitor) may turn it off, so a run does not pay
 * for the fold twice; wt_trace_hash then stays WT_TRACE_HASH_INIT.
 */
void wt_trace_set_hash(struct wt_trace *t, bool on);

/* Forgets all events and sinks; keeps the memory. */
void wt_trace_reset(struct wt_trace *t);

/* Adds a consumer; returns WT_OK, WT_EINVAL or WT_ELIMIT. */
int wt_trace_add_sink(struct wt_trace *t, wt_trace_sink_fn *fn, void *user_data);

/*
 * Appends a copy of *ev (its index is overwritten), folds it into the hash
 * and hands it to every sink in order. Returns WT_OK, WT_EINVAL, or
 * WT_ENOMEM when keeping and the allocator refuses (then the event is still
 * hashed and streamed, and the trace remembers it is incomplete).
 */
int wt_trace_append(struct wt_trace *t, const struct wt_event *ev);

/*
 * wt_trace_append of the event (kind, what, rc, a, b, c), built in place
 * (the emitter's hot path: no event to fill and copy). Same returns.
 */
int wt_trace_emit(struct wt_trace *t, int kind, int what, int rc, int64_t a, int64_t b,
                  int64_t c);

/*
 * Internal (the world's emitter): what every event reads of a trace, kept
 * as the first member of struct wt_trace so that wt__trace_emit can take
 * the two common cases inline; nothing else may touch it.
 */
struct wt__trace_head {
    size_t count;            /* events appended */
    uint64_t hash;           /* the running fold */
    wt_trace_sink_fn *sink;  /* the one sink of a plain trace (nothing kept or hashed), or NULL */
    void *sink_data;
    bool hash_only;          /* nothing kept, no sink: events are only folded */
    uint32_t validate_tick;  /* WT_VALIDATE_DUE */
};

/* wt_trace_emit's general case, the validator run around it when check; t not NULL. */
int wt__trace_emit_push(struct wt_trace *t, bool check, int kind, int what, int rc, int64_t a,
                        int64_t b, int64_t c);

/*
 * wt_trace_emit, inline: the same event, hash, count and sinks, and the
 * validator on the same events (its tick is the trace's). t MUST NOT be NULL.
 */
static inline int wt__trace_emit(struct wt_trace *t, int kind, int what, int rc, int64_t a,
                                 int64_t b, int64_t c)
{
    struct wt__trace_head *h = (struct wt__trace_head *)(void *)t;
    if (WT_VALIDATE_DUE(h->validate_tick)) {
        return wt__trace_emit_push(t, true, kind, what, rc, a, b, c);
    }
    if (h->sink != NULL) {
        /* The judged run's case: the monitor is the one sink and folds the hash itself. */
        struct wt_event ev;
        memset(&ev, 0, sizeof ev); /* the padding too, as wt_trace_emit's */
        ev.index = (uint32_t)h->count;
        ev.kind = (uint16_t)kind;
        ev.what = (uint16_t)what;
        ev.rc = (int32_t)rc;
        ev.a = a;
        ev.b = b;
        ev.c = c;
        h->count++;
        h->sink(h->sink_data, &ev);
        return 0;
    }
    if (h->hash_only) {
        /* The replay's first run: the words folded as they come (wt__event_hash's order). */
        uint64_t x = wt__event_fold(h->hash, (uint64_t)(uint16_t)kind);
        x = wt__event_fold(x, (uint64_t)(uint16_t)what);
        x = wt__event_fold(x, (uint64_t)(int64_t)(int32_t)rc);
        x = wt__event_fold(x, (uint64_t)a);
        x = wt__event_fold(x, (uint64_t)b);
        h->hash = wt__event_fold(x, (uint64_t)c);
        h->count++;
        return 0;
    }
    return wt__trace_emit_push(t, false, kind, what, rc, a, b, c);
}

/*
 * Evidence beside the trace: a line of text about one event, such as the
 * class and message of the exception a call raised ("AttributeError:
 * 'NoneType' object has no attribute 'call_soon'") or that a report
 * carried. Notes are never hashed and never fed to the monitor: they hold
 * addresses and change between interpreter versions. They go to the note
 * sinks as they come and, in keep mode, are kept (the first
 * WT_TRACE_NOTES_MAX). A note longer than WT_NOTE_TEXT_MAX - 1 bytes is
 * cut.
 */
#define WT_NOTE_TEXT_MAX 240
#define WT_TRACE_NOTES_MAX 4096

typedef void wt_trace_note_fn(void *user_data, uint32_t index, const char *text);

/* Adds a note consumer; WT_OK, WT_EINVAL or WT_ELIMIT. */
int wt_trace_add_note_sink(struct wt_trace *t, wt_trace_note_fn *fn, void *user_data);

/*
 * Records text about the event at index (an event already appended).
 * WT_OK, WT_EINVAL (no such event, NULL text) or WT_ENOMEM (keep mode: not
 * kept, still streamed; the events are unaffected).
 */
int wt_trace_note(struct wt_trace *t, uint32_t index, const char *text);

/* Keep mode: the note about event index, or NULL. */
const char *wt_trace_note_at(const struct wt_trace *t, size_t index);

uint64_t wt_trace_hash(const struct wt_trace *t);
size_t wt_trace_count(const struct wt_trace *t);  /* events appended */
bool wt_trace_complete(const struct wt_trace *t); /* every event kept */

/* The i-th kept event, or NULL. */
const struct wt_event *wt_trace_at(const struct wt_trace *t, size_t i);

#endif
