#!/bin/sh
# coverage-commands.sh WTKIT TMPDIR - runs the command with its options the
# way users do, for `make coverage` (tools/coverage.sh): every command's
# help, the info commands, reports in every format, baselines, bad inputs,
# a plugin in and out of isolation, an adapter, failing allocations. It
# checks only that nothing crashes (exit status above 3 or a signal): the
# verdicts themselves are make check's business.
set -u
w=$1
t=$2
bad=0

# ok CMD...: runs it quietly; a signal or an exit above 3 is a failure.
ok() {
    "$@" >/dev/null 2>&1
    rc=$?
    if [ "$rc" -gt 3 ]; then
        echo "coverage-commands: exit $rc: $*"
        bad=1
    fi
}

ok "$w"
ok "$w" --help
ok "$w" --version
ok "$w" no-such-command
for c in run trace sweep explain clauses mutants matrix; do
    ok "$w" "$c" --help
done
ok "$w" clauses
ok "$w" clauses -v --profile cpython-ssl
ok "$w" clauses --check
ok "$w" clauses --markdown
ok "$w" clauses --profile nope
ok "$w" explain WT-PAUSE-STRICTLY-OVER-HIGH
ok "$w" explain WT-RESUME-AT-OR-BELOW-LOW
ok "$w" explain WT-NOPE
ok "$w" explain
ok "$w" mutants
ok "$w" mutants -v --verify conformance/scenarios/WT-LIVENESS-WAKEUP.wts
ok "$w" mutants --score
ok "$w" mutants conformance/scenarios
ok "$w" matrix -v --html "$t/matrix.html"
ok "$w" matrix --source "$t/none.c"

# Reports in every format, on a passing and a failing run.
ok "$w" run -v --junit "$t/r.xml" --json "$t/r.json" --html "$t/r.html"
ok "$w" run --transport mutant:never-resume --context 8 --junit "$t/m.xml" --json "$t/m.json" \
    --html "$t/m.html"
ok "$w" run --transport mutant:nondeterministic -v
ok "$w" run --transport mutant:pause-ge-as-gt
ok "$w" run --strict --clause WT-PAUSE-STRICTLY-OVER-HIGH --skip WT-SIZE-UNSENT
ok "$w" run --seed 7 --steps 50000 --flavor ge conformance/scenarios/WT-PAUSE-STRICTLY-OVER-HIGH.wts
ok "$w" run --profile cpython-ssl --flavor nope
ok "$w" run --clause WT-NOPE
ok "$w" run --steps 0
ok "$w" run --context 99
ok "$w" run --json /nonexistent/dir/r.json
ok "$w" trace conformance/scenarios/WT-LIVENESS-WAKEUP.wts --json "$t/t.json"
ok "$w" trace --transport mutant:lose-wakeup conformance/scenarios/WT-LIVENESS-WAKEUP.wts
ok "$w" trace conformance/scenarios
ok "$w" trace
ok "$w" sweep --seeds 1..40 --ops 120 --transport mutant:never-pause --save "$t/seeds" \
    --json "$t/s.json" --junit "$t/s.xml" --html "$t/s.html" --context 4 -v
for f in "$t"/seeds/*.wts; do
    [ -f "$f" ] && ok "$w" run "$f" && ok "$w" run --transport mutant:never-resume "$f"
    break
done
ok "$w" sweep --seeds 5..1
ok "$w" sweep --seeds 1..3 --generator 99
ok "$w" sweep --seeds 1..20 --transport mutant:lose-wakeup --steps 2000

# Baselines: write, match, a new break, a fixed one, a bad file.
ok "$w" run --transport mutant:never-resume --write-baseline "$t/b"
ok "$w" run --transport mutant:never-resume --baseline "$t/b" --json "$t/b.json" --html "$t/b.html"
ok "$w" run --transport mutant:never-pause --baseline "$t/b" --strict
printf 'WT-NO-SUCH x\n' > "$t/bad.baseline"
ok "$w" run --baseline "$t/bad.baseline"

# Bad inputs.
for f in tests/data/bad/*.wts; do
    ok "$w" run "$f"
done

# A plugin, isolated (the default) and in process; a broken one; a missing one.
cc=${CC:-cc}
if $cc -std=c11 -shared -fPIC -Iinclude -o "$t/tiny.so" tests/data/plugins/fixture_tiny.c \
        2>/dev/null; then
    ok "$w" run --transport "$t/tiny.so" --html "$t/p.html"
    ok "$w" run --no-isolate --transport "$t/tiny.so"
    ok "$w" sweep --seeds 1..10 --transport "$t/tiny.so"
fi
if $cc -std=c11 -shared -fPIC -Iinclude -DBROKEN_SEGV -o "$t/broken.so" \
        tests/data/plugins/broken.c 2>/dev/null; then
    ok "$w" run --cpu-limit 2 --transport "$t/broken.so" tests/data/plugins/broken.wts
fi
ok "$w" run --transport "$t/none.so"

# An adapter, and one that crashes; CPython's transport.
if [ -x /usr/bin/python3 ]; then
    ok "$w" run --adapter "/usr/bin/python3 adapters/python/ref_adapter.py" \
        conformance/scenarios/WT-PAUSE-STRICTLY-OVER-HIGH.wts
    ok "$w" run --transport python:selector conformance/scenarios/WT-LIVENESS-WAKEUP.wts
fi
# Adapters that fail every way the protocol knows (make check: one verdict each).
for f in crash.sh exit_early.sh flood_line.sh garbage.sh partial.sh silent.sh version.sh \
         no_mandatory.sh nest.sh slow_lines.sh partial_nl.sh twice.sh; do
    ok "$w" run --adapter-timeout 1 --adapter "sh tests/data/adapters/$f"
done
if [ -x /usr/bin/python3 ]; then
    for how in crash garbage exc; do
        ok "$w" run --adapter-timeout 2 --adapter "/usr/bin/python3 tests/data/adapters/reset_fail.py $how 1"
    done
    ok "$w" run --adapter "/usr/bin/python3 tests/data/adapters/odd.py"
    ok "$w" run --adapter "/usr/bin/python3 tests/data/adapters/chatty.py" \
        conformance/scenarios/WT-WRITE-DELIVERS.wts
    for kind in pipe ssl uvloop; do
        ok "$w" run --transport "python:$kind" conformance/scenarios/WT-CLOSE-FLUSHES.wts
    done
    ok "$w" run --all-pythons --transport python:selector conformance/scenarios/WT-IS-CLOSING.wts
    ok "$w" run --all-pythons conformance/scenarios/WT-IS-CLOSING.wts
    ok "$w" run --python /nonexistent/python3 --transport python:selector
    ok "$w" run --factory nomodule:nofunc conformance/scenarios/WT-IS-CLOSING.wts
    ok "$w" run --transport python:nope
fi

# Allocation failure at a few points of a run and a sweep.
for n in 1 5 50 500; do
    WTKIT_FAILMALLOC=$n "$w" run conformance/scenarios/WT-LIVENESS-WAKEUP.wts >/dev/null 2>&1
    WTKIT_FAILMALLOC=$n "$w" sweep --seeds 1..2 >/dev/null 2>&1
done
exit $bad
