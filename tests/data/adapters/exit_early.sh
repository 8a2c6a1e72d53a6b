#!/bin/sh
# Failure fixture (expected kind: exited): handshakes, then exits with
# status 3 instead of answering the reset.
NAME=exit-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
echo "exit fixture: giving up" >&2
exit 3
