# SPDX-License-Identifier: MIT
"""A transport that lacks get_write_buffer_limits() and write_eof(): both
are asyncio.WriteTransport's NotImplementedError stubs, and can_write_eof()
says False. wtkit must FAIL exactly one clause for the missing getter
(WT-LIMITS-GET-ORDER) and SKIP the scenarios that need a half-close
(tests/unit/test_session.c, make check)."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..',
                                'adapters', 'python', 'examples'))

from tiny_transport import TinyTransport  # noqa: E402


class LackingTransport(TinyTransport):
    get_write_buffer_limits = asyncio.WriteTransport.get_write_buffer_limits
    write_eof = asyncio.WriteTransport.write_eof

    def can_write_eof(self):
        return False


def make_transport(loop, sock, protocol, *, flavor=None):
    if flavor is not None:
        raise ValueError('no flavor %r' % flavor)
    return LackingTransport(loop, sock, protocol)
