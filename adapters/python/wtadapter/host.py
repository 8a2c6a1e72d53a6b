# SPDX-License-Identifier: MIT
"""The `host` feature: the kit's cases run inside this process.

The kit names its own libwt (WTKIT_LIBWT) and what that library must say
it is (WTKIT_HOST_ID). This module loads it with ctypes (every CPython has
ctypes; no compiler, no build per interpreter), hands it the transport as
a `struct wt_transport_ops` whose slots call the Python object, and gives
the transport a loop, a socket and a protocol that call the world
directly (include/wt/hosted.h). A case is then one request and one reply
on the wire, instead of a line per call, send and callback.

What the transport sees is what the line protocol gives it: the same
VirtualLoop and FakeSocket behaviour, the same errors, the same order of
calls into the world, so a scenario's trace hash is the same on both
paths (tests/hosted_agreement.py).
"""

import ctypes
import os
import sys
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_bool, c_char_p, c_int, c_int64,
                    c_size_t, c_uint32, c_uint64, c_void_p)
from asyncio import events

from . import kinds, wire
from .client import METHODS
from .loop import VirtualLoop, _report_kind, outside
from .protocol import ProtocolCallbackError, RecordingProtocol
from .sock import FakeSocket, Platform, contiguous

ABI = 1 | (1 << 16)  # WT_TRANSPORT_ABI: major 1, minor 1 (NULL getters = missing)
NS = 1000000000
RECV_MAX = 64 * 1024  # the kit's cap on one recv (adapter_int.h)
REPORTS = ('pause_failed', 'resume_failed', 'callback_failed', 'fatal_error', 'other')
METHOD_SLOTS = ('write', 'writelines', 'write_eof', 'can_write_eof', 'abort', 'close',
                'is_closing', 'get_write_buffer_size', 'get_write_buffer_limits',
                'set_write_buffer_limits')
_SLOT_INDEX = {name: i for i, name in enumerate(METHOD_SLOTS)}
_WRITE_SLOT = _SLOT_INDEX['write']


class _Buf(Structure):
    _fields_ = [('data', c_void_p), ('len', c_size_t)]


class _Platform(Structure):
    """struct wt_sock_platform."""
    _fields_ = [('sendmsg', c_bool), ('iov_max', c_uint32), ('send_zero', c_bool)]


class _Limits(Structure):
    _fields_ = [('has_high', c_bool), ('has_low', c_bool), ('high', c_int64), ('low', c_int64)]


class _Args(Structure):
    _fields_ = [('flavor', c_char_p), ('faults', c_uint64), ('context', c_void_p)]


RUN_FN = CFUNCTYPE(None, c_void_p)
NO_FN = RUN_FN()  # a NULL wt_callback_fn: stop watching
_CREATE = CFUNCTYPE(c_int, c_void_p, POINTER(_Args), POINTER(c_void_p))
_DESTROY = CFUNCTYPE(None, c_void_p)
_WRITE = CFUNCTYPE(c_int, c_size_t, POINTER(ctypes.c_char), c_size_t)
_WRITELINES = CFUNCTYPE(c_int, c_void_p, POINTER(_Buf), c_size_t)
_SIMPLE = CFUNCTYPE(c_int, c_void_p)
_FLAG = CFUNCTYPE(c_int, c_void_p, POINTER(c_bool))
_SIZE = CFUNCTYPE(c_int, c_void_p, POINTER(c_size_t))
_GET_LIMITS = CFUNCTYPE(c_int, c_void_p, POINTER(c_int64), POINTER(c_int64))
_SET_LIMITS = CFUNCTYPE(c_int, c_void_p, POINTER(_Limits))


class _Ops(Structure):
    _fields_ = [
        ('abi_version', c_uint32), ('name', c_char_p), ('create', _CREATE), ('destroy', _DESTROY),
        ('write', _WRITE), ('writelines', _WRITELINES), ('write_eof', _SIMPLE),
        ('can_write_eof', _FLAG), ('abort', _SIMPLE), ('close', _SIMPLE), ('is_closing', _FLAG),
        ('get_write_buffer_size', _SIZE), ('get_write_buffer_limits', _GET_LIMITS),
        ('set_write_buffer_limits', _SET_LIMITS),
    ]


class _Cell(Structure):
    """struct wt_hosted_cell: the instance the world holds; the size kept
    here whenever control goes back to C spares the world a call per read."""
    _fields_ = [('ops', c_void_p), ('host', c_void_p), ('size', c_uint64), ('known', ctypes.c_int32)]


