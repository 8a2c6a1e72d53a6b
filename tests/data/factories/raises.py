# SPDX-License-Identifier: MIT
"""A transport whose abort() raises AttributeError('x'): wtkit must show the
class and message beside the verdict (DETAIL), in `wtkit trace` and in
the JSON report (tests/unit/test_session.c, make check)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..',
                                'adapters', 'python', 'examples'))

from tiny_transport import TinyTransport  # noqa: E402


class RaisingTransport(TinyTransport):

    def abort(self):
        raise AttributeError('x')


def make_transport(loop, sock, protocol, *, flavor=None):
    if flavor is not None:
        raise ValueError('no flavor %r' % flavor)
    return RaisingTransport(loop, sock, protocol)
