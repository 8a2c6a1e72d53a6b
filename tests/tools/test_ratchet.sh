#!/bin/sh
# test_ratchet.sh - tools/ratchet-check.sh in scratch repositories: a first
# commit, a raise, a lowered or dropped floor (committed or only in the
# working tree), a malformed file, no git at all, and a shallow clone of
# depth 1 (no HEAD~1). Run from the repository root.
set -u
tool=$(pwd)/tools/ratchet-check.sh
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect RC WORDS CMD...: exit status RC and WORDS in the output.
expect() {
    want=$1; words=$2; shift 2
    out=$("$@" 2>&1); rc=$?
    if [ "$rc" -ne "$want" ] || ! printf '%s\n' "$out" | grep -q -- "$words"; then
        echo "FAIL: $* (in $(pwd)): exit $rc (want $want), no '$words' in: $out"
        fail=1
    fi
}

mkdir "$tmp/repo" && cd "$tmp/repo" || exit 1
git init -q . && git config user.email t@example.invalid && git config user.name t
mkdir coverage
printf '# floors\nlines 90.0\nbranches 75.0\n' > coverage/ratchet
git add coverage/ratchet && git commit -qm one
expect 0 "no HEAD~1 here" sh "$tool"

printf 'lines 91.5\nbranches 75.0\n' > coverage/ratchet
git commit -qam raise
expect 0 "not lower than at HEAD~1" sh "$tool"

printf 'lines 91.0\nbranches 75.0\n' > coverage/ratchet
expect 1 "lines lowered from 91.5% (HEAD) to 91.0%" sh "$tool"
git commit -qam lower
expect 1 "lines lowered from 91.5% (HEAD~1) to 91.0%" sh "$tool"

printf 'lines 95\n' > coverage/ratchet
git commit -qam drop
expect 1 "branches was 75.0% at HEAD~1 and is gone" sh "$tool"

printf 'lines ninety\n' > coverage/ratchet
expect 2 "bad line: lines ninety" sh "$tool"
git checkout -q coverage/ratchet

# From a subdirectory, and with an explicit file.
(cd coverage && expect 1 "gone from ratchet" sh "$tool" ratchet; exit $fail) || fail=1

# A shallow clone of depth 1 has no HEAD~1: only HEAD is compared.
git clone -q --depth 1 "file://$tmp/repo" "$tmp/shallow" 2>/dev/null
(cd "$tmp/shallow" && expect 0 "no HEAD~1 here" sh "$tool"; exit $fail) || fail=1

# Without git there is nothing to compare.
mkdir -p "$tmp/plain/coverage" && cp coverage/ratchet "$tmp/plain/coverage/"
(cd "$tmp/plain" && export GIT_CEILING_DIRECTORIES="$tmp" &&
    expect 0 "not in a git repository" sh "$tool"; exit $fail) || fail=1
exit $fail
