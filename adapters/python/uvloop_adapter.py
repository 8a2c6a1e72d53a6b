#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""uvloop's TCP/Unix stream transport, served to wtkit as an adapter.

uvloop's transports live in C on libuv and need a real file descriptor and
a real uvloop loop, so this adapter cannot hand them the kit's fake socket
and virtual loop. Instead it bridges (run: /usr/bin/python3, the Python
that has Debian's python3-uvloop):

* The transport (uvloop.loop.UnixTransport, the UVStream class that TCP
  shares) gets one end of a real socketpair; this adapter holds the other
  end (the "peer end"). The kernel buffer between them MIRRORS the kit's
  socket: before uvloop may write (a kit call, an iteration of its loop)
  the bridge asks the kit whether its socket would accept a byte
  (`writable`, protocol 2). If not, the kernel is filled with filler bytes,
  so uvloop's writes get EAGAIN and wait in its own buffer, as they would
  on a full kernel ("blocked"). If it would, the kernel is kept empty, so
  uvloop's immediate sends (size > high, or high = 0) succeed as on a real
  open socket, and what uvloop wrote is read off the peer end and sent on
  to the kit's socket at once, inside the same call or loop callback
  ("open"). The kit's peer checks every byte as usual.
* When the kit's socket turns writable (the kit sends "io write" for our
  write watch), the bridge reads the peer end (filler is dropped), and
  uvloop runs iterations to write into the room that made.
* After connection_lost the bridge keeps running uvloop's loop until libuv
  has closed the descriptor (the peer end reads EOF), then closes the kit's
  socket, so the peer sees the FIN, as on a real socket.
* uvloop's own loop runs only inside the kit's exchanges: one iteration in
  a "pump" (a kit call_soon) after every call that changes state, until it
  is quiet, and in every "io write". Protocol callbacks go to the kit's
  recording protocol; connection_made is delivered by a pump, as asyncio
  delivers it with call_soon. Exceptions uvloop hands to its loop's
  exception handler are reported to the kit.
* Data from the kit's peer ("peer send/eof/close") is written to, or
  shuts down, the peer end; uvloop reads it from the kernel.

