#!/bin/sh
# Failure fixture (expected kind: handshake): speaks protocol version 9.
read -r hello
printf 'hello wtkit-adapter 9\n'
sleep 30
