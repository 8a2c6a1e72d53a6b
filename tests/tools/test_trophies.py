#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tools/trophies.py sorts a sweep's FAILs into the committed departures:
a FAIL that matches a trophy counts under it, a knock-on FAIL (follows) is
not a lead, a HANG goes to a HANG trophy, and anything else is unexplained
(the page says so and the count is returned). Then every committed trophy
must show its departure under at least one installed interpreter.

    python3 tests/tools/test_trophies.py build/bin/wtkit [--no-table]

`make check` passes --no-table (the sorting alone, in a second); `make
check-long` and `make findings` run every trophy.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import trophies  # noqa: E402

ARGS = [a for a in sys.argv[1:] if a != "--no-table"]
WTKIT = ARGS[0] if ARGS else "build/bin/wtkit"
TABLE = "--no-table" not in sys.argv


def case(seed, status, clauses=None, message=None):
    return {"seed": seed, "status": status, "clauses": clauses or {}, "message": message,
            "replay": "wtkit sweep --seeds %d..%d" % (seed, seed)}


def fail(reason, evidence=None, follows=None):
    return {"verdict": "FAIL", "reason": reason, "evidence": evidence, "follows": follows}


def main():
    failures = []
    eof = "write_eof returned ENOTSUP at event 7"
    report = {"summary": {"cases": 6}, "settings": {"generator": 4}, "cases": [
        case(1, "PASS"),
        case(2, "FAIL", {"WT-NO-UNEXPECTED-ERROR": fail(eof, "ENOTSUP: [Errno 95]"),
                         "WT-CLOSE-FLUSHES": fail("x", follows={"clause": "WT-NO-UNEXPECTED-ERROR",
                                                                "event": 7})}),
        case(3, "FAIL", {"WT-NO-UNEXPECTED-ERROR": fail("close returned EFOO at event 3")}),
        case(4, "HANG"),
        case(5, "FAIL", {"WT-WRITELINES-LIKE-WRITE": fail("size 300 > high 100 after writelines")}),
        case(6, "INCONCLUSIVE"),
    ]}
    for kind, label in (("selector", "3.12.1"),):
        got = trophies.sort_sweeps({(kind, label): report})[(kind, label)]
        n, failing, per, odd, unjudged, _ = got
        names = {os.path.basename(p): seeds for p, seeds in per.items()}
        want = {"write-eof-shutdown-error.wts": [2], "writelines-empty-chunk-close-hangs.wts": [4],
                "writelines-never-pauses.wts": [5]}
        if names != want:
            failures.append("sorted %s, want %s" % (names, want))
        if [c["seed"] for c in unjudged] != [6]:
            failures.append("no verdict %s, want seed 6" % [c["seed"] for c in unjudged])
        if [c["seed"] for c, _, _ in odd] != [3] or failing != 4:
            failures.append("unexplained %s (failing %d), want seed 3 of 4"
                            % ([c["seed"] for c, _, _ in odd], failing))
        lines, bad = trophies.sweep_page({(kind, label): got}, "1..5")
        text = "\n".join(lines)
        if bad != 1 or "seed 3" not in text or "Unexplained" not in text:
            failures.append("the page does not list seed 3 as unexplained:\n" + text)
    if not TABLE:
        for f in failures:
            print("FAIL:", f)
        print("sorted a sweep into trophies (the table: make check-long)")
        return 1 if failures else 0
    proc = subprocess.run([sys.executable, "tools/trophies.py", "table", "--wtkit", WTKIT],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    if proc.returncode != 0:
        failures.append("trophies table: exit %d: %s" % (proc.returncode, proc.stderr[-600:]))
    rows = [ln for ln in proc.stdout.splitlines() if ln.startswith("| ") and ln.count("`") >= 4]
    print("sorted a sweep into trophies; %d trophies each shown by its shrunk case" % len(rows))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
