# product-checks.sh - sourced by check.sh: the checks beyond the cmocka
# programs. Each is one run_check NAME COMMAND... line; $wtkit is the built
# command. The helpers below are POSIX sh and run from the repository root.

# Every bad-input fixture exits 2 with exactly its expected first stderr
# line (FILE.err); a 1 MB line and a directory without scenarios too.
check_bad_inputs() {
    ok=0
    for f in tests/data/bad/*.wts; do
        err=$("$wtkit" run "$f" 2>&1 >/dev/null); rc=$?
        want=$(cat "${f%.wts}.err")
        got=$(printf '%s\n' "$err" | head -n 1)
        if [ "$rc" -ne 2 ] || [ "$got" != "$want" ]; then
            echo "$f: exit $rc, got: $got"; echo "    want: $want"; ok=1
        fi
    done
    tmp=$(mktemp -d) || return 1
    { printf 'write 1\n'; head -c 1048576 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$tmp/long.wts"
    err=$("$wtkit" run "$tmp/long.wts" 2>&1 >/dev/null); rc=$?
    want="$tmp/long.wts:2: line too long (1048576 bytes; at most 4096)"
    [ "$rc" -eq 2 ] && [ "$err" = "$want" ] || { echo "1 MB line: exit $rc: $err"; ok=1; }
    "$wtkit" run tests/data/bad/no-scenarios >/dev/null 2>&1; rc=$?
    [ "$rc" -eq 2 ] || { echo "directory without scenarios: exit $rc"; ok=1; }
    "$wtkit" run --no-such-option >/dev/null 2>&1; rc=$?
    [ "$rc" -eq 2 ] || { echo "unknown option: exit $rc"; ok=1; }
    rm -rf "$tmp"
    return $ok
}

# The JUnit and JSON reports are well-formed, on a clean and a failing run.
check_reports() {
    tmp=$(mktemp -d) || return 1
    "$wtkit" run --junit "$tmp/r.xml" --json "$tmp/r.json" >/dev/null &&
        xmllint --noout "$tmp/r.xml" && python3 -m json.tool "$tmp/r.json" >/dev/null &&
        "$wtkit" run --transport mutant:never-resume --junit "$tmp/m.xml" --json "$tmp/m.json" \
            >/dev/null
    rc=$?
    if [ "$rc" -eq 1 ]; then
        xmllint --noout "$tmp/m.xml" && python3 -m json.tool "$tmp/m.json" >/dev/null &&
            grep -q 'WT-RESUME-AT-OR-BELOW-LOW' "$tmp/m.xml" && rc=0
    else
        echo "mutant:never-resume: exit $rc (want 1)"; rc=1
    fi
    rm -rf "$tmp"
    return $rc
}

# A mutant's run exits 1 and its output names the given text.
check_caught() {
    out=$("$wtkit" run --transport "mutant:$1"); rc=$?
    [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q -- "$2"
}

run_check "wtkit --help" "$wtkit" --help
run_check "wtkit --version" "$wtkit" --version
run_check "wtkit clauses --check (every docs sentence has a clause)" "$wtkit" clauses --check
run_check "wtkit run: the suite on the reference (docs)" "$wtkit" run
run_check "wtkit run --strict (docs)" "$wtkit" run --strict
run_check "wtkit run --strict --profile cpython-selector" "$wtkit" run --strict --profile cpython-selector
run_check "wtkit run --strict --profile cpython-pipe" "$wtkit" run --strict --profile cpython-pipe
run_check "wtkit run --strict --profile uvloop" "$wtkit" run --strict --profile uvloop
run_check "wtkit run --strict --profile cpython-ssl" "$wtkit" run --strict --profile cpython-ssl
run_check "wtkit mutants --verify (each FAILs exactly its declared clauses)" "$wtkit" mutants --verify
run_check "nondeterministic mutant: NONDETERMINISTIC verdict" check_caught nondeterministic NONDETERMINISTIC
run_check "lose-wakeup mutant: WT-LIVENESS-WAKEUP FAIL" check_caught lose-wakeup "WT-LIVENESS-WAKEUP .*FAIL"
run_check "reports: JUnit passes xmllint, JSON passes json.tool" check_reports
run_check "bad input: FILE:LINE message and exit 2, never a crash" check_bad_inputs
run_check "wtkit trace one scenario" "$wtkit" trace conformance/scenarios/WT-LIVENESS-WAKEUP.wts
run_check "wtkit explain" "$wtkit" explain WT-PAUSE-STRICTLY-OVER-HIGH

# Every adapter failure fixture gets its own verdict, exit 3 and a bounded wall time.
check_adapter_failures() {
    ok=0
    for pair in crash.sh:crashed exit_early.sh:exited flood_line.sh:flood garbage.sh:garbage \
                partial.sh:partial silent.sh:timeout version.sh:version no_mandatory.sh:mandatory; do
        f=${pair%%:*}; want=${pair#*:}
        err=$("$wtkit" run --adapter-timeout 1 --adapter "sh tests/data/adapters/$f" 2>&1 >/dev/null)
        rc=$?
        if [ "$rc" -ne 3 ] || ! printf '%s\n' "$err" | grep -q -- "$want"; then
            echo "$f: exit $rc (want 3), no '$want' in: $err"; ok=1
        fi
    done
    return $ok
}

# The pure-Python reference adapter passes the suite like the C reference.
check_python_reference_adapter() {
    [ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not installed"; return 0; }
    "$wtkit" run --strict --adapter "/usr/bin/python3 adapters/python/ref_adapter.py"
}

run_check "adapter failures: one verdict each, exit 3" check_adapter_failures
run_check "wtkit run --adapter (the Python reference adapter)" check_python_reference_adapter

# Baselines: one that matches passes; a new break fails and is named; a fixed
# entry is reported, and fails only under --strict; DIR finds the file by
# transport and profile.
check_baselines() {
    tmp=$(mktemp -d) || return 1
    ok=0
    t=mutant:never-resume
    "$wtkit" run --transport $t --write-baseline "$tmp/b" >/dev/null
    "$wtkit" run --transport $t --baseline "$tmp/b" >/dev/null || { echo "match: exit $?"; ok=1; }
    grep -v '^WT-RESUME-AT-OR-BELOW-LOW ' "$tmp/b" > "$tmp/new"
    out=$("$wtkit" run --transport $t --baseline "$tmp/new"); rc=$?
    [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q '^NEW    WT-RESUME-AT-OR-BELOW-LOW' ||
        { echo "new break: exit $rc"; ok=1; }
    { cat "$tmp/b"; echo "WT-LOST-EXACTLY-ONCE  pretend it was broken"; } > "$tmp/fixed"
    out=$("$wtkit" run --transport $t --baseline "$tmp/fixed"); rc=$?
    [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^FIXED  WT-LOST-EXACTLY-ONCE' ||
        { echo "fixed: exit $rc"; ok=1; }
    "$wtkit" run --transport $t --strict --baseline "$tmp/fixed" >/dev/null
    [ $? -eq 1 ] || { echo "fixed under --strict: not exit 1"; ok=1; }
    mkdir "$tmp/dir" && cp "$tmp/b" "$tmp/dir/mutant-never-resume.docs.baseline"
    "$wtkit" run --transport $t --baseline "$tmp/dir" >/dev/null || { echo "dir: exit $?"; ok=1; }
    printf 'WT-NO-SUCH-CLAUSE x\n' > "$tmp/bad"
    err=$("$wtkit" run --transport $t --baseline "$tmp/bad" 2>&1 >/dev/null); rc=$?
    [ "$rc" -eq 2 ] && printf '%s\n' "$err" | grep -q "$tmp/bad:1: unknown clause" ||
        { echo "bad baseline: exit $rc: $err"; ok=1; }
    rm -rf "$tmp"
    return $ok
}

# The example out-of-tree plugin builds against an installed kit through
# pkg-config and keeps its committed baseline.
check_example_plugin() {
    tmp=$(mktemp -d) || return 1
    make --no-print-directory -s install PREFIX="$tmp/inst" >/dev/null &&
        cp -r examples/plugin-transport "$tmp/ex" &&
        PKG_CONFIG_PATH="$tmp/inst/lib/pkgconfig" make --no-print-directory -s -C "$tmp/ex" \
            >/dev/null &&
        "$tmp/inst/bin/wtkit" run --transport "$tmp/ex/tiny_transport.so" \
            --baseline examples/plugin-transport/baselines >/dev/null
    rc=$?
    rm -rf "$tmp"
    return $rc
}

run_check "baselines: match, new break, fix, --strict, DIR, bad file" check_baselines
run_check "example plugin: built via pkg-config, run against its baseline" check_example_plugin

# docs/clauses.md's table is the catalog itself: regenerate it with
#   wtkit clauses --markdown   (and paste over the table) when a row changes.
check_clauses_doc() {
    tmp=$(mktemp) || return 1
    "$wtkit" clauses --markdown > "$tmp" &&
        sed -n '/^| ID | kind |/,$p' docs/clauses.md | diff - "$tmp"
    rc=$?
    rm -f "$tmp"
    return $rc
}
run_check "docs/clauses.md matches the catalog (wtkit clauses --markdown)" check_clauses_doc

# CPython's and uvloop's real transports, every installed interpreter, the
# family profile and docs: what each breaks equals its committed baseline
# (adapters/python/baselines; `make baselines` rewrites them). A missing
# interpreter or uvloop is a SKIP inside the run and still exits 0.
check_python_matrix() {
    [ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not installed"; return 0; }
    ok=0
    for pair in selector:cpython-selector pipe:cpython-pipe ssl:cpython-ssl uvloop:uvloop; do
        kind=${pair%%:*}
        for profile in ${pair#*:} docs; do
            out=$("$wtkit" run --transport "python:$kind" --all-pythons --profile "$profile" \
                --baseline adapters/python/baselines 2>&1); rc=$?
            if [ "$rc" -ne 0 ]; then
                echo "python:$kind --profile $profile: exit $rc"
                printf '%s\n' "$out" | grep -E '^(==|NEW|FIXED|SKIP|wtkit:)|ERROR' | head -n 20
                ok=1
            fi
        done
    done
    return $ok
}
run_check "CPython and uvloop transports match their baselines (all interpreters)" check_python_matrix

# In process (the `host` feature) and over the line protocol, the same
# traces; a crashing transport is its scenario's CRASH.
run_check "Python in process: the line protocol's traces, a crash is a CRASH" \
    python3 tests/hosted_agreement.py "$wtkit"
# Argument kinds are built for real: a transport that keeps the caller's
# bytearray FAILs under the overwritten/cleared kinds and passes with bytes.
run_check "argument kinds: a kept bytearray is caught, a refused view is allowed" \
    python3 tests/kinds_agreement.py "$wtkit"
# A transport over sock_sendall/sock_recv that departs only in GLib's loop
# order: found under `loop order io-first`, and only there.
run_check "loop order: a GLib-only departure is found under io-first only" \
    python3 tests/glib_order.py "$wtkit"
# `sock sendmsg off` / `sock iovmax N` reach CPython's socket transport.
# (make check-long runs it on every interpreter: tests/platform_paths.py)
# uvloop resumes only when a write completes: shown on a real socketpair,
# and the gap that keeps the kit's bridge from posing it.
run_check "uvloop: resume only at a completed write (a probe on a real socketpair)" \
    /usr/bin/python3 tests/uvloop_partial_accept.py
# Each departure in docs/findings/KIND/ still shows, and sweeps sort into them.
run_check "findings: sweep FAILs sort into the shrunk departures" \
    python3 tests/tools/test_trophies.py "$wtkit" --no-table
# wtkit.check / wtkit.sweep on every CPython; pytest items per scenario.
run_check "Python API and pytest items (the README's command verbatim)" python3 tests/python_api.py

# Plugins that do not fit the ABI are refused with a message and exit 3.
check_bad_plugins() {
    tmp=$(mktemp -d) || return 1
    ok=0
    for pair in bad_abi:"ABI version" no_symbol:"does not export" missing_slot:"mandatory slot"; do
        name=${pair%%:*}; want=${pair#*:}
        ${CC:-cc} -std=c11 -shared -fPIC -Iinclude -o "$tmp/$name.so" "tests/data/plugins/$name.c" ||
            { ok=1; continue; }
        err=$("$wtkit" run --transport "$tmp/$name.so" 2>&1 >/dev/null); rc=$?
        if [ "$rc" -ne 3 ] || ! printf '%s\n' "$err" | grep -q "$want"; then
            echo "$name: exit $rc (want 3), no '$want' in: $err"; ok=1
        fi
    done
    err=$("$wtkit" run --transport "$tmp/nonexistent.so" 2>&1 >/dev/null); rc=$?
    [ "$rc" -eq 3 ] || { echo "nonexistent plugin: exit $rc: $err"; ok=1; }
    rm -rf "$tmp"
    return $ok
}
run_check "plugins: wrong ABI, missing symbol, missing slot, no file: exit 3" check_bad_plugins

# Seed sweeps: generated op sequences on the reference keep every MUST clause
# of every profile; the same sweep catches a mutant (so the check can fail).
check_sweeps() {
    ok=0
    for p in docs cpython-selector cpython-pipe cpython-ssl uvloop; do
        out=$("$wtkit" sweep --seeds 1..300 --profile "$p") ||
            { printf '%s\n' "$out" | grep -E '^seed|^  replay' | head -n 6; ok=1; }
    done
    "$wtkit" sweep --seeds 1..100 --transport mutant:never-pause >/dev/null
    [ $? -eq 1 ] || { echo "sweep did not catch mutant:never-pause"; ok=1; }
    return $ok
}
run_check "wtkit sweep: 300 seeds per profile on the reference; a mutant is caught" check_sweeps

# Every command takes exactly the options its generated --help lists.
run_check "options: accepted iff listed in the command's --help" sh tools/check-options.sh "$wtkit"

# One outcome: sweep, sweep --save + run, trace and JSON agree on status,
# first failing event and reason; skipped scenarios never name a FAIL.
check_session_agreement() {
    tmp=$(mktemp -d) || return 1
    ${CC:-cc} -std=c11 -shared -fPIC -Iinclude -o "$tmp/fixture.so" \
        tests/data/plugins/fixture_tiny.c &&
        python3 tests/session_agreement.py "$wtkit" "$tmp/fixture.so"
    rc=$?
    rm -rf "$tmp"
    return $rc
}
run_check "session: one outcome through sweep, save + run, trace and JSON" check_session_agreement

# tools/symcycles.sh tells a cycle between object files from a chain, on
# tiny objects built for the test.
run_check "tools/symcycles.sh: finds cycles in tiny objects, passes a chain" \
    sh tests/tools/test_symcycles.sh

# No cycle between the objects of conformance/, the command's included.
# (The objects of today's sources: a build directory may hold stale ones.)
conformance_objs=$(ls conformance/*.c conformance/cli/*.c |
    sed "s|^|build/$ccname-release/obj/|; s|\.c\$|.o|")
# shellcheck disable=SC2086
run_check "no cycle between conformance/ objects (tools/symcycles.sh)" \
    sh tools/symcycles.sh $conformance_objs

# The re-entrancy matrix (conformance/scenarios/reentrancy/) is generated:
# every callback x call cell is there, and each file is the script's output.
run_check "re-entrancy matrix: every cell, as tools/gen_reentrancy.py writes it" \
    python3 tools/gen_reentrancy.py --check

# No comment, doc, catalog row or message points at a file outside the
# repository (the notes the kit was written from live next to it).
run_check "no pointer outside the repository (tools/outside-refs.sh)" sh tools/outside-refs.sh

# Broken plugins (tests/data/plugins/broken.c, one -DBROKEN_* each) get
# their verdict from an isolated run, as plugins are by default: the exit
# status and the words in tests/data/plugins/broken.expect, never exit 0
# and never a signal.
check_broken_plugins() {
    tmp=$(mktemp -d) || return 1
    ok=0
    while read -r variant want words; do
        case $variant in ''|\#*) continue ;; esac
        so="$tmp/broken_$variant.so"
        ${CC:-cc} -std=c11 -shared -fPIC -Iinclude -Wno-free-nonheap-object \
            "-DBROKEN_$variant" -o "$so" tests/data/plugins/broken.c || { ok=1; continue; }
        for mode in --isolate ""; do
            out=$("$wtkit" run $mode --cpu-limit 1 --transport "$so" \
                tests/data/plugins/broken.wts 2>&1); rc=$?
            if [ "$rc" -ne "$want" ] || ! printf '%s\n' "$out" | grep -qE -- "$words"; then
                echo "$variant ${mode:-(default)}: exit $rc (want $want), no '$words' in:"
                printf '%s\n' "$out" | tail -n 5; ok=1
            fi
        done
    done < tests/data/plugins/broken.expect
    rm -rf "$tmp"
    return $ok
}
run_check "broken plugins: each its verdict (CRASH, HANG, FAIL), exit 1, isolated" check_broken_plugins

# A run's budgets: a transport that buffers past 256 MiB, or a spin that
# every loop op meets again (2^24 iterations in all), is a HANG naming the
# budget, exit 1, in bounded time.
check_budgets() {
    tmp=$(mktemp -d) || return 1
    ${CC:-cc} -std=c11 -shared -fPIC -Iinclude -o "$tmp/fixture.so" \
        tests/data/plugins/fixture_tiny.c || return 1
    ok=0
    out=$("$wtkit" run tests/data/budget/buffer.wts 2>&1); rc=$?
    [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "HANG: run budget: the transport buffers" ||
        { echo "buffer budget: exit $rc"; printf '%s\n' "$out" | tail -n 4; ok=1; }
    out=$("$wtkit" run --transport "$tmp/fixture.so" tests/data/budget/work.wts 2>&1); rc=$?
    [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "HANG: run budget: more than" ||
        { echo "work budget: exit $rc"; printf '%s\n' "$out" | tail -n 4; ok=1; }
    rm -rf "$tmp"
    return $ok
}
run_check "budgets: buffered bytes and loop iterations per run end in a HANG" check_budgets

# Adapters under attack: each fixture ends in its own verdict (in the
# report or on stderr), exit 3, within its timeout plus a few seconds:
# FIXTURE:KIND:TIMEOUT. The reset fixtures fail the first reset (the flavor
# probe); failures of a later reset are in tests/unit/test_adapter.c.
check_adapter_bounds() {
    ok=0
    for triple in nest.sh:nesting:1 slow_lines.sh:timeout:1 flood_bytes.sh:flood:10 \
                  partial_nl.sh:partial:1 twice.sh:garbage:1 \
                  "reset_fail.py crash 1:crashed:5" "reset_fail.py garbage 1:garbage:5" \
                  "reset_fail.py exc 1:reset:5"; do
        f=${triple%%:*}; rest=${triple#*:}; want=${rest%%:*}; secs=${rest#*:}
        case $f in *.py*) cmd="/usr/bin/python3 tests/data/adapters/$f" ;; *) cmd="sh tests/data/adapters/$f" ;; esac
        t0=$(date +%s)
        out=$("$wtkit" run --adapter-timeout "$secs" --adapter "$cmd" 2>&1); rc=$?
        took=$(($(date +%s) - t0))
        if [ "$rc" -ne 3 ] || ! printf '%s\n' "$out" | grep -q -- "$want: "; then
            echo "$f: exit $rc (want 3), no '$want: ' in:"; printf '%s\n' "$out" | grep -v '  0 *$' | tail -n 5
            ok=1
        elif [ "$took" -gt $((secs + 5)) ]; then
            echo "$f: took $took s (bound $((secs + 5)) s)"; ok=1
        fi
    done
    return $ok
}
run_check "adapters under attack: nesting, slow lines, byte flood, reset, one-line messages" \
    check_adapter_bounds

# The transcript docs/adapter-protocol.md quotes is what the kit and the
# Python reference adapter say today (test_adapter_transcript writes it).
check_adapter_transcript() {
    [ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not installed"; return 0; }
    tmp=$(mktemp -d) || return 1
    WT_ADAPTER_TRANSCRIPT="$tmp/wire.txt" "build/$ccname-release/tests/test_adapter" >/dev/null 2>&1
    awk '/^## A real transcript/ { on = 1 } on && /^```/ { fence++; next }
         on && fence == 3 { print } fence == 4 { exit }' docs/adapter-protocol.md > "$tmp/doc.txt"
    diff "$tmp/doc.txt" "$tmp/wire.txt"
    rc=$?
    rm -rf "$tmp"
    return $rc
}
run_check "docs/adapter-protocol.md quotes the real wire transcript" check_adapter_transcript

# tools/outside-refs.sh names each pointer by FILE:LINE, in a scratch repository.
run_check "tools/outside-refs.sh: finds pointers in tracked files only" \
    sh tests/tools/test_outside_refs.sh

# Allocation failure, short form (make failmalloc: the whole suite): every
# allocation of a scenario run, a trace and a two-seed sweep fails once in
# turn, under ASan: one message naming the kit, exit 3, no crash, no leak.
run_check "failmalloc (short): one message, exit 3, no crash, no leak (ASan)" \
    sh tools/failmalloc.sh "build/$ccname-asan/bin/wtkit" --short

# Sweeps at scale (tools/check-sweeps.sh; 10,000 seeds in make check-long).
run_check "sweeps: --jobs 1 = --jobs 2, 4 shards merge into the whole, a hung seed is an ERROR" \
    sh tools/check-sweeps.sh "$wtkit" 1000

# The regression corpus: each case fails its recorded way and passes on the
# reference; and wtkit diff sees where each recorded transport parts from it.
check_regressions() {
    sh tools/regressions.sh "$wtkit" || return 1
    ok=0
    for f in conformance/regressions/*.wts; do
        t=$(sed -n 's/^transport //p' "$f")
        p=$(sed -n 's/^recorded-profile //p' "$f")
        out=$("$wtkit" diff --a "$t" --b reference ${p:+--profile "$p"} "$f" 2>&1); rc=$?
        [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "^first difference at event" ||
            { echo "$f: wtkit diff --a $t: exit $rc"; printf '%s\n' "$out" | head -n 3; ok=1; }
    done
    return $ok
}
run_check "regressions: each fails its way on its transport, passes on the reference, diff finds it" \
    check_regressions

# The HTML reports of a failing run and a failing sweep open in headless
# Chromium: screenshots in build/html-check/, every timeline drew its size
# line and marks, the text names the FAILs and the replay line. No Chromium
# (or one that cannot start) is a SKIP, and a failure under CI=true.
run_check "HTML report: rendered in headless Chromium, charts drawn (tools/html-check.sh)" \
    sh tools/html-check.sh "$wtkit"

# The clause matrix with coverage: every checkable clause of some profile
# is exercised by a scenario, kills a built-in mutant and has reference
# lines, all of which ran (gcc --coverage build; tools/coverage.sh
# --matrix-only, report in build/matrix/); or its gap is exempt with a
# reason in coverage/matrix-exempt.txt.
run_check "clause matrix: no gap without an exemption (coverage of the reference's lines)" \
    sh tools/coverage.sh --matrix-only

# Every built-in mutant is killed by the suite (per-clause kill rates).
run_check "wtkit mutants --score: every built-in mutant killed" "$wtkit" mutants --score

# The coverage ratchet is never lowered (against HEAD and HEAD~1), and the
# check itself, in scratch repositories (first commit, shallow clone, ...).
run_check "coverage/ratchet is not lower than at HEAD~1 (tools/ratchet-check.sh)" \
    sh tools/ratchet-check.sh
run_check "tools/ratchet-check.sh: lowered, dropped, first commit, shallow clone, no git" \
    sh tests/tools/test_ratchet.sh

# The CI workflow: it parses, names the steps the README promises, every
# make target it runs exists, it uploads every report (make check-long runs
# its commands for real in a fresh clone: tools/ci-local.sh).
run_check "CI workflow: steps, make targets and artefacts (tools/ci-local.sh --dry)" \
    sh tools/ci-local.sh --dry

# Issue 11's third-party example: pyserial-asyncio's SerialTransport over a
# fake serial port keeps its committed baselines (docs, asyncio); each
# baseline names exactly the clauses its minimal scenarios (tests/data/
# serial) show; and tests/serial_pty_repro.py reproduces every one on
# pySerial's own loop over a pty, without the kit.
check_serial_example() {
    /usr/bin/python3 -c 'import serial_asyncio' 2>/dev/null ||
        { echo "SKIP: python3-serial-asyncio not installed (make deps)"; return 0; }
    ok=0
    for profile in docs asyncio; do
        out=$("$wtkit" run --factory adapters/python/examples/serial_factory.py:serial_transport \
            --python /usr/bin/python3 --profile "$profile" --baseline adapters/python/baselines 2>&1)
        rc=$?
        [ "$rc" -eq 0 ] || { echo "serial --profile $profile: exit $rc"
            printf '%s\n' "$out" | grep -E '^(NEW|FIXED|wtkit:)|ERROR' | head -n 10; ok=1; }
    done
    python3 tools/findings.py --wtkit "$wtkit" --check-third-party || ok=1
    /usr/bin/python3 tests/serial_pty_repro.py || ok=1
    return $ok
}
run_check "pyserial-asyncio: baselines, minimal scenarios, pty reproduction" check_serial_example

# Evidence: an exception's class and message beside the verdict, in the
# table's DETAIL, in `wtkit trace` and in JSON (tests/data/factories/raises.py:
# abort() raises AttributeError('x')).
check_evidence() {
    [ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not installed"; return 0; }
    tmp=$(mktemp -d) || return 1
    f=tests/data/factories/raises.py:make_transport
    s=conformance/scenarios/WT-ABORT-LOST-NONE.wts
    ok=0
    "$wtkit" run --factory "$f" "$s" --json "$tmp/r.json" --junit "$tmp/r.xml" |
        grep -q '\[AttributeError: x\]' || { echo "no evidence in DETAIL"; ok=1; }
    grep -q 'AttributeError: x' "$tmp/r.xml" || { echo "no evidence in JUnit"; ok=1; }
    "$wtkit" trace --factory "$f" "$s" | grep -q '^ *10  ! AttributeError: x$' ||
        { echo "no evidence in trace"; ok=1; }
    grep -q '"evidence": "AttributeError: x"' "$tmp/r.json" || { echo "no evidence in JSON"; ok=1; }
    rm -rf "$tmp"
    return $ok
}
run_check "evidence: AttributeError('x') in DETAIL, trace, JSON and JUnit" check_evidence

# Fuzzing (tools/fuzz.sh smoke): every target builds with AFL++ and runs its
# seed corpus, and a few seconds of AFL++, then of a libFuzzer campaign,
# find mutant:never-pause; the crash file becomes a shrunk, 1-minimal .wts
# that replays; make bench's libFuzzer ceiling carries the world target's
# counters.
run_check "fuzz-smoke: targets run their seeds; AFL++ and libFuzzer find never-pause; crash -> .wts replays; the ceiling matches" \
    env WTKIT="$wtkit" sh tools/fuzz.sh smoke

# ClusterFuzzLite's build check, here (tools/cfl-check.sh): build.sh with the
# service's variables (libFuzzer, ASan+UBSan), every target on its seed
# corpus and for 2 s, its world target finds a planted bug, the workflows
# parse as YAML. No clang, libFuzzer or PyYAML is a SKIP.
run_check "cfl-check: build.sh as the service runs it; each target on its seeds and 2 s; a planted bug found" \
    sh tools/cfl-check.sh
