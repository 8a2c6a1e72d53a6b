# SPDX-License-Identifier: MIT
"""A socket object whose calls are requests to the kit's fake socket.

It looks enough like a non-blocking socket.socket for asyncio's selector
transports: send/sendmsg/recv/recv_into/shutdown/close, fileno, family,
type, proto, and the harmless option calls. Errors come back as the
OSError subclasses a real socket raises (BlockingIOError, BrokenPipeError,
ConnectionResetError, OSError), each tagged with the kit's wt_code.
"""

import collections
import socket

from . import wire

# The socket's code paths (`sock sendmsg`, `sock iovmax`, `sock sendzero`
# in .wts): fixed for a run, Linux's unless the scenario says otherwise.
Platform = collections.namedtuple('Platform', 'sendmsg iov_max send_zero')
LINUX = Platform(True, 1024, False)

# The largest encoded send line: a corrupting transport's garbage is
# offered as the prefix that fits (a socket may always take less).
SEND_TEXT_BUDGET = 16384


def contiguous(data):
    """A view of data, which a real socket's send takes only when it is
    C-contiguous: a non-contiguous view (an argument kind) is refused with
    the BufferError socket.send raises."""
    view = memoryview(data)
    if not view.c_contiguous:
        raise BufferError('memoryview: underlying buffer is not C-contiguous')
    return view


class SocketOptions:
    """The socket calls a transport makes that mean nothing on a fake one.

    asyncio's transports set blocking mode, TCP_NODELAY and read names at
    construction; a fake socket accepts and ignores them.
    """

    def setblocking(self, flag):
        pass

    def settimeout(self, value):
        pass

    def gettimeout(self):
        return 0.0

    def setsockopt(self, *args):
        pass

    def getsockopt(self, *args):
        return 0

    def getsockname(self):
        return ''

    def getpeername(self):
        return ''


class FakeSocket(SocketOptions):
    family = socket.AF_UNIX
    type = socket.SOCK_STREAM
    proto = 0

    def __init__(self, client, fd=1000):
        self._client = client
        self._fd = fd
        self._closed = False
        self._platform = None

    def platform(self):
        """The platform this socket runs on (asked once: it is the run's)."""
        if self._platform is None:
            asked = self._ask_platform()
            self._platform = asked if asked is not None else LINUX
        return self._platform

    def _ask_platform(self):
        ask = getattr(self._client, 'platform', None)  # a probe's stand-in has none
        return ask() if ask is not None else None

    def fileno(self):
        return -1 if self._closed else self._fd

    def send(self, data, flags=0):
        covered, text = wire.encode(contiguous(data).cast('B'), SEND_TEXT_BUDGET)
        reply = self._client.request('send' + text)
        if not reply.ok:
            raise wire.error_for(reply.status)
        return reply.int()

    def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
        """One send of the buffers joined, as the platform allows: none on
        a platform without sendmsg, EMSGSIZE for more than IOV_MAX."""
        paths = self.platform()
        if not paths.sendmsg:
            raise AttributeError("'socket' object has no attribute 'sendmsg'")
        buffers = list(buffers)
        if len(buffers) > paths.iov_max:
            raise wire.error_for('EMSGSIZE')
        return self.send(b''.join(bytes(contiguous(b)) for b in buffers))

    def sendall(self, data, flags=0):
        raise NotImplementedError('a non-blocking socket has no sendall')

    def recv(self, bufsize, flags=0):
        reply = self._client.request('recv %d' % bufsize)
        if not reply.ok:
            raise wire.error_for(reply.status)
        return reply.data()

    def recv_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast('B')
        data = self.recv(nbytes or len(view))
        view[:len(data)] = data
        return len(data)

    def shutdown(self, how):
        reply = self._client.request('shutdown')
        if not reply.ok:
            raise wire.error_for(reply.status)

    def close(self):
        if self._closed:
            return  # as a real socket: closing twice does nothing
        self._closed = True
        self._client.request('sockclose')

    def detach(self):
        self._closed = True
        return self._fd

    def __repr__(self):
        return '<wtadapter.FakeSocket fd=%d>' % self.fileno()
