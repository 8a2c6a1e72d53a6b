#!/bin/sh
# Failure fixture (expected kind: flood): answers the reset with 1200 valid
# requests of about 60 KB each (a send of 30000 literal bytes), under
# line_max and lines_max but 72 MB in one exchange, over bytes_max (64 MiB).
NAME=flood-bytes-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
hex=$(head -c 30000 /dev/zero | od -An -v -tx1 | tr -d ' \n')
i=0
while [ $i -lt 1200 ]; do
    printf 'send 30000 x%s\n' "$hex"
    i=$((i + 1))
done
sleep 30
