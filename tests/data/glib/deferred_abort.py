# SPDX-License-Identifier: MIT
"""A transport written for tests/glib_order.py: the coroutine example of
adapters/python/examples (sock_sendall, sock_recv, create_task), except
that abort() from outside the loop's callbacks leaves stopping its tasks to
the loop (call_soon), trusting that what it queued runs before the loop's
next I/O. That holds in asyncio's order (callbacks already queued run
before ready I/O) and not in GLib's (ready I/O first): there a sock_sendall
waiting for the socket sends after abort() (WT-ABORT-NO-SEND-AFTER)."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', '..', 'adapters', 'python', 'examples'))
from coro_transport import CoroTransport, _Counted  # noqa: E402


class DeferredAbort(CoroTransport):

    def _sending_socket(self):
        # No check of its own: the cancel of the sender task stops it.
        return _Counted(self, guard=False)

    def abort(self):
        if self._lost:
            return
        self._lost = True
        self._closing = True
        self._buffer.clear()
        self._inflight = 0
        if asyncio._get_running_loop() is self._loop:
            self._finish_abort()  # inside a callback: nothing else runs first
        else:
            self._loop.call_soon(self._finish_abort)

    def _finish_abort(self):
        for task in (self._sender, self._reader):
            if task is not None and task is not asyncio.current_task(self._loop):
                task.cancel()
        self._loop.call_soon(self._deliver_lost, None)


def make_transport(loop, sock, protocol, *, flavor=None):
    if flavor is not None:
        raise ValueError('no flavor %r' % flavor)
    return DeferredAbort(loop, sock, protocol)
