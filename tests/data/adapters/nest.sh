#!/bin/sh
# Failure fixture (expected kind: nesting): answers the reset with a
# call_soon, and every later kit line (the "run" included) with
# "cb pause_writing". Serving the callback reads the buffer size, a nested
# exchange, which gets another callback: without a depth bound the kit
# recurses until its stack overflows (about 13,700 levels).
NAME=nest-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
while read -r line; do
    case $line in
        reset*) printf 'soon 1\n'; read -r reply; printf 'ret OK\n' ;;
        destroy) printf 'ret OK\n' ;;
        reply*) ;;
        *) printf 'cb pause_writing\n' ;;
    esac
done
