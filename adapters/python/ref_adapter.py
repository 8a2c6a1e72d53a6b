#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The reference transport in Python, served to wtkit as an adapter.

A line-by-line port of sim/ref_transport.c without its fault switches:
the same flavors, the same order of socket calls, callbacks and watches,
so a scenario run through this adapter gives the same trace (and hash) as
the C reference. It is shaped after CPython's _SelectorSocketTransport but
written here (nothing copied), and talks to the kit only through the
wtadapter loop, socket and protocol.

    python3 adapters/python/ref_adapter.py        (the kit starts it)
"""

import os
import socket
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wtadapter import serve  # noqa: E402

KIB = 1024
RECV_MAX = 16384


class Flavor:
    def __init__(self, name, high, low, setter_high, pause_ge=False,
                 resume_empty_only=False, setter_may_resume=False, can_eof=True,
                 eof_closes=False, drop_after_close=False):
        self.name = name
        self.high = high
        self.low = low
        self.setter_high = setter_high
        self.pause_ge = pause_ge
        self.resume_empty_only = resume_empty_only
        self.setter_may_resume = setter_may_resume
        self.can_eof = can_eof
        self.eof_closes = eof_closes
        self.drop_after_close = drop_after_close


# The first one is the default (sim/ref_transport.c, ref_flavors).
FLAVORS = [
    Flavor('docs', 64 * KIB, 16 * KIB, 64 * KIB),
    Flavor('ge', 64 * KIB, 16 * KIB, 64 * KIB, pause_ge=True),
    Flavor('no-eof', 64 * KIB, 16 * KIB, 64 * KIB, can_eof=False),
    Flavor('cpython-pipe', 64 * KIB, 16 * KIB, 64 * KIB, resume_empty_only=True,
           eof_closes=True, drop_after_close=True),
    Flavor('cpython-ssl', 512 * KIB, 128 * KIB, 512 * KIB, pause_ge=True,
           setter_may_resume=True, can_eof=False, drop_after_close=True),
    Flavor('uvloop', 64 * KIB, 16, 64 * KIB),
]


def find_flavor(name):
    if not name:
        return FLAVORS[0]
    for flavor in FLAVORS:
        if flavor.name == name:
            return flavor
    raise ValueError('unknown flavor %r' % name)


class RefTransport:
    """The WriteTransport contract, as the kit's reference reads it."""

    def __init__(self, loop, sock, protocol, flavor):
        self._loop = loop
        self._sock = sock
        self._fd = sock.fileno()
        self._protocol = protocol
        self._flavor = flavor
        self._buffer = bytearray()
        self._high = flavor.high
        self._low = flavor.low
        self._paused = False
        self._closing = False
        self._eof = False
        self._conn_lost = False   # connection_lost scheduled or delivered
        self._lost_done = False
        self._writing = False
        self._reading = False
        self._lost_exc = None
        loop.call_soon(self._on_start)

    # --- the socket ---------------------------------------------------

    def _send(self, data):
        """One send; would-block is 0 sent. OSError escapes."""
        try:
            return self._sock.send(data)
        except BlockingIOError:
            return 0

    # --- flow control -------------------------------------------------

    def _over_high(self):
        size = len(self._buffer)
        return size >= self._high if self._flavor.pause_ge else size > self._high

    def _at_low(self):
        if self._flavor.resume_empty_only:
            return not self._buffer
        return len(self._buffer) <= self._low

    def _maybe_pause(self):
        if self._conn_lost or not self._over_high() or self._paused:
            return
        self._paused = True
        try:
            self._protocol.pause_writing()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': 'protocol.pause_writing() failed',
                'exception': exc, 'transport': self, 'protocol': self._protocol,
            })

    def _maybe_resume(self):
        if not self._paused or self._conn_lost or not self._at_low():
            return
        self._paused = False
        try:
            self._protocol.resume_writing()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': 'protocol.resume_writing() failed',
                'exception': exc, 'transport': self, 'protocol': self._protocol,
            })

    def _check_flow(self):
        was_paused = self._paused
        self._maybe_pause()
        if self._flavor.setter_may_resume and was_paused:
            self._maybe_resume()

    # --- ending the connection ----------------------------------------

    def _deliver_lost(self):
        if self._lost_done:
            return
        self._lost_done = True
        self._watch_write(False)
        self._watch_read(False)
        self._sock.close()
        self._protocol.connection_lost(self._lost_exc)

    def _schedule_lost(self, exc):
        if self._lost_done or self._conn_lost:
            return
        self._conn_lost = True
        self._lost_exc = exc
        self._loop.call_soon(self._deliver_lost)

    def _force_close(self, exc):
        if self._conn_lost:
            return
        self._buffer.clear()
        self._watch_write(False)
        self._watch_read(False)
        self._closing = True
        self._schedule_lost(exc)

    def _fatal_error(self, exc):
        # An I/O error: not reported to the exception handler (CPython).
        self._force_close(exc)

    def _callback_failed(self, exc, name):
        self._loop.call_exception_handler({
            'message': 'Fatal error: protocol.%s() call failed.' % name,
            'wt_report': 'callback_failed',
            'exception': exc, 'transport': self, 'protocol': self._protocol,
        })
        self._force_close(exc)

    def _shutdown(self):
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            self._fatal_error(exc)

    # --- loop callbacks -----------------------------------------------

    def _watch_write(self, on):
        if self._writing == on:
            return
        self._writing = on
        if on:
            self._loop._add_writer(self._fd, self._on_writable)
        else:
            self._loop._remove_writer(self._fd)

    def _watch_read(self, on):
        if self._reading == on:
            return
        self._reading = on
        if on:
            self._loop._add_reader(self._fd, self._on_readable)
        else:
            self._loop._remove_reader(self._fd)

    def _drained(self):
        self._watch_write(False)
        if self._closing:
            self._schedule_lost(None)
        elif self._eof:
            self._shutdown()

    def _on_writable(self):
        if self._conn_lost:
            return
        if not self._buffer:
            self._drained()
            return
        try:
            sent = self._send(self._buffer)
        except OSError as exc:
            self._fatal_error(exc)
            return
        if sent == 0:
            return  # a spurious wake-up: keep watching
        del self._buffer[:sent]
        self._maybe_resume()
        if self._conn_lost or self._buffer:
            return
        self._drained()

    def _on_eof(self):
        self._watch_read(False)
        try:
            keep_open = self._protocol.eof_received()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._callback_failed(exc, 'eof_received')
            return
        if not keep_open:
            self._begin_close()

    def _on_readable(self):
        if self._conn_lost:
            return
        try:
            data = self._sock.recv(RECV_MAX)
        except BlockingIOError:
            return
        except OSError as exc:
            self._fatal_error(exc)
            return
        if not data:
            self._on_eof()
            return
        try:
            self._protocol.data_received(data)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._callback_failed(exc, 'data_received')

    def _on_start(self):
        self._protocol.connection_made(self)
        if not self._closing:
            self._watch_read(True)

    # --- the methods of WriteTransport --------------------------------

    def _drops_writes(self):
        return self._conn_lost or (self._closing and self._flavor.drop_after_close)

    def _queued(self, was_empty):
        if was_empty and self._buffer:
            self._watch_write(True)
        self._check_flow()

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError('data argument must be a bytes-like object, not %r'
                            % type(data).__name__)
        if self._eof:
            raise RuntimeError('Cannot call write() after write_eof()')
        # Any argument kind, counted in bytes: a flat view, or (a
        # non-contiguous view) its bytes in logical order, as the C
        # reference sees every kind.
        view = memoryview(data)
        data = view.cast('B') if view.c_contiguous else view.tobytes()
        if not data:
            return
        if self._drops_writes():
            return
        was_empty = not self._buffer
        if was_empty:
            try:
                sent = self._send(data)
            except OSError as exc:
                self._fatal_error(exc)
                return
            if sent == len(data):
                return
            data = memoryview(data)[sent:]
        self._buffer += data
        self._queued(was_empty)

    def writelines(self, list_of_data):
        chunks = [bytes(chunk) for chunk in list_of_data]
        if self._eof:
            raise RuntimeError('Cannot call writelines() after write_eof()')
        if not sum(len(chunk) for chunk in chunks) or self._drops_writes():
            return
        was_empty = not self._buffer
        for chunk in chunks:
            self._buffer += chunk
        if was_empty:
            try:
                sent = self._send(self._buffer)
            except OSError as exc:
                self._fatal_error(exc)
                return
            del self._buffer[:sent]
            if not self._buffer:
                return
        self._queued(was_empty)

    def write_eof(self):
        if not self._flavor.can_eof:
            raise NotImplementedError('this transport cannot half-close')
        if self._closing or self._eof:
            return
        if self._flavor.eof_closes:
            self._begin_close()
            return
        self._eof = True
        if not self._buffer:
            self._shutdown()

    def can_write_eof(self):
        return self._flavor.can_eof

    def abort(self):
        self._force_close(None)

    def _begin_close(self):
        if self._closing:
            return
        self._closing = True
        self._watch_read(False)
        if self._buffer:
            return
        self._watch_write(False)
        self._schedule_lost(None)

    def close(self):
        self._begin_close()

    def is_closing(self):
        return self._closing

    def get_write_buffer_size(self):
        return len(self._buffer)

    def get_write_buffer_limits(self):
        return (self._low, self._high)

    def set_write_buffer_limits(self, high=None, low=None):
        if high is None:
            high = 4 * low if low is not None else self._flavor.setter_high
        if low is None:
            low = high // 4
        if low > high or low < 0:
            raise ValueError('high (%r) must be >= low (%r) must be >= 0' % (high, low))
        self._high = high
        self._low = low
        self._check_flow()


def make_transport(loop, sock, protocol, flavor, seed):
    return RefTransport(loop, sock, protocol, find_flavor(flavor))


if __name__ == '__main__':
    serve(make_transport, 'ref-python', '1',
          features=['deterministic', 'virtual-time', 'flavors=' + ','.join(f.name for f in FLAVORS)])