class _Config(Structure):
    _fields_ = [('ops', POINTER(_Ops)), ('missing', c_uint32), ('replay_checked', c_bool)]


def _declare(lib):
    """The prototypes of what this module calls."""
    vp, i, sz = c_void_p, c_int, c_size_t
    protos = {
        'wt_hosted_id': (None, [c_char_p, sz]),
        'wt_hosted_new': (i, [POINTER(_Config), POINTER(c_void_p)]),
        'wt_hosted_free': (None, [vp]),
        'wt_hosted_seed': (c_uint64, [vp]),
        'wt_hosted_case': (i, [vp, c_char_p, sz, POINTER(c_void_p), POINTER(sz)]),
        'wt_hosted_reply_free': (None, [vp]),
        'wt_err_name': (c_char_p, [i]),
        'wt_err_lookup': (i, [c_char_p, POINTER(c_int)]),
        'wt_host_now_ns': (c_uint64, [vp]),
        'wt_host_call_soon': (i, [vp, RUN_FN, vp]),
        'wt_host_call_at': (i, [vp, c_uint64, RUN_FN, vp, POINTER(c_uint64)]),
        'wt_host_cancel': (i, [vp, c_uint64]),
        'wt_host_watch_writable': (i, [vp, RUN_FN, vp]),
        'wt_host_watch_readable': (i, [vp, RUN_FN, vp]),
        'wt_host_send': (i, [vp, c_void_p, sz, POINTER(sz)]),
        'wt_host_recv': (i, [vp, c_void_p, sz, POINTER(sz)]),
        'wt_host_shutdown_write': (i, [vp]),
        'wt_host_close_socket': (i, [vp]),
        'wt_host_connection_made': (None, [vp]),
        'wt_host_pause_writing': (i, [vp]),
        'wt_host_resume_writing': (i, [vp]),
        'wt_host_data_received': (i, [vp, c_char_p, sz]),
        'wt_host_eof_received': (i, [vp, POINTER(c_bool)]),
        'wt_host_connection_lost': (None, [vp, i]),
        'wt_host_report': (None, [vp, i, i]),
        'wt_host_note': (None, [vp, c_char_p]),
        'wt_host_writable': (c_bool, [vp]),
        'wt_host_sock_platform': (None, [vp, POINTER(_Platform)]),
        'wt_host_data_kind': (i, [vp, i]),
        'wt_host_data_words': (POINTER(c_int), [vp]),
    }
    for name, (res, args) in protos.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args


def load():
    """(library, None) when the kit offered `host` and its library loads here,
    else (None, why). The ids must agree: the request, the clause catalog
    and the outcome text are the kit's own."""
    path = os.environ.get('WTKIT_LIBWT')
    want = os.environ.get('WTKIT_HOST_ID')
    if not path or not want:
        return None, 'the kit did not offer it'
    try:
        # PyDLL: the calls keep the GIL (a case runs the transport's Python
        # code all along; releasing and taking it per call only costs).
        lib = ctypes.PyDLL(path)
        _declare(lib)
    except (OSError, AttributeError) as exc:
        return None, 'cannot load %s: %s' % (path, exc)
    buf = ctypes.create_string_buffer(64)
    lib.wt_hosted_id(buf, 64)
    got = buf.value.decode('ascii', 'replace')
    if got != want:
        return None, '%s is %s, the kit is %s' % (path, got, want)
    return lib, None


class _Codes:
    """Kit status codes and their words, asked of the library once each."""

    def __init__(self, lib):
        self._lib = lib
        self._words = {}
        self._rcs = {}
        self.ECALLBACK = self.rc('ECALLBACK')
        self.ESTATE = self.rc('ESTATE')
        self.EUNEXPECTED = self.rc('EUNEXPECTED')

    def word(self, rc):
        w = self._words.get(rc)
        if w is None:
            w = self._words[rc] = (self._lib.wt_err_name(rc) or b'EUNEXPECTED').decode('ascii')
        return w

    def rc(self, name):
        rc = self._rcs.get(name)
        if rc is None:
            out = c_int()
            ok = self._lib.wt_err_lookup(name.encode('ascii', 'replace'), byref(out)) == 0
            rc = out.value if ok else 0
            self._rcs[name] = rc
        return rc

    def exception(self, name):
        """The code for an exception's word, as the wire reads one: an
        unknown name, or one that is not an error, is EUNEXPECTED."""
        rc = self.rc(name)
        return rc if -200 < rc < 0 else self.EUNEXPECTED

    def error(self, rc):
        return wire.error_for(self.word(rc))


