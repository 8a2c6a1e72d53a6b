# SPDX-License-Identifier: MIT
"""A transport that breaks the contract on purpose (tests/python_api.py):
it never calls resume_writing(), so the scenarios that drain a paused
buffer fail with the kit's clause messages."""

from tiny_transport import TinyTransport


class NeverResumes(TinyTransport):
    """TinyTransport that forgets to resume its protocol."""

    def _maybe_resume(self):
        pass


def make_broken(loop, sock, protocol, *, flavor=None):
    if flavor is not None:
        raise ValueError('no flavor %r' % flavor)
    return NeverResumes(loop, sock, protocol)
