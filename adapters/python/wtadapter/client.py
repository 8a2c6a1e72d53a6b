# SPDX-License-Identifier: MIT
"""The protocol client: one line in, one line out, re-entrant.

The kit drives; the adapter answers. While the adapter waits for the reply
to one of its own requests (a send, a callback), the kit may send nested
calls (a hook inside pause_writing calling close()); request() executes
them before it returns the reply. Nothing else may be written to the
protocol stream: sys.stdout is pointed at stderr while serving.
"""

import os
import sys

from . import kinds, quiet, wire
from .loop import VirtualLoop, outside
from .protocol import RecordingProtocol
from .sock import FakeSocket, Platform

METHODS = (
    'write', 'writelines', 'write_eof', 'can_write_eof', 'abort', 'close',
    'is_closing', 'get_write_buffer_size', 'get_write_buffer_limits',
    'set_write_buffer_limits',
)

# Protocol features this client offers (docs/adapter-protocol.md). The kit
# accepts some with `use ...` after `ready`; until then none is used.
# WTADAPTER_FEATURES=none offers none (plain protocol 1).
PROTOCOL_FEATURES = ('ret-size', 'batch', 'platform', 'kinds')

# With `batch`, these requests are one-way: sent, never answered.
ONE_WAY = frozenset(('soon', 'at', 'cancel', 'watch', 'report'))


class _CountingStream:
    """sys.stderr, counting the bytes written through it: where the judged
    run's own stderr starts within a hosted case (the replay run writes the
    same lines first)."""

    def __init__(self, stream):
        self._stream = stream
        self.count = 0

    def write(self, text):
        self.count += len(text.encode('utf-8', 'backslashreplace'))
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class ProtocolError(Exception):
    """The kit sent something this client does not understand."""


class Reply:
    """A parsed `reply STATUS [values] [data]` line."""

    def __init__(self, status, words):
        self.status = status
        self.words = words

    @property
    def ok(self):
        return self.status == 'OK'

    def int(self, i=0):
        return int(self.words[i])

    def data(self):
        return wire.decode(self.words)


_OK = Reply('OK', [])


class Session:
    """One scenario: a loop, a socket, a protocol and the transport."""

    def __init__(self, client, factory, flavor, seed):
        self.loop = VirtualLoop(client)
        self.sock = FakeSocket(client)
        self.protocol = RecordingProtocol(client)
        self.transport = factory(self.loop, self.sock, self.protocol, flavor, seed)

    def retire(self):
        """Cuts the scenario's objects off the wire. A transport dropped
        now may still call its loop or socket later (a __del__ that closes
        its socket, a cycle freed by the garbage collector); those calls
        must not reach the next scenario's world."""
        for obj in (self.loop, self.sock, self.protocol):
            obj._client = _RETIRED


class _Retired:
    """The client of a retired session: every request is refused."""

    @staticmethod
    def request(line):
        return Reply('ESTATE', [])

    @staticmethod
    def size_word():
        return ''


_RETIRED = _Retired()


