# SPDX-License-Identifier: MIT
"""An asyncio write transport written against the loop's coroutine methods
(sock_sendall, sock_recv, create_task), as transports for other event
loops are (gbulb's, for GLib), to show that wtkit's virtual loop offers
them:

    wtkit run --factory adapters/python/examples/coro_transport.py:make_transport

Writes go to a sender task that hands the buffer to loop.sock_sendall();
the socket it passes counts what each send accepts, so the size it reports
is exactly what is not sent yet. A reader task awaits loop.sock_recv().
Protocol callbacks that must not run inside a call (connection_made,
connection_lost) are scheduled with call_soon.
"""

import asyncio
import socket


class _Counted:
    """The socket as sock_sendall sees it: each accepted byte is counted
    off the transport's size as it goes, and may resume the protocol."""

    def __init__(self, transport, guard=True):
        self._transport = transport
        self._sock = transport._sock
        self._guard = guard

    def fileno(self):
        return self._sock.fileno()

    def send(self, data, flags=0):
        # abort() or close() may run inside _sent's resume_writing(), in the
        # middle of sock_sendall: it must send nothing more.
        if self._guard and self._transport._lost:
            raise ConnectionAbortedError('the transport was aborted')
        try:
            n = self._sock.send(data)
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            # The loop hands it to the sender task later: an abort() or
            # close() before then must still report it to connection_lost.
            self._transport._io_error = exc
            raise
        self._transport._sent(n)
        return n


class CoroTransport(asyncio.WriteTransport):

    def __init__(self, loop, sock, protocol):
        super().__init__()
        self._loop = loop
        self._sock = sock
        self._protocol = protocol
        self._buffer = bytearray()  # not handed to a send yet
        self._inflight = 0          # handed to sock_sendall, not accepted yet
        self._low, self._high = 16384, 65536
        self._paused = False
        self._closing = False
        self._eof = False
        self._lost = False
        self._sender = None
        self._reader = None
        self._io_error = None       # a send failed; its task has not seen it yet
        loop.call_soon(self._start)

    # --- tasks ----------------------------------------------------------

    def _start(self):
        self._protocol.connection_made(self)
        if not self._closing:
            self._reader = self._loop.create_task(self._read())

    async def _read(self):
        # close() may come from inside data_received (this task): it cancels
        # the task, but a recv that needs no wait would still run, so the
        # flag is what stops it.
        while not self._closing:
            try:
                data = await self._loop.sock_recv(self._sock, 65536)
            except OSError as exc:
                self._lose(exc)
                return
            if self._closing:
                return
            try:
                if data:
                    self._protocol.data_received(data)
                    continue
                keep = self._protocol.eof_received()
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._loop.call_exception_handler({
                    'message': 'Fatal error: protocol.data_received() call failed.',
                    'exception': exc, 'transport': self, 'protocol': self._protocol})
                self._lose(exc)
                return
            if not keep:
                self.close()
            return

    def _sending_socket(self):
        """The socket sock_sendall is given (counting what it accepts)."""
        return _Counted(self)

    async def _send(self):
        counted = self._sending_socket()
        while self._buffer and not self._lost:
            chunk = bytes(self._buffer)
            self._buffer.clear()
            self._inflight = len(chunk)
            try:
                await self._loop.sock_sendall(counted, chunk)
            except OSError as exc:
                self._sender = None
                self._lose(exc)
                return
        self._sender = None
        if self._lost:
            return
        if self._closing:
            self._lose(None)
        elif self._eof:
            self._shutdown()

    def _sent(self, n):
        if self._lost:
            return
        self._inflight -= n
        if self._paused and not self._lost and self.get_write_buffer_size() <= self._low:
            self._paused = False
            self._callback('resume_writing')

    # --- the rest -------------------------------------------------------

    def _callback(self, name):
        try:
            getattr(self._protocol, name)()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': 'protocol.%s() failed' % name, 'exception': exc,
                'transport': self, 'protocol': self._protocol})

    def _shutdown(self):
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            self._lose(exc)

    def _lose(self, exc):
        if self._lost:
            return
        if exc is None:
            exc = self._io_error
        self._lost = True
        self._closing = True
        self._buffer.clear()
        self._inflight = 0
        for task in (self._sender, self._reader):
            if task is not None and task is not asyncio.current_task(self._loop):
                task.cancel()
        self._loop.call_soon(self._deliver_lost, exc)

    def _deliver_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._sock.close()

    # --- WriteTransport -------------------------------------------------

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError('data must be bytes-like, not %s' % type(data).__name__)
        if self._eof:
            raise RuntimeError('write() after write_eof()')
        if not data or self._lost:
            return
        self._buffer += data
        if self._sender is None:
            self._sender = self._loop.create_task(self._send())
        if not self._paused and self.get_write_buffer_size() > self._high:
            self._paused = True
            self._callback('pause_writing')

    def writelines(self, list_of_data):
        self.write(b''.join(list_of_data))

    def write_eof(self):
        if self._closing or self._eof:
            return
        self._eof = True
        if self._sender is None and not self._buffer:
            self._shutdown()

    def can_write_eof(self):
        return True

    def close(self):
        if self._closing:
            return
        self._closing = True
        if self._reader is not None:
            self._reader.cancel()
        if self._sender is None and not self._buffer:
            self._lose(None)

    def abort(self):
        self._lose(None)

    def is_closing(self):
        return self._closing

    def get_write_buffer_size(self):
        return len(self._buffer) + self._inflight

    def get_write_buffer_limits(self):
        return (self._low, self._high)

    def set_write_buffer_limits(self, high=None, low=None):
        if high is None:
            high = 4 * low if low is not None else 65536
        if low is None:
            low = high // 4
        if not high >= low >= 0:
            raise ValueError('high (%r) must be >= low (%r) must be >= 0' % (high, low))
        self._high, self._low = high, low
        if not self._paused and not self._lost and self.get_write_buffer_size() > self._high:
            self._paused = True
            self._callback('pause_writing')


def make_transport(loop, sock, protocol, *, flavor=None):
    """The factory wtkit calls: one transport per scenario."""
    if flavor is not None:
        raise ValueError('CoroTransport has no flavor %r' % flavor)
    return CoroTransport(loop, sock, protocol)
