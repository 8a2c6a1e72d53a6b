#!/bin/sh
# html-check.sh WTKIT - opens the HTML reports of a failing run and a
# failing sweep in headless Chromium, takes a screenshot of each into
# build/html-check/, and checks what the browser rendered: the page's own
# script (#render-check) says how many timelines drew their size line
# (getBBox after layout) and how many marks they hold; the text names the
# FAILed clauses, the failing event and the replay line.
#
# A Chromium that is missing or cannot start is a failure under CI=true,
# and elsewhere a SKIP (exit 0) with the reason. As root, Chromium needs
# --no-sandbox.
set -u
wtkit=${1:?usage: html-check.sh WTKIT}
out=build/html-check
mkdir -p "$out"
rm -f "$out"/*.html "$out"/*.png "$out"/*.dom

skip() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL (CI=true): $*"
        exit 1
    fi
    echo "SKIP: $*"
    exit 0
}

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then
        browser=$b
        break
    fi
done
[ -n "$browser" ] || skip "no chromium installed (make deps installs Debian's chromium)"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
flags="--headless --disable-gpu --hide-scrollbars --no-first-run --user-data-dir=$tmp/profile"
[ "$(id -u)" = 0 ] && flags="$flags --no-sandbox"

# browse PAGE DOM PNG: the DOM after load, and a screenshot.
browse() {
    url="file://$(pwd)/$1"
    # shellcheck disable=SC2086
    timeout 90 "$browser" $flags --virtual-time-budget=5000 --dump-dom "$url" >"$2" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$2" ]; then
        skip "$browser could not start or load $1 (exit $rc): $(tail -n 3 "$tmp/err" | tr '\n' ' ')"
    fi
    # shellcheck disable=SC2086
    (cd "$tmp" && timeout 90 "$browser" $flags --window-size=1200,2400 --screenshot="$tmp/shot.png" \
        "$url" >/dev/null 2>&1)
    mv "$tmp/shot.png" "$3" 2>/dev/null
}

ok=0
fail() { echo "$*"; ok=1; }

# want FILE TEXT...: each text is in the rendered DOM.
want() {
    f=$1; shift
    for t in "$@"; do
        grep -qF -- "$t" "$f" || fail "$f: no '$t'"
    done
}

# charts FILE: every timeline drew, with marks.
charts() {
    line=$(grep -o 'charts drawn: [0-9]* of [0-9]*; marks: [0-9]*' "$1")
    [ -n "$line" ] || { fail "$1: the page's render check did not run"; return; }
    set -- $(echo "$line" | tr -dc '0-9 ')
    drawn=$1; total=$2; marks=$3
    [ "$total" -ge 1 ] && [ "$drawn" -eq "$total" ] && [ "$marks" -ge 1 ] ||
        fail "render check: $line"
    echo "  $line"
}

"$wtkit" run --transport mutant:never-resume --html "$out/run.html" >/dev/null
[ $? -eq 1 ] || fail "run against mutant:never-resume: not exit 1"
"$wtkit" sweep --seeds 1..60 --ops 150 --transport mutant:never-pause --html "$out/sweep.html" \
    >/dev/null
[ $? -eq 1 ] || fail "sweep against mutant:never-pause: not exit 1"

for page in run sweep; do
    grep -qE 'https?:|<link| src=' "$out/$page.html" && fail "$page.html loads something from outside"
    browse "$out/$page.html" "$out/$page.dom" "$out/$page.png"
    [ -s "$out/$page.png" ] || fail "$page: no screenshot"
    echo "$page: $out/$page.png"
    charts "$out/$page.dom"
done
want "$out/run.dom" "wtkit run report: transport mutant:never-resume" "exit 1" \
    "WT-RESUME-AT-OR-BELOW-LOW" "WT-LIVENESS-WAKEUP" 'class="mark failure"' \
    "replay: build/" "--transport mutant:never-resume" "Conflicts"
want "$out/sweep.dom" "wtkit sweep report: transport mutant:never-pause" "Failing seeds by clause" \
    "WT-PAUSE-STRICTLY-OVER-HIGH" " of 60 (" "sweep --seeds "
exit $ok
