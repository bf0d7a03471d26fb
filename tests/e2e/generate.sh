# End-to-end cases of `partnerfunnel generate` (sourced by tests/e2e.sh: $BIN, $TMP, expect, pass, fail).

# gen_same DIR_A DIR_B WHAT: every file of DIR_A has the same bytes in DIR_B.
gen_same() {
    for gen_file in partners.csv deals.csv costs.csv partnerfunnel.ini planted-rejects.csv; do
        if [ ! -e "$1/$gen_file" ] && [ ! -e "$2/$gen_file" ]; then continue; fi
        if cmp -s "$1/$gen_file" "$2/$gen_file"; then pass; else fail "$3: $1/$gen_file differs from $2/$gen_file"; fi
    done
}

# gen_rejects_match DIR: `validate DIR --json` rejects exactly the rows listed in DIR/planted-rejects.csv (file
# and line). Skipped when this binary has no validate command.
gen_rejects_match() {
    "$BIN" validate --help >/dev/null 2>&1 || return 0
    "$BIN" validate "$1" --json "$TMP/gen-validate.json" >/dev/null 2>&1
    awk '/"rejects": *\[/ { inside = 1; next }
         inside && /^ *\]/ { inside = 0 }
         inside && /"file":/ { f = $0; sub(/.*"file": *"/, "", f); sub(/".*/, "", f); sub(/.*\//, "", f) }
         inside && /"line":/ { l = $0; sub(/.*"line": */, "", l); sub(/[^0-9].*/, "", l); print f "," l }' \
        "$TMP/gen-validate.json" | sort >"$TMP/gen-rejected"
    sed 1d "$1/planted-rejects.csv" | cut -d, -f1,2 | sort >"$TMP/gen-planted"
    if [ -s "$TMP/gen-planted" ] && cmp -s "$TMP/gen-rejected" "$TMP/gen-planted"; then
        pass
    else
        fail "generate: validate $1 does not reject exactly the planted rows (diff $TMP/gen-rejected $TMP/gen-planted)"
    fi
}

# ---- the committed demo export is exactly what its command writes (fixtures/demo/README.md) ----
expect 0 "" -- generate --candidates 1000 --seed 2034 --dialect fr --bad-rows 1 --out "$TMP/gen-demo"
gen_same "$TMP/gen-demo" fixtures/demo "generate: demo export (regenerate it with the command in fixtures/demo/README.md)"
gen_rejects_match "$TMP/gen-demo"

# ---- deterministic: same arguments, same bytes; the folder is created, parents included ----
expect 0 "" -- generate --candidates 3000 --seed 5 --bad-rows 2 --out "$TMP/gen-a/nested"
expect 0 "" -- generate --candidates 3000 --seed 5 --bad-rows 2 --out "$TMP/gen-b"
gen_same "$TMP/gen-a/nested" "$TMP/gen-b" "generate: same arguments twice"
gen_rejects_match "$TMP/gen-b"
if [ "$(wc -l <"$TMP/gen-b/planted-rejects.csv")" -eq 27 ]; then pass; else fail "generate: planted-rejects.csv should list 2 x 13 rows"; fi
if ls -A "$TMP/gen-b" | grep -q '^\.'; then fail "generate: temporary files left in $TMP/gen-b"; else pass; fi
expect_stdout_has "3000 candidates" -- generate --candidates 3000 --seed 5 --out "$TMP/gen-b"
if [ -e "$TMP/gen-b/planted-rejects.csv" ]; then fail "generate: stale planted-rejects.csv kept"; else pass; fi
expect_stdout_has "Usage: partnerfunnel generate --candidates N --out DIR [options]" -- generate --help

# ---- usage errors: one line, the hint, exit 64, nothing written ----
expect 64 "partnerfunnel: missing option '--out DIR'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 10
expect 64 "partnerfunnel: missing option '--candidates N'
Try 'partnerfunnel generate --help' for more information." -- generate --out "$TMP/gen-never"
expect 64 "partnerfunnel: option '--candidates' needs a positive integer, got 'abc'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates abc --out "$TMP/gen-never"
expect 64 "partnerfunnel: unknown option '--foo'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 10 --foo --out "$TMP/gen-never"
expect 64 "partnerfunnel: option '--seed' needs an integer from 1 to 4294967295, got '0'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 10 --seed 0 --out "$TMP/gen-never"
expect 64 "partnerfunnel: option '--as-of': '31/10/2026' is not a date YYYY-MM-DD (the one form the command line takes: it cannot be read two ways)
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 10 --as-of 31/10/2026 --out "$TMP/gen-never"
expect 64 "partnerfunnel: option '--dialect' needs 'canonical' or 'fr', got 'excel'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 10 --dialect excel --out "$TMP/gen-never"
if [ -e "$TMP/gen-never" ]; then fail "generate: a usage error created the output folder"; else pass; fi

# ---- output that cannot be created: exit 73 ----
expect 73 "partnerfunnel: /proc/x: cannot create the output folder: No such file or directory" -- \
    generate --candidates 10 --out /proc/x
: >"$TMP/gen-file"
expect 73 "partnerfunnel: $TMP/gen-file/sub: cannot create the output folder: Not a directory" -- \
    generate --candidates 10 --out "$TMP/gen-file/sub"
