#!/bin/sh
# check.sh CC CCNAME - runs every check of `make check` after the builds and
# ends with one plain "N passed, N failed" line that counts every check:
# each cmocka test (plain and under ASan+UBSan) and each product-level check.
# Quiet: one line per program, full output for failures (V=1: always).
set -u
cc=$1; ccname=$2
passed=0; failed=0; failures=""

# Runs one cmocka program, adds its counts; prints its output.
run_cmocka() {
    label=$1; bin=$2
    t0=$(date +%s%N)
    out=$("$bin" 2>&1); rc=$?
    [ "${V:-0}" = 1 ] && printf '%s\n' "$out" | sed "s|^|[$label] |"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    p=${p:-0}; f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1  # crashed before its summary
    fi
    passed=$((passed + p)); failed=$((failed + f))
    echo "[$label] $(basename "$bin"): $p passed, $f failed ($(elapsed "$t0"))"
    if [ "$f" -gt 0 ]; then
        failures="$failures $label:$(basename "$bin")"
        [ "${V:-0}" = 1 ] || printf '%s\n' "$out" | sed "s|^|[$label]   |"
    fi
    return 0
}

# Runs one product-level check (a command that exits 0 on success).
# Each line carries its wall time: the budget of make check is 10 minutes.
run_check() {
    name=$1; shift
    t0=$(date +%s%N)
    if out=$("$@" 2>&1); then
        passed=$((passed + 1)); echo "[check] PASS $name ($(elapsed "$t0"))"
    else
        failed=$((failed + 1)); failures="$failures $name"
        printf '%s\n' "$out" | tail -n 30 | sed 's/^/[check]   /'
        echo "[check] FAIL $name ($(elapsed "$t0"))"
    fi
}

elapsed() {
    echo "$1 $(date +%s%N)" | awk '{ printf "%.1f s", ($2 - $1) / 1e9 }'
}

# Two lanes on the machine's two cores: the cmocka programs (plain, then
# under ASan+UBSan) run in the background while the product checks run
# here. They share no files: the programs only read their own binaries and
# make their temporaries with mkstemp. The lane's lines come after the
# checks', and its counts join the total.
lane=$(mktemp -d) || exit 1
(
    for mode in release asan; do
        dir="build/$ccname-$mode/tests"
        for t in "$dir"/test_*; do
            [ -x "$t" ] || continue
            run_cmocka "$mode" "$t"
        done
    done > "$lane/out"
    echo "$passed $failed$failures" > "$lane/counts"
) &
cmocka_pid=$!

wtkit="build/$ccname-release/bin/wtkit"
if [ -x tools/product-checks.sh ] || [ -f tools/product-checks.sh ]; then
    . tools/product-checks.sh
fi

run_check "determinism (gcc, clang x -O0, -O2)" sh tools/determinism.sh

wait "$cmocka_pid"
cat "$lane/out"
if read -r lp lf lfailures < "$lane/counts"; then
    passed=$((passed + lp)); failed=$((failed + lf))
    failures="$failures${lfailures:+ $lfailures}"
else
    failed=$((failed + 1)); failures="$failures cmocka-lane"
    echo "[cmocka] the lane of the cmocka programs ended without its counts"
fi
rm -rf "$lane"

echo
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
