# product-checks.sh - sourced by check.sh: the checks beyond the cmocka
# programs. Each is one run_check NAME COMMAND... line.
run_check "wtkit --help" "$wtkit" --help
