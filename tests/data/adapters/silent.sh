#!/bin/sh
# Failure fixture (expected kind: timeout): handshakes, then never answers.
NAME=silent-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
echo "silent fixture: not answering" >&2
sleep 30
