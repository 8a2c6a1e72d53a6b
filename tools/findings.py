#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""findings.py - runs wtkit on CPython's and uvloop's real transports under
every installed interpreter, and on the third-party example transports in
adapters/python/examples (pyserial-asyncio), and writes docs/findings.md:
per transport and version, the clause verdicts and every departure from
the docs, with the scenario that shows it, the evidence (the exception's
class and message), what follows from it, and its replay command.

    python3 tools/findings.py [--wtkit build/bin/wtkit] [--out docs/findings.md]
                              [--baselines DIR]
    python3 tools/findings.py --check-third-party [--baselines DIR]

With --baselines DIR it also (re)writes DIR/<transport>-<version>.<profile>.baseline
for every run, the files `make check` compares against. --check-third-party
writes nothing: it checks that each example's committed baseline names
exactly the clauses its minimal scenarios show (make check).
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import trophies

# How many scenarios a departure lists.
SHOWN = 4

# Each real transport, the profile of its family, and what it is.
TRANSPORTS = [
    ("selector", "cpython-selector", "asyncio.selector_events._SelectorSocketTransport"),
    ("pipe", "cpython-pipe", "asyncio.unix_events._UnixWritePipeTransport"),
    ("ssl", "cpython-ssl", "asyncio.sslproto._SSLProtocolTransport"),
    ("uvloop", "uvloop", "uvloop's TCP/Unix stream transport (UVStream)"),
]


def run(wtkit, kind, profile, tmp, baselines):
    """One --all-pythons run; returns {label: report} and the SKIP lines."""
    stem = os.path.join(tmp, "%s.%s.json" % (kind, profile))
    cmd = [wtkit, "run", "--transport", "python:" + kind, "--all-pythons",
           "--profile", profile, "--json", stem]
    if baselines:
        cmd += ["--write-baseline", baselines]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, check=False).stdout
    if "wtkit:" in out and "error" in out.lower() and not glob.glob(stem[:-5] + "-*.json"):
        sys.stderr.write(out)
    reports = {}
    for path in sorted(glob.glob(stem[:-5] + "-*.json")):
        label = path[len(stem) - 4:-5]
        with open(path) as f:
            reports[label] = json.load(f)
    skips = [line[5:] for line in out.splitlines() if line.startswith("SKIP ")]
    return reports, skips


