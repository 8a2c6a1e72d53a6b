# SPDX-License-Identifier: MIT
"""CPython's SSL transport with both TLS ends in memory.

The transport under test is asyncio.sslproto._SSLProtocolTransport, the
application's side of a real asyncio.sslproto.SSLProtocol (the TLS
client), whose lower transport is a real
asyncio.selector_events._SelectorSocketTransport. Only its socket is a
stand-in: a TlsPeerSocket, which holds the TLS server end (an
ssl.SSLObject over memory BIOs, with a throwaway certificate made by
`openssl req` at start-up) and sits in front of the kit's fake socket:

* What the client sends (ciphertext) is decrypted by the server end; the
  plaintext goes on to the kit's socket, so the kit's peer checks the
  application's bytes as for any transport, and the trace never holds
  ciphertext (TLS output is random; its lengths are not, and the
  handshake never touches the kit's socket).
* A send is accepted only as far as its plaintext is: while the kit's
  socket holds plaintext back, further sends would block, and the last
  byte of a send whose plaintext is still pending is reported unsent, so
  the lower transport keeps its writer and retries (that byte is then
  skipped, it was already decrypted).
* What the server end sends (the handshake, close_notify, and the kit's
  peer data encrypted) is what the client's recv() returns. It reaches
  the lower transport through its registered reader, run from a loop
  callback the kit schedules (call_soon), never inside a call.

The lower transport's high watermark is 0 by default, so SSLProtocol is
paused whenever ciphertext waits in the lower transport, and the
transport's own buffer (plaintext backlog plus ciphertext in its outgoing
BIO, sslproto.py:845-846) is where further writes wait, as on a slow link.
"""

import errno
import os
import shutil
import socket
import ssl
import subprocess
import tempfile

from .sock import SocketOptions


CHUNK = 65536


def make_contexts():
    """(client, server) SSLContexts; TLS 1.3 only (22 bytes per record)."""
    tmp = tempfile.mkdtemp(prefix='wtkit-tls-')
    try:
        key = os.path.join(tmp, 'k.pem')
        cert = os.path.join(tmp, 'c.pem')
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
                        '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(cert, key)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE  # a throwaway certificate; nothing to verify
    for ctx in (server, client):
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.maximum_version = ssl.TLSVersion.TLSv1_3
    if hasattr(server, 'num_tickets'):
        server.num_tickets = 0  # no post-handshake tickets
    return client, server


class TlsPeerSocket(SocketOptions):
    """The lower transport's socket: the TLS server end before the kit's socket."""

    family = socket.AF_UNIX
    type = socket.SOCK_STREAM
    proto = 0

    def __init__(self, loop, kit, server_ctx):
        self._loop = loop
        self._kit = kit
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._srv = server_ctx.wrap_bio(self._in, self._out, server_side=True)
        self._handshaken = False
        self._closed_tls = False
        self._to_client = bytearray()
        self._plain = bytearray()  # decrypted, not yet taken by the kit's socket
        self._owed = 0             # bytes at the front of the next send already decrypted
        self._pump_scheduled = False

    # --- towards the kit ----------------------------------------------

    def _push(self):
        """Offers pending plaintext to the kit's socket; OSError escapes."""
        while self._plain:
            try:
                n = self._kit.send(self._plain)
            except BlockingIOError:
                return
            if n == 0:
                return
            del self._plain[:n]

    def _serve(self):
        """Runs the server end over what arrived; queues its output."""
        if not self._handshaken:
            try:
                self._srv.do_handshake()
                self._handshaken = True
            except ssl.SSLWantReadError:
                pass
        while self._handshaken and not self._closed_tls:
            try:
                chunk = self._srv.read(CHUNK)
            except ssl.SSLWantReadError:
                break
            except ssl.SSLZeroReturnError:
                chunk = b''
            if not chunk:
                # The client's close_notify (read() gives b'' for it): answer with ours.
                self._closed_tls = True
                try:
                    self._srv.unwrap()
                except ssl.SSLError:
                    pass
                break
            self._plain += chunk
        out = self._out.read()
        if out:
            self._to_client += out
            self._schedule_pump()

    def send(self, data, flags=0):
        # A copy: an exception raised from here keeps this frame alive in its
        # traceback, and a view of the caller's bytearray would then stop the
        # lower transport from clearing it (BufferError), which a real
        # socket never causes.
        data = bytes(data)
        if self._plain:
            self._push()
            if self._plain:
                raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        skipped = min(self._owed, len(data))
        self._owed -= skipped
        rest = data[skipped:]
        if not rest:
            return skipped
        try:
            self._in.write(rest)
            self._serve()
        except ssl.SSLError as exc:
            raise ConnectionResetError(errno.ECONNRESET, 'TLS peer: %s' % exc) from exc
        self._push()
        if self._plain:
            # Keep the lower transport's writer: one byte stays "unsent".
            self._owed = 1
            return skipped + len(rest) - 1
        return skipped + len(rest)

    def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
        return self.send(b''.join(bytes(b) for b in buffers))

    # --- towards the client -------------------------------------------

    def _schedule_pump(self):
        if not self._pump_scheduled:
            self._pump_scheduled = True
            self._loop.call_soon(self._pump)

    def _pump(self):
        """The server end has bytes for the client: run its reader."""
        self._pump_scheduled = False
        handle = self._loop._reader
        if self._to_client and handle is not None and not handle.cancelled():
            handle._run()

    def recv(self, bufsize, flags=0):
        if not self._to_client:
            plain = self._kit.recv(min(bufsize, CHUNK))  # BlockingIOError escapes
            if not plain:
                return b''  # the peer's EOF, at the TCP level
            if not self._handshaken or self._closed_tls:
                return b''
            self._srv.write(plain)
            self._to_client += self._out.read()
        data = bytes(self._to_client[:bufsize])
        del self._to_client[:bufsize]
        if self._to_client:
            self._schedule_pump()
        if not data:
            raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        return data

    def recv_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast('B')
        data = self.recv(nbytes or len(view))
        view[:len(data)] = data
        return len(data)

    # --- the rest of a socket -----------------------------------------

    def shutdown(self, how):
        self._kit.shutdown(how)

    def close(self):
        self._kit.close()

    def fileno(self):
        return self._kit.fileno()

    def __repr__(self):
        return '<wtadapter.TlsPeerSocket fd=%d>' % self.fileno()


class SslFactory:
    """factory(loop, sock, protocol, flavor, seed) for the SSL transport."""

    def __init__(self, lower_high=0):
        self.client_ctx, self.server_ctx = make_contexts()
        self.lower_high = lower_high

    def __call__(self, loop, sock, protocol, flavor, seed):
        from asyncio import selector_events, sslproto
        if flavor:
            raise ValueError('a real transport has no flavor %r' % flavor)
        peer = TlsPeerSocket(loop, sock, self.server_ctx)
        ssl_protocol = sslproto.SSLProtocol(loop, protocol, self.client_ctx, None,
                                            server_side=False, server_hostname='localhost')
        lower = selector_events._SelectorSocketTransport(loop, peer, ssl_protocol)
        if self.lower_high is not None:
            lower.set_write_buffer_limits(high=self.lower_high)
        return ssl_protocol._get_app_transport()


__all__ = ['SslFactory', 'TlsPeerSocket', 'make_contexts']
