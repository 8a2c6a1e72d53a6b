#!/bin/bash -eu
# build.sh - builds wtkit's fuzz targets as ClusterFuzzLite (and OSS-Fuzz)
# runs it: $CC $CFLAGS for every object, $CXX and $LIB_FUZZING_ENGINE for
# the link, targets without an extension in $OUT, each with <target>.dict
# and <target>_seed_corpus.zip from the scenario suite, and the world
# target's fuzz_world.options (max_len: the bytes its decoder reads). make cfl-check runs
# it here with the variables such a service sets.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=${WORK:-/tmp}/wtkit-cfl
rm -rf "$work" && mkdir -p "$work/obj" "$work/seeds"
std="-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Iconformance -I$work"
libs=$(ls sim/*.c spec/*.c conformance/*.c fuzz/decoder.c)
sh tools/embed-docs.sh "$work/docs_text.c" spec/docs/*.txt

# The library with the engine's instrumentation and sanitizers, on
# CFL_JOBS compilers. The corpus tool (seed corpora, dictionaries) links
# the same objects: no second build of the library.
# Under libFuzzer, as mk/fuzz.mk builds it (fuzz/README.md): edges are
# counted only in the code an input steers (the transports, the monitor, the
# decoder, the parsers), compares traced only where the input's own bytes
# are compared (the decoder, the parsers).
edges="sim/ref_transport.c spec/mutant.c spec/monitor.c fuzz/decoder.c conformance/wts.c"
edges="$edges conformance/adapter_wire.c conformance/hosted_wire.c"
cmp="fuzz/decoder.c conformance/wts.c conformance/adapter_wire.c conformance/hosted_wire.c"
for f in $libs "$work/docs_text.c" fuzz/corpus.c; do
    extra=""
    if [ "${FUZZING_ENGINE:-}" = libfuzzer ] && [[ " $edges " != *" $f "* ]]; then
        extra="-fno-sanitize=fuzzer-no-link"
    elif [ "${FUZZING_ENGINE:-}" = libfuzzer ] && [[ " $cmp " != *" $f "* ]]; then
        extra="-fno-sanitize-coverage=trace-cmp,indirect-calls"
    fi
    $CC $CFLAGS $extra $std -c "$f" -o "$work/obj/$(echo "$f" | tr '/' '_').o" &
    [ "$(jobs -r | wc -l)" -ge "${CFL_JOBS:-2}" ] && wait -n
done
wait
mv "$work/obj/fuzz_corpus.c.o" "$work/corpus.o"
ar rcs "$work/libwt-fuzz.a" "$work"/obj/*.o
$CXX $CXXFLAGS "$work/corpus.o" "$work/libwt-fuzz.a" -ldl -o "$work/wt-fuzz-corpus"

# The world target's allocator (fuzz/keep_alloc.c): harness code, no coverage.
keep=""
[ "${FUZZING_ENGINE:-}" = libfuzzer ] && keep="-fno-sanitize=fuzzer-no-link"
$CC $CFLAGS $keep $std -c fuzz/keep_alloc.c -o "$work/keep_alloc.o"
for t in world wts wire; do
    extra=""
    [ "$t" = world ] && extra="$work/keep_alloc.o"
    ( $CC $CFLAGS $std -c "fuzz/fuzz_$t.c" -o "$work/fuzz_$t.o" &&
        $CXX $CXXFLAGS "$work/fuzz_$t.o" $extra "$work/libwt-fuzz.a" $LIB_FUZZING_ENGINE -ldl \
            -o "$OUT/fuzz_$t" ) &
    [ "$(jobs -r | wc -l)" -ge "${CFL_JOBS:-2}" ] && wait -n
done
wait
for t in world wts wire; do
    [ -x "$OUT/fuzz_$t" ] || { echo "build.sh: fuzz_$t was not built" >&2; exit 1; }
done

mkdir -p "$work/seeds/world" "$work/seeds/wts" "$work/seeds/wire"
"$work/wt-fuzz-corpus" world "$work/seeds/world" conformance/scenarios/*.wts
cp conformance/scenarios/*.wts "$work/seeds/wts/"
cp fuzz/corpus/wire/* "$work/seeds/wire/"
"$work/wt-fuzz-corpus" dict world > "$OUT/fuzz_world.dict"
"$work/wt-fuzz-corpus" options world > "$OUT/fuzz_world.options"
"$work/wt-fuzz-corpus" dict wts > "$OUT/fuzz_wts.dict"
cp "$OUT/fuzz_wts.dict" "$OUT/fuzz_wire.dict"
for t in world wts wire; do
    rm -f "$OUT/fuzz_${t}_seed_corpus.zip"
    (cd "$work/seeds/$t" && python3 -m zipfile -c "$OUT/fuzz_${t}_seed_corpus.zip" ./*)
done