class _Handle(events.Handle):
    __slots__ = ('_wt_id',)


class _TimerHandle(events.TimerHandle):
    __slots__ = ('_wt_id', '_wt_timer')


class _Kit:
    """What the adapters ask of the kit's side beyond the loop (uvloop's
    bridge: whether the world's socket would take a byte now)."""

    proto = 2

    def __init__(self, inst):
        self._inst = inst

    def writable(self):
        h = self._inst.live()
        return bool(self._inst.lib.wt_host_writable(h))


class HostLoop(VirtualLoop):
    """The VirtualLoop whose requests are calls into the world."""

    def __init__(self, inst):
        super().__init__(_Kit(inst))
        self._inst = inst
        self._lib = inst.lib

    def _schedule(self, handle, ns):
        inst = self._inst
        h = inst.live()
        self._next_id += 1
        hid = self._next_id
        handle._wt_id = hid
        self._handles[hid] = handle
        if ns is None:
            rc = self._lib.wt_host_call_soon(h, inst.link.run_fn, hid)
        else:
            timer = c_uint64()
            rc = self._lib.wt_host_call_at(h, ns, inst.link.run_fn, hid, byref(timer))
            handle._wt_timer = timer.value
        if rc != 0:
            del self._handles[hid]
            raise inst.codes.error(rc)
        return handle

    def call_soon(self, callback, *args, context=None):
        return self._schedule(_Handle(callback, args, self, context), None)

    def call_at(self, when, callback, *args, context=None):
        handle = _TimerHandle(when, callback, args, self, context)
        return self._schedule(handle, max(0, int(round(when * NS))))

    def _timer_handle_cancelled(self, handle):
        hid = getattr(handle, '_wt_id', None)
        if self._handles.pop(hid, None) is not None and self._inst.host:
            self._lib.wt_host_cancel(self._inst.host, handle._wt_timer)

    def time(self):
        return self._lib.wt_host_now_ns(self._inst.live()) / NS

    def _watch(self, direction, state):
        inst = self._inst
        h = inst.live()
        if direction == 'write':
            rc = self._lib.wt_host_watch_writable(h, inst.link.write_fn if state == 'on' else NO_FN,
                                                  None)
        else:
            rc = self._lib.wt_host_watch_readable(h, inst.link.read_fn if state == 'on' else NO_FN,
                                                  None)
        if rc != 0:
            raise inst.codes.error(rc)

    def call_exception_handler(self, context):
        inst = self._inst
        exc = context.get('exception')
        code = wire.code_of(exc) if exc is not None else 'EUNEXPECTED'
        sys.stderr.write('wtadapter: exception handler: %s (%s)\n'
                         % (context.get('message', ''), code))
        h = inst.live()
        text = wire.evidence(exc, context.get('message'))
        if text:
            self._lib.wt_host_note(h, text.encode('ascii', 'replace'))
        self._lib.wt_host_report(h, REPORTS.index(_report_kind(context)), inst.codes.exception(code))

    def __repr__(self):
        return '<wtadapter.HostLoop>'


