#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""uvloop resumes only when a libuv write request completes: shown here, on
a real socketpair, and why the kit's uvloop bridge cannot pose it.

The docs: resume_writing() is called when the buffer size is equal or lower
than the low watermark. uvloop checks only when a write request completes
(or right after it queued one), so while libuv is still working through a
large write on a socket that takes part of it at a time, the size falls to
low and below and the protocol stays paused until the size is 0.

To see that, the socket must accept part of what libuv offers: a small
SO_SNDBUF. The kit's uvloop bridge (adapters/python/uvloop_adapter.py)
keeps the kernel buffer between uvloop and the kit either full of filler
(the kit's socket is blocked) or empty (it is open), and moves every byte
uvloop wrote to the kit's socket at once. That is what keeps uvloop's
get_write_buffer_size() equal to what the kit counts as unsent (written
minus accepted by the kit's socket, WT-SIZE-UNSENT): bytes inside a
partially accepting kernel are no longer in uvloop's size but not yet at
the kit's peer. This probe measures that gap too: on a socket that
accepts part of a write, the kernel holds bytes neither side counts, so
the kit's model would be wrong by up to the kernel buffer, and every
verdict about sizes with it. Posing partial accepts through the bridge
would need the kit to model a second buffer it cannot see into.

Exit 0 when uvloop behaves as described (each fact below checked), 1 when
it does not (then the kit could pose it: revisit the bridge), SKIP when
uvloop is not importable.

    /usr/bin/python3 tests/uvloop_partial_accept.py
"""

import asyncio
import socket
import sys

HIGH = 64 * 1024
LOW = 32 * 1024
TOTAL = 200_000
SNDBUF = 4096


class Recorder(asyncio.Protocol):
    def __init__(self):
        self.transport = None
        self.events = []

    def connection_made(self, transport):
        self.transport = transport

    def pause_writing(self):
        self.events.append(('pause', self.transport.get_write_buffer_size()))

    def resume_writing(self):
        self.events.append(('resume', self.transport.get_write_buffer_size()))


async def run(sndbuf):
    """Writes TOTAL bytes, then reads the peer end 1000 bytes a loop turn.
    Returns the sizes seen, each with whether the protocol was paused, the
    events, and the largest gap between written - received and the size."""
    loop = asyncio.get_running_loop()
    end, peer = socket.socketpair()
    if sndbuf:
        end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, sndbuf)
    peer.setblocking(False)
    transport, proto = await loop.create_connection(Recorder, sock=end)
    transport.set_write_buffer_limits(high=HIGH, low=LOW)
    transport.write(b'x' * TOTAL)
    seen, received, gap = [], 0, 0
    for _ in range(2000):  # bounded: 200 kB at 1000 bytes a turn
        await asyncio.sleep(0)
        try:
            received += len(peer.recv(1000))
        except BlockingIOError:
            pass
        size = transport.get_write_buffer_size()
        paused = sum(1 if e == 'pause' else -1 for e, _ in proto.events) > 0
        seen.append((size, paused))
        gap = max(gap, TOTAL - received - size)
        if received == TOTAL:
            break
    transport.abort()
    peer.close()
    return seen, proto.events, gap, received


def main():
    try:
        import uvloop
    except ImportError as exc:
        print('SKIP: uvloop is not importable by %s (%s)' % (sys.executable, exc))
        return 0
    failures = []
    results = {}
    for sndbuf in (0, SNDBUF):
        loop = uvloop.new_event_loop()
        try:
            results[sndbuf] = loop.run_until_complete(run(sndbuf))
        finally:
            loop.close()
    seen, events, gap, received = results[0]
    # A default-sized socketpair takes the whole write at once: nothing to see.
    if events or received != TOTAL:
        failures.append('default buffer: events %s, received %d' % (events, received))
    seen, events, gap, received = results[SNDBUF]
    stuck = sorted({size for size, paused in seen if paused and size <= LOW}, reverse=True)
    resumes = [size for e, size in events if e == 'resume']
    print('uvloop %s, SO_SNDBUF %d: paused at %s; sizes <= low %d while still paused: %s; '
          'resumed at %s; bytes neither side counted: up to %d'
          % (uvloop.__version__, SNDBUF, [s for e, s in events if e == 'pause'], LOW,
             stuck[:6], resumes, gap))
    if not any(e == 'pause' for e, _ in events):
        failures.append('the write never paused: %s' % events)
    if not stuck:
        failures.append('the size never fell to low while paused (uvloop resumes at low now?)')
    if resumes != [0]:
        failures.append('resume_writing came at %s, not once at 0' % resumes)
    if gap <= 0:
        failures.append('no bytes in the kernel between uvloop and the peer: the bridge '
                        'could pose this')
    for f in failures:
        print('FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
