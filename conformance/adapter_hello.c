/* SPDX-License-Identifier: MIT */
/*
 * adapter_hello.c - the handshake and what it said: the adapter's name and
 * version, the calls it implements, its feature words, and from those
 * whether it can run an op or a whole scenario.
 *
 * The handshake is the first exchange on a fresh process (adapter_proc.c
 * carries the lines); after it these fields never change, so the table
 * (adapter.c) and the runner only read them.
 *
 * Sections: handshake; what it said.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_int.h"
#include "wt/errors.h"
#include "wt/op.h"

/* ------------------------------------------------------------------ */
/* Handshake                                                          */
/* ------------------------------------------------------------------ */

static const uint32_t hello_mandatory =
    (1u << WT_METHOD_WRITE) | (1u << WT_METHOD_ABORT) | (1u << WT_METHOD_CLOSE) |
    (1u << WT_METHOD_IS_CLOSING) | (1u << WT_METHOD_GET_SIZE) | (1u << WT_METHOD_GET_LIMITS) |
    (1u << WT_METHOD_SET_LIMITS);

/* Copies word n (0-based) of a line into out; false when there is none. */
static bool hello_word(const char *line, size_t len, int n, char *out, size_t cap)
{
    size_t i = 0;
    for (int w = 0; i < len; w++) {
        size_t start = i;
        while (i < len && line[i] != ' ') {
            i++;
        }
        if (w == n) {
            size_t wl = i - start;
            if (wl == 0 || wl >= cap) {
                return false;
            }
            memcpy(out, line + start, wl);
            out[wl] = '\0';
            return true;
        }
        i++;
    }
    return false;
}

static size_t hello_spaces(const char *line, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += line[i] == ' ';
    }
    return n;
}

static bool hello_starts(const char *line, size_t len, const char *word)
{
    size_t n = strlen(word);
    return len >= n && memcmp(line, word, n) == 0 && (len == n || line[n] == ' ');
}

/* The method bits a line's words after the first name ("ops ...", "missing ..."). */
static uint32_t hello_methods_line(const char *line, size_t len)
{
    char word[48];
    uint32_t bits = 0;
    for (int w = 1; hello_word(line, len, w, word, sizeof word); w++) {
        for (int m = 0; m < WT_METHOD_COUNT; m++) {
            if (strcmp(word, wt_method_name(m)) == 0) {
                bits |= 1u << m;
            }
        }
    }
    return bits;
}

/* Reads the lines after the hello, up to "ready". */
static int hello_body(struct wt_adapter *ad)
{
    const char *line;
    size_t len;
    for (;;) {
        if (wt__adapter_read_line(ad, &line, &len) != WT_OK) {
            return WT_EADAPTER;
        }
        if (len == 5 && memcmp(line, "ready", 5) == 0) {
            return WT_OK;
        }
        if (hello_starts(line, len, "transport")) {
            if (!hello_word(line, len, 1, ad->name, sizeof ad->name) ||
                !hello_word(line, len, 2, ad->version, sizeof ad->version)) {
                wt__adapter_fail(ad, WT_ADAPTER_HANDSHAKE,
                                 "'transport' needs a name and a version");
                return WT_EADAPTER;
            }
        } else if (hello_starts(line, len, "ops")) {
            ad->methods |= hello_methods_line(line, len);
        } else if (hello_starts(line, len, "missing")) {
            /* Protocol 2: documented methods the transport lacks (asyncio's stubs). */
            ad->missing |= hello_methods_line(line, len);
        } else if (hello_starts(line, len, "features")) {
            int keep = (int)sizeof ad->features - 2;
            snprintf(ad->features, sizeof ad->features, "%.*s ",
                     (int)len - 8 < keep ? (int)len - 8 : keep, line + 8);
        } else if (len == 0 || line[0] < 'a' || line[0] > 'z') {
            wt__adapter_fail(ad, WT_ADAPTER_GARBAGE, "handshake line '%.*s' is not a keyword line",
                             (int)(len < 60 ? len : 60), line);
            return WT_EADAPTER;
        }
        /* Other keyword lines are for later versions: ignored. */
    }
}

/*
 * The protocol features the adapter offered that this kit speaks are
 * accepted with one line, `use WORD...`, the last of the handshake (no
 * answer): an adapter that offered none never sees it, and one that
 * offered some to an older kit sees `reset` instead and speaks plain 1.
 * WTKIT_ADAPTER_FEATURES=none accepts none (to measure or test plain 1).
 */
static int hello_use(struct wt_adapter *ad)
{
    static const struct {
        const char *word;
        unsigned bit;
    } known[] = {{"ret-size", ADAPTER_USE_RET_SIZE},
                 {"batch", ADAPTER_USE_BATCH},
                 {"host", ADAPTER_USE_HOST},
                 {"platform", ADAPTER_USE_PLATFORM},
                 {"kinds", ADAPTER_USE_KINDS}};
    const char *env = getenv("WTKIT_ADAPTER_FEATURES");
    ad->use = 0;
    if (env != NULL && strcmp(env, "none") == 0) {
        return WT_OK;
    }
    wt__sb_reset(&ad->sb);
    wt__sb_add(&ad->sb, "use", 3);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        bool offered = known[i].bit != ADAPTER_USE_HOST || ad->opt.host_lib != NULL;
        if (offered && wt_adapter_has_feature(ad, known[i].word)) {
            ad->use |= known[i].bit;
            wt__sb_printf(&ad->sb, " %s", known[i].word);
        }
    }
    return ad->use == 0 ? WT_OK : wt__adapter_send_sb(ad);
}

