#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""serial_pty_repro.py - reproduces, without wtkit, each departure the kit
finds in pyserial-asyncio's SerialTransport (docs/findings.md,
"pyserial-asyncio"), on pySerial's own port over a pty and asyncio's own
event loop. Each check prints REPRODUCED or NOT REPRODUCED with what it
saw; the exit status is 0 when every one reproduced, 1 when one did not,
77 when pyserial-asyncio is not installed (make deps).

    /usr/bin/python3 tests/serial_pty_repro.py

  1. get_write_buffer_limits() is asyncio.Transport's stub: it raises
     NotImplementedError (WT-LIMITS-GET-ORDER; kit: tests/data/serial/
     missing-getter.wts).
  2. abort() after connection_lost raises AttributeError, since
     _call_connection_lost set _loop to None (WT-NO-UNEXPECTED-ERROR;
     abort-after-lost.wts).
  3. close() inside resume_writing schedules _call_connection_lost twice;
     the second reaches the loop's exception handler with AttributeError
     (WT-REPORT-ONLY-CALLBACK-FAILURES, asyncio's agreement;
     close-in-resume.wts).
  4. a write error is handed to the loop's exception handler ("Fatal write
     error on serial transport") besides connection_lost(exc)
     (WT-REPORT-ONLY-CALLBACK-FAILURES; write-error.wts).
  5. a data_received that raises reaches the loop's exception handler and
     the transport stays open, where asyncio's transports end the
     connection (WT-CALLBACK-RAISE-ENDS; data-raises.wts).
  6. abort() leaves the buffer's size behind, so set_write_buffer_limits()
     called from inside connection_lost calls pause_writing() after
     connection_lost (WT-CALLBACKS-BETWEEN; limits-in-lost-after-abort.wts,
     the re-entrancy matrix's lost-aborted/limits-lower cell).
"""

import asyncio
import os
import sys

try:
    import serial
    import serial_asyncio
except ImportError as exc:
    sys.stderr.write('serial_pty_repro: pyserial-asyncio is not installed (%s)\n' % exc)
    raise SystemExit(77)


class Recorder(asyncio.Protocol):

    def __init__(self, on_resume=None, raise_on_data=False):
        self.events = []
        self.lost = None
        self.on_resume = on_resume
        self.raise_on_data = raise_on_data
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.events.append('made')

    def data_received(self, data):
        self.events.append('data')
        if self.raise_on_data:
            raise RuntimeError('the protocol raised, as the check asks')

    def pause_writing(self):
        self.events.append('pause')

    def resume_writing(self):
        self.events.append('resume')
        if self.on_resume is not None:
            self.on_resume(self.transport)

    def connection_lost(self, exc):
        self.events.append('lost')
        self.lost = exc


class Pty:
    """A pty: the transport gets pySerial's port on the slave side."""

    def __init__(self):
        self.master, slave = os.openpty()
        self.port = serial.Serial(os.ttyname(slave))
        os.close(slave)

    def drain(self):
        try:
            while os.read(self.master, 65536):
                pass
        except OSError:
            pass

    def close(self):
        try:
            os.close(self.master)
        except OSError:
            pass


def run_case(body):
    """Runs body(loop, pty, handler_calls) on a fresh loop; returns what the
    loop's exception handler was given."""
    loop = asyncio.new_event_loop()
    calls = []
    loop.set_exception_handler(lambda lp, ctx: calls.append(ctx))
    pty = Pty()
    os.set_blocking(pty.master, False)
    try:
        body(loop, pty, calls)
    finally:
        pty.close()
        loop.close()
    return calls


def spin(loop, rounds=20):
    for _ in range(rounds):
        loop.run_until_complete(asyncio.sleep(0.01))


def case_missing_getter(loop, pty, calls):
    proto = Recorder()
    tr = serial_asyncio.SerialTransport(loop, proto, pty.port)
    spin(loop, 2)
    try:
        tr.get_write_buffer_limits()
        seen = 'returned'
    except NotImplementedError:
        seen = 'NotImplementedError'
    report(seen == 'NotImplementedError', 'get_write_buffer_limits() raises NotImplementedError',
           'hasattr says %s, the call %s' % (hasattr(tr, 'get_write_buffer_limits'), seen))
    tr.close()
    spin(loop, 2)


def case_abort_after_lost(loop, pty, calls):
    proto = Recorder()
    tr = serial_asyncio.SerialTransport(loop, proto, pty.port)
    spin(loop, 2)
    tr.close()
    spin(loop, 2)
    try:
        tr.abort()
        seen = 'nothing'
    except AttributeError as exc:
        seen = 'AttributeError: %s' % exc
    report(seen.startswith('AttributeError') and 'lost' in proto.events,
           'abort() after connection_lost raises AttributeError', seen)


def case_close_in_resume(loop, pty, calls):
    proto = Recorder(on_resume=lambda tr: tr.close())
    tr = serial_asyncio.SerialTransport(loop, proto, pty.port)
    spin(loop, 2)
    tr.set_write_buffer_limits(high=10, low=5)
    tr.write(b'x' * 20)  # buffered: over high, pause; the writer sends it all, resume
    for _ in range(40):
        pty.drain()
        spin(loop, 1)
    errors = ['%s: %s' % (c.get('message'), c.get('exception')) for c in calls]
    hit = any(isinstance(c.get('exception'), AttributeError) for c in calls)
    report(hit and proto.events.count('lost') == 1,
           'close() in resume_writing: the loop handler gets AttributeError', '; '.join(errors)
           or 'no call of the exception handler')


def case_write_error(loop, pty, calls):
    proto = Recorder()
    tr = serial_asyncio.SerialTransport(loop, proto, pty.port)
    spin(loop, 2)
    pty.close()  # the other end is gone: writes to the slave fail with EIO
    tr.write(b'hello')
    spin(loop, 5)
    fatal = [c for c in calls if 'Fatal write error' in str(c.get('message'))]
    report(bool(fatal) and isinstance(proto.lost, serial.SerialException),
           'a write error reaches the loop handler besides connection_lost(exc)',
           '%s; connection_lost(%r)' % ('; '.join('%s: %s' % (c.get('message'), c.get('exception'))
                                                 for c in calls) or 'no handler call', proto.lost))


def case_data_raises(loop, pty, calls):
    proto = Recorder(raise_on_data=True)
    tr = serial_asyncio.SerialTransport(loop, proto, pty.port)
    spin(loop, 2)
    os.write(pty.master, b'hello')
    spin(loop, 5)
    handled = [c for c in calls if isinstance(c.get('exception'), RuntimeError)]
    report(bool(handled) and 'lost' not in proto.events and not tr.is_closing(),
           'a raising data_received reaches the loop handler and the transport stays open',
           '%s; is_closing() %s; events %s' % (
               '; '.join(str(c.get('message')) for c in handled) or 'no handler call',
               tr.is_closing(), proto.events))
    tr.close()
    spin(loop, 2)


def case_limits_in_lost_after_abort(loop, pty, calls):
    proto = Recorder()
    tr = serial_asyncio.SerialTransport(loop, proto, pty.port)
    spin(loop, 2)

    def lost_then_limits(exc):
        Recorder.connection_lost(proto, exc)
        tr.set_write_buffer_limits(high=20, low=5)

    proto.connection_lost = lost_then_limits
    tr.set_write_buffer_limits(high=1 << 30)  # no pause before abort(), as in the cell
    tr.write(b'x' * (1 << 20))  # the pty is never read: most of it stays buffered
    spin(loop, 2)
    buffered = tr.get_write_buffer_size()
    tr.abort()
    spin(loop, 5)
    after = proto.events[proto.events.index('lost') + 1:] if 'lost' in proto.events else []
    report('pause' in after,
           'set_write_buffer_limits() inside connection_lost after abort() calls pause_writing()',
           '%d bytes buffered at abort(); events after lost: %s' % (buffered, after))


FAILED = []


def report(ok, what, seen):
    print('%s: %s (%s)' % ('REPRODUCED' if ok else 'NOT REPRODUCED', what, seen))
    if not ok:
        FAILED.append(what)


def main():
    print('pyserial-asyncio %s, pySerial %s, Python %s' %
          (serial_asyncio.__version__, serial.VERSION, sys.version.split()[0]))
    for case in (case_missing_getter, case_abort_after_lost, case_close_in_resume,
                 case_write_error, case_data_raises, case_limits_in_lost_after_abort):
        run_case(case)
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
