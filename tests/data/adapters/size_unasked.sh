#!/bin/sh
# Failure fixture (expected kind: garbage): answers the reset with a ret-size
# `size=` although it offered no protocol feature (so the kit sent no `use`).
NAME=size-unasked-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
echo "ret OK size=0"
sleep 30