What cannot be mirrored is declared in the handshake: the per-send cap,
the kernel buffer size, timed draining, partial reads, random accepts,
injected faults, spurious wake-ups, half-close refusal, the peer's close
(the bridge's own send would fail and look like the transport's), and
virtual time
(uvloop's clock is the wall clock; `advance` and `step N` are not
meaningful) are "no:OP" features, so the runner SKIPs those
scenarios with the reason. Runs are not replayed for the trace-hash check
("no-replay"): libuv's iterations are real.
"""

import asyncio
import os
import socket
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wtadapter import METHODS, serve  # noqa: E402

UNSUPPORTED = ('sock-buffer', 'sock-cap', 'sock-drain', 'sock-read', 'sock-random',
               'sock-fail', 'sock-spurious', 'sock-halfclose', 'peer-close', 'advance', 'step',
               'sock-budget', 'produce',
               # the kit's loop order and socket platform paths: uvloop runs its
               # own loop over a real socketpair, which cannot mirror them
               'loop-order', 'sock-sendmsg', 'sock-iovmax', 'sock-sendzero', 'sock-eagain',
               'sock-watchfail')
CHUNK = 65536
QUIET_PUMPS = 3         # pumps without progress before the bridge stops pumping
CLOSING_PUMPS = 20      # more while a close has not completed yet
IO_ROUNDS = 64          # drain/iterate rounds in one "io write"


class _Proxy(asyncio.Protocol):
    """uvloop's protocol: hands every callback to the kit's recording
    protocol, after the bridge has moved what the callback may depend on."""

    def __init__(self, bridge):
        self._bridge = bridge

    def connection_made(self, transport):
        self._bridge.made_pending = True

    def pause_writing(self):
        self._bridge.progress += 1
        self._bridge.kit_proto.pause_writing()

    def resume_writing(self):
        self._bridge.progress += 1
        self._bridge.flush()
        self._bridge.kit_proto.resume_writing()

    def data_received(self, data):
        self._bridge.progress += 1
        self._bridge.kit_proto.data_received(data)

    def eof_received(self):
        self._bridge.progress += 1
        return self._bridge.kit_proto.eof_received()

    def connection_lost(self, exc):
        self._bridge.progress += 1
        # What uvloop wrote before it let go reaches the kit's socket first.
        self._bridge.flush()
        self._bridge.lost = True
        self._bridge.kit_proto.connection_lost(exc)
        self._bridge.after_lost()


class Bridge:
    """One scenario: the uvloop loop and transport, the socketpair, the kit."""

    def __init__(self, vloop, kit_sock, kit_proto):
        import uvloop
        self.vloop = vloop
        self.client = vloop._client
        self.kit_sock = kit_sock
        self.kit_proto = kit_proto
        self.progress = 0
        self.made_pending = False
        self.lost = False
        self.eof_called = False
        self.in_io = False
        self.pump_scheduled = False
        self.quiet = 0
        self.skip = 0           # filler bytes at the front of the peer end
        self.held = b''         # transport bytes the kit's socket has not taken yet
        self.peer_eof = False   # the transport's end shut down or closed (EOF read)
        self.peer_closed = False
        self.kit_fd = kit_sock.fileno()
        self.writing = False
        self.uv = uvloop.new_event_loop()
        self.uv.set_exception_handler(self._uv_exception)
        end, peer = socket.socketpair()
        end.setblocking(False)
        peer.setblocking(False)
        self.fd = end.fileno()
        self.peer = peer
        self.tr = None
        self.filled = False     # the kernel holds only filler, and is full
        self.mirror()
        self.tr, _ = self.uv.run_until_complete(
            self.uv.create_connection(lambda: _Proxy(self), sock=end))
        self.vloop._add_reader(self.kit_fd, self._kit_readable)
        self.schedule_pump()

    # --- uvloop's loop ---------------------------------------------------

    def _uv_once(self):
        self.uv.call_soon(self.uv.stop)
        self.uv.run_forever()

    def mirror(self):
        """Makes the kernel buffer what the kit's socket is: full when the
        kit's socket would not accept a byte (uvloop then gets EAGAIN),
        empty when it would. Before anything that lets uvloop write."""
        if self.lost or self.peer_eof or self.peer_closed:
            return
        writable = self.client.writable()
        if writable is None:        # protocol 1: no way to ask; stay blocked
            self._fill()
        elif writable:
            self._drain()           # drops filler; forwards nothing at rest
        else:
            self._fill()

    def flush(self):
        """After uvloop may have written: what it wrote goes to the kit's
        socket now, inside the call or loop callback that wrote it."""
        if not self.peer_closed:
            self._drain()

    def _uv_exception(self, loop, context):
        self.progress += 1
        self.vloop.call_exception_handler(context)

    def schedule_pump(self, reset=True):
        if reset:
            self.quiet = 0
        if self.pump_scheduled or self.vloop is None:
            return
        self.pump_scheduled = True
        self.vloop.call_soon(self._pump)

    def _pump(self):
        self.pump_scheduled = False
        before = self.progress
        if self.made_pending:
            self.made_pending = False
            self.progress += 1
            self.kit_proto.connection_made(self.tr)
        if not self.lost:
            self.mirror()
            self._uv_once()
            self.flush()
        elif not self.peer_eof:
            # libuv closes the descriptor a loop iteration after
            # connection_lost: run it, so the kit's peer sees the FIN.
            self._uv_once()
            self._drain()
        self._check_peer_eof()
        self.update_watch()
        if self.progress != before:
            self.quiet = 0
        else:
            self.quiet += 1
        limit = CLOSING_PUMPS if self._closing() else QUIET_PUMPS
        closing_fd = self.lost and not self.peer_eof and not self.peer_closed
        if (not self.lost or closing_fd) and self.quiet < limit:
            self.schedule_pump(reset=False)

    def _closing(self):
        try:
            return self.tr.is_closing()
        except Exception:  # noqa: BLE001 - a closed handle may refuse
            return True

    def _size(self):
        try:
            return self.tr.get_write_buffer_size()
        except Exception:  # noqa: BLE001
            return 0

    # --- the kit's socket ------------------------------------------------

    def update_watch(self):
        want = not self.lost and not self.peer_closed and (self._size() > 0 or bool(self.held))
        if want != self.writing:
            self.writing = want
            if want:
                self.vloop._add_writer(self.kit_fd, self._kit_writable)
            else:
                self.vloop._remove_writer(self.kit_fd)

    def _kit_writable(self):
        self.in_io = True
        try:
            for _ in range(IO_ROUNDS):
                moved = self._drain()
                if self.lost or self.peer_closed:
                    break
                self._uv_once()
                if not moved and self._size() == 0:
                    break
            self._drain()
            self.mirror()
        finally:
            self.in_io = False
        self._check_peer_eof()
        self.update_watch()
        self.schedule_pump()

    def _forward(self, data):
        """Offers data to the kit's socket; keeps what it does not take."""
        view = memoryview(data)
        while view:
            try:
                n = self.kit_sock.send(view)
            except BlockingIOError:
                n = 0
            except OSError:
                self._peer_gone()
                return False
            if n == 0:
                self.held = bytes(view)
                return False
            view = view[n:]
        return True

    def _drain(self):
        """Reads the peer end: drops filler, forwards the rest. Returns the
        number of bytes read."""
        if self.held:
            held, self.held = self.held, b''
            if not self._forward(held):
                return 0
        total = 0
        moved = 0
        self.filled = False
        while not self.peer_eof and not self.peer_closed:
            try:
                data = self.peer.recv(CHUNK)
            except BlockingIOError:
                break
            except OSError:
                self.peer_eof = True
                break
            if not data:
                self.peer_eof = True
                break
            total += len(data)
            if self.skip:
                cut = min(self.skip, len(data))
                self.skip -= cut
                data = data[cut:]
            moved += len(data)
            if data and not self._forward(data):
                break
        if moved:
            self.progress += 1  # filler moving is not the transport's progress
        return total

    def _fill(self):
        """Fills the kernel buffer with filler, once it holds none of the
        transport's bytes (filler only ever sits in front of them, where
        the drain counts it off)."""
        if self.held or self.peer_eof or self.peer_closed or self.eof_called or self.lost:
            return
        if self.filled:
            return              # full of filler already: uvloop cannot have written since
        self._drain()
        if self.held or self.peer_eof or self.peer_closed:
            return
        self.filled = True
        for size in (CHUNK, 4096, 256, 16, 1):
            while True:
                try:
                    n = os.write(self.fd, b'\xff' * size)
                except (BlockingIOError, BrokenPipeError, OSError):
                    break
                self.skip += n

    def _check_peer_eof(self):
        """The transport's end shut down or closed: tell the kit's socket."""
        if self.peer_eof and not self.peer_closed and not self.held and self.skip == 0:
            if self.lost or self._closing():
                self.peer_closed = True
                self.kit_sock.close()
            elif not getattr(self, '_shut', False):
                self._shut = True
                try:
                    self.kit_sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

    def _peer_gone(self):
        """The kit's peer closed: so does the real peer end."""
        self.peer_closed = True
        self.held = b''
        try:
            self.peer.close()
        except OSError:
            pass

    def _kit_readable(self):
        try:
            data = self.kit_sock.recv(CHUNK)
        except BlockingIOError:
            return
        except OSError:
            self.vloop._remove_reader(self.kit_fd)
            self._peer_gone()
            self.schedule_pump()
            return
        if not data:
            self.vloop._remove_reader(self.kit_fd)
            try:
                self.peer.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        else:
            try:
                self.peer.sendall(data)
            except OSError:
                pass
        self.schedule_pump()

    def after_lost(self):
        self.vloop._remove_reader(self.kit_fd)
        self.update_watch()
        # What the transport wrote before it closed is in the kernel: pass
        # it on, then the kit's socket closes too.
        self._drain()
        self._check_peer_eof()

    def dispose(self):
        try:
            if not self.lost:
                self.tr.abort()
                for _ in range(3):
                    self._uv_once()
        except Exception:  # noqa: BLE001
            pass
        self.uv.close()
        self.peer.close()


