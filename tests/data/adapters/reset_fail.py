# Failure fixture: the Python reference adapter, which fails the reset of
# scenario N (argv[2], counting from 1) in the way argv[1] names:
#   crash     SIGSEGV                        (expected kind: crashed)
#   garbage   answers with a non-protocol line  (expected kind: garbage)
#   exc       answers "exc KeyError ..."     (expected kind: reset)
# Each writes a line to stderr first, which the kit must keep.
import os
import signal
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', '..', 'adapters', 'python'))
import ref_adapter  # noqa: E402
from wtadapter import client  # noqa: E402

mode, fail_at = sys.argv[1], int(sys.argv[2])
resets = 0
plain_reset = client.Client._reset


def failing_reset(self, words):
    global resets
    resets += 1
    if resets < fail_at:
        return plain_reset(self, words)
    sys.stderr.write('reset fixture: failing reset %d (%s)\n' % (resets, mode))
    sys.stderr.flush()
    if mode == 'crash':
        os.kill(os.getpid(), signal.SIGSEGV)
    elif mode == 'garbage':
        self.send('Traceback (most recent call last):')
    else:
        self.send('exc KeyError no transport for you')


client.Client._reset = failing_reset
client.serve(ref_adapter.make_transport, 'reset-fail', '0')
