# Sweep fixture: the Python reference adapter, which stops answering (sleeps)
# when it makes the transport of seed argv[1] (a reset on the line protocol,
# a case in process). A sweep must make that seed an ERROR (the adapter's
# deadline, or the case's wall-clock bound) and go on with a fresh adapter
# for the seeds after it.
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', '..', 'adapters', 'python'))
import ref_adapter  # noqa: E402
from wtadapter import client  # noqa: E402

hang_seed = int(sys.argv[1])


def hanging_factory(loop, sock, protocol, flavor, seed):
    if seed == hang_seed:
        sys.stderr.write('hang fixture: not making the transport of seed=%d\n' % seed)
        sys.stderr.flush()
        time.sleep(3600)
    return ref_adapter.make_transport(loop, sock, protocol, flavor, seed)


client.serve(hanging_factory, 'hang-seed', '0')
