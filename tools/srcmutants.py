#!/usr/bin/env python3
# srcmutants.py - source mutants of the reference transport, for
# `make mutants`: each one changes one thing in a copy of
# sim/ref_transport.c (flip a comparison, shift a bound by one, negate a
# condition, drop a call, swap true and false), is built into its own
# wtkit from the release build's other objects, and runs the suite under
# every profile, then `wtkit mutants --verify` (the suite on the built-in
# mutants, which are this same source with a fault switch on: each must
# still FAIL exactly its declared clauses). The tree is never edited: the
# copies, objects and binaries live under --out (build/mutants).
#
# A mutant is killed when one of those runs exits non-zero (1: a verdict
# or a mismatch; 3 or a signal: the kit's own invariants or the transport
# died), survives when every run exits 0, and is stillborn when it does
# not compile (not counted). Which mutants are made is a pure function of the source: every
# candidate gets a stable ID (a hash of its function, the line and the
# change, not the line number), candidates are ordered by ID within each
# operator, and the first of each operator are taken in turn until --count
# (so an edit elsewhere in the file does not reshuffle them). Lines that
# are fault switches (FAULT, ref_fault), assertions (WT_ASSERT,
# ref_validate) and comments are never mutated: those are the mutants'
# own switches and the kit's invariants, not the contract; nor are the
# lines of a block only a fault switch enters.
#
# Every survivor must be explained in coverage/source-mutants.txt as
# "ID equivalent reason" (why no run can tell it from the reference) or
# "ID outside reason" (it changes something no clause is about, such as
# memory, and says which test catches it); an unexplained survivor fails,
# and so does an explanation of a mutant that was killed (it was not
# equivalent after all). A survivor that shows a missing scenario is fixed
# by adding the scenario, not by explaining it.
import argparse
import hashlib
import os
import re
import subprocess
import sys

PROFILES = ["docs", "cpython-selector", "cpython-pipe", "cpython-ssl", "uvloop"]
SKIP = re.compile(r"FAULT|ref_fault|WT_ASSERT|ref_validate|^\s*(/\*|\*|//|#)")
FUNC = re.compile(r"^static [^;(]*\b(ref_[a-z_]+)\(")
REL = re.compile(r"(?<![-<>=!])(>=|<=|==|!=|>|<)(?![<>=])")
RIGHT = re.compile(r"\s*((?:\(int64_t\))?[A-Za-z_][A-Za-z0-9_]*(?:(?:->|\.)[A-Za-z_][A-Za-z0-9_]*)*|\d+)")
CALL = re.compile(r"^(\s*)(\(void\))?[a-z_]+\([^;]*\);\s*(/\*.*\*/)?\s*$")
IF = re.compile(r"^(\s*(?:\} else )?if \()(.*)(\) \{)\s*$")
# An if whose block only a fault switch enters: "if (ref_fault(...)" or "... && ref_fault(".
FAULT_ONLY = re.compile(r"^\s*(\} else )?if \((ref_fault\(|[^|]*&& ref_fault\()")
FLIP = {">=": ">", ">": ">=", "<=": "<", "<": "<=", "==": "!=", "!=": "=="}


