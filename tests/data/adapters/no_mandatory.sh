#!/bin/sh
# Failure fixture (expected kind: handshake): does not list set_write_buffer_limits.
read -r hello
printf 'hello wtkit-adapter 1\ntransport lacking 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits\nready\n'
sleep 30
