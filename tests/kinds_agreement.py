#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Argument kinds are really built, in process and over the line protocol.

tests/data/kinds/ holds one scenario per argument kind (docs/wts.md,
"Argument kinds"), each written while the socket blocks so the transport
buffers what it was handed. The kit must:

  - FAIL WT-WRITE-DELIVERS of a transport that keeps the caller's object
    instead of a copy (tests/data/kinds/keeper.py) under
    `bytearray-overwritten`, `bytearray-cleared` and `mixed` (whose first
    chunk is an overwritten bytearray), and pass it under every other kind
    it takes (`memoryview-strided` it refuses with TypeError: allowed);
  - pass a transport that copies at once and refuses a non-contiguous
    view with BufferError (the tiny example, flavor `strict`), every kind;
  - pass CPython's selector transport (/usr/bin/python3) on every kind
    except `memoryview-strided`: its write() hands the view to
    socket.send, which refuses it with BufferError, and the fatal-error
    path drops the data (WT-SIZE-UNSENT);
  - give the same status, failing clauses and trace hash in process and
    over the line protocol (so both build the same objects), and with the
    `kinds` feature refused (WTKIT_ADAPTER_FEATURES=none) hand every kind
    over as bytes: the keeper then passes.

    python3 tests/kinds_agreement.py build/bin/wtkit
"""

import json
import os
import subprocess
import sys
import tempfile

WTKIT = sys.argv[1] if len(sys.argv) > 1 else 'build/bin/wtkit'
PYTHON = '/usr/bin/python3'
DATA = 'tests/data/kinds'
KEEPER = DATA + '/keeper.py:make_transport'
failures = []


def run(args, tmp, name, env=None):
    path = os.path.join(tmp, name + '.json')
    proc = subprocess.run([WTKIT, 'run', DATA] + args + ['--python', PYTHON, '--json', path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
                          env=env)
    if proc.returncode not in (0, 1):
        failures.append('%s: exit %d: %s' % (name, proc.returncode, proc.stderr.decode()[-300:]))
        return {}
    with open(path, encoding='utf-8') as f:
        return {os.path.basename(c['name'])[:-4]: c for c in json.load(f)['cases']}


def failed(case):
    return sorted(k for k, v in (case.get('clauses') or {}).items() if v.get('verdict') == 'FAIL')


def expect(label, cases, fails):
    """Each case FAILs exactly the clauses fails names for it (none: PASS)."""
    if len(cases) != 13:
        failures.append('%s: %d cases, not 13' % (label, len(cases)))
    for name, case in sorted(cases.items()):
        want = fails.get(name, [])
        got = failed(case)
        if got != want or (case['status'] == 'PASS') != (not want):
            failures.append('%s: %s: %s, FAIL %s (want FAIL %s)'
                            % (label, name, case['status'], got, want))


def same(label, a, b):
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name), b.get(name)
        if x is None or y is None:
            failures.append('%s: %s only on one side' % (label, name))
            continue
        if (x['status'], failed(x), x['trace_hash']) != (y['status'], failed(y), y['trace_hash']):
            failures.append('%s: %s: %s %s %s != %s %s %s'
                            % (label, name, x['status'], failed(x), x['trace_hash'],
                               y['status'], failed(y), y['trace_hash']))


def main():
    if not os.access(PYTHON, os.X_OK):
        print('SKIP: %s not installed' % PYTHON)
        return 0
    keeps = {k: ['WT-WRITE-DELIVERS'] for k in ('write-bytearray-overwritten',
                                                 'write-bytearray-cleared')}
    keeps['writelines-mixed'] = ['WT-SIZE-UNSENT', 'WT-WRITE-DELIVERS']
    cpython = {'write-memoryview-strided': ['WT-SIZE-UNSENT']}
    with tempfile.TemporaryDirectory() as tmp:
        for proto in ([], ['--line-protocol']):
            tag = 'line protocol' if proto else 'in process'
            keeper = run(['--factory', KEEPER] + proto, tmp, 'keeper' + tag)
            expect('keeper (%s)' % tag, keeper, keeps)
            strict = run(['--factory', KEEPER, '--flavor', 'strict'] + proto, tmp, 'strict' + tag)
            expect('strict (%s)' % tag, strict, {})
            selector = run(['--transport', 'python:selector'] + proto, tmp, 'selector' + tag)
            expect('python:selector (%s)' % tag, selector, cpython)
            if proto:
                same('keeper: in process vs line protocol', keeper_hosted, keeper)
                same('strict: in process vs line protocol', strict_hosted, strict)
                same('selector: in process vs line protocol', selector_hosted, selector)
            else:
                keeper_hosted, strict_hosted, selector_hosted = keeper, strict, selector
        # Without the feature every kind is bytes: the keeper's kept bytes
        # are never overwritten, and a view is never strided.
        env = dict(os.environ, WTKIT_ADAPTER_FEATURES='none')
        plain = run(['--factory', KEEPER, '--line-protocol'], tmp, 'keeper-plain', env)
        expect('keeper without kinds', plain, {})
    for line in failures:
        print('FAIL:', line)
    print('kinds: %d problems' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
