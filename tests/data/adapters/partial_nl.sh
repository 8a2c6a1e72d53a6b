#!/bin/sh
# Failure fixture (expected kind: partial): closes its stdin, answers the
# reset with two requests and the start of a third line in one write, and
# exits. The kit's reply to the first request meets a closed pipe while the
# rest is still unread: the message must stay one line (no raw newline).
NAME=partial-nl-fixture
read -r hello
printf 'hello wtkit-adapter 1\ntransport %s 0\nops write abort close is_closing get_write_buffer_size get_write_buffer_limits set_write_buffer_limits\nfeatures\nready\n' "$NAME"
read -r reset
exec 0<&-
printf 'soon 1\nsoon 2\nret O'
exit 0
