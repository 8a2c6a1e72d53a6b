#!/bin/sh
# Failure fixture (expected kind: garbage): answers the reset twice, with
# "ret OK" and a newline and "ret OK" again. The second answer is output
# out of turn; quoting it must not put a raw newline into the one-line
# failure message.
NAME=twice-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
printf 'ret OK\nret OK\n'
sleep 30
