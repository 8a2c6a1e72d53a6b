# SPDX-License-Identifier: MIT
"""wtadapter: run a Python asyncio write transport under wtkit.

Standard library only. An adapter script builds a factory
(loop, sock, protocol, flavor, seed) -> transport and calls serve():

    from wtadapter import serve
    serve(make_transport, 'my-transport', '1.0')

The kit then drives the transport through the virtual loop
(wtadapter.loop.VirtualLoop), the fake socket (wtadapter.sock.FakeSocket)
and the recording protocol (wtadapter.protocol.RecordingProtocol), over
the line protocol "wtkit-adapter 2" (1 with an older kit) on stdin/stdout
(docs/adapter-protocol.md).
"""

from .caps import missing_methods, probe_class
from .client import METHODS, Client, ProtocolError, serve
from .loop import VirtualLoop
from .protocol import ProtocolCallbackError, RecordingProtocol
from .sock import FakeSocket

__all__ = [
    'METHODS', 'Client', 'FakeSocket', 'ProtocolCallbackError', 'ProtocolError',
    'RecordingProtocol', 'VirtualLoop', 'missing_methods', 'probe_class', 'serve',
]
