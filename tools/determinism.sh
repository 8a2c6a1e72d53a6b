#!/bin/sh
# determinism.sh - the same seeds must give the same trace hashes at -O0 and
# -O2, under gcc and under clang, as committed in tests/determinism/golden.txt.
#   sh tools/determinism.sh          compare (exit 1 on any difference)
#   sh tools/determinism.sh --update rewrite golden.txt from the gcc -O2 build
set -eu
golden=tests/determinism/golden.txt
status=0
for cc in gcc clang; do
    command -v "$cc" >/dev/null 2>&1 || { echo "determinism: SKIP $cc (not installed)"; continue; }
    for mode in debug release; do
        make --no-print-directory -s -j"$(nproc)" CC="$cc" MODE="$mode" golden >/dev/null
        out="build/$cc-$mode/golden.out"
        "build/$cc-$mode/bin/wt-golden" > "$out"
        if [ "${1:-}" = "--update" ] && [ "$cc" = gcc ] && [ "$mode" = release ]; then
            cp "$out" "$golden"
        fi
        if cmp -s "$out" "$golden"; then
            echo "determinism: $cc $mode matches $golden ($(wc -l < "$out") runs)"
        else
            echo "determinism: $cc $mode DIFFERS from $golden:"
            diff "$golden" "$out" | head -n 10
            status=1
        fi
    done
done
exit $status
