#!/bin/sh
# test_symcycles.sh - tools/symcycles.sh on tiny objects built here: a pair
# that calls each other is a cycle (exit 1, both edges and their symbols
# named), a chain and a three-object ring are told apart, and a set without
# a cycle exits 0 with its summary. Run from the repository root.
set -u
cc=${CC:-cc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# obj NAME 'C source': compiles NAME.o in $tmp/obj.
obj() {
    mkdir -p "$tmp/obj"
    printf '%s\n' "$2" > "$tmp/$1.c"
    $cc -std=c11 -c "$tmp/$1.c" -o "$tmp/obj/$1.o" || { echo "cannot compile $1.c"; exit 1; }
}

# expect RC 'grep pattern' OBJ...: runs the script, checks its exit and output.
expect() {
    want_rc=$1; pattern=$2; shift 2
    out=$(sh tools/symcycles.sh "$@" 2>&1); rc=$?
    if [ "$rc" -ne "$want_rc" ] || ! printf '%s\n' "$out" | grep -q -- "$pattern"; then
        echo "FAIL: symcycles $* -> exit $rc (want $want_rc), no '$pattern' in:"
        printf '%s\n' "$out" | sed 's/^/    /'
        fail=1
    fi
}

obj ping 'int pong(int); int ping(int n) { return n > 0 ? pong(n - 1) : 0; }'
obj pong 'int ping(int); int pong(int n) { return n > 0 ? ping(n - 1) : 1; }'
obj leaf 'int leaf_value; int leaf(void) { return leaf_value; }'
obj user 'int leaf(void); int user(void) { return leaf(); }'
obj top  'int user(void); int ping(int); int top(void) { return user() + ping(3); }'
obj r1 'int r2(void); int r1(void) { return r2(); }'
obj r2 'int r3(void); int r2(void) { return r3(); }'
obj r3 'extern int r1_data; int r1(void); int r3(void) { return r1() + r1_data; }'
obj r0 'int r1_data = 7;'
o=$tmp/obj

expect 1 '^cycle: ping.o -> pong.o -> ping.o$' "$o/ping.o" "$o/pong.o"
expect 1 '^  ping.o -> pong.o: pong$' "$o/ping.o" "$o/pong.o"
expect 1 '^  pong.o -> ping.o: ping$' "$o/ping.o" "$o/pong.o"
expect 1 '^symcycles: 1 cycle(s) among 5 object files$' "$o/leaf.o" "$o/user.o" "$o/top.o" \
    "$o/ping.o" "$o/pong.o"
expect 0 '^symcycles: 3 object files, 2 dependencies, no cycle$' "$o/leaf.o" "$o/user.o" \
    "$o/top.o"
expect 0 'no cycle' "$o/ping.o" "$o/leaf.o"   # pong is not in the set: no edge
expect 1 '^cycle: r1.o -> r2.o -> r3.o -> r1.o$' "$o/r0.o" "$o/r1.o" "$o/r2.o" "$o/r3.o"
expect 1 '^  r3.o -> r1.o: r1$' "$o/r0.o" "$o/r1.o" "$o/r2.o" "$o/r3.o"
out=$(CC=no-such-cc sh tools/symcycles.sh 2>&1); rc=$?
[ "$rc" -eq 2 ] && printf '%s\n' "$out" | grep -q 'no such folder' ||
    { echo "FAIL: no arguments, no build: exit $rc: $out"; fail=1; }
exit $fail