def catalog(wtkit):
    """clause id -> (kind, source, sentence) from `wtkit clauses --markdown`."""
    out = subprocess.run([wtkit, "clauses", "--markdown"], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        if not line.startswith("| `WT-"):
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        rows[cells[0].strip("`")] = (cells[1], cells[3], cells[4])
    return rows


# A departure: a FAIL, or under docs an INTEROP note (asyncio's agreement).
DEPARTS = ("FAIL", "INTEROP")


def departures(report):
    """clause id -> (verdict, first failure) for every FAIL, INTEROP or CONFLICT."""
    found = {}
    for c in report["clauses"]:
        if c["verdict"] in DEPARTS or c.get("conflict"):
            found[c["id"]] = c
    return found


def detail(v):
    """The evidence and knock-on of a case's clause verdict, as text."""
    text = ""
    if v.get("evidence"):
        text += " [%s]" % v["evidence"]
    follows = v.get("follows")
    if follows:
        text += " (follows from %s at event %s)" % (follows["clause"], follows["event"])
    return text


def scenario_comment(path):
    """The scenario's leading comment, as one line: what it shows."""
    words = []
    try:
        with open(path) as f:
            for line in f:
                if not line.startswith("#"):
                    break
                words.append(line[1:].strip())
    except OSError:
        return ""
    return " ".join(w for w in words if w)


def replay_of(report, path):
    for s in report["cases"]:
        if s["file"] == path:
            return s.get("replay", "")
    return ""


def section(lines, kind, family, what, results, clauses, heading=None):
    lines.append(heading or "## %s (`python:%s`)\n" % (what, kind))
    labels = sorted({label for (_, runs, _) in results for label in runs},
                    key=lambda s: (s != "debian", s))
    skips = sorted({s for (_, _, sk) in results for s in sk})
    for s in skips:
        lines.append("- SKIP %s" % s)
    if skips:
        lines.append("")
    if not labels:
        lines.append("No interpreter could run it here.\n")
        return
    cols = [(profile, label) for (profile, runs, _) in results for label in labels
            if label in runs]
    ids = []
    for (profile, runs, _) in results:
        for label in labels:
            for cid in departures(runs.get(label, {"clauses": []})):
                if cid not in ids:
                    ids.append(cid)
    lines.append("| clause | kind | " + " | ".join("%s, %s" % c for c in cols) + " |")
    lines.append("|---|---|" + "---|" * len(cols))
    if not ids:
        lines.append("| (none) | | " + " | ".join("all PASS" for _ in cols) + " |")
    for cid in ids:
        cells = []
        for (profile, label) in cols:
            runs = dict((p, r) for (p, r, _) in results)[profile]
            verdicts = {c["id"]: c for c in runs[label]["clauses"]}
            v = verdicts.get(cid)
            if v is None:
                cells.append("-")
            else:
                cells.append(v["verdict"] + (" (conflict)" if v.get("conflict") else ""))
        kind_cell = clauses.get(cid, ("?", "", ""))[0]
        lines.append("| `%s` | %s | %s |" % (cid, kind_cell, " | ".join(cells)))
    lines.append("")
    lines.append("| interpreter | profile | PASS | FAIL | NOT-EXERCISED | scenarios passed | skipped |")
    lines.append("|---|---|---|---|---|---|---|")
    for (profile, runs, _) in results:
        for label in labels:
            if label in runs:
                s = runs[label]["summary"]
                lines.append("| %s | %s | %d | %d | %d | %d of %d | %d |" %
                             (label, profile, s["pass"], s["fail"], s["not_exercised"],
                              s["cases_pass"], s["cases"], s["cases_skip"]))
    lines.append("")
    for cid in ids:
        kind_cell, source, sentence = clauses.get(cid, ("?", "?", "?"))
        lines.append("### `%s` (%s)\n" % (cid, kind_cell))
        lines.append("%s: %s\n" % (source, sentence))
        groups = {}  # (file, event, reason) -> ["label (profile)"], first replay
        for (profile, runs, _) in results:
            for label in labels:
                if label not in runs:
                    continue
                for sc in runs[label]["cases"]:
                    v = sc.get("clauses", {}).get(cid)
                    if v is None or v.get("verdict") not in DEPARTS:
                        continue
                    key = (sc["file"], v.get("event"), v.get("reason", "") + detail(v))
                    if key not in groups:
                        groups[key] = ([], sc.get("replay", ""))
                    groups[key][0].append("%s (%s)" % (label, profile))
        # The scenarios named after the clause first; at most SHOWN of them.
        ordered = sorted(groups.items(),
                         key=lambda kv: (not os.path.basename(kv[0][0]).startswith(cid),
                                         kv[0][0]))
        if len(ordered) > SHOWN:
            lines.append("(%d scenarios show it; the first %d:)\n" % (len(ordered), SHOWN))
        groups = dict(ordered[:SHOWN])
        for (path, event, reason), (where, replay) in groups.items():
            lines.append("- `%s` event %s: %s" % (path, event, reason))
            about = scenario_comment(path)
            if about:
                lines.append("  - the scenario: %s" % about)
            lines.append("  - seen on: %s" % ", ".join(where))
            lines.append("  - replay: `%s`" % replay)
        lines.append("")


def trophy_table(lines, wtkit):
    """The departures, each a shrunk case under docs/findings/KIND/ (tools/trophies.py)."""
    rows, problems = trophies.table(wtkit)
    lines.append("## Every departure found, each as a shrunk case\n")
    lines.append("Each row is one departure of a real transport the kit drives (CPython's,")
    lines.append("uvloop's, and pyserial-asyncio's through its factory): the rule it")
    lines.append("breaks, the interpreters it shows on, the shrunk `.wts` that shows it (made by")
    lines.append("`wtkit shrink --clause RULE` from the suite or a sweep seed, and run here on")
    lines.append("every interpreter to fill the version columns), the command that replays it,")
    lines.append("and the upstream tracker entry. The seed sweeps of")
    lines.append("[findings/sweeps.md](findings/sweeps.md) find nothing but these.\n")
    lines += rows
    lines.append("")
    lines.append("One departure the kit cannot pose: uvloop calls resume_writing() only when")
    lines.append("a libuv write request completes, so on a socket that takes part of a large")
    lines.append("write at a time the size falls to low and below while the protocol stays")
    lines.append("paused, until it is 0. `tests/uvloop_partial_accept.py` shows it on a real")
    lines.append("socketpair with a small SO_SNDBUF, and why the kit's bridge cannot: bytes")
    lines.append("inside a partially accepting kernel are in neither uvloop's size nor the")
    lines.append("kit's peer, so every size verdict would be wrong by up to the kernel buffer.")
    lines.append("")
    for p in problems:
        sys.stderr.write("findings: %s\n" % p)
    return not problems


# The re-entrancy matrix's rows and columns, as tools/gen_reentrancy.py names its cells.
MATRIX_ROWS = ("made", "pause", "resume", "data", "eof", "lost", "lost-aborted")
MATRIX_COLS = ("write", "writelines", "write_eof", "close", "abort", "limits-lower",
               "limits-raise", "get_write_buffer_size", "is_closing")


def matrix_table(lines, all_results):
    """Per transport, every callback x call cell of the re-entrancy matrix
    under docs: pass on every interpreter, or the interpreters it fails on."""
    lines.append("## The re-entrancy matrix, per transport\n")
    lines.append("Every protocol callback (rows; `lost-aborted` is connection_lost after")
    lines.append("abort()) calling every transport call (columns), as")
    lines.append("`conformance/scenarios/reentrancy/` poses it, judged by `docs`: `pass` on every")
    lines.append("interpreter, else the interpreters where a clause FAILs (INTEROP notes")
    lines.append("do not count); `-` where it was not run (skipped).\n")
    for kind, _, what in TRANSPORTS:
        cells = {}
        for (profile, runs, _) in all_results.get(kind, []):
            if profile != "docs":
                continue
            for label, report in runs.items():
                for sc in report["cases"]:
                    name = os.path.basename(sc["file"])
                    if not name.startswith("WT-REENTRANT-") or sc["status"] == "SKIP":
                        continue
                    cell = name[len("WT-REENTRANT-"):-len(".wts")]
                    bad = cells.setdefault(cell, [])
                    if any(v.get("verdict") == "FAIL" for v in sc.get("clauses", {}).values()):
                        bad.append(label)
        if not cells:
            continue
        lines.append("### %s (`python:%s`)\n" % (what, kind))
        lines.append("| callback \\ call | %s |" % " | ".join("`%s`" % c for c in MATRIX_COLS))
        lines.append("|---|%s|" % "|".join("---" for _ in MATRIX_COLS))
        for row in MATRIX_ROWS:
            out = []
            for col in MATRIX_COLS:
                bad = cells.get("%s-%s" % (row, col))
                out.append("-" if bad is None else ("pass" if not bad else
                           "**FAIL** " + ", ".join(sorted(bad, key=lambda s: (s != "debian", s)))))
            lines.append("| %s | %s |" % (row, " | ".join(out)))
        lines.append("")


# Third-party transports, run as --factory under Debian's interpreter (the
# one their Debian packages install into): name, what, factory, the folder
# of one minimal scenario per departure, the kit-free reproduction.
THIRD_PARTY = [
    ("pyserial-asyncio",
     "pyserial-asyncio's `serial_asyncio.SerialTransport` (Debian's python3-serial-asyncio, "
     "over a fake serial port)",
     "adapters/python/examples/serial_factory.py:serial_transport",
     "tests/data/serial", "tests/serial_pty_repro.py"),
]
DEBIAN_PY = "/usr/bin/python3"
THIRD_PARTY_PROFILES = ("asyncio", "docs")


def run_factory(wtkit, factory, profile, out, baselines=None, paths=()):
    """One run of a factory under Debian's Python; its JSON report, or None."""
    cmd = [wtkit, "run", "--factory", factory, "--python", DEBIAN_PY, "--profile", profile,
           "--json", out] + list(paths)
    if baselines:
        cmd += ["--write-baseline", baselines]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, check=False)
    if not os.path.exists(out):
        sys.stderr.write(res.stdout)
        return None
    with open(out) as f:
        return json.load(f)


