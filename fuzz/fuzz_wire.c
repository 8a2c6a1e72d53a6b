/* SPDX-License-Identifier: MIT */
/*
 * fuzz_wire.c - the fuzz target of the adapter wire parser
 * (conformance/adapter_wire.c): what an out-of-process adapter's child may
 * send. The input is split at newlines and each line parsed as the kit
 * parses a child's line; a message that parses with data must hold
 * exactly its length. Reads past a line, leaks (ASan) and those
 * mismatches are crashes. No state outlives an input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_int.h"
#include "fuzz_target.h"
#include "wt/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t len = nl != NULL ? (size_t)(nl - (text + at)) : size - at;
        /* Each line as the kit reads it without and with the negotiated features. */
        static const unsigned uses[] = {0, ADAPTER_USE_RET_SIZE | ADAPTER_USE_BATCH};
        for (size_t u = 0; u < sizeof uses / sizeof uses[0]; u++) {
            struct adapter_msg msg;
            char why[256];
            int rc = wt__adapter_parse(text + at, len, uses[u], &msg, why, sizeof why);
            if (rc == WT_OK) {
                /* A pattern send is decoded lazily: its bytes are its phase, not held. */
                if (msg.len > 0 && msg.data == NULL && !msg.pattern) {
                    fprintf(stderr, "fuzz_wire: %zu bytes of data, none held\n", msg.len);
                    abort();
                }
                wt__msg_free(&msg);
            } else if (rc != WT_ESYNTAX && rc != WT_ENOMEM) {
                fprintf(stderr, "fuzz_wire: unexpected code %d\n", rc);
                abort();
            }
        }
        at += len + 1;
    }
    return 0;
}
