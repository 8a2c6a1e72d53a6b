#!/bin/sh
# Failure fixture (expected kind: crashed): handshakes, then dies of
# SIGSEGV when the kit resets it for a scenario.
NAME=crash-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
echo "crash fixture: about to die on '$reset'" >&2
kill -SEGV $$
