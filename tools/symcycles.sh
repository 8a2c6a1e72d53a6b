#!/bin/sh
# symcycles.sh [OBJ.o ...] - fails when object files depend on each other in
# a cycle. Object A depends on object B when A uses (nm: U, w, v) a global
# symbol B defines; a cycle means neither file can be understood, tested or
# replaced without the other, so the split between them is not real.
#
# Without arguments it reads every build/$CC-release/obj/conformance/**/*.o
# (CC as in the Makefile, default cc). Prints each elementary cycle, e.g.
#   cycle: adapter.o -> adapter_proc.o -> adapter.o
#     adapter.o -> adapter_proc.o: wt__adapter_begin wt__adapter_end
#     adapter_proc.o -> adapter.o: wt_adapter_transport_ops
# and exits 1; otherwise prints a one-line summary and exits 0 (2: no
# objects, or nm failed). Names are shown relative to the objects' common
# folder. POSIX sh, awk and nm only.
set -u

if [ $# -eq 0 ]; then
    cc=${CC:-cc}
    ccname=$(basename "${cc%% *}")
    dir="build/$ccname-release/obj/conformance"
    [ -d "$dir" ] || { echo "symcycles: $dir: no such folder (build first)" >&2; exit 2; }
    # shellcheck disable=SC2046
    set -- $(find "$dir" -name '*.o' | LC_ALL=C sort)
fi
[ $# -gt 0 ] || { echo "symcycles: no object files" >&2; exit 2; }

# One "FILE TYPE SYMBOL" line per global symbol of every object.
table=$(for o in "$@"; do
    syms=$(nm -P "$o") || { echo "symcycles: nm failed on $o" >&2; echo "!nm"; continue; }
    printf '%s\n' "$syms" | awk -v f="$o" 'NF >= 2 { print f, $2, $1 }'
done)
case $table in *'!nm'*) exit 2 ;; esac

printf '%s\n' "$table" | LC_ALL=C sort -u | awk -v nfiles=$# '
# Labels: paths without the folder all objects share.
function label(path) { return substr(path, prefix_len + 1) }

function common_prefix(    i, p, q) {
    p = ""
    for (i = 1; i <= nnodes; i++) {
        q = node[i]
        sub(/[^\/]*$/, "", q)               # the folder, with its slash
        if (i == 1) { p = q; continue }
        while (p != "" && substr(q, 1, length(p)) != p) {
            sub(/[^\/]*\/$/, "", p)          # drop the last folder
        }
    }
    return length(p)
}

# Elementary cycles through start s that visit only nodes > s (each cycle
# is then found once, from its smallest node).
function walk(s, v, depth,    w, k) {
    path[depth] = v
    onpath[v] = 1
    for (k = 1; k <= nout[v] && ncycles < 100; k++) {
        w = out[v, k]
        if (w == s) {
            report(depth)
        } else if (w > s && !onpath[w]) {
            walk(s, w, depth + 1)
        }
    }
    onpath[v] = 0
}

function report(depth,    i, a, b, line) {
    ncycles++
    line = "cycle:"
    for (i = 1; i <= depth; i++) { line = line " " label(node[path[i]]) " ->" }
    print line " " label(node[path[1]])
    for (i = 1; i <= depth; i++) {
        a = path[i]; b = i < depth ? path[i + 1] : path[1]
        print "  " label(node[a]) " -> " label(node[b]) ":" why[a, b]
    }
}

{
    file = $1; type = $2; sym = $3
    if (!(file in id)) { id[file] = ++nnodes; node[nnodes] = file }
    if (type == "U" || type == "w" || type == "v") {
        nuse++; use_file[nuse] = file; use_sym[nuse] = sym
    } else if (type ~ /^[A-TV-Z]$/) {
        defs[sym] = defs[sym] " " file
    }
}

END {
    prefix_len = common_prefix()
    nedges = 0
    for (u = 1; u <= nuse; u++) {
        if (!(use_sym[u] in defs)) { continue }
        n = split(defs[use_sym[u]], definers, " ")
        for (d = 1; d <= n; d++) {
            a = id[use_file[u]]; b = id[definers[d]]
            if (a == b) { continue }
            if (!((a, b) in why)) { nedges++; out[a, ++nout[a]] = b }
            why[a, b] = why[a, b] " " use_sym[u]
        }
    }
    # Node numbers follow the sorted file names, so the output is stable.
    for (s = 1; s <= nnodes && ncycles < 100; s++) { walk(s, s, 1) }
    if (ncycles > 0) {
        print "symcycles: " ncycles " cycle(s) among " nfiles " object files" \
            (ncycles >= 100 ? " (stopped at 100)" : "")
        exit 1
    }
    print "symcycles: " nfiles " object files, " nedges " dependencies, no cycle"
}'
