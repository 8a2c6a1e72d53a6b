/* SPDX-License-Identifier: MIT */
/*
 * message.c - a message into a caller's buffer, the one way the session's
 * files say what went wrong (errors are return values; the text beside).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "session_int.h"

void wt__say(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (buf != NULL && cap > 0) {
        vsnprintf(buf, cap, fmt, ap);
    }
    va_end(ap);
}

void wt__copy(char *buf, size_t cap, const char *s)
{
    if (buf == NULL || cap == 0) {
        return;
    }
    size_t n = s != NULL ? strnlen(s, cap - 1) : 0;
    memcpy(buf, s != NULL ? s : "", n);
    buf[n] = '\0';
}