def candidates(lines):
    """Every (op, function, index, new line, description) the operators allow."""
    out, func, depth, in_table = [], None, 0, False
    fault_depth = None  # inside a block only a fault switch enters: its depth
    for i, line in enumerate(lines):
        m = FUNC.match(line)
        if m and not line.rstrip().endswith(";"):
            func = m.group(1)
        if line.startswith("static const struct ref_flavor ref_flavors[]"):
            in_table = True
        if in_table:
            in_table = not line.startswith("};")
            continue
        before = depth
        depth += line.count("{") - line.count("}")
        if fault_depth is not None:
            if depth <= fault_depth:
                fault_depth = None
            continue
        if FAULT_ONLY.match(line) and line.rstrip().endswith("{"):
            fault_depth = before
            continue
        if func is None or depth <= 0 or SKIP.search(line) or func == "ref_validate":
            continue
        code = line.split("/*")[0]
        if "#include" in code or not code.strip():
            continue
        for m in REL.finditer(code):
            op = m.group(1)
            if op in ("<", ">") and ("#include" in code or "<stdint" in code):
                continue
            new = line[:m.start()] + FLIP[op] + line[m.end():]
            out.append(("flip", func, i, new, "%s -> %s" % (op, FLIP[op])))
            r = RIGHT.match(code, m.end())
            if r and not re.match(r"^[A-Z_0-9]+$", r.group(1)) or (r and r.group(1).isdigit()):
                for delta in ("+ 1", "- 1"):
                    new = line[:r.start(1)] + "(%s %s)" % (r.group(1), delta) + line[r.end(1):]
                    out.append(("bound", func, i, new, "%s %s" % (r.group(1), delta)))
        m = IF.match(line)
        if m:
            new = "%s!(%s)%s" % (m.group(1), m.group(2), m.group(3))
            out.append(("negate", func, i, new, "if (!(...))"))
        m = CALL.match(line)
        if m and "return" not in line:
            out.append(("drop", func, i, m.group(1) + ";", "drop the call"))
        for a, b in (("true", "false"), ("false", "true")):
            for m in re.finditer(r"\b%s\b" % a, code):
                new = line[:m.start()] + b + line[m.end():]
                out.append(("bool", func, i, new, "%s -> %s" % (a, b)))
    return out


def mutant_id(func, old, new):
    key = "%s\0%s\0%s" % (func, old.strip(), new.strip())
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def select(cands, lines, count):
    by_op = {}
    seen = set()
    for op, func, i, new, desc in cands:
        mid = mutant_id(func, lines[i], new)
        if mid in seen:
            continue
        seen.add(mid)
        by_op.setdefault(op, []).append((mid, op, func, i, new, desc))
    for op in by_op:
        by_op[op].sort()
    chosen, order = [], sorted(by_op)
    while len(chosen) < count and any(by_op.values()):
        for op in order:
            if by_op[op] and len(chosen) < count:
                chosen.append(by_op[op].pop(0))
    return sorted(chosen, key=lambda c: c[3])


