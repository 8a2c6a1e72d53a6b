#!/bin/sh
# Failure fixture (expected kind: garbage): answers the reset with a line
# that is not the protocol.
NAME=garbage-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
echo "Traceback (most recent call last): not a protocol line"
sleep 30