class HostSocket(FakeSocket):
    """The FakeSocket whose calls are calls into the world's socket."""

    def __init__(self, inst, fd=1000):
        super().__init__(None, fd)
        self._inst = inst
        self._lib = inst.lib
        self._accepted = c_size_t()  # a send's out-parameter, made once
        self._accepted_ref = byref(self._accepted)

    def send(self, data, flags=0):
        h = self._inst.live()
        n = len(data)
        first = None
        if type(data) is bytearray and n:
            # A transport's buffer is often a bytearray larger than what the
            # socket takes: point at it rather than copy it.
            first = ctypes.c_char.from_buffer(data)
        elif type(data) is not bytes:
            data = bytes(contiguous(data).cast('B'))
            n = len(data)
        accepted = self._accepted
        if first is not None:
            rc = self._lib.wt_host_send(h, ctypes.addressof(first), n, self._accepted_ref)
            # The export must end before anything else runs: an exception's
            # traceback would keep it, and the transport could then no longer
            # resize its buffer (BufferError), which a real socket never causes.
            del first
        else:
            rc = self._lib.wt_host_send(h, data, n, self._accepted_ref)
        if rc != 0:
            raise self._inst.codes.error(rc)
        return accepted.value

    def _ask_platform(self):
        paths = _Platform()
        self._lib.wt_host_sock_platform(self._inst.live(), byref(paths))
        return Platform(bool(paths.sendmsg), int(paths.iov_max), bool(paths.send_zero))

    def recv(self, bufsize, flags=0):
        h = self._inst.live()
        cap = min(bufsize, RECV_MAX)
        buf = ctypes.create_string_buffer(max(cap, 1))
        got = c_size_t()
        rc = self._lib.wt_host_recv(h, buf, cap, byref(got))
        if rc != 0:
            raise self._inst.codes.error(rc)
        return buf.raw[:got.value]

    def shutdown(self, how):
        rc = self._lib.wt_host_shutdown_write(self._inst.live())
        if rc != 0:
            raise self._inst.codes.error(rc)

    def close(self):
        if self._closed:
            return  # as a real socket: closing twice does nothing
        self._closed = True
        if self._inst.host:
            self._lib.wt_host_close_socket(self._inst.host)

    def __repr__(self):
        return '<wtadapter.HostSocket fd=%d>' % self.fileno()


class HostProtocol(RecordingProtocol):
    """The RecordingProtocol whose callbacks are the world's."""

    def __init__(self, inst):
        super().__init__(None)
        self._inst = inst
        self._lib = inst.lib

    def _check(self, rc, name):
        if rc == self._inst.codes.ECALLBACK:
            raise ProtocolCallbackError(name + ' raised (as the scenario asked)')
        if rc != 0:
            raise self._inst.codes.error(rc)

    def connection_made(self, transport):
        self.transport = transport
        self._lib.wt_host_connection_made(self._inst.live())

    def pause_writing(self):
        self._check(self._lib.wt_host_pause_writing(self._inst.live()), 'pause_writing')

    def resume_writing(self):
        self._check(self._lib.wt_host_resume_writing(self._inst.live()), 'resume_writing')

    def data_received(self, data):
        data = bytes(data)
        self._check(self._lib.wt_host_data_received(self._inst.live(), data, len(data)),
                    'data_received')

    def eof_received(self):
        keep = c_bool()
        self._check(self._lib.wt_host_eof_received(self._inst.live(), byref(keep)), 'eof_received')
        return bool(keep.value)

    def connection_lost(self, exc):
        rc = 0 if exc is None else self._inst.codes.exception(wire.code_of(exc))
        self._lib.wt_host_connection_lost(self._inst.live(), rc)


class _Instance:
    """One transport the world created: its loop, socket, protocol."""

    def __init__(self, link, host):
        self.link = link
        self.lib = link.lib
        self.codes = link.codes
        self.host = host
        self.loop = HostLoop(self)
        self.sock = HostSocket(self)
        self.protocol = HostProtocol(self)
        self.transport = None
        self.depth = 0  # Python frames of this transport's entries (calls, callbacks) running
        self.cell = _Cell()
        self.cell.ops = ctypes.addressof(link.table)
        self.cell.host = host
        self.key = ctypes.addressof(self.cell)

    def enter(self):
        self.depth += 1
        self.cell.known = 0

    def enter_call(self):
        """enter() for a call of the transport's methods: from the kit, that
        is from outside the loop, unless a callback is running (depth)."""
        if self.depth == 0:
            outside()
        self.enter()

    def leave(self):
        """Control goes back to C; from the outermost entry only (an inner
        one, such as the world's read of the size during a send, returns
        to Python code that may still change it), keep the size for the
        world's reads."""
        self.depth -= 1
        if self.depth == 0 and self.host:
            self.settle()

    def settle(self):
        cell = self.cell
        try:
            n = self.transport.get_write_buffer_size()
        except BaseException:  # noqa: B902 - the world asks itself, and sees the error
            cell.known = 0
            return
        if type(n) is int and n >= 0:
            cell.size = n
            cell.known = 1
        else:
            cell.known = 0

    def live(self):
        """The world's host pointer; after destroy, every call is refused as
        the line protocol refuses a retired session's (ESTATE), and never
        reaches the next scenario's world."""
        if not self.host:
            raise self.codes.error(self.codes.ESTATE)
        return self.host


