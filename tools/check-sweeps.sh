#!/bin/sh
# check-sweeps.sh WTKIT [SEEDS] - sweeps at scale: --jobs 1 and --jobs 2 give
# byte-identical output and JSON; four shards' outcomes merge into the
# whole sweep's JSON; an adapter that hangs on one seed makes it an ERROR
# and the sweep goes on. SEEDS: 1000 (make check) or 10000 (make check-long).
set -u
wtkit=$1; n=${2:-1000}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
bad=0
t=mutant:never-resume
"$wtkit" sweep --seeds "1..$n" --transport $t --jobs 1 --json "$tmp/j1.json" > "$tmp/o1.txt"
"$wtkit" sweep --seeds "1..$n" --transport $t --jobs 2 --json "$tmp/j2.json" > "$tmp/o2.txt"
cmp -s "$tmp/j1.json" "$tmp/j2.json" || { echo "--jobs 1 and 2: JSON differs"; bad=1; }
cmp -s "$tmp/o1.txt" "$tmp/o2.txt" || { echo "--jobs 1 and 2: output differs"; bad=1; }
for k in 1 2 3 4; do
    "$wtkit" sweep --seeds "1..$n" --transport $t --shard "$k/4" --outcome "$tmp/s$k.out" \
        > /dev/null
done
"$wtkit" merge "$tmp/s1.out" "$tmp/s2.out" "$tmp/s3.out" "$tmp/s4.out" --json "$tmp/jm.json" \
    > /dev/null
cmp -s "$tmp/j1.json" "$tmp/jm.json" || { echo "four shards merged: JSON differs from the whole"; bad=1; }
out=$("$wtkit" sweep --seeds 1..5 --ops 40 --jobs 1 --adapter-timeout 1 --wall-limit 2 \
    --adapter "/usr/bin/python3 tests/data/adapters/hang_seed.py 3" 2>&1); rc=$?
printf '%s\n' "$out" | grep -q "^seed 3: ERROR" &&
    printf '%s\n' "$out" | grep -q "5 seeds: 4 passed, 0 failed, 0 skipped, 1 error" &&
    [ "$rc" -eq 3 ] || { echo "a seed that hangs an adapter: exit $rc"; printf '%s\n' "$out" | tail -n 5; bad=1; }
echo "sweeps: $n seeds, --jobs 1 = --jobs 2, 4 shards = the whole, a hung seed is an ERROR"
exit $bad
