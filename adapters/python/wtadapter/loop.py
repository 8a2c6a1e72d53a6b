# SPDX-License-Identifier: MIT
"""A virtual event loop: every scheduling call is a request to the kit.

The kit owns the clock and decides when callbacks run: call_soon and
call_at register a handle here and ask the kit for a slot ("soon <id>",
"at <ns> <id>"); the kit later sends "run <id>". add_writer/add_reader
become "watch write|read on" and the kit sends "io write|read" while the
socket is ready. Time is the kit's virtual time ("now").

It offers what asyncio's selector transports use: call_soon, call_later,
call_at, time, the public and private add/remove reader/writer,
call_exception_handler, get_debug, is_closed, create_future,
_transports and a _selector stand-in; and what other transports call on
their loop: create_task, sock_sendall, sock_recv and sock_recv_into
(coroutines whose waits are the kit's I/O watches, so they resolve in
virtual time), run_in_executor (the function runs at once, in order: the
run stays deterministic), and asyncio.get_running_loop() is this loop
while the kit runs one of its callbacks or watches; the kit's calls of the
transport's methods come from outside it.
"""

import asyncio
import sys
import weakref
from asyncio import events, futures, tasks

from . import wire

_NS = 1000000000
_set_running_loop = events._set_running_loop
# The loop this module last made the thread's running loop. asyncio 3.11
# stamps each change with getpid(), a system call (its get too, while a loop
# is set): set and restored around every callback, that was half of a
# python:selector run. So it is set when a callback starts and cleared only
# when the kit next calls the transport (outside()): between the two runs
# nothing but the kit's own code, which never asks.
_running = None


def outside():
    """The kit calls the transport from outside its loop: no running loop."""
    global _running
    if _running is not None:
        _set_running_loop(None)
        _running = None


class _Handle(events.Handle):
    __slots__ = ('_wt_id',)


class _TimerHandle(events.TimerHandle):
    __slots__ = ('_wt_id',)


class _NoSelector:
    """Enough of a selector for transports' __repr__."""

    def get_key(self, fileobj):
        raise KeyError(fileobj)


def _report_kind(context):
    """The kit's report word for an exception handler context."""
    explicit = context.get('wt_report')
    if explicit:
        return explicit
    message = str(context.get('message', ''))
    if 'pause_writing() failed' in message:
        return 'pause_failed'
    if 'resume_writing() failed' in message:
        return 'resume_failed'
    if 'protocol.' in message and 'call failed' in message:
        return 'callback_failed'
    # The exception the kit's protocol raised on the scenario's order: a
    # callback failure, however the transport words its message (uvloop
    # says "Fatal error on transport UnixTransport" for data_received).
    if getattr(context.get('exception'), 'wt_code', None) == 'ECALLBACK':
        return 'callback_failed'
    if message.startswith('Fatal'):
        return 'fatal_error'
    return 'other'


