# An adapter that lists only the mandatory ops (no writelines, write_eof,
# can_write_eof): for the "unsupported op" tests. It reuses the Python
# reference transport.
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', '..', 'adapters', 'python'))
import ref_adapter  # noqa: E402
from wtadapter import serve  # noqa: E402

serve(ref_adapter.make_transport, 'minimal', '0',
      ops=['write', 'abort', 'close', 'is_closing', 'get_write_buffer_size',
           'get_write_buffer_limits', 'set_write_buffer_limits'])
