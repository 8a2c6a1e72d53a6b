# SPDX-License-Identifier: MIT
"""Which documented WriteTransport methods a transport really has.

asyncio.WriteTransport and BaseTransport define every method as a stub
that raises NotImplementedError, so hasattr() says yes for all of them. A
method is *missing* here when the class has no such attribute, or when the
function it resolves to is a stub: its body does nothing but raise
NotImplementedError (asyncio's own stubs and a user's alike). The kit is
told in the handshake (`missing ...`, protocol 2), never calls a missing
method, FAILs that method's clause once and SKIPs the scenarios that need
it (docs/adapter-protocol.md).
"""

import dis

from .client import METHODS

# Instructions that may sit around a bare `raise NotImplementedError[(...)]`.
_FILLER = {'RESUME', 'NOP', 'CACHE', 'EXTENDED_ARG', 'PUSH_NULL', 'PRECALL', 'CALL',
           'CALL_FUNCTION', 'KW_NAMES', 'LOAD_CONST', 'RETURN_CONST', 'COPY_FREE_VARS'}


def is_stub(func):
    """True when func only raises NotImplementedError (with or without a message)."""
    func = getattr(func, '__func__', func)
    code = getattr(func, '__code__', None)
    if code is None:
        return False
    seen_name = False
    raised = False
    for ins in dis.get_instructions(code):
        if ins.opname in ('LOAD_GLOBAL', 'LOAD_NAME'):
            name = str(ins.argval)
            if not name.endswith('NotImplementedError') or seen_name:
                return False
            seen_name = True
        elif ins.opname == 'RAISE_VARARGS':
            raised = True
        elif ins.opname in ('RETURN_VALUE', 'RETURN_CONST'):
            if not raised:
                return False
        elif ins.opname not in _FILLER:
            return False
    return seen_name and raised


def missing_methods(cls):
    """The documented methods cls lacks, in METHODS order; write never counts."""
    missing = []
    for name in METHODS:
        if name == 'write':
            continue
        attr = getattr(cls, name, None)
        if attr is None or not callable(attr) or is_stub(attr):
            missing.append(name)
    return missing


class _ProbeReply:
    """A reply that satisfies any request a constructor makes."""

    status = 'OK'
    ok = True
    words = ['0']

    @staticmethod
    def int(i=0):
        return 0

    @staticmethod
    def data():
        return b''


class _ProbeClient:
    """Answers every request at once, touching nothing: for a throwaway
    instance built only to learn its class."""

    @staticmethod
    def request(line):
        return _ProbeReply()


def probe_class(factory):
    """The class of the transport factory(loop, sock, protocol, flavor, seed)
    builds, learnt from a throwaway instance on a loop, socket and protocol
    that go nowhere; None when the factory cannot build one that way."""
    from .loop import VirtualLoop
    from .protocol import RecordingProtocol
    from .sock import FakeSocket
    client = _ProbeClient()
    try:
        transport = factory(VirtualLoop(client), FakeSocket(client, fd=999),
                            RecordingProtocol(client), '', 0)
    except Exception:  # noqa: BLE001 - a factory that cannot probe declares nothing
        return None
    return type(transport)
