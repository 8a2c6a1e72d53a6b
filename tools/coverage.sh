#!/bin/sh
# coverage.sh [--matrix-only] - `make coverage`: the kit built with gcc
# --coverage (build/gcc-coverage), then, into build/coverage/:
#
#   1. suite.info   the suite on the reference under every profile and on
#                   every built-in mutant; the clause matrix reads it
#                   (matrix.txt, matrix.html; a flagged gap fails);
#   2. all.info     plus the unit tests, a short sweep per profile, the
#                   commands and their options, the fuzz seed corpus (when
#                   fuzz/ has one), lcov with branch coverage; the
#                   never-taken branches of WT_ASSERT are excluded and
#                   listed (excluded-branches.txt);
#   3. html/        genhtml of all.info; index.html links it, the matrix
#                   and the lists, with the figures;
#   4. the line, function and branch percentages, printed and checked
#      against coverage/ratchet (a figure below its floor fails).
#
# --matrix-only stops after 1, into build/matrix/ (make check runs it). lcov 1.16 (Debian)
# prints "redefined" warnings on every capture and writes no LF/LH
# summaries: the warnings are dropped and the figures come from
# `lcov --summary`, which recomputes them.
set -u
B=build/gcc-coverage
OUT=build/coverage
RC="--rc lcov_branch_coverage=1"
matrix_only=no
if [ "${1:-}" = "--matrix-only" ]; then
    matrix_only=yes
    OUT=build/matrix  # make check's: a report in build/coverage stays
fi

say() { echo "coverage: $*"; }
die() { echo "coverage: FAIL: $*"; exit 1; }

command -v gcc >/dev/null 2>&1 || die "gcc is needed (gcov)"
command -v lcov >/dev/null 2>&1 || die "lcov is needed (make deps)"
if [ "$matrix_only" = yes ]; then
    make --no-print-directory -s -j2 CC=gcc MODE=coverage all >/dev/null || die "build"
else
    make --no-print-directory -s -j2 CC=gcc MODE=coverage all tests >/dev/null || die "build"
fi
wtkit=$B/bin/wtkit
mkdir -p "$OUT"
rm -rf "${OUT:?}"/*
find "$B" -name '*.gcda' -delete

capture() { # capture DIR... -> $out (quiet, without Debian's perl warnings)
    out=$1; shift
    dirs=""
    for d in "$@"; do dirs="$dirs -d $d"; done
    # shellcheck disable=SC2086
    lcov -q -c $dirs -b . $RC --no-external -o "$out" 2>&1 | grep -v 'redefined at' >&2
    [ -s "$out" ] || die "lcov captured nothing into $out"
}

# 1. The suite on the reference (every profile) and on every built-in mutant.
for p in docs cpython-selector cpython-pipe cpython-ssl uvloop; do
    "$wtkit" run --profile "$p" >/dev/null || die "the suite fails on the reference under $p"
done
"$wtkit" mutants --verify >/dev/null || die "wtkit mutants --verify"
capture "$OUT/suite.info" "$B/obj/sim"
"$wtkit" matrix --lcov "$OUT/suite.info" --html "$OUT/matrix.html" > "$OUT/matrix.txt"
mrc=$?
tail -n 1 "$OUT/matrix.txt" | sed 's/^/coverage: /'
if [ "$mrc" -ne 0 ]; then
    grep -B 6 -E '^  (GAP|STALE)' "$OUT/matrix.txt" | grep -E '^WT-|GAP|STALE|never ran'
    die "the clause matrix has gaps that are not exempt (coverage/matrix-exempt.txt)"
fi
[ "$matrix_only" = yes ] && exit 0

# 2. Everything else that exercises the kit.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$tmp/unit.log" 2>&1 || { tail -n 20 "$tmp/unit.log"; die "$(basename "$t") failed"; }
done
say "unit tests done"
for p in docs cpython-selector cpython-pipe cpython-ssl uvloop; do
    "$wtkit" sweep --seeds 1..100 --profile "$p" >/dev/null || die "sweep under $p"
done
sh tools/coverage-commands.sh "$wtkit" "$tmp" || die "tools/coverage-commands.sh"
say "suite, sweeps and commands done"
corpus=$(find fuzz -path '*/corpus/*' -type f 2>/dev/null | head -n 1)
if [ -n "$corpus" ] && [ -f tools/fuzz-replay.sh ]; then
    sh tools/fuzz-replay.sh "$B" || die "the fuzz seed corpus"
    say "fuzz seed corpus replayed"
else
    say "fuzz: no fuzz target with a seed corpus in fuzz/ yet (not run)"
fi
capture "$tmp/raw.info" "$B"
lcov -q $RC -r "$tmp/raw.info" '*/tests/*' -o "$tmp/kit.info" 2>&1 | grep -v 'redefined at' >&2
python3 tools/coverage-filter.py "$tmp/kit.info" "$OUT/all.info" "$OUT/excluded-branches.txt" \
    > "$tmp/filter.txt" || die "tools/coverage-filter.py"
say "assertions: $(cat "$tmp/filter.txt"), listed in $OUT/excluded-branches.txt"

# 3. HTML.
genhtml -q $RC --branch-coverage --legend --title "wtkit" -o "$OUT/html" "$OUT/all.info" \
    2>&1 | grep -v 'redefined at' >&2
[ -f "$OUT/html/index.html" ] || die "genhtml wrote nothing"

# 4. The figures and the ratchet.
lcov --summary "$OUT/all.info" $RC 2>/dev/null > "$tmp/summary.txt"
fig() { sed -n "s/^ *$1\.*: \([0-9.]*\)%.*/\1/p" "$tmp/summary.txt"; }
full() { sed -n "s/^ *$1\.*: \(.*\)/\1/p" "$tmp/summary.txt"; }
lines=$(fig lines); functions=$(fig functions); branches=$(fig branches)
[ -n "$lines" ] && [ -n "$functions" ] && [ -n "$branches" ] || die "no summary from lcov"
echo "coverage: lines     $(full lines)"
echo "coverage: functions $(full functions)"
echo "coverage: branches  $(full branches)"
printf 'lines %s\nfunctions %s\nbranches %s\n' "$lines" "$functions" "$branches" \
    > "$OUT/figures.txt"
status=0
while read -r name floor; do
    case $name in ''|\#*) continue ;; esac
    got=$(sed -n "s/^$name //p" "$OUT/figures.txt")
    [ -n "$got" ] || die "coverage/ratchet: unknown figure '$name'"
    if awk -v g="$got" -v f="$floor" 'BEGIN { exit !(g + 0 < f + 0) }'; then
        echo "coverage: FAIL: $name $got% is below the ratchet's $floor% (coverage/ratchet)"
        status=1
    else
        echo "coverage: $name $got% >= ratchet $floor%"
    fi
done < coverage/ratchet
sh tools/coverage-index.sh "$OUT" "$(cat "$tmp/filter.txt")"
say "report: $OUT/index.html (lcov: $OUT/html/index.html, matrix: $OUT/matrix.html)"
exit $status
