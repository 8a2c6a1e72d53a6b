#!/bin/sh
# ci-local.sh [--list | --dry] - runs the commands of the committed CI
# workflow (.github/workflows/ci.yml) in a fresh clone of HEAD, as CI
# would: `make check-long`.
#
#   (no option)  clone HEAD (depth 2, as the workflow's checkout) into a
#                temporary directory and run every `run:` step there, in
#                order, with CI=true; stop at the first that fails. Steps
#                that `uses:` an action are GitHub's (checkout: the clone
#                stands for it; upload-artifact: the files it names must
#                exist). Uncommitted changes are not in the clone.
#   --list       print the steps, one "NAME<TAB>COMMAND" line each
#   --dry        check the workflow without running it: it parses, has the
#                steps the README promises, every make target it names
#                exists (make -n), and every artefact path is one the kit
#                writes (make check runs this)
#
# The parser reads the subset of YAML this workflow uses (a steps list of
# maps with name/run/uses/if/with, `run: |` block scalars); anything else
# in a step is an error, so the file cannot drift out of what is tested.
set -u
wf=.github/workflows/ci.yml
[ -f "$wf" ] || { echo "ci-local: no $wf"; exit 1; }

steps() {
    python3 - "$wf" <<'EOF'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
steps, cur, block, block_indent = [], None, None, 0
in_steps = False
for n, line in enumerate(lines, 1):
    if block is not None:
        if line.strip() == "" or len(line) - len(line.lstrip()) >= block_indent:
            cur[block].append(line[block_indent:] if line.strip() else "")
            continue
        block = None
    if re.match(r"^ {4}steps:\s*$", line):
        in_steps = True
        continue
    if not in_steps or not line.strip() or line.lstrip().startswith("#"):
        continue
    if not line.startswith("      "):
        in_steps = False
        continue
    m = re.match(r"^ {6}- (\w[\w-]*):\s*(.*)$", line)
    m2 = re.match(r"^ {8}(\w[\w-]*):\s*(.*)$", line)
    if m:
        cur = {"name": None, "run": None, "uses": None, "line": n}
        steps.append(cur)
        key, value = m.groups()
    elif m2 and cur is not None:
        key, value = m2.groups()
    elif cur is not None and re.match(r"^ {10}", line):
        continue  # the lines under "with:"
    else:
        sys.exit("%s:%d: not a step line this parser knows: %s" % (sys.argv[1], n, line))
    if key not in ("name", "run", "uses", "if", "with"):
        sys.exit("%s:%d: unknown step key '%s'" % (sys.argv[1], n, key))
    if key == "run" and value == "|":
        cur["run"] = []
        block, block_indent = "run", 10
    elif key in ("name", "run", "uses"):
        cur[key] = [value] if key == "run" else value
for s in steps:
    run = "\n".join(s["run"]).strip() if s["run"] else ""
    name = s["name"] or s["uses"] or "step at line %d" % s["line"]
    kind = "run" if run else "uses"
    print("%s\t%s\t%s" % (kind, name, (run or s["uses"] or "").replace("\n", "\\n")))
EOF
}

list=$(steps) || exit 1
case "${1:-}" in
--list)
    printf '%s\n' "$list" | cut -f 2-
    exit 0
    ;;
--dry)
    ok=0
    for want in "make deps" "make -j2 all tests" "CC=clang make -j2 all tests" "make check" \
                "make coverage" "make mutants" "--junit build/reports/" "--json build/reports/" \
                "--html build/reports/" "actions/upload-artifact" "actions/checkout" "fuzz"; do
        printf '%s\n' "$list" | grep -qF -- "$want" || { echo "ci-local: no step with '$want'"; ok=1; }
    done
    # A make command starts a command line (or follows && ; then); a target a
    # step first looks for in the Makefile (grep -q '^T:') is optional.
    targets=$(printf '%s\n' "$list" | cut -f 3 | sed 's/\\n/\n/g' |
        grep -oE '(^|&& |; |then )(CC=[a-z]+ )?make( -j[0-9]+)? [a-z][a-z-]*' | awk '{ print $NF }' |
        sort -u)
    for t in $targets; do
        if grep -qF "'^$t:' Makefile" "$wf"; then
            continue
        fi
        make -n "$t" >/dev/null 2>&1 || { echo "ci-local: make has no target '$t'"; ok=1; }
    done
    grep -q 'fetch-depth: 2' "$wf" || { echo "ci-local: the checkout must fetch HEAD~1 (ratchet)"; ok=1; }
    for p in build/reports/ build/coverage/ build/matrix/ build/html-check/ build/mutants/; do
        grep -qF "$p" "$wf" || { echo "ci-local: $p is not uploaded"; ok=1; }
    done
    [ "$ok" -eq 0 ] && echo "ci-local: $(printf '%s\n' "$list" | wc -l) steps, every make target exists"
    exit $ok
    ;;
esac

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
git clone -q --depth 2 "file://$(pwd)" "$tmp/wtkit" || { echo "ci-local: git clone failed"; exit 1; }
echo "ci-local: fresh clone of $(git rev-parse --short HEAD) in $tmp/wtkit (uncommitted changes are not in it)"
cd "$tmp/wtkit" || exit 1
export CI=true
status=0
printf '%s\n' "$list" | {
    while IFS="$(printf '\t')" read -r kind name cmd; do
        if [ "$kind" = uses ]; then
            echo "ci-local: [uses] $name: $cmd (GitHub's action; not run here)"
            continue
        fi
        if printf '%s' "$cmd" | grep -q 'apt-get' && [ "$(id -u)" != 0 ]; then
            echo "ci-local: SKIP $name (apt-get needs root)"
            continue
        fi
        echo "ci-local: [run] $name"
        t0=$(date +%s)
        printf '%b\n' "$cmd" > "$tmp/step.sh"
        if ! sh -e "$tmp/step.sh" > "$tmp/step.log" 2>&1; then
            tail -n 40 "$tmp/step.log"
            echo "ci-local: FAIL: $name"
            exit 1
        fi
        tail -n 2 "$tmp/step.log" | sed 's/^/    /'
        echo "ci-local: ok ($(($(date +%s) - t0)) s)"
    done
    # What upload-artifact would take must be there.
    for p in build/reports/suite.xml build/reports/suite.json build/reports/suite.html \
             build/reports/sweep.html build/coverage/index.html build/coverage/html/index.html \
             build/matrix/matrix.html build/html-check/run.png build/mutants/source.txt; do
        [ -s "$p" ] || { echo "ci-local: FAIL: no $p to upload"; exit 1; }
    done
    echo "ci-local: every step passed; the artefacts are there"
} || status=1
exit $status
