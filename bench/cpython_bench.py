#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The bench workload on CPython's own socket transport, in one process.

CPython's asyncio.selector_events._SelectorSocketTransport (the
interpreter's class, imported, never copied) runs over the adapter's
virtual loop (wtadapter.VirtualLoop) and fake socket (wtadapter.FakeSocket),
whose requests are served here by a plain Python loop instead of the kit:
a FIFO of ready callbacks, timers by (deadline, order), one watch per
direction, and a socket that takes at most BUDGET bytes per loop iteration
in all. Its writes come from outside the loop's callbacks, as the kit's do
(wtadapter.loop.outside). The socket only counts: it checks nothing, so this is the speed of
the transport on a fake loop, the yardstick `make bench` holds wtkit to.

The workload is bench/bench.wts, step for step:

    sock budget 100      # at most 100 bytes per loop iteration, in all
    produce N 64         # before each write, while paused, one iteration
    sock budget 0
    sock block           # then nothing for one iteration
    step 1
    sock open            # then everything
    run                  # until idle; then close() and run until idle

Prints one line of JSON: writes, iterations, sends, bytes the socket
accepted, pauses, resumes, seconds (perf_counter, setup included,
interpreter start excluded) and the Python version.

    /usr/bin/python3 bench/cpython_bench.py --writes 100000
"""

import argparse
import asyncio
import heapq
import json
import os
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'adapters', 'python'))

from wtadapter import wire  # noqa: E402
from wtadapter.client import Reply  # noqa: E402
from wtadapter.loop import VirtualLoop, outside  # noqa: E402
from wtadapter.sock import FakeSocket  # noqa: E402

_OK = Reply('OK', [])


class LocalKit:
    """What the kit does for the loop and the socket, in plain Python."""

    def __init__(self):
        self.now_ns = 0
        self.ready = []          # handle ids, FIFO
        self.timers = []         # (deadline_ns, order, id)
        self.order = 0
        self.watch = {'write': False, 'read': False}
        self.loop = None
        self.budget = 0          # 0: no budget
        self.left = 0
        self.blocked = False
        self.accepted = 0
        self.sends = 0

    # --- requests from the loop ----------------------------------------

    def request(self, line):
        words = line.split(' ')
        word = words[0]
        if word == 'soon':
            self.ready.append(int(words[1]))
        elif word == 'at':
            self.order += 1
            heapq.heappush(self.timers, (int(words[1]), self.order, int(words[2])))
        elif word == 'cancel':
            hid = int(words[1])
            self.timers = [t for t in self.timers if t[2] != hid]
            heapq.heapify(self.timers)
        elif word == 'watch':
            self.watch[words[1]] = words[2] == 'on'
        elif word == 'now':
            return Reply('OK', [str(self.now_ns)])
        elif word in ('report', 'sockclose', 'shutdown'):
            pass
        else:
            raise RuntimeError('the bench kit cannot serve %r' % line[:40])
        return _OK

    # --- the socket -------------------------------------------------------

    def send(self, n):
        self.sends += 1
        if self.blocked:
            raise BlockingIOError()
        if self.budget:
            n = min(n, self.left)
            self.left -= n
        if n == 0:
            raise BlockingIOError()
        self.accepted += n
        return n

    def writable(self):
        return not self.blocked

    # --- the loop ---------------------------------------------------------

    def run_once(self):
        """One iteration: a new budget window, ready watches, due timers,
        then what is queued now (later additions wait)."""
        self.left = self.budget
        if self.watch['write'] and self.writable():
            self.ready.append('write')
        while self.timers and self.timers[0][0] <= self.now_ns:
            self.ready.append(heapq.heappop(self.timers)[2])
        batch, self.ready = self.ready, []
        for hid in batch:
            if hid == 'write':
                self.loop._wt_io('write')
            else:
                self.loop._wt_run(hid)
        return bool(batch)

    def idle(self):
        return not self.ready and not (self.watch['write'] and self.writable()) and \
            not self.timers

    def run(self):
        while not self.idle():
            if not self.ready and not (self.watch['write'] and self.writable()):
                self.now_ns = max(self.now_ns, self.timers[0][0])
            self.run_once()


class CountingSocket(FakeSocket):
    """The adapter's fake socket with a send that only counts."""

    def __init__(self, kit):
        super().__init__(kit)
        self._kit = kit

    def send(self, data, flags=0):
        return self._kit.send(len(data))

    def recv(self, bufsize, flags=0):
        raise BlockingIOError()


class Producer(asyncio.Protocol):
    """Tracks pause/resume, as a stream writer does."""

    def __init__(self):
        self.paused = False
        self.pauses = 0
        self.resumes = 0
        self.lost = 0

    def pause_writing(self):
        self.paused = True
        self.pauses += 1

    def resume_writing(self):
        self.paused = False
        self.resumes += 1

    def connection_lost(self, exc):
        self.lost += 1


def bench(writes, size, budget):
    from asyncio import selector_events
    start = time.perf_counter()
    kit = LocalKit()
    loop = VirtualLoop(kit)
    kit.loop = loop
    sock = CountingSocket(kit)
    proto = Producer()
    transport = selector_events._SelectorSocketTransport(loop, sock, proto)
    kit.run_once()  # connection_made and the reader, as the kit's start does
    kit.budget = budget
    kit.left = budget
    data = wire.pattern(0, size)
    iterations = 0
    write = transport.write
    run_once = kit.run_once
    for _ in range(writes):
        while proto.paused:
            run_once()
            iterations += 1
        outside()  # as the kit calls a transport: from outside its loop's callbacks
        write(data)
    kit.budget = 0
    kit.blocked = True
    run_once()
    kit.blocked = False
    kit.run()
    outside()
    transport.close()
    kit.run()
    seconds = time.perf_counter() - start
    return {
        'writes': writes, 'size': size, 'budget': budget, 'iterations': iterations,
        'sends': kit.sends, 'accepted': kit.accepted, 'pauses': proto.pauses,
        'resumes': proto.resumes, 'lost': proto.lost, 'seconds': seconds,
        'python': sys.version.split()[0],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--writes', type=int, default=100000)
    ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--budget', type=int, default=100)
    args = ap.parse_args()
    result = bench(args.writes, args.size, args.budget)
    if result['accepted'] != args.writes * args.size or result['lost'] != 1:
        sys.stderr.write('cpython_bench: the run did not flush: %r\n' % result)
        raise SystemExit(1)
    print(json.dumps(result, sort_keys=True))


if __name__ == '__main__':
    main()
