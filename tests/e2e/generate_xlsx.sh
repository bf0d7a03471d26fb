# End-to-end cases of `generate --format xlsx`: the workbooks read back with the figures of the CSV export
# drawn with the same seed (sourced by tests/e2e.sh after crm_shapes.sh, whose figures_of it uses).

"$BIN" generate --candidates 3000 --seed 11 --out "$TMP/genx-csv" >/dev/null 2>&1
expect 0 "" -- generate --candidates 3000 --seed 11 --format xlsx --out "$TMP/genx-xlsx"
if [ -f "$TMP/genx-xlsx/partners.xlsx" ] && [ -f "$TMP/genx-xlsx/deals.xlsx" ] && [ -f "$TMP/genx-xlsx/costs.xlsx" ] &&
    [ ! -e "$TMP/genx-xlsx/partners.csv" ]; then pass; else fail "generate --format xlsx: not the three workbooks"; fi
if grep -q -- "--format xlsx" "$TMP/genx-xlsx/partnerfunnel.ini"; then pass; else
    fail "generate --format xlsx: partnerfunnel.ini does not say how it was written"; fi
figures_of "$TMP/genx-csv" genx-csv
figures_of "$TMP/genx-xlsx" genx-xlsx
if cmp -s "$TMP/genx-csv.figures" "$TMP/genx-xlsx.figures"; then pass; else
    fail "generate --format xlsx: report --json differs from the CSV export's: $(diff "$TMP/genx-csv.figures" "$TMP/genx-xlsx.figures" | head -6 | tr '\n' ' ')"; fi
expect 0 "" -- validate "$TMP/genx-xlsx" --strict

# the French dialect: French headers and words in the sheets, typed dates and amounts
"$BIN" generate --candidates 800 --seed 5 --dialect fr --out "$TMP/genx-fr-csv" >/dev/null 2>&1
"$BIN" generate --candidates 800 --seed 5 --dialect fr --format xlsx --out "$TMP/genx-fr-xlsx" >/dev/null 2>&1
figures_of "$TMP/genx-fr-csv" genx-fr-csv
figures_of "$TMP/genx-fr-xlsx" genx-fr-xlsx
if cmp -s "$TMP/genx-fr-csv.figures" "$TMP/genx-fr-xlsx.figures"; then pass; else
    fail "generate --dialect fr --format xlsx: figures differ from the CSV export's"; fi

# the same options give the same bytes; a workbook export replaces the CSV files the readers would take first
"$BIN" generate --candidates 800 --seed 5 --dialect fr --format xlsx --out "$TMP/genx-fr-csv" >/dev/null 2>&1
for f in partners deals costs; do
    if cmp -s "$TMP/genx-fr-csv/$f.xlsx" "$TMP/genx-fr-xlsx/$f.xlsx"; then pass; else
        fail "generate --format xlsx: $f.xlsx differs between two runs"; fi
    if [ ! -e "$TMP/genx-fr-csv/$f.csv" ]; then pass; else
        fail "generate --format xlsx: the stale $f.csv was left beside $f.xlsx"; fi
done

expect 64 "partnerfunnel: option '--format' needs 'csv' or 'xlsx', got 'ods'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 5 --format ods --out "$TMP/genx-bad"
expect 64 "partnerfunnel: option '--bad-rows' plants CSV lines (wrong field counts among them): it does not go with '--format xlsx'
Try 'partnerfunnel generate --help' for more information." -- generate --candidates 5 --format xlsx --bad-rows 1 --out "$TMP/genx-bad"
