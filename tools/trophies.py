#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""trophies.py - the departures the kit found in real transports, each a
shrunk .wts under docs/findings/KIND/, and the seed sweeps that must find
nothing else.

A trophy is one file: its leading comment names the departure and says how
to recognise it, the ops are the shrunk case that shows it:

    # departure: write_eof() lets the socket's shutdown() error escape
    # rule: WT-NO-UNEXPECTED-ERROR
    # match: write_eof returned (ENOTSUP|EPIPE|ECONNRESET)
    # tracker: not reported
    # found: sweep seed 20 (generator 4), shrunk by wtkit shrink
    sock halfclose off
    write_eof

`match` is a regular expression searched in the clause's reason and
evidence ("REASON [EVIDENCE]"); `rule` is the clause (or several, blank
separated, for a departure that shows as whichever comes first), or a case status
(`HANG`: the case's message is searched); `tracker` the upstream entry or
"not reported"; an optional `profile:` line names the profile that judges
it (default docs: a departure that docs only notes, INTEROP, needs the
family's profile).

    python3 tools/trophies.py table   [--wtkit W]       the findings page's opening table
    python3 tools/trophies.py sweep   [--wtkit W] [--seeds 1..10000] [--jobs 2]
                                      [--from DIR] [--out docs/findings/sweeps.md]

`sweep` runs `wtkit sweep` over every installed CPython x selector and pipe
(or reads the JSON reports a previous run left in --from DIR), sorts every
FAIL of every failing seed into the trophy it matches, writes the summary
page, and exits 1 when a FAIL matches no trophy (each is listed with its
replay line: shrink it into a new trophy, or fix the false alarm).
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = "docs/findings"
KINDS = ("selector", "pipe", "ssl", "uvloop", "serial")
# How each kind runs: CPython's and uvloop's transports by name, a
# third-party transport through its factory (and only where it is
# installed: Debian's python3-serial-asyncio is Debian's interpreter's).
SERIAL = "adapters/python/examples/serial_factory.py:serial_transport"
RUN_ARGS = {kind: ["--transport", "python:" + kind] for kind in KINDS}
RUN_ARGS["serial"] = ["--factory", SERIAL]
ONLY_ON = {"serial": ("debian",)}
SWEPT = ("selector", "pipe")
PYTHONS = [("debian", "/usr/bin/python3")] + [
    (v, os.path.expanduser("~/.pyenv/versions/%s/bin/python3" % v))
    for v in ("3.11.7", "3.12.1", "3.13.0")]
KEYS = ("departure", "rule", "match", "tracker", "found")
STATUSES = ("HANG", "CRASH", "NONDETERMINISTIC")
# No verdict on the transport: a bound met while the run still made
# progress, or a case the kit could not finish (a wall-clock limit).
UNJUDGED = ("INCONCLUSIVE", "ERROR")


class Trophy:
    """One departure: its file, its header fields, its pattern."""

    def __init__(self, kind, path):
        self.kind = kind
        self.path = path
        self.fields = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"#\s*(\w+):\s*(.*)$", line)
                if not line.startswith("#"):
                    break
                if m and m.group(1) in KEYS + ("profile",):
                    self.fields[m.group(1)] = m.group(2).strip()
        missing = [k for k in KEYS if not self.fields.get(k)]
        if missing:
            raise SystemExit("%s: the header lacks %s" % (path, ", ".join(missing)))
        self.pattern = re.compile(self.fields["match"])
        self.profile = self.fields.get("profile", "docs")

    def __getattr__(self, name):
        if name in KEYS:
            return self.fields[name]
        raise AttributeError(name)

    def matches(self, clause, verdict):
        text = "%s [%s]" % (verdict.get("reason") or "", verdict.get("evidence") or "")
        return clause in self.rule.split() and self.pattern.search(text) is not None

    def shown_by(self, case):
        """Whether a case (a JSON report's) shows this departure."""
        if self.rule in STATUSES:
            return case["status"] == self.rule and \
                self.pattern.search(case.get("message") or "") is not None
        return any(self.matches(c, v) for c, v in leads(case))


def trophies(kind=None):
    found = []
    for k in KINDS if kind is None else (kind,):
        for path in sorted(glob.glob(os.path.join(ROOT, k, "*.wts"))):
            found.append(Trophy(k, path))
    return found


def installed():
    return [(label, py) for label, py in PYTHONS if os.access(py, os.X_OK)]


def run_json(cmd, out):
    """The JSON report of a wtkit command; None when it skipped (uvloop is
    not importable by every interpreter)."""
    proc = subprocess.run(cmd + ["--json", out], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    if proc.returncode == 0 and not os.path.exists(out) and "SKIP" in proc.stdout:
        return None
    if proc.returncode not in (0, 1) or not os.path.exists(out):
        raise SystemExit("%s: exit %d\n%s" % (" ".join(cmd), proc.returncode, proc.stdout[-2000:]))
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def leads(case):
    """(clause, verdict) of every FAIL of a case that follows from no other."""
    for cid, v in (case.get("clauses") or {}).items():
        if v.get("verdict") == "FAIL" and not v.get("follows"):
            yield cid, v


# --- the table ----------------------------------------------------------------

def verdicts(wtkit, kind, mine, tmp):
    """{(file, label): case} for the trophies of kind under every interpreter."""
    got = {}
    for profile in sorted({t.profile for t in mine}):
        paths = [t.path for t in mine if t.profile == profile]
        for label, py in installed():
            if label not in ONLY_ON.get(kind, (label,)):
                continue
            report = run_json([wtkit, "run"] + paths + RUN_ARGS[kind] + [
                               "--python", py, "--profile", profile],
                              os.path.join(tmp, "%s-%s-%s.json" % (kind, profile, label)))
            for case in report["cases"] if report is not None else ():
                got[(os.path.normpath(case["file"]), label)] = case
    return got


def table(wtkit):
    """The opening table of docs/findings.md, as lines; each trophy is run
    under every interpreter: where it shows its departure, and where not."""
    lines = []
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for kind in KINDS:
            mine = trophies(kind)
            if not mine:
                continue
            got = verdicts(wtkit, kind, mine, tmp)
            for t in mine:
                found, clean = [], []
                for label, py in installed():
                    case = got.get((os.path.normpath(t.path), label))
                    if case is None or case["status"] == "SKIP":
                        continue  # not run there (uvloop: Debian's interpreter only)
                    (found if t.shown_by(case) else clean).append(label)
                if not found:
                    problems.append("%s shows its departure under no interpreter" % t.path)
                py = dict(installed()).get(found[0] if found else "debian", "/usr/bin/python3")
                replay = "build/bin/wtkit run %s %s --python %s%s" % (
                    t.path, " ".join(RUN_ARGS[kind]), py,
                    "" if t.profile == "docs" else " --profile " + t.profile)
                what = "python:" + kind if kind != "serial" else "pyserial-asyncio"
                rows.append("| %s | `%s` | `%s` | %s | %s | [`%s`](%s) | `%s` | %s |" % (
                    t.departure, what, "`, `".join(t.rule.split()), ", ".join(found) or "-", ", ".join(clean) or "-",
                    os.path.basename(t.path), os.path.relpath(t.path, "docs"), replay, t.tracker))
    lines.append("| departure | transport | rule | found on | not on | shrunk case | replay | upstream |")
    lines.append("|---|---|---|---|---|---|---|---|")
    lines += rows
    return lines, problems


# --- the sweeps ---------------------------------------------------------------

def sweep_reports(wtkit, seeds, jobs, source, tmp):
    """{(kind, label): report}, from source's JSON files or run now."""
    reports = {}
    for kind in SWEPT:
        for label, py in installed():
            name = "%s-%s.json" % (kind, label)
            if source:
                path = os.path.join(source, name)
                if os.path.exists(path):
                    with open(path, encoding="utf-8") as f:
                        reports[(kind, label)] = json.load(f)
                continue
            print("sweep python:%s under %s, seeds %s" % (kind, label, seeds), flush=True)
            reports[(kind, label)] = run_json(
                [wtkit, "sweep", "--seeds", seeds, "--transport", "python:" + kind,
                 "--python", py, "--jobs", str(jobs)], os.path.join(tmp, name))
    return reports


def sort_sweeps(reports):
    """Per (kind, label): seeds, failing seeds, {trophy path: seeds}, the
    unexplained, the unjudged (INCONCLUSIVE, ERROR), the settings."""
    out = {}
    for (kind, label), report in sorted(reports.items()):
        mine = trophies(kind)
        per, odd, unjudged, failing = {}, [], [], 0
        for case in report["cases"]:
            if case["status"] in ("PASS", "SKIP"):
                continue
            if case["status"] in UNJUDGED:
                unjudged.append(case)
                continue
            failing += 1
            if case["status"] != "FAIL":
                hit = [t for t in mine if t.rule == case["status"] and t.shown_by(case)]
                if hit:
                    per.setdefault(hit[0].path, []).append(case["seed"])
                else:
                    odd.append((case, case["status"], case.get("message") or ""))
                continue
            for cid, v in leads(case):
                hit = [t for t in mine if t.matches(cid, v)]
                if hit:
                    per.setdefault(hit[0].path, []).append(case["seed"])
                else:
                    odd.append((case, cid, "%s [%s]" % (v.get("reason"), v.get("evidence"))))
        settings = report.get("settings", {})
        out[(kind, label)] = (report["summary"]["cases"], failing, per, odd, unjudged, settings)
    return out


def sweep_page(sorted_reports, seeds, note=None):
    lines = ["# Seed sweeps of CPython's transports",
             "",
             "Written by `make findings-sweeps` (`tools/trophies.py sweep`): `wtkit sweep",
             "--seeds %s` on every installed CPython's socket (`python:selector`) and pipe" % seeds,
             "(`python:pipe`) transport, judged by `docs`. Every FAIL of every failing seed",
             "(the leads: a FAIL that follows from another is counted under that one) is",
             "sorted into the departure it shows, each a shrunk case in",
             "[findings.md](../findings.md); what matches none is listed below with its",
             "replay line, and the run fails.",
             ""] + ([note, ""] if note else []) + [
             "| transport | interpreter | generator | seeds | failing | departures (seeds) | no verdict |",
             "|---|---|---|---:|---:|---|---:|"]
    unexplained, unjudged_lines = [], []
    for (kind, label), (n, failing, per, odd, unjudged, settings) in sorted_reports.items():
        parts = ["[%s](%s) %d" % (os.path.basename(p)[:-4], os.path.relpath(p, ROOT), len(s))
                 for p, s in sorted(per.items(), key=lambda kv: -len(kv[1]))]
        if odd:
            parts.append("**unexplained %d**" % len(odd))
        lines.append("| `python:%s` | %s | %s | %d | %d | %s | %d |" % (
            kind, label, settings.get("generator", "?"), n, failing, ", ".join(parts) or "-",
            len(unjudged)))
        for case in unjudged:
            unjudged_lines.append("- `python:%s` %s seed %s: %s %s\n  - replay: `%s`" % (
                kind, label, case["seed"], case["status"], case.get("message") or "",
                case.get("replay", "")))
        for case, what, text in odd:
            unexplained.append("- `python:%s` %s seed %s: %s %s\n  - replay: `%s`" % (
                kind, label, case["seed"], what, text, case.get("replay", "")))
    lines.append("")
    if unexplained:
        lines.append("## Unexplained\n")
        lines += unexplained
    else:
        lines.append("Every FAIL is one of the departures.")
    if unjudged_lines:
        lines.append("\n## No verdict\n")
        lines.append("INCONCLUSIVE: the step bound was met while the run still made progress")
        lines.append("(a long, slow drain); ERROR: the case did not finish within the kit's")
        lines.append("wall-clock limit on this machine. Neither judges the transport.\n")
        lines += unjudged_lines
    return lines, len(unexplained)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("table", "sweep"))
    ap.add_argument("--wtkit", default="build/bin/wtkit")
    ap.add_argument("--seeds", default="1..10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--from", dest="source", default=None,
                    help="read the sweeps' JSON reports (KIND-LABEL.json) from DIR")
    ap.add_argument("--out", default=os.path.join(ROOT, "sweeps.md"))
    ap.add_argument("--note", default=None, help="a paragraph for the page (how it was run)")
    args = ap.parse_args()
    if args.what == "table":
        lines, problems = table(args.wtkit)
        print("\n".join(lines))
        for p in problems:
            print("trophies: %s" % p, file=sys.stderr)
        return 1 if problems else 0
    with tempfile.TemporaryDirectory() as tmp:
        reports = sweep_reports(args.wtkit, args.seeds, args.jobs, args.source, tmp)
    lines, bad = sweep_page(sort_sweeps(reports), args.seeds, args.note)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s: %d unexplained FAIL(s)" % (args.out, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
