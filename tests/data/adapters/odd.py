# The Python reference adapter with two planted misbehaviours, for tests
# of failures in the middle of a run:
#   write() of exactly 13 bytes raises KeyError (an unexpected exception:
#   the kit records WT_EUNEXPECTED and carries on);
#   write() of exactly 66 bytes kills the process with SIGSEGV (expected
#   kind: crashed, while the transport has a watch registered).
import os
import signal
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', '..', 'adapters', 'python'))
import ref_adapter  # noqa: E402
from wtadapter import serve  # noqa: E402


class OddTransport(ref_adapter.RefTransport):
    def write(self, data):
        if len(data) == 13:
            raise KeyError('thirteen')
        if len(data) == 66:
            sys.stderr.write('odd fixture: dying in write(66)\n')
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGSEGV)
        super().write(data)


def make(loop, sock, protocol, flavor, seed):
    return OddTransport(loop, sock, protocol, ref_adapter.find_flavor(flavor))


serve(make, 'odd', '0')
