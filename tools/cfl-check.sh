#!/bin/sh
# cfl-check.sh - what ClusterFuzzLite's build check does, without Docker:
# runs .clusterfuzzlite/build.sh with the variables the service sets
# (libFuzzer, ASan + UBSan), checks what it left in $OUT (targets without
# an extension, each with a .dict and a _seed_corpus.zip), runs every
# target once over its seed corpus and a short libFuzzer run on it, checks
# that the service's world target finds a planted bug (mutant:never-pause,
# from a blank seed) and that its crash file shrinks to a .wts that
# replays, and checks that the workflow files parse as YAML. make cfl-check; make check
# runs it too. A machine without clang, libFuzzer or PyYAML is a SKIP
# (exit 0) with the reason (make deps installs them).
#
# Speed (make check): build.sh compiles on every core (CFL_JOBS), and the
# three targets run side by side, each for CFL_SECONDS (2) of fuzzing.
set -u
root=$(pwd)
base=$root/build/cfl
py=/usr/bin/python3
secs=${CFL_SECONDS:-2}
jobs=${CFL_JOBS:-$(nproc 2>/dev/null || echo 2)}

skip() { echo "SKIP: $*"; exit 0; }
command -v clang >/dev/null && command -v clang++ >/dev/null ||
    skip "clang/clang++ not installed (make deps)"
[ -x "$py" ] && "$py" -c 'import yaml, zipfile' 2>/dev/null ||
    skip "$py with PyYAML not installed (make deps: python3-yaml)"
rm -rf "$base" && mkdir -p "$base/out" "$base/work" "$base/src" || exit 2
# libFuzzer is a compiler-rt library: a one-line target must link with it.
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
    'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
    > "$base/probe.c"
clang -fsanitize=fuzzer,address,undefined "$base/probe.c" -o "$base/probe" >/dev/null 2>&1 ||
    skip "clang cannot link -fsanitize=fuzzer,address,undefined (make deps: libclang-rt-14-dev)"

export OUT=$base/out WORK=$base/work SRC=$base/src CFL_JOBS=$jobs
export CC=clang CXX=clang++ SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer
t0=$(date +%s)
bash .clusterfuzzlite/build.sh >"$base/build.log" 2>&1 || { tail -n 20 "$base/build.log"; exit 1; }
echo "build.sh: ok in $(( $(date +%s) - t0 )) s"

# One target: its files in $OUT, every seed once, then a short run. Writes
# its verdict line to $base/$t.result; exit status 0 when it passed.
one() {
    t=$1
    r=$base/$t.result
    [ -x "$OUT/$t" ] && [ -s "$OUT/$t.dict" ] && [ -s "$OUT/${t}_seed_corpus.zip" ] ||
        { echo "$t: target, .dict or _seed_corpus.zip missing" > "$r"; return 1; }
    seeds=$base/seeds/$t
    mkdir -p "$seeds" && (cd "$seeds" && "$py" -m zipfile -e "$OUT/${t}_seed_corpus.zip" .)
    n=$(ls "$seeds" | wc -l)
    # -runs=0 with a directory: every seed once (what the service's check does).
    if ! "$OUT/$t" -runs=0 -artifact_prefix="$base/$t-" "$seeds" >"$base/$t.seeds.log" 2>&1; then
        { echo "$t: its seed corpus fails"; tail -n 15 "$base/$t.seeds.log"; } > "$r"
        return 1
    fi
    # A short run from the seeds, with the target's options as the service
    # passes them: it must not crash, and gives exec/s.
    opts=""
    if [ -f "$OUT/$t.options" ]; then
        opts=$(sed -n 's/^ *\([a-z_]*\) *= *\([0-9][0-9]*\) *$/-\1=\2/p' "$OUT/$t.options")
        [ -n "$opts" ] || { echo "$t: $t.options names no option" > "$r"; return 1; }
    elif [ "$t" = fuzz_world ]; then
        echo "$t: $t.options missing" > "$r"; return 1
    fi
    mkdir -p "$base/corpus/$t"
    # shellcheck disable=SC2086 # $opts: one word per option
    if ! "$OUT/$t" $opts -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -dict="$OUT/$t.dict" \
        -artifact_prefix="$base/$t-" "$base/corpus/$t" "$seeds" >"$base/$t.run.log" 2>&1; then
        { echo "$t: crashed (the input: $base/$t-crash-*)"; grep -v '^INFO\|^#' "$base/$t.run.log" |
            head -n 20; } > "$r"
        return 1
    fi
    rate=$(grep -o 'exec/s: [0-9]*' "$base/$t.run.log" | tail -n 1)
    echo "$t: $n seeds ok; $secs s of libFuzzer (ASan+UBSan): ${rate:-exec/s: ?}" > "$r"
}

