#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_reentrancy.py - the re-entrancy matrix: every protocol callback x every
transport call, one suite scenario per cell (conformance/scenarios/reentrancy/).

Each cell arms a one-shot hook (`on CALLBACK: CALL`) in a setup that makes
the callback fire with data buffered where that matters, drives the run to
its end, and states the clauses the cell must keep (`expect clause ID pass`)
and what the peer must have received. Why each row and column expects what
it does: docs/wts.md, "The re-entrancy matrix".

    python3 tools/gen_reentrancy.py            write the files
    python3 tools/gen_reentrancy.py --check    exit 1 unless the committed files
                                               are exactly this output and every
                                               cell is present (make check)
"""
import os
import sys

OUT = os.path.join("conformance", "scenarios", "reentrancy")

# The callbacks: .wts word, Python name, and the setup around the hook.
# `{hook}` is where the hook is armed. Every setup buffers 50 bytes of its
# own (or none, for made) so a flush, a discard or a FIN has something to
# act on.
ROWS = [
    ("made", "connection_made", [
        "{hook}",
        "run",
    ], "connection_made() runs before any op; its hook is armed before start"),
    ("pause", "pause_writing", [
        "set_write_buffer_limits high=100 low=25",
        "sock block",
        "{hook}",
        "write 200",
        "sock open",
        "run",
    ], "write(200) over high=100 on a blocked socket pauses the protocol"),
    ("resume", "resume_writing", [
        "set_write_buffer_limits high=100 low=25",
        "sock block",
        "write 200",
        "{hook}",
        "sock open",
        "run",
    ], "the socket opens and the 200 paused bytes drain below low=25"),
    ("data", "data_received", [
        "sock block",
        "write 50",
        "{hook}",
        "peer send 10",
        "step 2",
        "sock open",
        "run",
    ], "the peer sends 10 bytes while 50 are buffered"),
    ("eof", "eof_received", [
        "sock block",
        "write 50",
        "{hook}",
        "peer eof",
        "step 2",
        "sock open",
        "run",
    ], "the peer half-closes while 50 bytes are buffered (eof_received returns None)"),
    ("lost", "connection_lost", [
        "sock block",
        "write 50",
        "{hook}",
        "close",
        "sock open",
        "run",
    ], "close() with 50 bytes buffered; connection_lost comes after the flush"),
    # connection_lost reached the other way: abort() discards the buffer.
    ("lost-aborted", "connection_lost", [
        "sock block",
        "write 50",
        "{hook}",
        "abort",
        "sock open",
        "run",
    ], "abort() with 50 bytes buffered on a blocked socket; nothing is ever sent"),
]

# The calls: file name part, the hook's action, and what it writes (bytes).
COLS = [
    ("write", "write 10", 10),
    ("writelines", "writelines 5 5", 10),
    ("write_eof", "write_eof", 0),
    ("close", "close", 0),
    ("abort", "abort", 0),
    ("limits-lower", "set_write_buffer_limits high=20 low=5", 0),
    ("limits-raise", "set_write_buffer_limits high=100000 low=50000", 0),
    ("get_write_buffer_size", "get_write_buffer_size", 0),
    ("is_closing", "is_closing", 0),
]

# Bytes each row's setup writes, and so what the peer gets when nothing is lost.
ROW_BYTES = {"made": 0, "pause": 200, "resume": 200, "data": 50, "eof": 50, "lost": 50,
             "lost-aborted": 0}

# Every cell keeps these (they hold on every run of a conforming transport).
ALWAYS = ["WT-CALLBACKS-BETWEEN", "WT-LOST-EXACTLY-ONCE", "WT-NO-UNEXPECTED-ERROR",
          "WT-STATE-MACHINE"]


def cell_clauses(row, col):
    """The clauses the cell exercises and must keep, beyond ALWAYS. A clause
    is listed only where the cell poses its rule (the monitor says
    NOT-EXERCISED otherwise, and `expect clause ... pass` would not hold)."""
    out = []
    nbytes = dict((c, n) for c, _, n in COLS)[col]
    if col != "abort" and row not in ("eof", "lost", "lost-aborted") and \
            ROW_BYTES[row] + nbytes > 0:
        out.append("WT-WRITE-DELIVERS")
    if row == "lost-aborted":
        # The same, after abort(): connection_lost(None), nothing sent at all.
        out.append("WT-ABORT-LOST-NONE")
        if col == "is_closing":
            out.append("WT-IS-CLOSING")
        return out
    if row == "lost":
        # Inside connection_lost the transport is closed: a call there is
        # legal (no raise) and must not send or call back (CALLBACKS-BETWEEN);
        # is_closing() is True there.
        out += ["WT-LIVENESS-CLOSE-COMPLETES", "WT-CLOSE-FLUSHES"]
        if col == "is_closing":
            out.append("WT-IS-CLOSING")
        return out
    if col == "close":
        out.append("WT-LIVENESS-CLOSE-COMPLETES")
        if row == "data":
            out.append("WT-CLOSE-FLUSHES")
    elif col == "abort":
        out.append("WT-ABORT-LOST-NONE")
        if row in ("data", "eof"):
            out.append("WT-ABORT-NO-SEND-AFTER")
    elif col == "write_eof":
        out.append("WT-WRITE-EOF-FLUSHES")
    elif col in ("limits-lower", "limits-raise"):
        out.append("WT-LIMITS-GET-ORDER")
    if row in ("pause", "resume"):
        out.append("WT-PAUSE-RESUME-ALTERNATE")
    return out


def peer_total(row, col, nbytes):
    """What the peer must have received at the end, or None when the docs
    leave it open (abort discards an unknown part of the buffer)."""
    if col == "abort" and row != "lost":
        return None
    if row in ("lost", "lost-aborted"):
        return ROW_BYTES[row]  # a write inside connection_lost sends nothing
    if row == "eof" and col in ("write", "writelines"):
        # eof_received returned None: the transport closes after it, and
        # close() flushes what the hook wrote before.
        return ROW_BYTES[row] + nbytes
    return ROW_BYTES[row] + nbytes


def cell_text(row, cb, setup, why, col, action, nbytes):
    lines = [
        f"# Re-entrancy matrix: {action} from inside {cb}() (generated by",
        "# tools/gen_reentrancy.py; edit the script, not this file).",
        f"# Setup: {why}.",
    ]
    word = row.split("-")[0]  # the hook's callback word: lost-aborted hooks lost
    for step in setup:
        lines.append(f"on {word}: {action}" if step == "{hook}" else step)
    total = peer_total(row, col, nbytes)
    if total is not None:
        lines.append(f"expect peer {total}")
    if col in ("close", "abort") or row in ("eof", "lost", "lost-aborted"):
        lines.append("expect lost")
    for clause in ALWAYS + cell_clauses(row, col):
        lines.append(f"expect clause {clause} pass")
    return "\n".join(lines) + "\n"


def cells():
    for row, cb, setup, why in ROWS:
        for col, action, nbytes in COLS:
            name = f"WT-REENTRANT-{row}-{col}.wts"
            yield name, cell_text(row, cb, setup, why, col, action, nbytes)


def main(argv):
    check = "--check" in argv[1:]
    want = dict(cells())
    assert len(want) == len(ROWS) * len(COLS)
    if not check:
        os.makedirs(OUT, exist_ok=True)
        for name in os.listdir(OUT):
            if name.endswith(".wts") and name not in want:
                os.remove(os.path.join(OUT, name))
        for name, text in want.items():
            with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
                f.write(text)
        print(f"{OUT}: {len(want)} cells ({len(ROWS)} rows: 6 callbacks, connection_lost "
              f"reached by close and by abort; x {len(COLS)} calls)")
        return 0
    bad = 0
    have = set(n for n in os.listdir(OUT) if n.endswith(".wts")) if os.path.isdir(OUT) else set()
    for name, text in sorted(want.items()):
        path = os.path.join(OUT, name)
        if name not in have:
            print(f"{path}: missing (a cell of the matrix)")
            bad = 1
            continue
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{path}: differs from tools/gen_reentrancy.py's output")
                bad = 1
    for name in sorted(have - set(want)):
        print(f"{os.path.join(OUT, name)}: not a cell of the matrix")
        bad = 1
    if not bad:
        print(f"re-entrancy matrix: {len(want)} cells, all present and as generated")
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