class VirtualLoop(asyncio.AbstractEventLoop):

    def __init__(self, client):
        self._client = client
        self._handles = {}
        self._next_id = 0
        self._writer = None
        self._reader = None
        self._transports = weakref.WeakValueDictionary()
        self._selector = _NoSelector()
        self._debug = False
        # asyncio.get_running_loop() is this loop inside the kit's callbacks;
        # an adapter that runs another loop there (uvloop's) turns it off.
        self._wt_running = True

    # --- scheduling ---------------------------------------------------

    def _register(self, handle, text_fmt, *fmt_args):
        self._next_id += 1
        hid = self._next_id
        handle._wt_id = hid
        self._handles[hid] = handle
        reply = self._client.request(text_fmt % (fmt_args + (hid,)))
        if not reply.ok:
            del self._handles[hid]
            raise wire.error_for(reply.status)
        return handle

    def call_soon(self, callback, *args, context=None):
        return self._register(_Handle(callback, args, self, context), 'soon %d')

    def call_soon_threadsafe(self, callback, *args, context=None):
        return self.call_soon(callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        handle = _TimerHandle(when, callback, args, self, context)
        ns = max(0, int(round(when * _NS)))
        return self._register(handle, 'at %d %d', ns)

    def call_later(self, delay, callback, *args, context=None):
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def _timer_handle_cancelled(self, handle):
        hid = getattr(handle, '_wt_id', None)
        if self._handles.pop(hid, None) is not None:
            self._client.request('cancel %d' % hid)

    def time(self):
        return self._client.request('now').int() / _NS

    # --- what the kit calls -------------------------------------------

    def _wt_run(self, hid):
        handle = self._handles.pop(hid, None)
        if handle is not None and not handle.cancelled():
            self._wt_dispatch(handle)

    def _wt_io(self, direction):
        handle = self._writer if direction == 'write' else self._reader
        if handle is not None and not handle.cancelled():
            self._wt_dispatch(handle)

    def _wt_dispatch(self, handle):
        """Runs a handle the kit fires, as the thread's running loop."""
        self._wt_enter()
        handle._run()

    def _wt_enter(self):
        """A callback of the kit's starts: this is the running loop."""
        global _running
        if _running is not self and self._wt_running:
            _set_running_loop(self)
            _running = self

    # --- I/O watches --------------------------------------------------

    def _add_writer(self, fd, callback, *args):
        was = self._writer is not None
        self._writer = events.Handle(callback, args, self, None)
        if not was:
            self._watch('write', 'on')

    def _remove_writer(self, fd):
        if self._writer is None:
            return False
        self._writer.cancel()
        self._writer = None
        self._watch('write', 'off')
        return True

    def _add_reader(self, fd, callback, *args):
        was = self._reader is not None
        self._reader = events.Handle(callback, args, self, None)
        if not was:
            self._watch('read', 'on')

    def _remove_reader(self, fd):
        if self._reader is None:
            return False
        self._reader.cancel()
        self._reader = None
        self._watch('read', 'off')
        return True

    add_writer = _add_writer
    remove_writer = _remove_writer
    add_reader = _add_reader
    remove_reader = _remove_reader

    def _watch(self, direction, state):
        reply = self._client.request('watch %s %s' % (direction, state))
        if not reply.ok:
            raise wire.error_for(reply.status)

    # --- errors and the rest ------------------------------------------

    def call_exception_handler(self, context):
        exc = context.get('exception')
        code = wire.code_of(exc) if exc is not None else 'EUNEXPECTED'
        sys.stderr.write('wtadapter: exception handler: %s (%s)\n'
                         % (context.get('message', ''), code))
        line = 'report %s %s' % (_report_kind(context), code)
        if getattr(self._client, 'proto', 1) >= 2:
            # The exception's class and message: evidence the kit keeps
            # beside the trace (never hashed).
            text = wire.evidence(exc, context.get('message'))
            if text:
                line += ' ' + text
        self._client.request(line)

    def default_exception_handler(self, context):
        self.call_exception_handler(context)

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = bool(enabled)

    def is_closed(self):
        return False

    def is_running(self):
        return True

    def create_future(self):
        return futures.Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        if context is None:
            return tasks.Task(coro, loop=self, name=name)
        return tasks.Task(coro, loop=self, name=name, context=context)

    def run_in_executor(self, executor, func, *args):
        """Runs func now, in this thread: what it does lands in the trace in
        one order on every run. The future is done when returned."""
        fut = self.create_future()
        try:
            fut.set_result(func(*args))
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: B902 - the future carries it, as an executor's
            fut.set_exception(exc)
        return fut

    # The socket calls finish in the watch's callback, as a selector loop's
    # do: the recv or the send runs when the kit says the socket is ready,
    # and only then is the future resolved (the task resumes later). So
    # what runs first, ready I/O or the callbacks already queued (`loop
    # order`), decides whether a queued cancel comes in time.

    def _wt_watch_until(self, fut, fd, direction, step):
        """Runs step() each time fd is ready in direction, until fut is done."""
        if direction == 'write':
            self._add_writer(fd, step)
        else:
            self._add_reader(fd, step)

        def unwatch(_):
            if direction == 'write':
                self._remove_writer(fd)
            else:
                self._remove_reader(fd)

        fut.add_done_callback(unwatch)

    async def sock_sendall(self, sock, data):
        view = memoryview(data).cast('B')
        sent = 0
        try:
            sent = sock.send(view)
        except (BlockingIOError, InterruptedError):
            pass
        if sent == len(view):
            return None
        fut = self.create_future()
        progress = [sent]

        def step():
            if fut.done():
                return
            try:
                n = sock.send(view[progress[0]:])
            except (BlockingIOError, InterruptedError):
                return
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:  # noqa: B902 - the awaiting task gets it
                fut.set_exception(exc)
                return
            progress[0] += n
            if progress[0] == len(view):
                fut.set_result(None)

        self._wt_watch_until(fut, sock.fileno(), 'write', step)
        return await fut

    async def _wt_recv(self, sock, call):
        try:
            return call()
        except (BlockingIOError, InterruptedError):
            pass
        fut = self.create_future()

        def step():
            if fut.done():
                return
            try:
                got = call()
            except (BlockingIOError, InterruptedError):
                return
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:  # noqa: B902 - the awaiting task gets it
                fut.set_exception(exc)
                return
            fut.set_result(got)

        self._wt_watch_until(fut, sock.fileno(), 'read', step)
        return await fut

    async def sock_recv(self, sock, n):
        return await self._wt_recv(sock, lambda: sock.recv(n))

    async def sock_recv_into(self, sock, buf):
        return await self._wt_recv(sock, lambda: sock.recv_into(buf))

    def __repr__(self):
        return '<wtadapter.VirtualLoop>'
