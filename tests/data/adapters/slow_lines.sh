#!/bin/sh
# Failure fixture (expected kind: timeout): answers the reset with 100
# requests at once, each a send of SIZE bytes ($1, default 64 MiB, the
# largest data a message may carry; a dozen characters on the wire).
# Decoding each takes the kit real time, so the lines wait in its read
# buffer: the deadline must be checked before each of them, not only while
# the kit waits for input.
NAME=slow-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
size=${1:-67108864}
read -r reset
i=0
while [ $i -lt 100 ]; do
    printf 'send %s @0+%s\n' "$size" "$size"
    i=$((i + 1))
done
sleep 30
