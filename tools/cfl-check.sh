#!/bin/sh
# cfl-check.sh - what ClusterFuzzLite's build check does, without Docker:
# runs .clusterfuzzlite/build.sh with the variables the service sets
# (libFuzzer, ASan + UBSan), checks what it left in $OUT (targets without
# an extension, each with a .dict and a _seed_corpus.zip), runs every
# target once over its seed corpus and a short libFuzzer run on it, and
# checks that the workflow files parse as YAML. make cfl-check.
set -u
root=$(pwd)
base=$root/build/cfl
rm -rf "$base" && mkdir -p "$base/out" "$base/work" "$base/src" || exit 2
export OUT=$base/out WORK=$base/work SRC=$base/src
export CC=clang CXX=clang++ SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer
t0=$(date +%s)
bash .clusterfuzzlite/build.sh >"$base/build.log" 2>&1 || { tail -n 20 "$base/build.log"; exit 1; }
echo "build.sh: ok in $(( $(date +%s) - t0 )) s"
ok=0
for t in fuzz_world fuzz_wts fuzz_wire; do
    [ -x "$OUT/$t" ] && [ -s "$OUT/$t.dict" ] && [ -s "$OUT/${t}_seed_corpus.zip" ] ||
        { echo "$t: target, .dict or _seed_corpus.zip missing"; ok=1; continue; }
    seeds=$base/seeds/$t
    mkdir -p "$seeds" && (cd "$seeds" && python3 -m zipfile -e "$OUT/${t}_seed_corpus.zip" .)
    n=$(ls "$seeds" | wc -l)
    # -runs=0 with a directory: every seed once (what the service's check does).
    "$OUT/$t" -runs=0 "$seeds" >"$base/$t.seeds.log" 2>&1 ||
        { echo "$t: its seed corpus fails"; tail -n 15 "$base/$t.seeds.log"; ok=1; continue; }
    # A short run from the seeds: it must not crash, and gives exec/s.
    mkdir -p "$base/corpus/$t"
    "$OUT/$t" -max_total_time=3 -timeout=25 -rss_limit_mb=2560 -dict="$OUT/$t.dict" \
        "$base/corpus/$t" "$seeds" >"$base/$t.run.log" 2>&1 ||
        { echo "$t: crashed"; tail -n 20 "$base/$t.run.log"; ok=1; continue; }
    rate=$(grep -o 'exec/s: [0-9]*' "$base/$t.run.log" | tail -n 1)
    echo "$t: $n seeds ok; 3 s of libFuzzer (ASan+UBSan): ${rate:-exec/s: ?}"
done
for y in .github/workflows/cflite_pr.yml .github/workflows/cflite_batch.yml .clusterfuzzlite/project.yaml; do
    python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$y" ||
        { echo "$y: not YAML"; ok=1; }
done
exit $ok