def scenario_departures(report):
    """(clause, verdict, event, reason + detail) per departure of the one case."""
    found = []
    for sc in report["cases"]:
        for cid, v in sorted(sc.get("clauses", {}).items()):
            if v.get("verdict") in DEPARTS:
                found.append((cid, v["verdict"], v.get("event"), v.get("reason", "") + detail(v)))
    return found


def third_party(lines, wtkit, tmp, baselines, clauses):
    """A section per third-party transport: the suite's verdicts, then one
    minimal scenario per departure, and the kit-free reproduction."""
    for name, what, factory, folder, repro in THIRD_PARTY:
        results = []
        for profile in THIRD_PARTY_PROFILES:
            out = os.path.join(tmp, "%s.%s.json" % (name, profile))
            report = run_factory(wtkit, factory, profile, out, baselines)
            results.append((profile, {"debian": report} if report else {}, []))
        section(lines, name, None, what, results, clauses,
                heading="## %s (`--factory %s`)\n" % (what, factory))
        lines.append("### Minimal scenarios (`%s/`)\n" % folder)
        lines.append("One scenario per departure; `%s` reproduces each on the library's" % repro)
        lines.append("own loop over a pty, without the kit (`make check` runs both).\n")
        lines.append("| scenario | what it shows | profile | clause | verdict | event: reason [evidence] |")
        lines.append("|---|---|---|---|---|---|")
        for path in sorted(glob.glob(os.path.join(folder, "*.wts"))):
            about = scenario_comment(path)
            for profile in THIRD_PARTY_PROFILES:
                out = os.path.join(tmp, "min-%s-%s.json" % (os.path.basename(path), profile))
                report = run_factory(wtkit, factory, profile, out, None, [path])
                for cid, verdict, event, text in scenario_departures(report or {"cases": []}):
                    if cid not in about:
                        continue  # a departure every run shows (a missing method): its own row
                    lines.append("| `%s` | %s | %s | `%s` | %s | %s: %s |" %
                                 (os.path.basename(path), about, profile, cid, verdict, event,
                                  text.replace("|", "\\|")))
        lines.append("")
        res = subprocess.run([DEBIAN_PY, repro], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        lines.append("`%s` (exit %d):\n" % (repro, res.returncode))
        lines.append("```")
        lines += res.stdout.rstrip().splitlines()
        lines.append("```\n")


def baseline_clauses(path):
    """The clause IDs a baseline file lists (expectation rows aside)."""
    ids = set()
    with open(path) as f:
        for line in f:
            word = line.split(" ", 1)[0].strip()
            if word.startswith("WT-"):
                ids.add(word)
    return ids


def check_third_party(wtkit, baselines):
    """Each example's committed baseline names exactly the clauses its
    minimal scenarios FAIL, per profile. 0, or 1 with what differs."""
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, _, factory, folder, _ in THIRD_PARTY:
            key = factory.rpartition(":")[2]
            for profile in THIRD_PARTY_PROFILES:
                files = glob.glob(os.path.join(baselines, "factory-%s-*.%s.baseline" %
                                               (key, profile)))
                if not files:
                    print("%s: no committed baseline for profile %s in %s" %
                          (name, profile, baselines))
                    bad += 1
                    continue
                committed = baseline_clauses(files[0])
                # One run of every minimal scenario: one interpreter, not one each.
                paths = sorted(glob.glob(os.path.join(folder, "*.wts")))
                out = os.path.join(tmp, "%s.%s.json" % (name, profile))
                report = run_factory(wtkit, factory, profile, out, None, paths)
                shown = {cid for (cid, verdict, _, _) in
                         scenario_departures(report or {"cases": []}) if verdict == "FAIL"}
                if committed != shown:
                    print("%s (%s): the baseline lists %s; the minimal scenarios show %s" %
                          (name, profile, sorted(committed), sorted(shown)))
                    bad += 1
                else:
                    print("%s (%s): the baseline and the minimal scenarios agree: %s" %
                          (name, profile, ", ".join(sorted(shown))))
    return 1 if bad else 0


PAUSE_SIDES = (
    ("docs", "WT-PAUSE-STRICTLY-OVER-HIGH", "strictly over high (BaseProtocol page)"),
    ("cpython-ssl", "WT-PAUSE-AT-OR-OVER-HIGH", "at or over high (WriteTransport page)"),
)


def pause_sides(wtkit, tmp, lines):
    """Which side of the pause conflict each transport and version is on."""
    lines.append("## The pause conflict: which side each transport is on\n")
    lines.append("The WriteTransport page says pause_writing() comes when the size becomes")
    lines.append("greater than or equal to high; the BaseProtocol page says only strictly over.")
    lines.append("Each transport is run under both readings (`docs` picks strictly over,")
    lines.append("`cpython-ssl` at or over); the reading it keeps is its side.\n")
    lines.append("| transport | interpreter | side |")
    lines.append("|---|---|---|")
    for kind, _, _ in TRANSPORTS:
        kept = {}
        for profile, clause, words in PAUSE_SIDES:
            stem = os.path.join(tmp, "side-%s.%s.json" % (kind, profile))
            subprocess.run([wtkit, "run", "--transport", "python:" + kind, "--all-pythons",
                            "--profile", profile, "--clause", clause, "--json", stem],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            for path in glob.glob(stem[:-5] + "-*.json"):
                label = path[len(stem) - 4:-5]
                with open(path) as f:
                    report = json.load(f)
                verdict = {c["id"]: c["verdict"] for c in report["clauses"]}.get(clause)
                if verdict == "PASS":
                    kept.setdefault(label, []).append(words)
                else:
                    kept.setdefault(label, [])
        for label in sorted(kept, key=lambda s: (s != "debian", s)):
            side = " and ".join(kept[label]) if kept[label] else "neither (see the tables)"
            lines.append("| `python:%s` | %s | %s |" % (kind, label, side))
    lines.append("")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wtkit", default="build/bin/wtkit")
    ap.add_argument("--out", default="docs/findings.md")
    ap.add_argument("--baselines", default=None,
                    help="also write DIR/<transport>-<version>.<profile>.baseline")
    ap.add_argument("--check-third-party", action="store_true",
                    help="check the third-party baselines against their minimal scenarios")
    args = ap.parse_args()
    if args.check_third_party:
        sys.exit(check_third_party(args.wtkit, args.baselines or "adapters/python/baselines"))
    clauses = catalog(args.wtkit)
    lines = [
        "# Findings: CPython's and uvloop's write transports against the docs",
        "",
        "Generated by `make findings` (`tools/findings.py`): every scenario of",
        "`conformance/scenarios/` run through `adapters/python` on each real transport,",
        "under every installed interpreter, judged by the transport family's profile and",
        "by `docs`. A FAIL is a departure from the clause (see `wtkit explain ID`);",
        "an INTEROP is a departure from what asyncio's transports agree on where the",
        "docs are silent (a note under `docs`, a FAIL under `asyncio`). Brackets hold",
        "the evidence (the exception's class and message); \"follows from\" marks a",
        "FAIL that the one named caused (the knock-on rule). The replay command reruns",
        "the scenario that shows it. uvloop runs on real file descriptors and TLS",
        "output is random, so those runs skip the replay check and the ops they cannot",
        "model (see `adapters/python/README.md`). Third-party transports close the file.",
        "",
    ]
    body = []
    all_results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, family, what in TRANSPORTS:
            results = []
            for profile in (family, "docs"):
                runs, skips = run(args.wtkit, kind, profile, tmp, args.baselines)
                results.append((profile, runs, skips))
            all_results[kind] = results
            section(body, kind, family, what, results, clauses)
        pause_sides(args.wtkit, tmp, body)
        third_party(body, args.wtkit, tmp, args.baselines, clauses)
    ok = trophy_table(lines, args.wtkit)
    matrix_table(lines, all_results)
    lines += body
    with open(args.out, "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    print("wrote %s" % args.out)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
