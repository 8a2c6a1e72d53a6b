#!/bin/sh
# outside-refs.sh - fails when a tracked file points at something outside
# the repository: the notes the kit was first written from (a research
# dossier with numbered sections and rows, a style guide, developer notes)
# live next to the checkout, not in it, so a reader of a comment, a doc or
# a catalog row could not follow the pointer. State the fact instead (a
# CPython file and line, an issue number), or point at a file in the tree.
#
# Prints FILE:LINE: TEXT for each hit and exits 1; exits 0 with a one-line
# summary when there is none. Searches the tracked files (git ls-files) as
# they are in the work tree, binary files skipped, except this script and
# its test (they hold the patterns). Run from anywhere in the repository.
set -u
root=$(git rev-parse --show-toplevel) || exit 2
cd "$root" || exit 2

# What such a pointer looks like. The dossier's section signs and row ids
# ("research §2.7", "research L9", "CPython §2.4", a bare "(L11)") are the
# common case; STYLE and DEVELOPERS notes are the others.
hits=$(git grep -nIE \
    -e '\.\./shared' \
    -e 'shared/(research|seed|hooks)' \
    -e 'asyncio-transports[-a-z]*\.(md|txt)' \
    -e '(fuzz-coverage-practice|tooling)\.md' \
    -e '[Rr]esearch (§|file|dossier|notes|[A-Z]{1,2}[0-9])' \
    -e '[Tt]he research( |$)' \
    -e 'research/' \
    -e '§ ?[0-9]' \
    -e '\b(WL|[LRSXAE])[0-9]{1,2}\b' \
    -e 'DEVELOPERS\.md' \
    -e '\bSTYLE\b' \
    -- . ':!tools/outside-refs.sh' ':!tests/tools/test_outside_refs.sh')
rc=$?
[ "$rc" -le 1 ] || { echo "outside-refs: git grep failed ($rc)" >&2; exit 2; }

if [ -n "$hits" ]; then
    printf '%s\n' "$hits"
    n=$(printf '%s\n' "$hits" | wc -l | tr -d ' ')
    echo "outside-refs: $n line(s) point outside the repository"
    exit 1
fi
echo "outside-refs: $(git ls-files | wc -l | tr -d ' ') tracked files, no pointer outside the repository"
