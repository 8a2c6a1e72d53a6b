# SPDX-License-Identifier: MIT
"""Two transports for tests/kinds_agreement.py, made from the tiny example.

KeeperTransport keeps the caller's object instead of a copy: write() holds
a view of it and copies it into the buffer only at the next loop
iteration. With bytes that is harmless; with a bytearray the caller
overwrites or clears right after the call (`as bytearray-overwritten`,
`as bytearray-cleared`), it sends the caller's later bytes (251..255),
and the peer's byte-exact check must FAIL it.

The tiny example itself (flavor `strict` here) copies at once with
`bytearray +=`, which refuses a non-contiguous view with BufferError
before anything changes: a refusal the contract allows.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'adapters',
                                'python', 'examples'))

from tiny_transport import TinyTransport  # noqa: E402


class KeeperTransport(TinyTransport):

    def __init__(self, loop, sock, protocol):
        super().__init__(loop, sock, protocol)
        self._kept = []  # views of the callers' objects, not yet copied

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError('data must be bytes-like, not %s' % type(data).__name__)
        if self._eof:
            raise RuntimeError('write() after write_eof()')
        view = memoryview(data).cast('B')  # a non-contiguous view: TypeError, nothing kept
        if not view.nbytes or self._lost:
            return
        self._kept.append(view)
        if len(self._kept) == 1:
            self._loop.call_soon(self._take)
        self._maybe_pause()

    def writelines(self, list_of_data):
        for data in list_of_data:
            self.write(data)

    def _take(self):
        """The deferred copy: whatever the callers' objects hold now."""
        kept, self._kept = self._kept, []
        if self._lost:
            return
        was_empty = not self._buffer
        for view in kept:
            self._buffer += view
            view.release()
        if was_empty and self._buffer and self._send_some():
            if self._buffer:
                self._watch_write(True)
            elif self._closing:
                self._lose(None)
        self._maybe_resume()

    def get_write_buffer_size(self):
        return len(self._buffer) + sum(v.nbytes for v in self._kept)

    def _maybe_pause(self):
        if not self._paused and not self._lost and self.get_write_buffer_size() > self._high:
            self._paused = True
            self._callback('pause_writing')

    def _maybe_resume(self):
        if self._paused and not self._lost and self.get_write_buffer_size() <= self._low:
            self._paused = False
            self._callback('resume_writing')

    def close(self):
        if self._kept and not self._closing:
            self._closing = True  # _take sends what is kept, then loses the connection
            self._stop_reading()
            return
        super().close()

    def _lose(self, exc):
        self._kept = []
        super()._lose(exc)


def make_transport(loop, sock, protocol, *, flavor=None):
    if flavor == 'strict':
        return TinyTransport(loop, sock, protocol)
    if flavor is not None:
        raise ValueError('no flavor %r' % flavor)
    return KeeperTransport(loop, sock, protocol)
