# SPDX-License-Identifier: MIT
"""Two transports each of which only the suite's gap scenarios catch
(issue 11, "gaps in the suite"; tests/unit/test_session.c):

  spinning:       write(b'') registers the writer, which never drops itself
                  while there is nothing to send: the loop never goes idle
                  (WT-LIVENESS-WAKEUP-empty-write.wts: a HANG);
  lazy_writelines: writelines() checks the pause only when the buffer was
                  empty before it (WT-WRITELINES-LIKE-WRITE-onto-buffer.wts).
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..',
                                'adapters', 'python', 'examples'))

from tiny_transport import TinyTransport  # noqa: E402


class SpinningTransport(TinyTransport):

    def write(self, data):
        if not data and not self._lost:
            self._loop.add_writer(self._fd, self._spin)
            return
        super().write(data)

    def _spin(self):
        if self._buffer:
            self._on_writable()


class LazyWritelinesTransport(TinyTransport):

    def writelines(self, list_of_data):
        was_empty = not self._buffer
        data = b''.join(list_of_data)
        if was_empty:
            self.write(data)
            return
        self._buffer += data  # appended behind the pending bytes, no pause check


def _no_flavor(flavor):
    if flavor is not None:
        raise ValueError('no flavor %r' % flavor)


def spinning(loop, sock, protocol, *, flavor=None):
    _no_flavor(flavor)
    return SpinningTransport(loop, sock, protocol)


def lazy_writelines(loop, sock, protocol, *, flavor=None):
    _no_flavor(flavor)
    return LazyWritelinesTransport(loop, sock, protocol)
