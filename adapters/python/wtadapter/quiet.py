# SPDX-License-Identifier: MIT
"""Keeps asyncio's repeated log lines from swamping a run.

A transport written to after its connection is lost logs "socket.send()
raised exception." on every write (CPython's selector and pipe
transports), and a generated scenario may write thousands of times: each
line is a logging record and a write to stderr, most of a case's time.
The kit judges none of it; a case keeps its stderr as evidence. So each
transport passes the first REPEATS records of one message in a row, and
when it is dropped (end) one line saying how many more there were; the
count starts again for every transport, so what a case's stderr holds does
not depend on the cases before it.

The check sits in front of the record's creation (the asyncio logger's
_log, which every logging method goes through once the level is enabled),
since making the record is most of the cost.
"""

import logging

REPEATS = 5


class Repeats:

    def __init__(self, logger):
        self._logger = logger
        self._log = logger._log
        self._last = None
        self._same = 0

    def end(self):
        """The transport is gone: say what was left out, start again."""
        same, self._same = self._same, 0
        self._last = None
        if same > REPEATS:
            self._log(logging.WARNING, '(wtadapter: %d more of the line above)',
                      (same - REPEATS,))

    def log(self, level, msg, args, *rest, **kwargs):
        key = (level, msg)
        if key == self._last:
            self._same += 1
            if self._same > REPEATS:
                return None
        else:
            self.end()
            self._last = key
            self._same = 1
        return self._log(level, msg, args, *rest, **kwargs)


_REPEATS = None


def install():
    """Puts the check in front of asyncio's logger (once per process)."""
    global _REPEATS
    if _REPEATS is None:
        logger = logging.getLogger('asyncio')
        _REPEATS = Repeats(logger)
        logger._log = _REPEATS.log
    return _REPEATS
