#!/bin/sh
# shrink-mutants.sh WTKIT [DIR] - for every built-in mutant: its first seed
# (of 1..3000, then up to 30000) that fails one of its declared clauses (or
# is nondeterministic), shrunk to a 1-minimal .wts, checked to replay;
# prints the time each shrink took and the median. With DIR, writes
# DIR/<mutant>.wts where none is there yet (the regression corpus: sh
# tools/shrink-mutants.sh WTKIT conformance/regressions). make check-long.
set -u
wtkit=$1; dir=${2:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
bad=0
: > "$tmp/times"
"$wtkit" mutants > "$tmp/mutants"
for m in $(sed -n 's/^\([a-z0-9-]*\) .*/\1/p' "$tmp/mutants"); do
    declared=$(awk -v m="$m" '$1 == m { on = 1; next } on { sub(/.*must FAIL: */, "");
        sub(/   .*/, ""); print; exit }' "$tmp/mutants")
    seed=
    for range in 1..3000 3001..30000; do
        "$wtkit" sweep --transport "mutant:$m" --seeds "$range" --json "$tmp/$m.json" \
            >/dev/null 2>&1
        seed=$(python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['cases']; d=sys.argv[2].split(); \
print(next((x['seed'] for x in c if x['status'] == 'NONDETERMINISTIC' or \
any(v['verdict'] == 'FAIL' for k, v in x['clauses'].items() if k in d)), ''))" \
            "$tmp/$m.json" "$declared")
        [ -n "$seed" ] && break
    done
    if [ -z "$seed" ]; then
        echo "mutant $m: no seed of 1..30000 fails $declared (its regression case comes from the suite)"
        continue
    fi
    out="$tmp/$m.wts"
    "$wtkit" shrink --transport "mutant:$m" --seeds "$seed..$seed" -o "$out" 2> "$tmp/log" ||
        { echo "mutant $m seed $seed: shrink failed"; cat "$tmp/log"; bad=1; continue; }
    secs=$(sed -n 's/.* \([0-9.]*\) s.*/\1/p' "$tmp/log" | tail -n 1)
    echo "$secs" >> "$tmp/times"
    printf '%-28s seed %-5s %s\n' "$m" "$seed" "$(sed 's/^shrink: //' "$tmp/log" | tail -n 1)"
    "$wtkit" replay "$out" > /dev/null || { echo "mutant $m: the shrunk case does not replay"; bad=1; }
    # A nondeterministic case's minimality is not a property of the case (heap
    # addresses decide it): its replay is its check.
    grep -q "^recorded-failure NONDETERMINISTIC" "$out" ||
        "$wtkit" shrink --is-minimal "$out" > "$tmp/min" ||
        { echo "mutant $m: $(cat "$tmp/min")"; bad=1; }
    if [ -n "$dir" ] && [ ! -f "$dir/$m.wts" ]; then
        { echo "# The first failing seed ($seed) of mutant:$m, shrunk (tools/shrink-mutants.sh)."
          cat "$out"; } > "$dir/$m.wts"
    fi
done
median=$(sort -n "$tmp/times" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }')
echo "median shrink time: $median s over $(wc -l < "$tmp/times") mutants"
exit $bad
