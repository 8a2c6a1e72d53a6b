#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The loop's dispatch order finds what only GLib's order shows.

tests/data/glib/deferred_abort.py is a transport over the loop's coroutine
methods (sock_sendall, sock_recv, create_task) whose abort() from outside
the loop's callbacks leaves stopping its tasks to call_soon. In asyncio's
order (the default) that is enough; in GLib's (`loop order io-first`) a
sock_sendall waiting for the socket sends after abort(). The kit must find
it only under that order:

  - the same scenario passes in the default order and FAILs
    WT-ABORT-NO-SEND-AFTER under `loop order io-first`;
  - the suite (asyncio's order) passes;
  - a sweep (generator 4 draws io-first one seed in three) FAILs some
    seeds, and every one of them runs under io-first;
  - the coroutine example it is made from passes all of these.

    python3 tests/glib_order.py build/bin/wtkit
"""

import json
import os
import subprocess
import sys
import tempfile

WTKIT = sys.argv[1] if len(sys.argv) > 1 else 'build/bin/wtkit'
PYTHON = '/usr/bin/python3'
DATA = 'tests/data/glib'
BROKEN = DATA + '/deferred_abort.py:make_transport'
GOOD = 'adapters/python/examples/coro_transport.py:make_transport'
failures = []


def run(args, tmp, name):
    path = os.path.join(tmp, name + '.json')
    proc = subprocess.run([WTKIT] + args + ['--python', PYTHON, '--json', path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode not in (0, 1):
        failures.append('%s: exit %d: %s' % (' '.join(args), proc.returncode,
                                             proc.stderr.decode()[-300:]))
        return []
    with open(path, encoding='utf-8') as f:
        return json.load(f)['cases']


def failed(case):
    return sorted(k for k, v in (case.get('clauses') or {}).items() if v.get('verdict') == 'FAIL')


def main():
    if not os.access(PYTHON, os.X_OK):
        print('SKIP: %s not installed' % PYTHON)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for factory, label in ((BROKEN, 'deferred-abort'), (GOOD, 'coroutine example')):
            cases = {os.path.basename(c['name']): c for c in
                     run(['run', DATA + '/abort.wts', DATA + '/abort-io-first.wts',
                          '--factory', factory], tmp, label + '-pair')}
            default, glib = cases.get('abort.wts', {}), cases.get('abort-io-first.wts', {})
            if default.get('status') != 'PASS':
                failures.append('%s, asyncio order: %s %s' % (label, default.get('status'),
                                                              failed(default)))
            want = ['WT-ABORT-NO-SEND-AFTER'] if factory == BROKEN else []
            if failed(glib) != want:
                failures.append('%s, io-first: FAILs %s, want %s' % (label, failed(glib), want))
            suite = run(['run', '--factory', factory], tmp, label + '-suite')
            bad = [c['name'] for c in suite if c['status'] not in ('PASS', 'SKIP')]
            if not suite or bad:
                failures.append('%s: the suite (asyncio order): %s' % (label, bad[:3]))
            save = os.path.join(tmp, label + '-seeds')
            seeds = run(['sweep', '--seeds', '1..300', '--jobs', '2', '--factory', factory,
                         '--save', save], tmp, label + '-sweep')
            not_io = []
            for c in seeds:
                path = os.path.join(save, 'seed-%d.wts' % c['seed'])
                text = open(path, encoding='utf-8').read() if os.path.exists(path) else ''
                if 'loop order io-first' not in text:
                    not_io.append(c['seed'])
            if factory == BROKEN and not seeds:
                failures.append('deferred-abort: a 300-seed sweep found nothing')
            if factory == GOOD and seeds:
                failures.append('coroutine example: the sweep FAILs seeds %s'
                                % [c['seed'] for c in seeds][:5])
            if not_io:
                failures.append('%s: seeds that FAIL without io-first: %s' % (label, not_io[:5]))
            print('%s: io-first pair %s, sweep %d failing seeds, all io-first: %s'
                  % (label, failed(glib) or 'passes', len(seeds), not not_io))
    for f in failures:
        print('FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
