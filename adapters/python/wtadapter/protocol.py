# SPDX-License-Identifier: MIT
"""The protocol a transport under test talks to: each callback is a `cb`
request; the kit records it, runs its hooks (which may call the transport
again, nested) and answers OK, or ECALLBACK when the protocol must raise.
"""

import asyncio

from . import wire


class ProtocolCallbackError(Exception):
    """What the recording protocol raises when the kit says so."""

    wt_code = 'ECALLBACK'


class RecordingProtocol(asyncio.Protocol):

    def __init__(self, client):
        self._client = client
        self.transport = None

    def _cb(self, text):
        reply = self._client.request('cb ' + text + self._client.size_word())
        if reply.status == 'ECALLBACK':
            raise ProtocolCallbackError(text.split(' ')[0] + ' raised (as the scenario asked)')
        if not reply.ok:
            raise wire.error_for(reply.status)
        return reply

    def connection_made(self, transport):
        self.transport = transport
        self._cb('connection_made')

    def pause_writing(self):
        self._cb('pause_writing')

    def resume_writing(self):
        self._cb('resume_writing')

    def data_received(self, data):
        self._cb('data_received' + wire.encode(data)[1])

    def eof_received(self):
        return bool(self._cb('eof_received').int())

    def connection_lost(self, exc):
        self._cb('connection_lost ' + wire.code_of(exc))
