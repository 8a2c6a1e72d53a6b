# SPDX-License-Identifier: MIT
"""pyserial-asyncio's SerialTransport (Debian's python3-serial-asyncio,
`make deps`), under wtkit through --kind factory, over a fake serial port.

    python3 adapters/python/cpython_adapter.py --kind factory \\
        --factory adapters/python/examples/serial_factory.py:serial_transport

The transport class is the library's own, imported, never copied. Only the
serial port is a stand-in: FakeSerial speaks the part of pySerial's
serial.Serial that SerialTransport uses (timeout, write_timeout, fileno,
read, write, flush, close) over the kit's fake socket, and behaves as
pySerial does on a non-blocking POSIX port: write() returns how much it
took (BlockingIOError when nothing), read() returns b'' when nothing is
waiting, and an I/O error, or a port that reads as ready but returns
nothing (the other end went away), is serial.SerialException.

What the kit finds is in docs/findings.md ("pyserial-asyncio"), each with a
minimal scenario in tests/data/serial/, and tests/serial_pty_repro.py
reproduces every one of them on pySerial's own loop over a pty, without
the kit.
"""

import serial
import serial_asyncio

# A serial line has no end-of-file and no orderly close: the peer's EOF or
# close could only be a hangup, which a pty shows as an error, not as EOF.
# The kit skips the scenarios that need either (cpython_adapter.py reads
# this; "no:OP" as in the handshake's features).
WTKIT_FEATURES = ['no:peer-eof', 'no:peer-close']


class FakeSerial:
    """The serial.Serial a SerialTransport is given, over wtadapter's FakeSocket."""

    def __init__(self, sock):
        self._sock = sock
        self.timeout = None
        self.write_timeout = None
        self.is_open = True
        self.port = 'wtkit'

    def fileno(self):
        return self._sock.fileno()

    def write(self, data):
        try:
            return self._sock.send(data)
        except BlockingIOError:
            raise
        except OSError as exc:
            raise serial.SerialException('write failed: %s' % exc)

    def read(self, size=1):
        try:
            data = self._sock.recv(size)
        except BlockingIOError:
            return b''
        except OSError as exc:
            raise serial.SerialException('read failed: %s' % exc)
        if not data:
            # What pySerial says when select() reports a port readable and
            # read() returns nothing: the other end is gone.
            raise serial.SerialException(
                'device reports readiness to read but returned no data '
                '(device disconnected or multiple access on port?)')
        return data

    def flush(self):
        pass  # tcdrain(): the fake socket has nothing to drain

    def close(self):
        self.is_open = False
        self._sock.close()

    def __repr__(self):
        return '<FakeSerial over %r>' % (self._sock,)


def serial_transport(loop, sock, protocol, *, flavor=None):
    """wtkit's factory: one SerialTransport per scenario."""
    if flavor is not None:
        raise ValueError('SerialTransport has no flavor %r' % flavor)
    return serial_asyncio.SerialTransport(loop, protocol, FakeSerial(sock))