class Link:
    """The transport table the kit's library calls, and the cases it runs."""

    def __init__(self, lib, factory, name, ops, missing, replay_checked, quiet=None):
        self.lib = lib
        self.quiet = quiet
        self.codes = _Codes(lib)
        self.factory = factory
        self.insts = {}
        self.run_fn = RUN_FN(self._run)
        self.write_fn = RUN_FN(self._io_write)
        self.read_fn = RUN_FN(self._io_read)
        self.current = None
        self.judged_from = 0  # sys.stderr's count when the latest world was made
        self._keep = []  # the C function objects must live as long as the table
        table = _Ops()
        table.abi_version = ABI
        self._name = name.encode('ascii', 'replace')
        table.name = self._name
        slots = {
            'create': (_CREATE, self._create), 'destroy': (_DESTROY, self._destroy),
            'write': (_WRITE, self._write), 'writelines': (_WRITELINES, self._writelines),
            'write_eof': (_SIMPLE, self._simple('write_eof')),
            'can_write_eof': (_FLAG, self._flag('can_write_eof')),
            'abort': (_SIMPLE, self._simple('abort')), 'close': (_SIMPLE, self._simple('close')),
            'is_closing': (_FLAG, self._flag('is_closing')),
            'get_write_buffer_size': (_SIZE, self._get_size),
            'get_write_buffer_limits': (_GET_LIMITS, self._get_limits),
            'set_write_buffer_limits': (_SET_LIMITS, self._set_limits),
        }
        # As the adapter: a missing documented method is named in the
        # config's missing bits, which the world never calls (the table's
        # mandatory slots are set all the same); an optional call the
        # adapter does not list has transport.h's default.
        optional = ('writelines', 'write_eof', 'can_write_eof')
        mandatory = ('abort', 'close', 'is_closing')
        for slot, (proto, fn) in slots.items():
            if slot in missing and slot not in mandatory:
                continue
            if slot in optional and slot not in ops:
                continue
            cfn = proto(fn)
            self._keep.append(cfn)
            setattr(table, slot, cfn)
        self.table = table
        config = _Config()
        config.ops = ctypes.pointer(table)
        config.missing = sum(1 << METHODS.index(m) for m in missing if m in METHODS)
        config.replay_checked = replay_checked
        handle = c_void_p()
        rc = lib.wt_hosted_new(byref(config), byref(handle))
        if rc != 0:
            raise RuntimeError('wt_hosted_new: %s' % self.codes.word(rc))
        self.handle = handle
        self._config = config

    # --- cases --------------------------------------------------------

    def run_case(self, text):
        """One request's text in, the reply's text out."""
        raw = text.encode('utf-8')
        reply = c_void_p()
        n = c_size_t()
        rc = self.lib.wt_hosted_case(self.handle, raw, len(raw), byref(reply), byref(n))
        if rc != 0:
            return 'error the host ran out of memory\n'
        try:
            return ctypes.string_at(reply, n.value).decode('utf-8', 'replace')
        finally:
            self.lib.wt_hosted_reply_free(reply)

    # --- loop callbacks -------------------------------------------------

    def _fire(self, name, arg):
        """A loop callback or watch of the current transport's world: the
        loop's method name with arg (no closure per call: once per loop
        iteration)."""
        inst = self.current
        if inst is not None:
            inst.enter()
            try:
                getattr(inst.loop, name)(arg)
            finally:
                inst.leave()

    def _run(self, arg):
        self._fire('_wt_run', arg)

    def _io_write(self, arg):
        self._fire('_wt_io', 'write')

    def _io_read(self, arg):
        self._fire('_wt_io', 'read')

    # --- the table ------------------------------------------------------

    def _create(self, host, args, self_out):
        a = args.contents
        self.judged_from = getattr(sys.stderr, 'count', 0)
        flavor = (a.flavor or b'').decode('utf-8', 'replace')
        seed = self.lib.wt_hosted_seed(a.context)
        outside()  # the transport is made outside any loop, as before a callback
        inst = _Instance(self, host)
        # The running call's method and argument kind, read per write without a call.
        inst.data_words = (c_int * 2).from_address(
            ctypes.addressof(self.lib.wt_host_data_words(host).contents))
        try:
            inst.transport = self.factory(inst.loop, inst.sock, inst.protocol, flavor, seed)
        except BaseException as exc:  # noqa: B902 - the kit's answer to a failed reset
            inst.host = None
            return self._raised(host, exc)
        self.insts[inst.key] = inst
        self.current = inst
        self_out[0] = inst.key
        return 0

    def _destroy(self, key):
        inst = self.insts.pop(key, None)
        if inst is None:
            return
        inst.host = None  # retired: what it does later never reaches a world
        if inst.depth == 0:
            outside()
        if self.current is inst:
            self.current = None
        if self.quiet is not None:
            self.quiet.end()

    def _raised(self, host, exc, refusable=False):
        """An exception escaping a call: its code, its class and message as
        the note the kit keeps (as an `exc CODE TEXT` line gives). A write
        of a kind it may refuse (refusable) refuses with EBUFFER."""
        code = kinds.refusal_code(exc, refusable)
        # A refusal's text keeps the exception's class, as client.py sends it.
        text = wire.clean_text('%s: %s' % (type(exc).__name__, exc) if code else exc)
        code = code or wire.code_of(exc)
        note = '%s: %s' % (code, text) if text else code
        if host:
            self.lib.wt_host_note(host, note.encode('ascii', 'replace'))
        return self.codes.exception(code)

    def _call(self, key, method, *args, **kwargs):
        inst = self.insts[key]
        inst.enter_call()
        try:
            result = getattr(inst.transport, method)(*args, **kwargs)
        except BaseException as exc:  # noqa: B902 - an escaping exception is data
            rc, result = self._raised(inst.host, exc), None
        else:
            rc = 0
        inst.leave()
        return rc, result

    def _kind(self, inst, method, names):
        """The argument kind of the call now running (wt_host_data_words)."""
        words = inst.data_words
        k = words[1] if words[0] == _SLOT_INDEX[method] else 0
        return names[k] if 0 <= k < len(names) else names[0]

    def _write(self, key, data, n):
        inst = self.insts[key]
        words = inst.data_words
        if words[0] != _WRITE_SLOT or words[1] == 0:
            # bytes, the default kind (and a bench's every write): no lookups.
            return self._write_call(inst, 'write', data[:n], None, False)
        kind = self._kind(inst, 'write', kinds.WRITE_KINDS)
        obj, after = kinds.make_write(kind, data[:n])
        return self._write_call(inst, 'write', obj, after, kind in kinds.REFUSABLE)

    def _writelines(self, key, bufs, n):
        inst = self.insts[key]
        chunks = [ctypes.string_at(bufs[i].data, bufs[i].len) if bufs[i].len else b''
                  for i in range(n)]
        kind = self._kind(inst, 'writelines', kinds.LINES_KINDS)
        obj, after, refusable = kinds.make_lines(kind, chunks)
        return self._write_call(inst, 'writelines', obj, after, refusable)

    def _write_call(self, inst, method, obj, after, refusable):
        """write(obj) or writelines(obj); then, right after it returns, the
        caller's part of the argument kind (after)."""
        inst.enter_call()
        try:
            getattr(inst.transport, method)(obj)
        except BaseException as exc:  # noqa: B902 - an escaping exception is data
            rc = self._raised(inst.host, exc, refusable)
        else:
            rc = 0
        if after is not None:
            after()
        inst.leave()
        return rc

    def _simple(self, method):
        def slot(key):
            return self._call(key, method)[0]
        return slot

    def _flag(self, method):
        def slot(key, out):
            rc, result = self._call(key, method)
            if rc == 0:
                out[0] = bool(result)
            return rc
        return slot

    def _get_size(self, key, out):
        rc, result = self._call(key, 'get_write_buffer_size')
        if rc == 0:
            try:
                n = int(result)
            except (TypeError, ValueError):
                n = -1
            if n < 0:
                return self._raised(self.insts[key].host,
                                    TypeError('get_write_buffer_size() returned %r' % (result,)))
            out[0] = n
        return rc

    def _get_limits(self, key, low_out, high_out):
        rc, result = self._call(key, 'get_write_buffer_limits')
        if rc == 0:
            try:
                low, high = result
                low_out[0], high_out[0] = int(low), int(high)
            except (TypeError, ValueError) as exc:
                return self._raised(self.insts[key].host, exc)
        return rc

    def _set_limits(self, key, req):
        r = req.contents
        kwargs = {}
        if r.has_high:
            kwargs['high'] = r.high
        if r.has_low:
            kwargs['low'] = r.low
        return self._call(key, 'set_write_buffer_limits', **kwargs)[0]
