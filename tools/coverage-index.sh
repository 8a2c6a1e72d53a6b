#!/bin/sh
# coverage-index.sh OUT ASSERT-LINE - writes OUT/index.html, the landing
# page of `make coverage`: the figures against the ratchet, and links to
# genhtml's report, the clause matrix and the excluded assertion branches.
set -u
out=$1
asserts=$2
esc() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'; }
{
    printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    printf '<title>wtkit coverage</title>\n<style>body{font-family:system-ui,sans-serif;'
    printf 'margin:1.5em}td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left}'
    printf 'table{border-collapse:collapse}</style>\n</head>\n<body>\n<h1>wtkit coverage</h1>\n'
    printf '<table>\n<tr><th>figure</th><th>measured</th><th>ratchet</th></tr>\n'
    while read -r name got; do
        floor=$(sed -n "s/^$name //p" coverage/ratchet)
        printf '<tr><td>%s</td><td>%s%%</td><td>%s%%</td></tr>\n' "$name" "$got" "$floor"
    done < "$out/figures.txt"
    printf '</table>\n<p>%s (<a href="excluded-branches.txt">the list</a>).</p>\n' \
        "$(printf '%s' "$asserts" | esc)"
    printf '<ul>\n<li><a href="html/index.html">lcov report (lines, functions, branches)</a></li>\n'
    printf '<li><a href="matrix.html">clause matrix</a> (<a href="matrix.txt">as text</a>): '
    printf '%s</li>\n' "$(tail -n 1 "$out/matrix.txt" | esc)"
    printf '</ul>\n</body>\n</html>\n'
} > "$out/index.html"
