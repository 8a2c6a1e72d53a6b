# SPDX-License-Identifier: MIT
"""A small asyncio write transport, written the way a user of wtkit would,
to show --kind factory. It keeps the docs profile's contract: pause when
the buffer goes over high, resume at or below low after each send, close()
flushes, abort() discards, connection_lost is scheduled with call_soon.

    python3 adapters/python/cpython_adapter.py --kind factory \\
        --factory adapters/python/examples/tiny_transport.py:make_transport

It uses only public loop calls (call_soon, add_writer, add_reader,
call_exception_handler) and a non-blocking socket's send/recv/shutdown/
close, so the same class runs on a real loop with a real socket.
"""

import asyncio
import socket


class TinyTransport(asyncio.WriteTransport):

    def __init__(self, loop, sock, protocol):
        super().__init__()
        self._loop = loop
        self._sock = sock
        self._fd = sock.fileno()
        self._protocol = protocol
        self._buffer = bytearray()
        self._low, self._high = 16384, 65536
        self._paused = False
        self._closing = False
        self._eof = False
        self._lost = False      # connection_lost scheduled
        self._writing = False
        self._reading = False
        loop.call_soon(self._start)

    # --- loop side ------------------------------------------------------

    def _start(self):
        self._protocol.connection_made(self)
        if not self._closing:
            self._reading = True
            self._loop.add_reader(self._fd, self._on_readable)

    def _stop_reading(self):
        if self._reading:
            self._reading = False
            self._loop.remove_reader(self._fd)

    def _watch_write(self, on):
        if on != self._writing:
            self._writing = on
            if on:
                self._loop.add_writer(self._fd, self._on_writable)
            else:
                self._loop.remove_writer(self._fd)

    def _callback(self, name):
        try:
            getattr(self._protocol, name)()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': 'protocol.%s() failed' % name, 'exception': exc,
                'transport': self, 'protocol': self._protocol})

    def _maybe_pause(self):
        if not self._paused and not self._lost and len(self._buffer) > self._high:
            self._paused = True
            self._callback('pause_writing')

    def _maybe_resume(self):
        if self._paused and not self._lost and len(self._buffer) <= self._low:
            self._paused = False
            self._callback('resume_writing')

    def _lose(self, exc):
        if self._lost:
            return
        self._lost = True
        self._closing = True
        self._buffer.clear()
        self._watch_write(False)
        self._stop_reading()
        self._loop.call_soon(self._deliver_lost, exc)

    def _deliver_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._sock.close()

    def _send_some(self):
        """One send from the buffer; False when the connection is lost."""
        try:
            n = self._sock.send(self._buffer)
        except BlockingIOError:
            return True
        except OSError as exc:
            self._lose(exc)
            return False
        del self._buffer[:n]
        return True

    def _on_writable(self):
        if self._lost or not self._send_some():
            return
        self._maybe_resume()
        if self._buffer or self._lost:
            return
        self._watch_write(False)
        if self._closing:
            self._lose(None)
        elif self._eof:
            self._shutdown()

    def _shutdown(self):
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            self._lose(exc)

    def _on_readable(self):
        try:
            data = self._sock.recv(65536)
        except BlockingIOError:
            return
        except OSError as exc:
            self._lose(exc)
            return
        try:
            if data:
                self._protocol.data_received(data)
                return
            self._stop_reading()
            if not self._protocol.eof_received():
                self.close()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': 'Fatal error: protocol.data_received() call failed.',
                'exception': exc, 'transport': self, 'protocol': self._protocol})
            self._lose(exc)

    # --- WriteTransport -------------------------------------------------

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError('data must be bytes-like, not %s' % type(data).__name__)
        if self._eof:
            raise RuntimeError('write() after write_eof()')
        if not data or self._lost:
            return
        was_empty = not self._buffer
        self._buffer += data
        if was_empty:
            if not self._send_some():
                return
            if self._buffer:
                self._watch_write(True)
        self._maybe_pause()

    def writelines(self, list_of_data):
        self.write(b''.join(list_of_data))

    def write_eof(self):
        if self._closing or self._eof:
            return
        self._eof = True
        if not self._buffer:
            self._shutdown()

    def can_write_eof(self):
        return True

    def close(self):
        if self._closing:
            return
        self._closing = True
        self._stop_reading()
        if not self._buffer:
            self._lose(None)

    def abort(self):
        self._lose(None)

    def is_closing(self):
        return self._closing

    def get_write_buffer_size(self):
        return len(self._buffer)

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
        self._maybe_pause()


def make_transport(loop, sock, protocol, *, flavor=None):
    """The factory wtkit calls: one transport per scenario."""
    if flavor is not None:
        raise ValueError('TinyTransport has no flavor %r' % flavor)
    return TinyTransport(loop, sock, protocol)
