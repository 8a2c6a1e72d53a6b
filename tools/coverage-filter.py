#!/usr/bin/env python3
# coverage-filter.py IN.info OUT.info LIST.txt - drops the never-taken
# branches of always-on assertions from an lcov tracefile, and lists them.
#
# The marker is the assertion macro itself: every branch on the lines of a
# WT_ASSERT( ... ) invocation (from the macro's name to its closing
# parenthesis, however many lines) whose taken count is 0 or "-" is an
# arm that only a broken kit invariant would take. Such a branch is
# removed from the tracefile and written to LIST.txt (file:line, block,
# branch and the source line); every other record is kept as it was.
# Branch totals (BRF/BRH), when the tracefile has them, are recomputed.
# Prints "N never-taken assertion branches excluded (of M assertion
# branches, K branches in all)".
import re
import sys

MARKER = "WT_ASSERT("


def assertion_lines(path):
    """The set of line numbers inside WT_ASSERT( ... ) invocations of path."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return set()
    lines = set()
    pos = 0
    while True:
        at = text.find(MARKER, pos)
        if at < 0:
            return lines
        pos = at + len(MARKER)
        line_start = text.rfind("\n", 0, at) + 1
        if text[line_start:at].lstrip().startswith("#define"):
            continue  # the macro's definition, not a use
        depth, i, quote = 1, pos, None
        while i < len(text) and depth > 0:
            c = text[i]
            if quote:
                if c == "\\":
                    i += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        first = text.count("\n", 0, at) + 1
        last = text.count("\n", 0, i) + 1
        lines.update(range(first, last + 1))


def main():
    src, dst, listing = sys.argv[1:4]
    out, excluded = [], []
    spans, source = set(), ""
    brdas = []
    in_assert = total = 0
    cache = {}
    for raw in open(src, encoding="utf-8", errors="replace"):
        line = raw.rstrip("\n")
        if line.startswith("SF:"):
            source = line[3:]
            if source not in cache:
                cache[source] = assertion_lines(source)
            spans = cache[source]
            brdas = []
        if line.startswith("BRDA:"):
            lno, block, branch, taken = line[5:].split(",")[:4]
            total += 1
            if int(lno) in spans:
                in_assert += 1
                if taken in ("-", "0"):
                    excluded.append((source, int(lno), block, branch))
                    continue
            brdas.append(taken)
        if line.startswith("BRF:"):
            line = "BRF:%d" % len(brdas)
        elif line.startswith("BRH:"):
            line = "BRH:%d" % sum(1 for t in brdas if t not in ("-", "0"))
        out.append(line)
    with open(dst, "w") as f:
        f.write("\n".join(out) + "\n")
    with open(listing, "w") as f:
        f.write("# Never-taken branches of WT_ASSERT invocations, excluded from the branch\n"
                "# figure (tools/coverage-filter.py): FILE:LINE block,branch: source line\n")
        texts = {}
        for source, lno, block, branch in excluded:
            if source not in texts:
                try:
                    texts[source] = open(source, encoding="utf-8",
                                         errors="replace").read().split("\n")
                except OSError:
                    texts[source] = []
            body = texts[source]
            code = body[lno - 1].strip() if lno - 1 < len(body) else ""
            name = re.sub(r"^.*?/(sim|spec|conformance|include|tests)/", r"\1/", source)
            f.write("%s:%d %s,%s: %s\n" % (name, lno, block, branch, code))
    print("%d never-taken assertion branches excluded (of %d assertion branches, %d branches "
          "in all)" % (len(excluded), in_assert, total))


if __name__ == "__main__":
    main()
