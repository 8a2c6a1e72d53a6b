# Failure fixture (expected kind: flood): answers the reset with an
# endless stream of valid requests ("now"), reading every reply.
import sys
out = sys.stdout
sys.stdin.readline()
out.write('hello wtkit-adapter 1\ntransport chatty-fixture 0\n'
          'ops write abort close is_closing get_write_buffer_size '
          'get_write_buffer_limits set_write_buffer_limits\nready\n')
out.flush()
sys.stdin.readline()
while True:
    out.write('now\n')
    out.flush()
    if not sys.stdin.readline():
        break
