#!/bin/sh
# check-options.sh WTKIT - every command accepts exactly the options its
# --help lists: for each command and each option any command lists,
# `wtkit CMD --OPT [VALUE] --help` exits 0 iff CMD's help lists --OPT.
set -u
wtkit=$1
# Every command `wtkit --help` lists.
cmds=$("$wtkit" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "no commands in wtkit --help"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for c in $cmds; do
    "$wtkit" "$c" --help > "$tmp/$c.help" || { echo "$c --help failed"; exit 1; }
    # "  --name VALUE   help" or "  -v, --name   help": the option and its value's name
    sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\)\( \([A-Z][^ ]*\)\)\{0,1\}.*/\2 \4/p' \
        "$tmp/$c.help" > "$tmp/$c.opts"
done
cat "$tmp"/*.opts | sort -u > "$tmp/all"
bad=0; n=0
for c in $cmds; do
    while read -r opt meta; do
        case $meta in
        N|S) val=1 ;;
        A..B) val=1..2 ;;
        K/N) val=1/2 ;;
        "") val= ;;
        *) val=x ;;
        esac
        listed=no
        grep -q "^$opt " "$tmp/$c.opts" && listed=yes
        grep -q "^$opt\$" "$tmp/$c.opts" && listed=yes
        if [ -n "$val" ]; then
            "$wtkit" "$c" "--$opt" "$val" --help >/dev/null 2>&1; rc=$?
        else
            "$wtkit" "$c" "--$opt" --help >/dev/null 2>&1; rc=$?
        fi
        n=$((n + 1))
        if [ "$listed" = yes ] && [ "$rc" -ne 0 ]; then
            echo "$c: --$opt is in its --help but refused (exit $rc)"; bad=1
        elif [ "$listed" = no ] && [ "$rc" -ne 2 ]; then
            echo "$c: --$opt is not in its --help but accepted (exit $rc)"; bad=1
        fi
    done < "$tmp/all"
done
echo "$n command x option pairs checked"
exit $bad
