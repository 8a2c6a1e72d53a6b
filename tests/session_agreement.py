#!/usr/bin/env python3
"""One outcome through every command: the same failing op sequence gets the
same status, first failing event and reason through `sweep`, `sweep --save`
+ `run`, `trace`, and their --json reports; skipped scenarios never become
the DETAIL or first_failure of a clause. Usage: session_agreement.py WTKIT
FIXTURE.so (the fixture plugin built from tests/data/plugins/fixture_tiny.c).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

WTKIT, FIXTURE = sys.argv[1], sys.argv[2]
failures = []


def run(*args):
    p = subprocess.run([WTKIT, *args], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def verdict(case):
    """Status and, per FAILed clause, (event, reason): what must agree."""
    fails = {cid: (c.get("event"), c.get("reason"))
             for cid, c in case["clauses"].items() if c["verdict"] == "FAIL"}
    return case["status"], fails


def load(path):
    with open(path) as f:
        return json.load(f)


def agree(label, transport, sweep_args, want_status):
    """A seed's verdict through sweep, the saved .wts through run and trace."""
    with tempfile.TemporaryDirectory() as tmp:
        j1, j2, j3 = (os.path.join(tmp, n) for n in ("sweep.json", "run.json", "trace.json"))
        rc1, out, _ = run("sweep", *sweep_args, "--transport", transport, "--save", tmp,
                          "--json", j1)
        cases = [c for c in load(j1)["cases"] if c["status"] == want_status]
        check(cases, f"{label}: the sweep has a {want_status} seed")
        if not cases:
            return
        seed_case = cases[0]
        saved = os.path.join(tmp, "seed-%d.wts" % seed_case["seed"])
        check(os.path.exists(saved), f"{label}: {saved} saved")
        if not os.path.exists(saved):
            return
        check(seed_case["replay"].startswith(WTKIT + " sweep --seeds"),
              f"{label}: replay line starts with the binary as invoked: {seed_case['replay']}")
        one = [a if a != sweep_args[1] else "%d..%d" % (seed_case["seed"], seed_case["seed"])
               for a in sweep_args]
        rc1, _, _ = run("sweep", *one, "--transport", transport)
        rc2, _, _ = run("run", saved, "--transport", transport, "--json", j2)
        rc3, trace_out, _ = run("trace", saved, "--transport", transport, "--json", j3)
        v1, v2, v3 = verdict(seed_case), verdict(load(j2)["cases"][0]), verdict(load(j3)["cases"][0])
        check(v1 == v2, f"{label}: sweep {v1} == run {v2}")
        check(v1 == v3, f"{label}: sweep {v1} == trace {v3}")
        check(rc1 == rc2 == rc3, f"{label}: exit statuses {rc1} {rc2} {rc3} agree")
        check(not re.search(r"\b[abc]=", trace_out), f"{label}: no positional a=/b=/c= in trace")


# 1. a seed against a built-in mutant
agree("mutant", "mutant:never-resume", ["--seeds", "1..300"], "FAIL")
# 2. a step bound met while still making progress: INCONCLUSIVE, exit 0
agree("bound with progress", "reference", ["--seeds", "1..60", "--steps", "20"], "INCONCLUSIVE")

# 3. the bound without progress (a spin) and with it, as scripts
for name, transport, want, want_rc in (("spin.wts", FIXTURE, "HANG", 1),
                                       ("slow.wts", "reference", "INCONCLUSIVE", 0)):
    with tempfile.TemporaryDirectory() as tmp:
        path = "tests/data/session/" + name
        rc, _, _ = run("run", path, "--transport", transport, "--json", tmp + "/r.json")
        rct, _, _ = run("trace", path, "--transport", transport, "--json", tmp + "/t.json")
        r, t = load(tmp + "/r.json")["cases"][0], load(tmp + "/t.json")["cases"][0]
        check(r["status"] == want and t["status"] == want,
              f"{name}: run {r['status']}, trace {t['status']}, want {want}")
        check(rc == rct == want_rc, f"{name}: exit {rc} and {rct}, want {want_rc}")

# 4. skipped scenarios: every first_failure and DETAIL names a case that FAILed that clause
with tempfile.TemporaryDirectory() as tmp:
    rc, out, _ = run("run", "--transport", FIXTURE, "--json", tmp + "/r.json")
    report = load(tmp + "/r.json")
    by_name = {c["name"]: c for c in report["cases"]}
    check(any(c["status"] == "SKIP" for c in report["cases"]), "the fixture skips some scenarios")
    failed = [c for c in report["clauses"] if c["verdict"] == "FAIL"]
    check(failed, "the fixture FAILs a clause")
    for cl in failed:
        first = by_name[cl["first_failure"]["name"]]
        check(first["clauses"].get(cl["id"], {}).get("verdict") == "FAIL",
              f"first_failure of {cl['id']} names {first['name']}, which FAILed it")
        row = [l for l in out.splitlines() if l.startswith(cl["id"] + " ")]
        base = os.path.basename(first["name"])
        check(row and base in row[0], f"DETAIL of {cl['id']} names {base}: {row}")

# 4b. trace SKIPs what run SKIPs, with the same reason
with tempfile.TemporaryDirectory() as tmp:
    run("run", "--transport", FIXTURE, "--json", tmp + "/r.json")
    skipped = [c for c in load(tmp + "/r.json")["cases"] if c["status"] == "SKIP"]
    for case in skipped[:3]:
        rc, out, _ = run("trace", case["name"], "--transport", FIXTURE, "--json", tmp + "/t.json")
        t = load(tmp + "/t.json")["cases"][0]
        check(t["status"] == "SKIP" and t["message"] == case["message"] and rc == 0,
              f"trace {case['name']}: {t['status']} ({t['message']}), run: SKIP ({case['message']})")
        check("call write_eof" not in out, f"trace {case['name']} ran what run skipped")

# 4c. a uvloop sweep FAILs only clauses the suite FAILs on uvloop (the generator
# draws only the ops the adapter supports)
if subprocess.run(["/usr/bin/python3", "-c", "import uvloop"], capture_output=True).returncode:
    print("SKIP: uvloop sweep: /usr/bin/python3 has no uvloop")
else:
    with tempfile.TemporaryDirectory() as tmp:
        run("run", "--transport", "python:uvloop", "--json", tmp + "/suite.json")
        run("sweep", "--transport", "python:uvloop", "--seeds", "1..15", "--ops", "120",
            "--json", tmp + "/sweep.json")
        suite = {c["id"] for c in load(tmp + "/suite.json")["clauses"] if c["verdict"] == "FAIL"}
        swept = {c["id"] for c in load(tmp + "/sweep.json")["clauses"] if c["verdict"] == "FAIL"}
        check(swept <= suite, f"uvloop sweep FAILs {sorted(swept - suite)} the suite does not")

# 5. a saved seed at 2^64-1 replays, and the file carries its header
with tempfile.TemporaryDirectory() as tmp:
    top = 2**64 - 1
    run("sweep", "--seeds", f"{top}..{top}", "--transport", FIXTURE, "--save", tmp)
    saved = os.path.join(tmp, f"seed-{top}.wts")
    check(os.path.exists(saved), "seed 2^64-1 saved")
    if os.path.exists(saved):
        head = open(saved).read()
        for key in ("wts ", "kit ", "generator ", "transport ", "recorded-profile ", f"seed {top}"):
            check(re.search("^" + re.escape(key), head, re.M), f"saved header has '{key}'")
        rc, _, err = run("run", saved, "--transport", FIXTURE)
        check(rc == 1 and "error" not in err.lower(), f"seed 2^64-1 replays: exit {rc} {err}")

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
