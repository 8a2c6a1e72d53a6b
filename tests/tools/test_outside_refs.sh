#!/bin/sh
# test_outside_refs.sh - tools/outside-refs.sh in a scratch repository: a
# tracked file pointing at the research notes or the style guide is named
# with FILE:LINE (exit 1); untracked files and a clean tree pass (exit 0).
# Run from the repository root.
set -u
tool=$(pwd)/tools/outside-refs.sh
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$tmp" || exit 1
git init -q . && git config user.email t@example.invalid && git config user.name t

printf 'int x; /* fine */\n' > clean.c
git add clean.c && git commit -qm clean
out=$(sh "$tool" 2>&1); rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: clean tree: exit $rc: $out"; fail=1; }

printf 'a\n/* see research §2.7 */\n' > a.c
printf 'x\ny\nas STYLE 17 says (L11)\n' > b.md
printf 'the research file\n' > untracked.txt
git add a.c b.md
out=$(sh "$tool" 2>&1); rc=$?
for want in 'a.c:2:' 'b.md:3:' '2 line(s) point outside'; do
    printf '%s\n' "$out" | grep -q -- "$want" || { echo "FAIL: no '$want' in: $out"; fail=1; }
done
[ "$rc" -eq 1 ] || { echo "FAIL: exit $rc (want 1)"; fail=1; }
printf '%s\n' "$out" | grep -q untracked && { echo "FAIL: untracked file searched"; fail=1; }
exit $fail
