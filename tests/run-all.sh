#!/bin/sh
# Runs every cmocka suite given as argument, then the end-to-end cases (tests/e2e.sh with $PF_BIN),
# and ends with one summary line "N passed, N failed" over the suites. Exit status 1 when anything failed.
passed=0
failed=0
for suite in "$@"; do
    if "$suite"; then
        passed=$((passed + 1))
    else
        echo "FAILED suite: $suite" >&2
        failed=$((failed + 1))
    fi
done
if sh tests/e2e.sh "${PF_BIN:-./partnerfunnel}"; then
    passed=$((passed + 1))
else
    echo "FAILED suite: tests/e2e.sh" >&2
    failed=$((failed + 1))
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
