#!/bin/sh
# regressions.sh WTKIT - the regression corpus (conformance/regressions/):
# each case must still fail the way its header records on its recorded
# transport (`wtkit replay`), and must pass on the reference under its
# recorded profile.
set -u
wtkit=$1
bad=0; n=0
for f in conformance/regressions/*.wts; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    out=$("$wtkit" replay "$f" 2>&1) || { echo "$f: $(printf '%s\n' "$out" | tail -n 2)"; bad=1; }
    profile=$(sed -n 's/^recorded-profile //p' "$f")
    out=$("$wtkit" run --transport reference ${profile:+--profile "$profile"} "$f" 2>&1) ||
        { echo "$f: the reference does not pass it:"; printf '%s\n' "$out" | tail -n 4; bad=1; }
done
echo "regressions: $n cases, each still failing its way and passing on the reference"
exit $bad
