#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CPython's own asyncio write transports, served to wtkit as an adapter.

The transport classes are the interpreter's real ones, imported, never
copied; only the loop (wtadapter.VirtualLoop, virtual time) and the socket
(wtadapter.FakeSocket, the kit's fake socket) are stand-ins:

    --kind selector   asyncio.selector_events._SelectorSocketTransport
    --kind pipe       asyncio.unix_events._UnixWritePipeTransport
    --kind ssl        asyncio.sslproto._SSLProtocolTransport (TLS client end,
                      over a _SelectorSocketTransport; the TLS server end is
                      the peer, inside this process: wtadapter.tlspeer)
    --kind factory --factory MODULE:FUNCTION
                      your own transport class (see adapters/python/README.md)

Run it with the interpreter whose asyncio you want to test:

    /root/.pyenv/versions/3.12.1/bin/python3 adapters/python/cpython_adapter.py --kind selector

The pipe transport writes with os.write() on a file descriptor; this
adapter gives asyncio.unix_events (that module only) an `os` whose write,
fstat and set_blocking on the fake descriptor go to the fake socket, as
CPython's own tests do with mock.patch('os.write').
"""

import argparse
import importlib
import os
import platform
import stat
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wtadapter import missing_methods, probe_class, serve  # noqa: E402

KINDS = ('selector', 'pipe', 'ssl', 'factory')

# What each kind is called in the handshake, and the class it tests.
CLASSES = {
    'selector': 'asyncio.selector_events._SelectorSocketTransport',
    'pipe': 'asyncio.unix_events._UnixWritePipeTransport',
    'ssl': 'asyncio.sslproto._SSLProtocolTransport',
}


def _no_flavor(flavor):
    """A real transport has one behaviour: a flavor asks for another one."""
    if flavor:
        raise ValueError('a real transport has no flavor %r' % flavor)


# --- selector ---------------------------------------------------------------

def platform_paths(selector_events, sock):
    """The module sees the platform the socket says (`sock sendmsg`, `sock
    iovmax`): since 3.12 the socket transport picks sendmsg or send when it
    is made (module flag _HAS_SENDMSG, from hasattr(socket.socket, 'sendmsg')
    on a real machine) and gives one sendmsg at most SC_IOV_MAX buffers.
    Earlier versions have neither and always send()."""
    if hasattr(selector_events, '_HAS_SENDMSG'):
        paths = sock.platform()
        selector_events._HAS_SENDMSG = paths.sendmsg
        selector_events.SC_IOV_MAX = paths.iov_max


def make_selector(loop, sock, protocol, flavor, seed):
    from asyncio import selector_events
    _no_flavor(flavor)
    platform_paths(selector_events, sock)
    return selector_events._SelectorSocketTransport(loop, sock, protocol)


# --- pipe -------------------------------------------------------------------

class PipeOs:
    """The `os` that asyncio.unix_events sees in this process.

    write/fstat/set_blocking on a registered fake descriptor go to its
    fake socket (os.write(fd, data) is sock.send(data): a short count, a
    BlockingIOError or a BrokenPipeError, as for a real non-blocking
    pipe); everything else is the real os module.
    """

    def __init__(self):
        self._socks = {}

    def register(self, sock):
        self._socks[sock.fileno()] = sock

    def __getattr__(self, name):
        return getattr(os, name)

    def write(self, fd, data):
        sock = self._socks.get(fd)
        if sock is None:
            return os.write(fd, data)
        return sock.send(data)

    def fstat(self, fd):
        if fd not in self._socks:
            return os.fstat(fd)
        # A socket: the pipe transport then also watches it for reading
        # ("the reader trick": readable means the other end went away).
        return os.stat_result((stat.S_IFSOCK | 0o600, 0, 0, 1, 0, 0, 0, 0, 0, 0))

    def set_blocking(self, fd, blocking):
        if fd not in self._socks:
            os.set_blocking(fd, blocking)


_PIPE_OS = None


def make_pipe(loop, sock, protocol, flavor, seed):
    global _PIPE_OS
    from asyncio import unix_events
    _no_flavor(flavor)
    if _PIPE_OS is None:
        _PIPE_OS = PipeOs()
        unix_events.os = _PIPE_OS
    _PIPE_OS.register(sock)
    return unix_events._UnixWritePipeTransport(loop, sock, protocol)


# --- ssl --------------------------------------------------------------------

def make_ssl_factory():
    from wtadapter import tlspeer
    return tlspeer.SslFactory()


# --- factory ----------------------------------------------------------------

def load_factory(spec):
    """MODULE:FUNCTION (MODULE importable, or a path to a .py file)."""
    if ':' not in spec:
        raise SystemExit('--factory wants MODULE:FUNCTION, got %r' % spec)
    modname, _, funcname = spec.rpartition(':')
    if modname.endswith('.py') or os.sep in modname:
        path = os.path.abspath(modname)
        sys.path.insert(0, os.path.dirname(path))
        modname = os.path.splitext(os.path.basename(path))[0]
    else:
        sys.path.insert(0, os.getcwd())
    module = importlib.import_module(modname)
    func = getattr(module, funcname, None)
    if not callable(func):
        raise SystemExit('--factory %s: %s has no callable %r' % (spec, modname, funcname))
    return func


def wrap_user_factory(func):
    """The user's factory(loop, sock, protocol, *, flavor=None)."""

    def make(loop, sock, protocol, flavor, seed):
        return func(loop, sock, protocol, flavor=flavor or None)

    return make


# --- main -------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--kind', choices=KINDS, required=True)
    parser.add_argument('--factory', help='MODULE:FUNCTION (with --kind factory)')
    parser.add_argument('--name', help='the transport name in the handshake')
    args = parser.parse_args(argv)
    pyver = platform.python_version()
    features = ['deterministic', 'virtual-time', 'python=' + pyver]
    if args.kind == 'factory':
        if not args.factory:
            parser.error('--kind factory needs --factory MODULE:FUNCTION')
        func = load_factory(args.factory)
        make = wrap_user_factory(func)
        name = args.name or 'factory-' + args.factory.rpartition(':')[2]
        features.append('factory=' + args.factory.replace(' ', '_'))
        # What the transport's medium cannot pose (a serial line has no EOF):
        # the module's WTKIT_FEATURES, "no:OP" words (adapters/python/README.md).
        module = sys.modules.get(func.__module__)
        features += [str(f) for f in getattr(module, 'WTKIT_FEATURES', ())]
    elif args.kind == 'ssl':
        make = make_ssl_factory()
        name = args.name or 'cpython-ssl'
        features.append('class=' + CLASSES['ssl'])
        features.append('tls-peer-in-adapter')
    else:
        make = make_selector if args.kind == 'selector' else make_pipe
        name = args.name or 'cpython-' + args.kind
        features.append('class=' + CLASSES[args.kind])
        if args.kind == 'pipe':
            # A write pipe has no receive direction: its reader only
            # watches for the other end going away. Data from the peer, a
            # half-close (EOF while still reading) and a reset pose what a
            # real pipe cannot meet: the reader can only go away, which is
            # `peer close` (the reader watch sees it, a write meets EPIPE).
            features += ['no:peer-send', 'no:peer-eof', 'no:sock-fail']
    # The documented methods the class lacks (asyncio's NotImplementedError
    # stubs): declared in the handshake, never called (protocol 2).
    if args.kind == 'factory':
        cls = probe_class(make)
    else:
        module, _, clsname = CLASSES[args.kind].rpartition('.')
        cls = getattr(importlib.import_module(module), clsname)
    missing = missing_methods(cls) if cls is not None else []
    serve(make, name, pyver, features=features, missing=missing)


if __name__ == '__main__':
    main()
