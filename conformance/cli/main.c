/* SPDX-License-Identifier: MIT */
/* main.c - placeholder until the command lands. */
#include <stdio.h>
#include <string.h>

#include "wt/wt.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: wtkit COMMAND [options]\n");
        return 0;
    }
    printf("wtkit %s\n", WT_VERSION);
    return 0;
}
