/* SPDX-License-Identifier: MIT */
/*
 * markup.c - text into XML or HTML: the five characters that mean markup
 * become entities, and control characters other than newline and tab a
 * space (XML 1.0 cannot hold them). JUnit, the HTML report and the matrix
 * page all write text this one way.
 */
#include <stdio.h>

#include "session_int.h"

void wt__markup_str(FILE *f, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(c < 0x20 && c != '\n' && c != '\t' ? ' ' : (int)c, f);
            break;
        }
    }
}