class Client:
    """Serves the kit on rfile/wfile (binary) with transports from factory.

    factory(loop, sock, protocol, flavor, seed) returns a transport, or
    raises ValueError for a flavor it does not know. missing names the
    documented methods the transport lacks (wtadapter.caps.missing_methods);
    a kit that speaks protocol 2 never calls them.
    """

    def __init__(self, factory, name, version, ops=METHODS, features=(),
                 rfile=None, wfile=None, missing=()):
        self.factory = factory
        self.name = name
        self.version = version
        self.ops = tuple(ops)
        offered = () if os.environ.get('WTADAPTER_FEATURES') == 'none' else PROTOCOL_FEATURES
        self.features = offered + tuple(f for f in features if f not in offered)
        self.missing = tuple(missing)
        self.proto = 1  # what the handshake agreed on
        self.use = frozenset()  # the features the kit accepted
        self.session = None
        self.quiet = quiet.install()
        self.link = None  # the `host` feature's table (wtadapter.host), made at the first case
        self.lib = None
        if os.environ.get('WTADAPTER_FEATURES') != 'none':
            from . import host
            self.lib, why = host.load()
            if self.lib is not None:
                sys.stderr = _CountingStream(sys.stderr)
                n = len(offered)  # beside the other protocol features, before any long word
                self.features = self.features[:n] + ('host',) + self.features[n:]
            elif os.environ.get('WTKIT_LIBWT'):
                sys.stderr.write('wtadapter: not hosting cases: %s\n' % why)
        if rfile is None:
            rfile = sys.stdin.buffer
        if wfile is None:
            # The protocol keeps the real stdout; print() goes to stderr.
            wfile = os.fdopen(os.dup(sys.stdout.fileno()), 'wb')
            sys.stdout = sys.stderr
        self.rfile = rfile
        self.wfile = wfile

    # --- lines --------------------------------------------------------

    def send(self, line, flush=True):
        """Writes one line. A one-way line (batch) is not flushed: the kit
        needs it only before the next line that waits for an answer, so it
        leaves with that line, in one write."""
        self.wfile.write(line.encode('utf-8') + b'\n')
        if flush:
            self.wfile.flush()

    def read(self):
        raw = self.rfile.readline()
        if not raw:
            raise SystemExit(0)  # the kit went away
        if not raw.endswith(b'\n'):
            raise ProtocolError('partial line from the kit: %r' % raw[:60])
        return raw[:-1].decode('utf-8')

    def request(self, line):
        """Sends a request; serves nested kit calls until its reply. With
        `batch`, a one-way request is sent and answered OK at once."""
        if self.use and 'batch' in self.use and line.split(' ', 1)[0] in ONE_WAY:
            self.send(line, flush=False)
            return _OK
        self.send(line)
        while True:
            got = self.read()
            if got.startswith('reply '):
                words = got.split(' ')
                return Reply(words[1], words[2:])
            self.dispatch(got)

    # --- serving ------------------------------------------------------

    def serve(self):
        """The main loop: handshake, then one kit message after another."""
        hello = self.read()
        words = hello.split(' ')
        if len(words) != 3 or words[:2] != ['hello', 'wtkit-adapter'] or not words[2].isdigit() \
                or int(words[2]) < 1:
            raise ProtocolError('unexpected hello %r' % hello)
        # Answer with the lower version: protocol 2 adds `missing`, report
        # text and `writable`; a kit that offers 1 gets none of them.
        self.proto = min(int(words[2]), wire.PROTOCOL)
        self.send('hello wtkit-adapter %d' % self.proto)
        self.send('transport %s %s' % (self.name, self.version))
        ops = [op for op in self.ops if self.proto < 2 or op not in self.missing]
        self.send('ops ' + ' '.join(ops))
        self.send('features ' + ' '.join(self.features))
        if self.proto >= 2 and self.missing:
            self.send('missing ' + ' '.join(self.missing))
        self.send('ready')
        while True:
            self.dispatch(self.read())

    def size_word(self):
        """ret-size: " size=N", the transport's buffer size now, or ""."""
        if 'ret-size' not in self.use or self.session is None:
            return ''
        try:
            n = self.session.transport.get_write_buffer_size()
        except Exception:  # noqa: B902 - the kit asks, and sees the error itself
            return ''
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            return ''
        return ' size=%d' % n

    def dispatch(self, line):
        words = line.split(' ')
        word = words[0]
        if word == 'run':
            self._session().loop._wt_run(int(words[1]))
            self.send('done' + self.size_word())
        elif word == 'io':
            self._session().loop._wt_io(words[1])
            self.send('done' + self.size_word())
        elif word == 'use':
            self.use = frozenset(w for w in words[1:] if w in self.features)
        elif word == 'case' and 'host' in self.use:
            self._case(int(words[1]))
        elif word in METHODS:
            self._call(word, words[1:])
        elif word == 'reset':
            self._reset(words[1:])
        elif word == 'destroy':
            self._drop_session()
            self.send('ret OK')
        elif word == 'bye':
            # Nothing is left to do: the interpreter's teardown (tens of
            # milliseconds the kit would wait for) is skipped.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        else:
            raise ProtocolError('unknown message from the kit: %r' % line[:60])

    def _case(self, nlines):
        """The `host` feature: a whole case runs here, in this process."""
        lines = [self.read() for _ in range(nlines)]
        if self.link is None:
            from . import host
            replay = 'no-replay' not in self.features
            self.link = host.Link(self.lib, self.factory, self.name, self.ops, self.missing, replay,
                                  self.quiet)
        self._drop_session()
        count = getattr(sys.stderr, 'count', 0)
        self.link.judged_from = count
        reply = self.link.run_case('\n'.join(lines) + '\n')
        sys.stderr.flush()  # the case's stderr reaches the kit before its reply
        # The bytes before the judged run's: the kit shows only its own.
        skip = max(0, self.link.judged_from - count)
        self.send('case %d %d\n%s' % (reply.count('\n'), skip, reply.rstrip('\n')))

    def _session(self):
        if self.session is None:
            raise ProtocolError('no transport (no reset yet)')
        return self.session

    def _drop_session(self):
        """Cuts the scenario's objects off the wire. What they still do when
        Python frees them (a __del__, a cycle the collector finds later) goes
        to the retired client and never reaches a world, so no collection
        is forced here: the garbage collector runs on its own schedule."""
        session, self.session = self.session, None
        if session is None:
            return
        outside()
        session.retire()
        self.quiet.end()

    def _reset(self, words):
        args = dict(w.split('=', 1) for w in words)
        self._drop_session()
        try:
            self.session = Session(self, self.factory, args.get('flavor', ''),
                                   int(args.get('seed', '0')))
        except (SystemExit, KeyboardInterrupt, ProtocolError):
            raise
        except BaseException as exc:  # noqa: B902 - reported to the kit
            self.session = None
            self.send('exc %s %s' % (wire.code_of(exc), wire.clean_text(exc)))
            return
        self.send('ret OK')

    def _call(self, method, words):
        outside()  # the kit calls the transport from outside its loop
        transport = self._session().transport
        refusable = False
        try:
            if method in ('write', 'writelines'):
                obj, after, refusable = self._write_args(method, words)
                try:
                    result = getattr(transport, method)(obj)
                finally:
                    if after is not None:
                        after()  # the caller's part of the kind: right after the call
            elif method == 'set_write_buffer_limits':
                kwargs = {k: int(v) for k, v in (w.split('=', 1) for w in words)}
                result = transport.set_write_buffer_limits(**kwargs)
            else:
                result = getattr(transport, method)()
            text = self._format(method, result)
        except (SystemExit, KeyboardInterrupt, ProtocolError):
            raise
        except BaseException as exc:  # noqa: B902 - an escaping exception is data
            code = kinds.refusal_code(exc, refusable)
            # A refusal's text keeps the exception's class, as the host's note does.
            text = '%s: %s' % (type(exc).__name__, exc) if code else exc
            self.send('exc %s %s' % (code or wire.code_of(exc), wire.clean_text(text)))
            return
        self.send('ret OK' + text + self.size_word())

    def platform(self):
        """The socket's code paths as the kit's `platform` reply gives them
        (the platform feature), or None when the kit did not agree to it."""
        if 'platform' not in self.use:
            return None
        reply = self.request('platform')
        if not reply.ok:
            return None
        sendmsg, iov_max, send_zero = reply.int(0), reply.int(1), reply.int(2)
        return Platform(bool(sendmsg), iov_max, bool(send_zero))

    @staticmethod
    def _write_args(method, words):
        """(obj, after, refusable) for write or writelines: the data as the
        kind the line ends with (`kinds`; bytes and a list without), what
        the caller does to it once the call returns, and whether the
        transport may refuse it (kinds.REFUSABLE)."""
        words, kind = kinds.split_kind(words)
        if method == 'write':
            obj, after = kinds.make_write(kind, wire.decode(words))
            return obj, after, kind in kinds.REFUSABLE
        return kinds.make_lines(kind, wire.decode_chunks(words[1:]))

    def writable(self):
        """Whether the kit's socket would accept a byte now (protocol 2), or
        None when the kit speaks 1."""
        if self.proto < 2:
            return None
        reply = self.request('writable')
        return reply.ok and reply.int() == 1

    @staticmethod
    def _format(method, result):
        if method in ('is_closing', 'can_write_eof'):
            return ' 1' if result else ' 0'
        if method == 'get_write_buffer_size':
            return ' %d' % int(result)
        if method == 'get_write_buffer_limits':
            low, high = result
            return ' %d %d' % (int(low), int(high))
        return ''


def serve(factory, name, version, ops=METHODS, features=(), missing=()):
    """Runs an adapter on stdin/stdout until the kit says bye."""
    client = Client(factory, name, version, ops, features, missing=missing)
    try:
        client.serve()
    except ProtocolError as exc:
        sys.stderr.write('wtadapter: %s\n' % exc)
        sys.stderr.flush()
        raise SystemExit(2)
