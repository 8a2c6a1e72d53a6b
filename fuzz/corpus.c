/* SPDX-License-Identifier: MIT */
/*
 * corpus.c - wt-fuzz-corpus: seed corpora from the scenario suite.
 *
 *   wt-fuzz-corpus world OUTDIR FILE.wts...   each scenario's ops as a fuzz
 *                                             input (wt_fuzz_encode)
 *   wt-fuzz-corpus decode FILE                a fuzz input's ops as .wts
 *   wt-fuzz-corpus dict wts                   the op schema's words, as an
 *                                             AFL++/libFuzzer dictionary
 *   wt-fuzz-corpus dict world                 the decoder's records: each
 *                                             kind's structure bytes, and
 *                                             the watermark sizes
 *   wt-fuzz-corpus options world              the target's libFuzzer options
 *                                             (<target>.options): max_len
 * The .wts and wire targets take the scenario files themselves as seeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/errors.h"
#include "wt/fuzz.h"
#include "wt/wts.h"

static int corpus_world(const char *dir, int n, char **paths)
{
    static uint8_t buf[WT_FUZZ_OPS_MAX * WT_FUZZ_OP_BYTES];
    int rc = 0;
    for (int i = 0; i < n; i++) {
        struct wt_scenario sc;
        char err[WT_WTS_ERR_MAX];
        wt_scenario_init(&sc, NULL);
        if (wt_wts_load(paths[i], &sc, err, sizeof err) != WT_OK) {
            fprintf(stderr, "%s\n", err);
            rc = 1;
            continue;
        }
        size_t len = wt_fuzz_encode(sc.ops, sc.nops, NULL, buf, sizeof buf);
        const char *base = strrchr(paths[i], '/');
        char out[4096];
        snprintf(out, sizeof out, "%s/%s.bin", dir, base != NULL ? base + 1 : paths[i]);
        FILE *f = fopen(out, "wb");
        if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
            perror(out);
            rc = 1;
        }
        wt_scenario_deinit(&sc);
    }
    return rc;
}

static int corpus_decode(const char *path)
{
    static uint8_t buf[1u << 20];
    static struct wt_op ops[WT_FUZZ_OPS_MAX + WT_FUZZ_DRAIN_OPS];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t n = wt_fuzz_decode(buf, len, NULL, ops, sizeof ops / sizeof ops[0]);
    for (size_t i = 0; i < n; i++) {
        char text[WT_WTS_OP_TEXT_MAX];
        if (wt_wts_format_op(&ops[i], text, sizeof text) < 0) {
            return 1;
        }
        printf("%s\n", text);
    }
    return 0;
}

/* Every word of the op schema, and the arguments' keywords and tags. */
static void corpus_dict(void)
{
    for (int k = 0; k < WT_OP_COUNT; k++) {
        const struct wt_op_schema *s = wt_op_schema_at(k);
        printf("op_%d=\"%s\"\n", k, s->words);
        for (unsigned a = 0; a < s->nargs; a++) {
            if (s->args[a].form != WT_ARG_POSITIONAL) {
                printf("arg_%d_%u=\"%s%s\"\n", k, a, s->args[a].name,
                       s->args[a].form == WT_ARG_KEYWORD ? "=" : " ");
            }
        }
    }
    static const char *const extra[] = {"on pause: ", "on resume: ", "on made: ", "on lost: ",
                                        "on data: ", "on eof: ", "wts 2\n", "seed ", "steps ",
                                        "profile ", "flavor ", "transport ", "None", "ms", "us",
                                        "ns", "\n", "#", "EPIPE", "ECONNRESET", "16384",
                                        "65536", "65535", "65537"};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        printf("x_%zu=\"", i);
        for (const char *c = extra[i]; *c != '\0'; c++) {
            if (*c == '\n') {
                printf("\\x0a");
            } else {
                putchar(*c);
            }
        }
        printf("\"\n");
    }
}

/* Structure bytes (F C K, in file order at the back) of every kind, and sizes. */
static void corpus_dict_world(void)
{
    struct wt_op op = wt_op_make(WT_OP_WRITE, 0, 0);
    uint8_t rec[WT_FUZZ_OP_BYTES];
    for (int k = 0; k < WT_OP_COUNT; k++) {
        if (wt_op_is_expect(k)) {
            continue; /* the decoder never makes one */
        }
        op.kind = (uint8_t)k;
        op.on = wt_op_schema_at(k)->place == WT_PLACE_HOOK ? WT_ON_PAUSE : WT_ON_NOW;
        if (wt_fuzz_encode(&op, 1, NULL, rec, sizeof rec) != sizeof rec) {
            continue;
        }
        printf("kind_%d=\"\\x%02x\\x%02x\\x%02x\"\n", k, rec[8], rec[9], rec[10]);
    }
    /* writelines with many chunks of the watermark classes (C bits 0-2: 2..6, scaled or
     * near 16 or 64 KiB; F bits 0-2: 2, 4 or 8 chunks): a list whose total crosses
     * high in one call (gh-127655 needs one on a socket that does not take it). */
    op = wt_op_make(WT_OP_WRITELINES, 0, 0);
    op.nchunks = 1;
    if (wt_fuzz_encode(&op, 1, NULL, rec, sizeof rec) == sizeof rec) {
        static const uint8_t classes[] = {2, 3, 4, 5, 6};
        static const uint8_t counts[] = {1, 3, 7};
        for (size_t i = 0; i < sizeof classes; i++) {
            for (size_t j = 0; j < sizeof counts; j++) {
                printf("writelines_c%u_n%u=\"\\x%02x\\x%02x\\x%02x\"\n", classes[i],
                       counts[j] + 1u, counts[j], (unsigned)((rec[9] & 0xf8u) | classes[i]),
                       rec[10]);
            }
        }
    }
    static const uint32_t sizes[] = {0, 1, 16383, 16384, 16385, 65535, 65536, 65537, 4096};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        printf("size_%u=\"", sizes[i]);
        for (unsigned j = 0; j < 4; j++) {
            printf("\\x%02x", (sizes[i] >> (8 * j)) & 0xffu);
        }
        printf("\"\n");
    }
}

/*
 * The world target's options file: an input longer than its records is
 * read only at its two ends (payload from the front, structure from the
 * back), so libFuzzer's mutations past max_len would land in bytes nobody
 * reads.
 */
static void corpus_options_world(void)
{
    printf("[libfuzzer]\nmax_len = %u\n", (unsigned)(WT_FUZZ_OPS_MAX * WT_FUZZ_OP_BYTES));
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "world") == 0) {
        return corpus_world(argv[2], argc - 3, argv + 3);
    }
    if (argc == 3 && strcmp(argv[1], "decode") == 0) {
        return corpus_decode(argv[2]);
    }
    if (argc == 3 && strcmp(argv[1], "dict") == 0 && strcmp(argv[2], "wts") == 0) {
        corpus_dict();
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "dict") == 0 && strcmp(argv[2], "world") == 0) {
        corpus_dict_world();
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "options") == 0 && strcmp(argv[2], "world") == 0) {
        corpus_options_world();
        return 0;
    }
    fprintf(stderr, "usage: wt-fuzz-corpus world OUTDIR FILE.wts... | decode FILE | dict wts|world"
                    " | options world\n");
    return 2;
}