class UvDriver:
    """What the kit calls: the uvloop transport's methods, each followed by
    the bridge's bookkeeping (a pump for uvloop's loop, the write watch)."""

    def __init__(self, bridge):
        self._bridge = bridge
        self._tr = bridge.tr

    def _before(self):
        self._bridge.mirror()

    def _after(self, changes):
        self._bridge.flush()
        self._bridge._check_peer_eof()
        if changes:
            self._bridge.schedule_pump()
        self._bridge.update_watch()

    def write(self, data):
        self._before()
        try:
            return self._tr.write(data)
        finally:
            self._after(True)

    def writelines(self, list_of_data):
        self._before()
        try:
            return self._tr.writelines(list_of_data)
        finally:
            self._after(True)

    def write_eof(self):
        self._before()
        try:
            result = self._tr.write_eof()
            self._bridge.eof_called = True
            return result
        finally:
            self._after(True)

    def can_write_eof(self):
        return self._tr.can_write_eof()

    def abort(self):
        self._before()
        try:
            return self._tr.abort()
        finally:
            self._after(True)

    def close(self):
        self._before()
        try:
            return self._tr.close()
        finally:
            self._after(True)

    def is_closing(self):
        return self._tr.is_closing()

    def get_write_buffer_size(self):
        return self._tr.get_write_buffer_size()

    def get_write_buffer_limits(self):
        return self._tr.get_write_buffer_limits()

    def set_write_buffer_limits(self, high=None, low=None):
        self._before()
        try:
            return self._tr.set_write_buffer_limits(high=high, low=low)
        finally:
            self._after(True)

    def __del__(self):
        bridge, self._bridge = self._bridge, None
        if bridge is not None:
            bridge.dispose()


def make_transport(loop, sock, protocol, flavor, seed):
    if flavor:
        raise ValueError('a real transport has no flavor %r' % flavor)
    # The bridge runs uvloop's own loop inside the kit's callbacks: the
    # virtual loop must not be the thread's running loop there.
    loop._wt_running = False
    return UvDriver(Bridge(loop, sock, protocol))


def main():
    try:
        import uvloop
    except ImportError as exc:
        # Exit 77 before the handshake: "cannot run here", a SKIP for wtkit.
        sys.stderr.write('uvloop is not importable by %s (%s)\n' % (sys.executable, exc))
        raise SystemExit(77)
    # The kit keeps at most 255 characters of features: keep them short.
    # no-replay: keep these runs out of the replay-hash check (real fds).
    features = ['no-replay', 'wall-clock', 'uvloop=' + uvloop.__version__]
    features += ['no:' + op for op in UNSUPPORTED]
    serve(make_transport, 'uvloop', uvloop.__version__, ops=METHODS, features=features)


if __name__ == '__main__':
    main()
