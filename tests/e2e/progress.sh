# End-to-end cases of the progress line (progress.h; sourced by tests/e2e.sh: $BIN, $TMP, expect, pass, fail).
# Off a terminal (every other case) stderr holds no progress; here `script` gives the program a terminal and
# a large export (800,000 candidates: about half a second of reading) makes the work last long enough for
# a few updates.

# progress_on_terminal WHAT PATTERN -- ARGS...: run on a pseudo-terminal; PATTERN (grep -E) must appear in
# what it wrote (an empty PATTERN: no carriage return at all), and every progress line must be erased.
progress_on_terminal() {
    pt_what=$1 pt_want=$2
    shift 3
    if ! command -v script >/dev/null 2>&1; then return 0; fi
    script -q -e -c "$(printf "'%s' " "$BIN" "$@")" "$TMP/progress.typescript" >/dev/null 2>&1 </dev/null
    pt_status=$?
    # the typescript's first and last lines are script's own
    sed '1d;$d' "$TMP/progress.typescript" | tr '\r' '\n' >"$TMP/progress.out"
    if [ "$pt_status" -ne 0 ]; then
        fail "progress: $pt_what: exit $pt_status"
    elif [ -z "$pt_want" ]; then
        if sed '1d;$d' "$TMP/progress.typescript" | grep -q "$(printf '\r')[a-z]"; then
            fail "progress: $pt_what: a progress line was drawn"
        else pass; fi
    elif ! grep -Eq "$pt_want" "$TMP/progress.out"; then
        fail "progress: $pt_what: no line matching [$pt_want] on the terminal"
    elif ! grep -Eq '^ {20,}$' "$TMP/progress.out"; then
        fail "progress: $pt_what: the progress line was not erased"
    else
        pass
    fi
}

if command -v script >/dev/null 2>&1; then
    progress_on_terminal "generate" '^generating: [0-9]+ MB  [0-9]+ MB/s  [0-9]+ rows$' -- \
        generate --candidates 800000 --out "$TMP/progress-big"
    progress_on_terminal "validate" '^partners\.csv: [0-9]+%  [0-9]+ of [0-9]+ MB  [0-9]+ MB/s  [0-9]+ rows  ETA' -- \
        validate "$TMP/progress-big"
    progress_on_terminal "validate --quiet" "" -- validate "$TMP/progress-big" --quiet
    progress_on_terminal "generate -q" "" -- generate --candidates 400000 --out "$TMP/progress-big" -q
    rm -rf "$TMP/progress-big"
fi
# --quiet is accepted by every command (and changes nothing off a terminal)
expect 0 "" -- validate fixtures/crm/canonical --quiet
expect 0 "" -- report fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/progress.json" -q
expect 0 "" -- generate --candidates 10 --out "$TMP/progress-small" --quiet
expect 0 "" -- score fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv -q
expect 0 "" -- audit fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/progress-audit.json" -q
expect 0 "" -- plan fixtures/demo --target-active 5 --draws 100 --json "$TMP/progress-plan.json" --quiet