int wt__adapter_handshake(struct wt_adapter *ad)
{
    static const char hello[] = "hello wtkit-adapter";
    const char *line;
    size_t len;
    char ver[24];
    wt__sb_reset(&ad->sb);
    wt__sb_printf(&ad->sb, "%s %d", hello, WT_ADAPTER_PROTOCOL);
    int rc = wt__adapter_begin(ad, ad->sb.p, ad->sb.len);
    if (rc != WT_OK) {
        return rc;
    }
    rc = wt__adapter_send_sb(ad);
    if (rc == WT_OK) {
        rc = wt__adapter_read_line(ad, &line, &len);
    }
    if (rc == WT_OK) {
        if (!hello_starts(line, len, hello) || !hello_word(line, len, 2, ver, sizeof ver) ||
            hello_spaces(line, len) != 2) {
            wt__adapter_fail(ad, WT_ADAPTER_GARBAGE, "answered the hello with '%.*s'",
                             (int)(len < 60 ? len : 60), line);
            rc = WT_EADAPTER;
        } else if (strcmp(ver, "1") != 0 && strcmp(ver, "2") != 0) {
            wt__adapter_fail(ad, WT_ADAPTER_HANDSHAKE,
                             "speaks protocol version %s; this kit speaks 1 and %d", ver,
                             WT_ADAPTER_PROTOCOL);
            rc = WT_EADAPTER;
        } else {
            ad->proto = ver[0] - '0';
        }
    }
    if (rc == WT_OK) {
        rc = hello_body(ad);
    }
    if (rc == WT_OK && ad->name[0] == '\0') {
        wt__adapter_fail(ad, WT_ADAPTER_HANDSHAKE, "no 'transport NAME VERSION' line");
        rc = WT_EADAPTER;
    }
    /* write must be served; another mandatory call is served or declared missing. */
    ad->missing &= ~(1u << WT_METHOD_WRITE);
    for (int m = 0; rc == WT_OK && m < WT_METHOD_COUNT; m++) {
        if ((hello_mandatory & (1u << m)) != 0 && ((ad->methods | ad->missing) & (1u << m)) == 0) {
            wt__adapter_fail(ad, WT_ADAPTER_HANDSHAKE, "'ops' does not list the mandatory %s",
                             wt_method_name(m));
            rc = WT_EADAPTER;
        }
    }
    if (rc == WT_OK) {
        rc = hello_use(ad);
    }
    wt__adapter_end(ad);
    return rc;
}


/* ------------------------------------------------------------------ */
/* What it said                                                       */
/* ------------------------------------------------------------------ */

const char *wt_adapter_name(const struct wt_adapter *ad) { return ad != NULL ? ad->name : ""; }

uint32_t wt_adapter_missing(const struct wt_adapter *ad) { return ad != NULL ? ad->missing : 0; }

int wt_adapter_protocol(const struct wt_adapter *ad) { return ad != NULL ? ad->proto : 0; }

const char *wt_adapter_version(const struct wt_adapter *ad)
{
    return ad != NULL ? ad->version : "";
}

bool wt_adapter_has_feature(const struct wt_adapter *ad, const char *feature)
{
    char needle[64];
    if (ad == NULL || feature == NULL || feature[0] == '\0' || strchr(feature, ' ') != NULL) {
        return false;
    }
    snprintf(needle, sizeof needle, " %s ", feature);
    char hay[ADAPTER_FEATURES_MAX + 2];
    snprintf(hay, sizeof hay, " %s", ad->features);
    return strstr(hay, needle) != NULL;
}

bool wt_adapter_supports(const struct wt_adapter *ad, int op_kind)
{
    if (ad == NULL || op_kind < 0 || op_kind >= WT_OP_COUNT) {
        return false;
    }
    if (wt_op_is_call(op_kind)) {
        return (ad->methods & ~ad->missing & (1u << op_kind)) != 0;
    }
    /* A failing add_writer/add_reader must reach the adapter's loop as an
     * OSError; protocol 1 has no way to say so (a watch is one-way under
     * `batch`), so the op is unsupported unless the adapter offers it. */
    if (op_kind == WT_OP_SOCK_WATCHFAIL) {
        return wt_adapter_has_feature(ad, "watch-errors");
    }
    /*
     * A kit-side op the adapter cannot mirror (uvloop on real fds cannot cap
     * a send, say) is declared as the feature "no:" + the op's words joined
     * by '-': "no:sock-cap", "no:peer-send", "no:advance".
     */
    char feature[64] = "no:";
    const char *name = wt_op_name(op_kind);
    size_t n = 3;
    for (; name != NULL && *name != '\0' && n + 1 < sizeof feature; name++) {
        feature[n++] = *name == ' ' ? '-' : *name;
    }
    feature[n] = '\0';
    return !wt_adapter_has_feature(ad, feature);
}

int wt_adapter_check_ops(const struct wt_adapter *ad, const struct wt_op *ops, size_t nops,
                         char *why, size_t why_cap)
{
    for (size_t i = 0; i < nops; i++) {
        if (wt_adapter_supports(ad, ops[i].kind)) {
            continue;
        }
        if (why != NULL && why_cap > 0) {
            if (ops[i].line != 0) {
                snprintf(why, why_cap, "adapter '%s' does not support %s (line %u)",
                         wt_adapter_name(ad), wt_op_name(ops[i].kind), (unsigned)ops[i].line);
            } else {
                snprintf(why, why_cap, "adapter '%s' does not support %s", wt_adapter_name(ad),
                         wt_op_name(ops[i].kind));
            }
        }
        return WT_ENOTIMPL;
    }
    return WT_OK;
}

