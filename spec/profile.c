/* SPDX-License-Identifier: MIT */
/*
 * profile.c - the profiles: which side of each docs conflict a family of
 * real transports takes, and where it departs from the docs.
 *
 * A profile is a catalog row mask (bit i of struct wt_clause.profiles is
 * profile index i, so the order here is the catalog's) plus the defaults
 * it fixes and the reference flavor that makes its picks. `docs` judges
 * what the two docs texts say; `asyncio` adds what asyncio's own
 * transports agree on where the docs are silent (docs notes those as
 * INTEROP); each transport family's profile starts from asyncio. Every
 * clause whose membership differs from the profile's base has a
 * deviation row with a one-line reason; tests/unit/test_catalog.c checks
 * that none is missing.
 */
#include <string.h>

#include "wt/errors.h"
#include "wt/spec.h"

struct profile_deviation {
    const char *clause; /* catalog ID, or "defaults" */
    const char *reason;
};

struct wt_profile {
    const char *name;
    const char *summary;
    const char *base;  /* the profile its deviations are counted from, NULL: none */
    const char *flavor;
    bool has_defaults;
    int64_t default_low;
    int64_t default_high;
    const struct profile_deviation *devs;
    size_t ndevs;
};

#define ASYNC_AGREES "every asyncio transport keeps it where the docs are silent (the row's reason)"

static const struct profile_deviation dev_asyncio[] = {
    {"WT-LOST-DEFERRED", ASYNC_AGREES},
    {"WT-NO-RESUME-AFTER-ABORT", ASYNC_AGREES},
    {"WT-REJECTED-CALL-NO-EFFECT", ASYNC_AGREES},
    {"WT-WRITE-EMPTY-NOOP", ASYNC_AGREES},
    {"WT-REPORT-ONLY-CALLBACK-FAILURES", ASYNC_AGREES},
    {"WT-CALLBACK-FAILURE-REPORTED", ASYNC_AGREES},
    {"WT-CALLBACK-RAISE-ENDS", ASYNC_AGREES},
    {"WT-LIMITS-HIGH-DEFAULT-4LOW", ASYNC_AGREES},
    {"WT-LIMITS-LOW-DEFAULT-QUARTER", ASYNC_AGREES},
};

#define SETTER_NEVER_RESUMES \
    "set_write_buffer_limits only ever pauses (transports.py:330-332, python/asyncio#329)"

static const struct profile_deviation dev_selector[] = {
    {"defaults", "(16384, 65536): transports.py:317-321"},
    {"WT-SETTER-NO-RESUME", SETTER_NEVER_RESUMES},
};

static const struct profile_deviation dev_pipe[] = {
    {"defaults", "(16384, 65536): the same flow-control mixin as sockets (transports.py:317-321)"},
    {"WT-RESUME-AT-OR-BELOW-LOW",
     "_write_ready resumes only in the full-drain branch (unix_events.py:730-737); partial "
     "writes never check"},
    {"WT-RESUME-LE-LOW-WT", "the same per-send resume rule as WT-RESUME-AT-OR-BELOW-LOW"},
    {"WT-RESUME-WHEN-EMPTY",
     "resume is owed only once the buffer is empty (unix_events.py:730-737)"},
    {"WT-WRITE-EOF-STILL-RECEIVES",
     "write_eof() closes the whole pipe transport (unix_events.py:744-751)"},
    {"WT-SETTER-NO-RESUME", SETTER_NEVER_RESUMES},
};

static const struct profile_deviation dev_ssl[] = {
    {"defaults",
     "(131072, 524288): FLOW_CONTROL_HIGH_WATER_SSL_WRITE = 512 KiB (constants.py:27)"},
    {"WT-PAUSE-AT-OR-OVER-HIGH", "sslproto.py:818 pauses at size >= high, as WriteTransport says"},
    {"WT-PAUSE-STRICTLY-OVER-HIGH", "the other side of the pause conflict (sslproto.py:818)"},
    {"WT-PAUSE-GOES-OVER", "the same strict rule as WT-PAUSE-STRICTLY-OVER-HIGH"},
    {"WT-SIZE-UNSENT",
     "the size is plaintext backlog plus ciphertext and excludes the lower transport "
     "(sslproto.py:845-846)"},
    {"WT-WRITE-EOF-STILL-RECEIVES", "write_eof() raises NotImplementedError"},
    {"WT-WRITE-EOF-FLUSHES", "write_eof() raises NotImplementedError: nothing to flush"},
};

static const struct profile_deviation dev_uvloop[] = {
    {"defaults",
     "(16, 65536): low = FLOW_CONTROL_HIGH_WATER // 4 in bytes, not KiB "
     "(basetransport.pyx:5-6)"},
    {"WT-RESUME-AT-OR-BELOW-LOW",
     "resume is checked only when a libuv write request completes (stream.pyx:629-631)"},
    {"WT-RESUME-LE-LOW-WT", "the same per-send resume rule as WT-RESUME-AT-OR-BELOW-LOW"},
    {"WT-RESUME-WHEN-EMPTY",
     "in practice resume comes when the queue is empty (stream.pyx:629-631)"},
    {"WT-SETTER-NO-RESUME",
     "like CPython: _maybe_pause_protocol() only (basetransport.pyx:270-276)"},
};

