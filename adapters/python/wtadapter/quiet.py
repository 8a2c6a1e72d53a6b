# SPDX-License-Identifier: MIT
"""Keeps asyncio's repeated log lines from swamping a run.

A transport written to after its connection is lost logs "socket.send()
raised exception." on every write (CPython's selector and pipe
transports), and a generated scenario may write thousands of times: each
line is a logging record and a write to stderr, most of a case's time.
The kit judges none of it; a case keeps its stderr as evidence. So each
run of a transport passes the first REPEATS records of one message in a
row, and when the transport is dropped (end) one line saying how many more
there were; the count starts again for every transport, so what a case's
stderr holds does not depend on the cases before it.
"""

import logging

REPEATS = 5


class RepeatFilter(logging.Filter):

    def __init__(self):
        super().__init__()
        self._last = None
        self._same = 0

    def end(self):
        """The transport is gone: say what was left out, start again."""
        self._flush()
        self._last = None
        self._same = 0

    def _flush(self):
        same, self._same = self._same, 0
        if same > REPEATS:
            logging.getLogger('asyncio').handle(logging.LogRecord(
                'asyncio', logging.WARNING, __file__, 0,
                '(wtadapter: %d more of the line above)', (same - REPEATS,), None))

    def filter(self, record):
        if getattr(record, 'msg', '').startswith('(wtadapter: '):
            return True
        key = (record.levelno, record.msg)
        if key == self._last:
            self._same += 1
            return self._same <= REPEATS
        self._flush()
        self._last = key
        self._same = 1
        return True


_FILTER = None


def install():
    """The filter on asyncio's logger (once per process); returns it."""
    global _FILTER
    if _FILTER is None:
        _FILTER = RepeatFilter()
        logging.getLogger('asyncio').addFilter(_FILTER)
    return _FILTER