def explanations(path):
    notes = {}
    if not os.path.exists(path):
        return notes
    for n, raw in enumerate(open(path), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3 or parts[1] not in ("equivalent", "outside"):
            sys.exit("%s:%d: want 'ID equivalent|outside reason'" % (path, n))
        notes[parts[0]] = "%s: %s" % (parts[1], parts[2])
    return notes


def build(args, mid, text, objs):
    src = os.path.join(args.out, "src", "ref_transport-%s.c" % mid)
    obj = os.path.join(args.out, "obj", "ref_transport-%s.o" % mid)
    exe = os.path.join(args.out, "bin", "wtkit-%s" % mid)
    with open(src, "w") as f:
        f.write(text)
    flags = [f for f in args.cflags.split() if f not in ("-Werror", "-MMD", "-MP")]
    cc = args.cc.split()
    r = subprocess.run(cc + flags + ["-w", "-c", src, "-o", obj], capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1:] or ["compile error"]
    r = subprocess.run(cc + ["-rdynamic", "-o", exe] + objs + [obj] + args.libs.split(),
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1:] or ["link error"]
    return exe, None


def run_suite(exe):
    """The first suite run that exits non-zero, with its exit and FAILs; or None."""
    runs = [(p, ["run", "--profile", p]) for p in PROFILES]
    runs.append(("mutants --verify", ["mutants", "--verify"]))
    for p, argv in runs:
        try:
            r = subprocess.run([exe] + argv, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            return "%s: timed out (a loop that never ends)" % p
        if r.returncode != 0:
            mismatch = re.findall(r"^MISMATCH +(\S+) +(.*)$", r.stdout, re.M)
            if mismatch and r.returncode == 1:
                return "%s: mutant:%s %s" % (p, mismatch[0][0], mismatch[0][1][:120])
            fails = re.findall(r"^(WT-[A-Z0-9-]+) +\w+ +FAIL", r.stdout, re.M)
            why = ("exit %d" % r.returncode if r.returncode > 0
                   else "killed by signal %d" % -r.returncode)
            if r.returncode == 134 or "invariant failed" in r.stderr:
                why += " (a kit invariant: %s)" % (r.stderr.strip().splitlines() or ["?"])[-1]
            return "%s: %s%s" % (p, why, ": FAIL " + " ".join(fails[:3]) if fails else "")
    return None


class Tee:
    """Writes to the terminal and to the report file alike."""

    def __init__(self, *files):
        self.files = files

    def write(self, text):
        for f in self.files:
            f.write(text)
            f.flush()

    def flush(self):
        for f in self.files:
            f.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cflags", required=True)
    ap.add_argument("--objdir", required=True, help="the release build's obj directory")
    ap.add_argument("--libs", default="-ldl")
    ap.add_argument("--out", default="build/mutants")
    ap.add_argument("--source", default="sim/ref_transport.c")
    ap.add_argument("--notes", default="coverage/source-mutants.txt")
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--list", action="store_true", help="list the chosen mutants only")
    ap.add_argument("--report", help="also write what is printed to this file")
    args = ap.parse_args()
    if args.report:
        sys.stdout = Tee(sys.stdout, open(args.report, "w"))

    lines = open(args.source).read().split("\n")
    chosen = select(candidates(lines), lines, args.count)
    if args.list:
        for mid, op, func, i, new, desc in chosen:
            print("%s %-6s %s:%d %s: %s" % (mid, op, args.source, i + 1, func, desc))
        return 0
    for d in ("src", "obj", "bin"):
        os.makedirs(os.path.join(args.out, d), exist_ok=True)
    objs = []
    for root, _, files in os.walk(args.objdir):
        if os.sep + "tests" in root:
            continue
        for f in files:
            # golden.o and genwts.o are programs of their own (each has a main).
            if not f.endswith(".o") or f in ("ref_transport.o", "golden.o", "genwts.o"):
                continue
            obj = os.path.join(root, f)
            rel = os.path.relpath(obj, args.objdir)
            # Only objects of today's sources: a build directory may hold stale ones.
            if rel.startswith("gen" + os.sep) or os.path.exists(rel[:-2] + ".c"):
                objs.append(obj)
    objs.sort()
    notes = explanations(args.notes)
    killed = survived = stillborn = 0
    unexplained, wrong = [], []
    print("source mutants of %s: %d (of the operators flip, bound, negate, drop, bool)"
          % (args.source, len(chosen)))
    for mid, op, func, i, new, desc in chosen:
        text = "\n".join(lines[:i] + [new] + lines[i + 1:])
        where = "%s:%d %s" % (args.source, i + 1, func)
        exe, err = build(args, mid, text, objs)
        if exe is None:
            stillborn += 1
            print("  %s %-6s STILLBORN  %s: %s (%s)" % (mid, op, where, desc, err[0]))
            continue
        result = run_suite(exe)
        if result is not None:
            killed += 1
            print("  %s %-6s killed     %s: %s -- %s" % (mid, op, where, desc, result))
            if mid in notes:
                wrong.append((mid, where, desc))
        else:
            survived += 1
            note = notes.get(mid)
            print("  %s %-6s SURVIVED   %s: %s\n      `%s`\n      %s" % (
                mid, op, where, desc, new.strip(),
                note if note else "NOT EXPLAINED (coverage/source-mutants.txt)"))
            if not note:
                unexplained.append(mid)
    counted = killed + survived
    print("\nsource mutants: %d killed, %d survived (%d explained), %d stillborn; "
          "score %.1f%% (%d of %d)" % (killed, survived, survived - len(unexplained), stillborn,
                                     100.0 * killed / counted if counted else 100.0, killed,
                                     counted))
    generated = {c[0] for c in chosen}
    for mid in sorted(set(notes) - generated):
        print("note: %s is explained in %s but was not generated (the source changed)"
              % (mid, args.notes))
    status = 0
    for mid in unexplained:
        print("FAIL: survivor %s is not explained: add a scenario that kills it, or say in %s "
              "why it is equivalent" % (mid, args.notes))
        status = 1
    for mid, where, desc in wrong:
        print("FAIL: %s (%s: %s) is explained as equivalent in %s but a run killed it"
              % (mid, where, desc, args.notes))
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