#define DEVS(a) a, sizeof a / sizeof a[0]

static const struct wt_profile profiles[] = {
    {"docs",
     "what the docs texts say, conflicts resolved: pause when size > high, resume when size "
     "<= low after each send, zero limits allowed, high=0 with low=5 is a ValueError; what "
     "asyncio's transports agree on beyond them is an INTEROP note",
     NULL, "docs", false, 0, 0, NULL, 0},
    {"asyncio",
     "docs, plus what asyncio's own transports (CPython's and uvloop's) agree on where the "
     "docs are silent, pinned for interoperability: connection_lost deferred, no resume "
     "after abort, rejected calls change nothing, empty writes are no-ops, only callback "
     "failures reach the exception handler, default ratios 4:1",
     "docs", "docs", false, 0, 0, DEVS(dev_asyncio)},
    {"cpython-selector",
     "CPython _SelectorSocketTransport: pause at > high, resume checked after each send, no "
     "resume from set_write_buffer_limits, defaults (16384, 65536)",
     "asyncio", "docs", true, 16384, 65536, DEVS(dev_selector)},
    {"cpython-pipe",
     "CPython _UnixWritePipeTransport: pause at > high, resume only when empty, write_eof "
     "closes",
     "asyncio", "cpython-pipe", true, 16384, 65536, DEVS(dev_pipe)},
    {"cpython-ssl",
     "CPython _SSLProtocolTransport: pause at >= high, may resume from the setter, no "
     "write_eof, size excludes the lower transport",
     "asyncio", "cpython-ssl", true, 131072, 524288, DEVS(dev_ssl)},
    {"uvloop",
     "uvloop UVStream: pause at > high, resume when a write completes (empty), defaults "
     "(16, 65536)",
     "asyncio", "uvloop", true, 16, 65536, DEVS(dev_uvloop)},
};

#define PROFILE_COUNT (sizeof profiles / sizeof profiles[0])

size_t wt_profile_count(void) { return PROFILE_COUNT; }

const struct wt_profile *wt_profile_at(size_t index)
{
    if (index >= PROFILE_COUNT) {
        return NULL;
    }
    return &profiles[index];
}

int wt_profile_find(const char *name, const struct wt_profile **profile_out)
{
    if (name == NULL) {
        return WT_EINVAL;
    }
    for (size_t i = 0; i < PROFILE_COUNT; i++) {
        if (strcmp(profiles[i].name, name) == 0) {
            if (profile_out != NULL) {
                *profile_out = &profiles[i];
            }
            return WT_OK;
        }
    }
    return WT_ENOENT;
}

const char *wt_profile_name(const struct wt_profile *p) { return p != NULL ? p->name : NULL; }

const char *wt_profile_summary(const struct wt_profile *p)
{
    return p != NULL ? p->summary : NULL;
}

size_t wt_profile_index(const struct wt_profile *p)
{
    if (p == NULL) {
        return PROFILE_COUNT;
    }
    return (size_t)(p - profiles);
}

const char *wt_profile_flavor(const struct wt_profile *p) { return p != NULL ? p->flavor : NULL; }

bool wt_profile_notes(const struct wt_profile *p, size_t clause)
{
    const struct wt_clause *c = wt_catalog_at(clause);
    size_t i = wt_profile_index(p);
    if (c == NULL || i >= PROFILE_COUNT) {
        return false;
    }
    return (c->notes & (1u << i)) != 0;
}

bool wt_profile_judges(const struct wt_profile *p, size_t clause)
{
    return wt_profile_has(p, clause) || wt_profile_notes(p, clause);
}

const struct wt_profile *wt_profile_base(const struct wt_profile *p)
{
    const struct wt_profile *base = NULL;
    if (p != NULL && p->base != NULL) {
        (void)wt_profile_find(p->base, &base);
    }
    return base;
}

bool wt_profile_has(const struct wt_profile *p, size_t clause)
{
    const struct wt_clause *c = wt_catalog_at(clause);
    size_t i = wt_profile_index(p);
    if (c == NULL || i >= PROFILE_COUNT) {
        return false;
    }
    return (c->profiles & (1u << i)) != 0;
}

int wt_profile_defaults(const struct wt_profile *p, int64_t *low_out, int64_t *high_out)
{
    if (p == NULL || !p->has_defaults) {
        return WT_ENOENT;
    }
    if (low_out != NULL) {
        *low_out = p->default_low;
    }
    if (high_out != NULL) {
        *high_out = p->default_high;
    }
    return WT_OK;
}

size_t wt_profile_deviation_count(const struct wt_profile *p) { return p != NULL ? p->ndevs : 0; }

const char *wt_profile_deviation(const struct wt_profile *p, size_t i, const char **reason_out)
{
    if (p == NULL || i >= p->ndevs) {
        return NULL;
    }
    if (reason_out != NULL) {
        *reason_out = p->devs[i].reason;
    }
    return p->devs[i].clause;
}
