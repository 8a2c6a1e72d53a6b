#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The socket's platform paths reach CPython's socket transport.

`sock sendmsg off` and `sock iovmax N` describe the machine: the kit sets
them before the transport is made, and the adapter shows them to
asyncio.selector_events as a real machine would (since 3.12 the transport
picks sendmsg or send when it is made, and gives one sendmsg at most
SC_IOV_MAX buffers). Three writes of 10 bytes buffered behind a blocked
socket are then sent, once it opens, as

  - one send of 30 on Linux's platform (3.12+: one sendmsg of three buffers),
  - 20 then 10 with IOV_MAX 2 (3.12+),
  - 10, 10, 10 without sendmsg (3.12+: the plain send path, a buffer a send),

and 30 in one send on every platform before 3.12 (a bytearray buffer and
send). Each is checked in the trace, and the in-process run and the line
protocol must agree on the trace hash. A transport that ignores IOV_MAX
gets EMSGSIZE from the fake socket, as from a real one.

    python3 tests/platform_paths.py build/bin/wtkit
"""

import json
import os
import re
import subprocess
import sys
import tempfile

WTKIT = sys.argv[1] if len(sys.argv) > 1 else 'build/bin/wtkit'
HEAD = 'sock block\nwrite 10\nwrite 10\nwrite 10\nsock open\nrun\n'
SCENARIOS = {
    'linux': ('', [30], [30]),
    'iovmax2': ('sock iovmax 2\n', [20, 10], [30]),
    'no-sendmsg': ('sock sendmsg off\n', [10, 10, 10], [30]),
}
# A transport that hands sendmsg its whole buffer list, whatever IOV_MAX is.
GREEDY = '''
import asyncio


class Greedy(asyncio.WriteTransport):
    """Buffers each write as a chunk and hands sendmsg all of them."""

    def __init__(self, loop, sock, protocol):
        super().__init__()
        self._loop, self._sock, self._protocol = loop, sock, protocol
        self._chunks, self._closing, self._lost = [], False, False
        loop.call_soon(protocol.connection_made, self)

    def write(self, data):
        if self._lost or self._closing or not data:
            return
        self._chunks.append(bytes(data))
        if len(self._chunks) == 1:
            self._loop.add_writer(self._sock.fileno(), self._flush)

    def _flush(self):
        try:
            n = self._sock.sendmsg(self._chunks)
        except BlockingIOError:
            return
        except OSError as exc:
            self._end(exc)
            return
        data = b"".join(self._chunks)[n:]
        self._chunks = [data] if data else []
        if not self._chunks:
            self._loop.remove_writer(self._sock.fileno())
            if self._closing:
                self._end(None)

    def _end(self, exc):
        self._loop.remove_writer(self._sock.fileno())
        self._chunks, self._lost = [], True
        self._loop.call_soon(self._protocol.connection_lost, exc)

    def get_write_buffer_size(self):
        return sum(len(c) for c in self._chunks)

    def close(self):
        if self._closing or self._lost:
            return
        self._closing = True
        if not self._chunks:
            self._end(None)

    def abort(self):
        if not self._lost:
            self._closing = True
            self._end(None)

    def is_closing(self):
        return self._closing or self._lost


def make_transport(loop, sock, protocol, *, flavor=None):
    return Greedy(loop, sock, protocol)
'''


def pythons():
    found = [('debian', '/usr/bin/python3')]
    for v in ('3.11.7', '3.12.1', '3.13.0'):
        found.append((v, os.path.expanduser('~/.pyenv/versions/%s/bin/python3' % v)))
    return [(v, p) for v, p in found if os.access(p, os.X_OK)]


def version_of(python):
    out = subprocess.run([python, '-c', 'import sys; print(sys.version_info[:2])'],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    return tuple(int(x) for x in re.findall(r'\d+', out))


def sends_after_open(python, path):
    proc = subprocess.run([WTKIT, 'trace', path, '--transport', 'python:selector',
                           '--python', python], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    text = proc.stdout.decode()
    tail = text.split('op sock_open', 1)[-1]
    return [int(m) for m in re.findall(r'\bsend offered=\d+ accepted=(\d+)', tail)], proc.returncode


def hash_of(python, path, tmp, extra, transport=('--transport', 'python:selector')):
    out = os.path.join(tmp, 'h.json')
    subprocess.run([WTKIT, 'run', path] + list(transport) + ['--python', python,
                    '--json', out] + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   check=False)
    with open(out, encoding='utf-8') as f:
        case = json.load(f)['cases'][0]
    return case['status'], case['trace_hash']


def main():
    failures = []
    found = pythons()
    if not found:
        print('SKIP: no CPython installed')
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, python in found:
            zero_copy = version_of(python) >= (3, 12)
            for name, (platform, want_new, want_old) in SCENARIOS.items():
                path = os.path.join(tmp, name + '.wts')
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(platform + HEAD)
                want = want_new if zero_copy else want_old
                got, rc = sends_after_open(python, path)
                if got != want or rc != 0:
                    failures.append('%s %s: sends %s (exit %d), want %s'
                                    % (label, name, got, rc, want))
                hosted = hash_of(python, path, tmp, [])
                line = hash_of(python, path, tmp, ['--line-protocol'])
                if hosted != line or hosted[0] != 'PASS':
                    failures.append('%s %s: in process %s, line protocol %s'
                                    % (label, name, hosted, line))
            print('%s: sends per platform as %s' % (label, '3.12+' if zero_copy else 'before 3.12'))
        greedy = os.path.join(tmp, 'greedy.py')
        with open(greedy, 'w', encoding='utf-8') as f:
            f.write(GREEDY)
        path = os.path.join(tmp, 'greedy.wts')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('sock iovmax 2\n' + HEAD)
        factory = ('--factory', greedy + ':make_transport')
        proc = subprocess.run([WTKIT, 'trace', path, '--python', found[0][1]] + list(factory),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        lost = [ln for ln in proc.stdout.decode().splitlines() if 'connection_lost' in ln]
        if len(lost) != 1 or 'exc=EMSGSIZE' not in lost[0]:
            failures.append('a transport ignoring IOV_MAX: %s' % lost)
        hosted = hash_of(found[0][1], path, tmp, [], factory)
        line = hash_of(found[0][1], path, tmp, ['--line-protocol'], factory)
        if hosted[1] != line[1]:
            failures.append('a transport ignoring IOV_MAX: in process %s, line %s' % (hosted, line))
        print('a transport ignoring IOV_MAX: connection_lost(EMSGSIZE), the same trace in process')
    for f in failures:
        print('FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
