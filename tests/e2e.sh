#!/bin/sh
# End-to-end cases: run the binary ($1) on fixtures and check exit status, stdout and stderr exactly.
# Each case is a call to one of the helpers below; the last line is "e2e: N passed, N failed".
BIN=${1:-./partnerfunnel}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pf-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "e2e FAIL: $*" >&2; }

# expect STATUS STDERR_TEXT -- ARGS... : exit status and the exact stderr (empty string = no stderr)
expect() {
    want_status=$1; want_err=$2; shift 3
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    err=$(cat "$TMP/err")
    if [ "$got" -ne "$want_status" ]; then fail "$*: status $got, expected $want_status ($err)"; return; fi
    if [ "$err" != "$want_err" ]; then fail "$*: stderr was [$err], expected [$want_err]"; return; fi
    pass
}

# expect_stdout_has TEXT -- ARGS... : exit 0 and TEXT somewhere in stdout
expect_stdout_has() {
    want=$1; shift 2
    if ! "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"; then fail "$*: exit $? ($(cat "$TMP/err"))"; return; fi
    if ! grep -qF -- "$want" "$TMP/out"; then fail "$*: stdout lacks [$want]"; return; fi
    pass
}

# ---- program-level ----
expect 64 "partnerfunnel: missing command
Try 'partnerfunnel --help' for more information." -- 
expect 64 "partnerfunnel: unknown command 'frobnicate'
Try 'partnerfunnel --help' for more information." -- frobnicate
expect_stdout_has "Usage: partnerfunnel <command>" -- --help
expect_stdout_has "partnerfunnel 0." -- --version

for case in tests/e2e/*.sh; do
    [ -f "$case" ] && . "$case"
done

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
