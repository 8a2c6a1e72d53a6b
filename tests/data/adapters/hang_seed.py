# Sweep fixture: the Python reference adapter, which stops answering (sleeps)
# on the reset of seed argv[1]. A sweep must make that seed an ERROR (the
# adapter's deadline) and go on with a fresh adapter for the seeds after it.
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', '..', 'adapters', 'python'))
import ref_adapter  # noqa: E402
from wtadapter import client  # noqa: E402

hang_seed = 'seed=%s' % sys.argv[1]
plain_reset = client.Client._reset


def hanging_reset(self, words):
    if hang_seed in words:
        sys.stderr.write('hang fixture: not answering the reset of %s\n' % hang_seed)
        sys.stderr.flush()
        time.sleep(3600)
    return plain_reset(self, words)


client.Client._reset = hanging_reset
client.serve(ref_adapter.make_transport, 'hang-seed', '0')
