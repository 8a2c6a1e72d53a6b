/* SPDX-License-Identifier: MIT */
/*
 * adapter_host.c - the `host` feature: a whole case in one exchange.
 *
 * A child that loaded libwt (include/wt/hosted.h) runs the world, the
 * monitor and its own transport in one process, so a case costs one
 * request and one reply instead of a line per call, send and callback:
 *
 *   kit:   case 3            child: case 2 71
 *          <request line>           <outcome line>
 *          <request line>           <outcome line>
 *          <request line>
 *
 * (71: the bytes of stderr the case wrote before its judged run, which the
 * kit leaves out of the case's stderr, as it does on the line protocol.)
 * The request and the reply are text the kit writes and reads itself
 * (hosted_wire.c, outcome.c); here they are only lines. Everything the
 * process side gives the line protocol holds for this exchange too: the
 * child's stderr is kept, a crash or silence is the sticky failure.
 */
#include <stdlib.h>
#include <string.h>

#include "adapter_int.h"
#include "wt/errors.h"

bool wt_adapter_hosting(const struct wt_adapter *ad)
{
    return ad != NULL && ad->failure == WT_ADAPTER_OK && (ad->use & ADAPTER_USE_HOST) != 0;
}

/* Sends the request: its line count, then each line. */
static int host_send(struct wt_adapter *ad, const char *request, size_t len)
{
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) {
        lines += request[i] == '\n';
    }
    lines += len > 0 && request[len - 1] != '\n';
    wt__sb_reset(&ad->sb);
    wt__sb_printf(&ad->sb, "case %zu", lines);
    int rc = wt__adapter_send_sb(ad);
    for (size_t at = 0; rc == WT_OK && at < len;) {
        const char *nl = memchr(request + at, '\n', len - at);
        size_t n = nl != NULL ? (size_t)(nl - (request + at)) : len - at;
        wt__sb_reset(&ad->sb);
        wt__sb_add(&ad->sb, request + at, n);
        rc = ad->sb.oom ? WT_ENOMEM : wt__adapter_send_sb(ad);
        at += n + 1;
    }
    return rc;
}

/* Reads `case M [SKIP]` and M lines into one malloc'd text. */
static int host_read(struct wt_adapter *ad, char **reply_out, size_t *reply_len_out,
                     uint64_t *skip_out)
{
    const char *line;
    size_t len;
    uint64_t lines = 0;
    if (wt__adapter_read_line(ad, &line, &len) != WT_OK) {
        return WT_EADAPTER;
    }
    const char *sp = len > 5 ? memchr(line + 5, ' ', len - 5) : NULL;
    size_t n1 = sp != NULL ? (size_t)(sp - (line + 5)) : len > 5 ? len - 5 : 0;
    *skip_out = 0;
    if (len < 6 || memcmp(line, "case ", 5) != 0 ||
        !wt__adapter_parse_u64(line + 5, n1, &lines) || lines > ad->opt.lines_max ||
        (sp != NULL && !wt__adapter_parse_u64(sp + 1, len - (size_t)(sp + 1 - line), skip_out))) {
        wt__adapter_fail(ad, WT_ADAPTER_GARBAGE, "answered a case with '%.*s', not 'case N'",
                         (int)(len < 80 ? len : 80), line);
        return WT_EADAPTER;
    }
    size_t cap = 4096, used = 0;
    char *text = malloc(cap);
    if (text == NULL) {
        return WT_ENOMEM;
    }
    for (uint64_t i = 0; i < lines; i++) {
        if (wt__adapter_read_line(ad, &line, &len) != WT_OK) {
            free(text);
            return WT_EADAPTER;
        }
        if (used + len + 2 > cap) {
            size_t bigger = (used + len + 2) * 2;
            char *p = realloc(text, bigger);
            if (p == NULL) {
                free(text);
                return WT_ENOMEM;
            }
            text = p;
            cap = bigger;
        }
        memcpy(text + used, line, len);
        used += len;
        text[used++] = '\n';
    }
    text[used] = '\0';
    wt__adapter_drain_err(ad); /* the case's stderr came before its reply */
    *reply_out = text;
    *reply_len_out = used;
    return WT_OK;
}

int wt_adapter_host_case(struct wt_adapter *ad, const char *request, size_t len, unsigned wall_ms,
                         char **reply_out, size_t *reply_len_out, uint64_t *stderr_skip_out)
{
    *reply_out = NULL;
    *reply_len_out = 0;
    *stderr_skip_out = 0;
    if (ad == NULL || ad->inst != NULL || ad->depth != 0 || (ad->use & ADAPTER_USE_HOST) == 0) {
        return WT_EINVAL;
    }
    if (ad->failure != WT_ADAPTER_OK) {
        return WT_EADAPTER;
    }
    /* The whole case is one exchange: it may take as long as a case may. */
    unsigned timeout = ad->opt.timeout_ms;
    if (wall_ms > timeout) {
        ad->opt.timeout_ms = wall_ms;
    }
    int rc = wt__adapter_begin(ad, "case", 4);
    if (rc == WT_OK) {
        rc = host_send(ad, request, len);
        if (rc == WT_OK) {
            rc = host_read(ad, reply_out, reply_len_out, stderr_skip_out);
        }
        wt__adapter_end(ad);
    }
    ad->opt.timeout_ms = timeout;
    return rc;
}
