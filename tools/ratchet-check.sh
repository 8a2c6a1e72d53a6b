#!/bin/sh
# ratchet-check.sh [FILE] - the coverage ratchet only ever goes up: every
# floor in FILE (default coverage/ratchet) as it is now must be at least
# the same floor at HEAD and at HEAD~1, and no floor may disappear.
#
# A revision that does not exist (a clone with one commit, a shallow clone
# of depth 1, no git at all) or that has no such file is nothing to compare
# against, and says so. Exit 0 when nothing was lowered, 1 when a floor
# was (each named), 2 on a malformed file.
set -u
file=${1:-coverage/ratchet}
[ -f "$file" ] || { echo "ratchet: no $file"; exit 2; }

# floors FILE: "name value" lines, comments and blanks dropped; exit 2 when malformed.
floors() {
    awk '/^[ \t]*(#|$)/ { next }
         NF != 2 || $2 !~ /^[0-9]+(\.[0-9]+)?$/ { bad = 1; print "ratchet: bad line: " $0 > "/dev/stderr"; next }
         { print $1, $2 }
         END { exit bad ? 2 : 0 }' "$1"
}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
floors "$file" > "$tmp/now" || exit 2
if ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "ratchet: not in a git repository: nothing to compare $file with"
    exit 0
fi
path=$(git ls-files --full-name -- "$file" 2>/dev/null | head -n 1)
[ -n "$path" ] || path=$(git rev-parse --show-prefix)$file
status=0
for rev in HEAD HEAD~1; do
    if ! git rev-parse -q --verify "$rev^{commit}" >/dev/null 2>&1; then
        echo "ratchet: no $rev here (a first commit, or a shallow clone): not compared"
        continue
    fi
    if ! git show "$rev:$path" > "$tmp/old" 2>/dev/null; then
        echo "ratchet: $rev has no $path: not compared"
        continue
    fi
    floors "$tmp/old" > "$tmp/was" 2>/dev/null || { echo "ratchet: $rev:$path is malformed"; continue; }
    while read -r name was; do
        now=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/now")
        if [ -z "$now" ]; then
            echo "ratchet: $name was $was% at $rev and is gone from $file"
            status=1
        elif awk -v a="$now" -v b="$was" 'BEGIN { exit !(a + 0 < b + 0) }'; then
            echo "ratchet: $name lowered from $was% ($rev) to $now% in $file"
            status=1
        fi
    done < "$tmp/was"
    [ "$status" -eq 0 ] && echo "ratchet: $file is not lower than at $rev"
done
exit $status
