#!/bin/sh
# Failure fixture (expected kind: flood): answers with a line of 100000
# bytes (the limit is 64 KiB).
NAME=flood-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
head -c 100000 /dev/zero | tr '\0' 'a'
echo
sleep 30
