#!/bin/sh
# failmalloc.sh WTKIT [--short] - fails every allocation of a session once,
# in turn (WTKIT_FAILMALLOC=N), and checks that each gives one message
# naming the kit, exit 3, no crash and (under ASan) no leak. --short: one
# scenario, one trace and a two-seed sweep (make check); without it, the
# whole suite (make failmalloc). STRIDE=K tries every Kth allocation only.
set -u
wtkit=$1; short=${2:-}
stride=${STRIDE:-1}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86}; export ASAN_OPTIONS
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
bad=0; total=0

# One command, every allocation failed in turn.
sweep_allocs() {
    n=1
    while :; do
        WTKIT_FAILMALLOC=$n "$wtkit" "$@" >/dev/null 2>"$tmp/err"; rc=$?
        if grep -q "failmalloc: .* none failed" "$tmp/err"; then
            break
        fi
        total=$((total + 1))
        lines=$(wc -l < "$tmp/err")
        if [ "$rc" -ne 3 ] || [ "$lines" -ne 1 ] || ! grep -q "^wtkit: " "$tmp/err"; then
            echo "WTKIT_FAILMALLOC=$n wtkit $*: exit $rc, stderr:"; head -n 5 "$tmp/err"; bad=1
        fi
        n=$((n + stride))
        [ "$n" -gt 200000 ] && { echo "wtkit $*: no end of allocations?"; bad=1; break; }
    done
}

if [ "$short" = --short ]; then
    sweep_allocs run conformance/scenarios/WT-LIVENESS-WAKEUP.wts
    sweep_allocs trace conformance/scenarios/WT-RESUME-AT-OR-BELOW-LOW.wts --transport mutant:never-resume
    sweep_allocs sweep --seeds 1..2 --ops 40
else
    sweep_allocs run
    sweep_allocs run --transport mutant:never-resume --context 3
    sweep_allocs sweep --seeds 1..20
fi
echo "failmalloc: $total failed allocations, each one message and exit 3"
exit $bad