# The service's world target finds a planted bug: libFuzzer from a blank
# seed (the drain only) against mutant:never-pause stops at its first crash
# (seconds; PLANT_SECONDS bounds it), and the crash file, as the service
# would report it, becomes a shrunk .wts that replays (wtkit, when built).
planted() {
    r=$base/planted.result
    d=$base/planted
    mkdir -p "$d/corpus" "$d/seed" && printf '\n' > "$d/seed/drain-only"
    opts=$(sed -n 's/^ *\([a-z_]*\) *= *\([0-9][0-9]*\) *$/-\1=\2/p' "$OUT/fuzz_world.options")
    # shellcheck disable=SC2086 # $opts: one word per option
    FUZZ_TRANSPORT=mutant:never-pause "$OUT/fuzz_world" $opts -seed=1 \
        -max_total_time="${PLANT_SECONDS:-120}" -dict="$OUT/fuzz_world.dict" \
        -artifact_prefix="$d/" "$d/corpus" "$d/seed" >"$d/run.log" 2>&1
    c=$(ls "$d"/crash-* 2>/dev/null | head -n 1)
    [ -n "$c" ] || { echo "planted bug: fuzz_world did not find mutant:never-pause" \
        "in ${PLANT_SECONDS:-120} s ($d/run.log)" > "$r"; return 1; }
    execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$d/run.log" | tail -n 1)
    wtkit=${WTKIT:-$root/build/bin/wtkit}
    if [ ! -x "$wtkit" ]; then
        echo "planted bug: mutant:never-pause found after ${execs:-?} executions" \
            "(not shrunk: $wtkit not built)" > "$r"
        return 0
    fi
    if ! "$wtkit" shrink --fuzz-input --transport mutant:never-pause "$c" -o "$d/finding.wts" \
        >"$d/shrink.log" 2>&1 || ! "$wtkit" replay "$d/finding.wts" >"$d/replay.log" 2>&1; then
        { echo "planted bug: the crash file does not shrink to a .wts that replays"
          tail -n 5 "$d/shrink.log" "$d/replay.log"; } > "$r"
        return 1
    fi
    echo "planted bug: mutant:never-pause found after ${execs:-?} executions;" \
        "shrunk to a .wts of $(grep -c . "$d/finding.wts") lines that replays" > "$r"
}

pids=""
for t in fuzz_world fuzz_wts fuzz_wire; do
    : > "$base/$t.result"
    one "$t" & pids="$pids $!"
done
: > "$base/planted.result"
planted & pids="$pids $!"
ok=0
for p in $pids; do
    wait "$p" || ok=1
done
for t in fuzz_world fuzz_wts fuzz_wire planted; do
    cat "$base/$t.result"
done
for y in .github/workflows/cflite_pr.yml .github/workflows/cflite_batch.yml .clusterfuzzlite/project.yaml; do
    "$py" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$y" ||
        { echo "$y: not YAML"; ok=1; }
done
echo "cfl-check: $([ $ok -eq 0 ] && echo ok || echo FAILED) in $(( $(date +%s) - t0 )) s"
exit $ok
