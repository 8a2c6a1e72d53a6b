#!/bin/sh
# Failure fixture (expected kind: partial): starts its answer and never
# finishes the line.
NAME=partial-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
printf 'ret O'
sleep 30
