#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""In process and over the line protocol, a Python transport gives the same
trace, event for event: the same trace hash, status and verdicts per
scenario (the suite, for selector, pipe and ssl) and per seed (a sweep).
A transport that crashes its interpreter gives that scenario CRASH and the
rest still runs.

    python3 tests/hosted_agreement.py build/bin/wtkit
"""

import json
import os
import subprocess
import sys
import tempfile

WTKIT = sys.argv[1] if len(sys.argv) > 1 else 'build/bin/wtkit'
PYTHON = '/usr/bin/python3'
KEYS = ('status', 'trace_hash', 'replay_hash', 'events', 'clauses', 'evidence',
        'expectations_failed', 'message', 'stderr')
failures = []


def run(args, tmp, name):
    path = os.path.join(tmp, name + '.json')
    proc = subprocess.run([WTKIT] + args + ['--json', path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if proc.returncode not in (0, 1):
        failures.append('%s: exit %d: %s' % (' '.join(args), proc.returncode,
                                             proc.stderr.decode()[-300:]))
        return {}
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    cases = {c['name']: c for c in data['cases']}
    cases[''] = {'status': json.dumps(data['summary'], sort_keys=True)}  # the counts
    return cases


def agree(label, args, tmp):
    hosted = run(args, tmp, label + '-host')
    line = run(args + ['--line-protocol'], tmp, label + '-line')
    if len(hosted) < 1 or set(hosted) != set(line):
        failures.append('%s: the two paths ran different cases' % label)
        return 0
    for name, case in hosted.items():
        for key in KEYS:
            if case.get(key) != line[name].get(key):
                failures.append('%s %s: %s in process %r, over the line protocol %r'
                                % (label, name, key, case.get(key), line[name].get(key)))
                break
    return len(hosted)


def crash(tmp):
    """A transport that kills its interpreter on one scenario's write."""
    factory = os.path.join(tmp, 'crashing.py')
    with open(factory, 'w', encoding='utf-8') as f:
        f.write('import os, signal, sys\n'
                'sys.path.insert(0, %r)\n'
                'from tiny_transport import TinyTransport\n'
                'class Crashing(TinyTransport):\n'
                '    def write(self, data):\n'
                '        if len(data) == 7:\n'
                '            os.kill(os.getpid(), signal.SIGSEGV)\n'
                '        return super().write(data)\n'
                'def make(loop, sock, protocol, *, flavor=None):\n'
                '    return Crashing(loop, sock, protocol)\n'
                % os.path.abspath('adapters/python/examples'))
    seven = os.path.join(tmp, 'seven.wts')
    with open(seven, 'w', encoding='utf-8') as f:
        f.write('write 3\nwrite 7\nrun\n')
    fine = os.path.join(tmp, 'fine.wts')
    with open(fine, 'w', encoding='utf-8') as f:
        f.write('write 3\nrun\nexpect peer 3\n')
    cases = run(['run', seven, fine,
                 '--factory', factory + ':make', '--python', PYTHON], tmp, 'crash')
    got = {os.path.basename(k): c['status'] for k, c in cases.items() if k}
    if got.get('seven.wts') != 'CRASH' or got.get('fine.wts') != 'PASS':
        failures.append('a crashing transport: %r (want seven.wts CRASH, fine.wts PASS)' % got)
    msg = cases.get(seven, {}).get('message') or ''
    if 'signal' not in msg:
        failures.append('a crash says which signal: %r' % msg)


def main():
    if not os.access(PYTHON, os.X_OK):
        print('SKIP: %s not installed' % PYTHON)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        n = 0
        for kind in ('selector', 'pipe', 'ssl'):
            n += agree('suite-' + kind, ['run', '--transport', 'python:' + kind,
                                         '--python', PYTHON], tmp)
        n += agree('sweep-selector', ['sweep', '--seeds', '1..120', '--transport',
                                      'python:selector', '--python', PYTHON, '--jobs', '1'], tmp)
        # Coroutines over sock_sendall/sock_recv: the world reads the size
        # while the transport's code is still running (seed 49 once saw a
        # stale one in process).
        coro = 'adapters/python/examples/coro_transport.py:make_transport'
        n += agree('suite-coro', ['run', '--factory', coro, '--python', PYTHON], tmp)
        n += agree('sweep-coro', ['sweep', '--seeds', '40..70', '--factory', coro,
                                  '--python', PYTHON, '--jobs', '1'], tmp)
        coro_suite = run(['run', '--factory', coro, '--python', PYTHON], tmp, 'coro')
        bad = [k for k, c in coro_suite.items() if k and c['status'] not in ('PASS', 'SKIP')]
        if not coro_suite or bad:
            failures.append('the coroutine transport (loop.sock_sendall, sock_recv, '
                            'create_task) does not pass the suite: %s' % bad[:3])
        crash(tmp)
    for f in failures:
        print('FAIL:', f)
    print('hosted agreement: %d cases compared, %d disagreements' % (n, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
