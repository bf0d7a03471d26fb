# End-to-end cases of CRM export shapes: report footers and title lines, UTF-16, .xlsx, the CRMs' own
# words (sourced by tests/e2e.sh: $BIN, $TMP, expect, expect_stdout_has, pass, fail).

# figures_of DIR NAME [ARGS...]: the figures of `report --json` on DIR, without what names the files
# (inputs, settings path) and with rejects and warnings reduced to their count, in $TMP/NAME.figures.
figures_of() {
    dir=$1; name=$2; shift 2
    "$BIN" report "$dir" --as-of 2025-06-30 --json - "$@" >"$TMP/$name.report.json" 2>"$TMP/$name.report.err" || {
        fail "report $dir: exit $? ($(cat "$TMP/$name.report.err"))"; return 1; }
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for key in ("inputs",):
    d.pop(key)
d["settings"].pop("path")
d["rejects"] = len(d["rejects"])
d["warnings"] = len(d["warnings"])
print(json.dumps(d, sort_keys=True, indent=1))' "$TMP/$name.report.json" >"$TMP/$name.figures"
}

# same_figures DIR NAME [ARGS...]: DIR gives the figures of fixtures/crm/canonical
same_figures() {
    dir=$1; name=$2; shift 2
    [ -f "$TMP/canonical-shape.figures" ] || figures_of fixtures/crm/canonical canonical-shape
    figures_of "$dir" "$name" "$@" || return
    if cmp -s "$TMP/canonical-shape.figures" "$TMP/$name.figures"; then pass; else
        fail "$name: figures differ from the canonical export's: $(diff "$TMP/canonical-shape.figures" "$TMP/$name.figures" | head -8 | tr '\n' ' ')"; fi
}

# ---- report footers and title lines (Salesforce-style report export) ----
same_figures fixtures/crm/salesforce-report salesforce
expect 0 "" -- validate fixtures/crm/salesforce-report --strict --json "$TMP/sf.json" --clean-dir "$TMP/clean-sf"
"$BIN" validate fixtures/crm/canonical --clean-dir "$TMP/clean-sf-canonical" >/dev/null 2>&1
for f in partners deals costs; do
    if cmp -s "$TMP/clean-sf-canonical/$f.csv" "$TMP/clean-sf/$f.csv"; then pass; else
        fail "salesforce-report: --clean-dir $f.csv differs from the canonical export's"; fi
done
expect_stdout_has "  preamble: 2 lines skipped before the header (report title)" -- validate fixtures/crm/salesforce-report
expect_stdout_has "  footer: 3 lines skipped from line 17 (report totals and notices)" -- validate fixtures/crm/salesforce-report
expect_stdout_has "  footer: 1 line skipped from line 8 (report totals and notices)" -- validate fixtures/crm/salesforce-report
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["inputs"]
assert (d["partners"]["preamble_lines"], d["partners"]["footer_lines"]) == (2, 3), d["partners"]
assert (d["deals"]["preamble_lines"], d["deals"]["footer_lines"]) == (0, 3), d["deals"]
assert d["partners"]["rows_read"] == 10 and d["partners"]["rows_rejected"] == 0' "$TMP/sf.json"; then pass; else
    fail "salesforce-report: JSON preamble_lines/footer_lines"; fi
# a total whose record count is not the rows read: a warning (a cut export), not a reject
expect_stdout_has "truncated.csv:12: the report's footer states 3000 records but 9 rows were read: the export may be incomplete" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/truncated.csv
# ... and --strict fails on it as on a rejected row: a cut export is not a clean one
expect 65 "partnerfunnel: fixtures/crm/footer-cases/truncated.csv: the report's footer states 3000 records but 9 rows were read (--strict)" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/truncated.csv --strict
# a footer stating two counts, the first met and the second not: the one not met decides, as its warning says
expect 65 "partnerfunnel: fixtures/crm/footer-cases/two-counts.csv: the report's footer states 3000 records but 9 rows were read (--strict)" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/two-counts.csv --strict
# ... and said beside the footer line, where a long list of warnings cannot hide it; not when the count is right
expect_stdout_has "  footer: states 3000 records but 9 rows were read: the export may be incomplete" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/truncated.csv
"$BIN" validate fixtures/crm/salesforce-report >"$TMP/sf-footer.txt" 2>&1
if grep -q "footer: .* lines skipped" "$TMP/sf-footer.txt" && ! grep -q "footer: states" "$TMP/sf-footer.txt"; then pass; else
    fail "validate salesforce-report: a footer whose count is right must not be called incomplete"; fi
# only at the very end: a footer-looking row followed by data, a one-field row in the middle, and a
# one-field last line right after the data (a record cut short) are rejects
expect_stdout_has "total-then-data.csv:6: has 1 field, the header has 5" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/total-then-data.csv
expect_stdout_has "one-field-middle.csv:6: has 1 field, the header has 5" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/one-field-middle.csv
expect_stdout_has "one-field-last.csv:11: has 1 field, the header has 5" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/one-field-last.csv
expect 65 "partnerfunnel: 1 row rejected (--strict)" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/one-field-last.csv --strict
expect_stdout_has "  preamble: 1 line skipped before the header (report title)" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/title-only.csv
# a title line, then a line the reader cannot read (a quote never closed): the reader's error, not the title
# line's (which hid it, and an out-of-memory the same way)
expect 65 "partnerfunnel: fixtures/crm/footer-cases/title-then-open-quote.csv:2: a quoted field in the record starting on this line is never closed" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/title-then-open-quote.csv
# title lines before something that is no header: the first line's error, as without title lines
expect 65 "partnerfunnel: fixtures/crm/footer-cases/title-no-header.csv:1: required column 'deal_id' not found; name it so in the header or map it with 'deal_id = <your header>' in [columns] of the settings" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/footer-cases/title-no-header.csv

# ---- UTF-16 (Excel's "Unicode Text": UTF-16LE with a BOM, TAB, CRLF; UTF-16BE; UTF-16LE without BOM) ----
same_figures fixtures/crm/utf16 utf16
expect 0 "" -- validate fixtures/crm/utf16 --strict --clean-dir "$TMP/clean-utf16"
for f in partners deals costs; do
    if cmp -s "$TMP/clean-sf-canonical/$f.csv" "$TMP/clean-utf16/$f.csv"; then pass; else
        fail "utf16: --clean-dir $f.csv differs from the canonical export's"; fi
done
expect_stdout_has "detected: delimiter TAB, UTF-16LE (BOM), CRLF line endings, decimal mark '.'" -- validate fixtures/crm/utf16
expect_stdout_has "detected: delimiter ',', UTF-16BE (BOM), LF line endings" -- validate fixtures/crm/utf16
expect_stdout_has "detected: delimiter ',', UTF-16LE (no BOM: from its NUL bytes), LF line endings" -- validate fixtures/crm/utf16
expect 65 "partnerfunnel: fixtures/edge/utf16-unpaired-surrogate.csv: is not valid UTF-16LE text: an unpaired surrogate (or a character cut short) at byte 11; re-save it from the program that wrote it" -- \
    validate --partners fixtures/edge/utf16-unpaired-surrogate.csv

# ---- .xlsx workbooks: made by libxlsxwriter (tests/gen_xlsx.c: title rows, gaps, date serials with a time
# of day, a formula, a footer) and by Gnumeric (ssconvert of the canonical CSV files) ----
for form in xlsx xlsx-gnumeric; do
    same_figures "fixtures/crm/$form" "$form"
    expect 0 "" -- validate "fixtures/crm/$form" --strict --clean-dir "$TMP/clean-$form"
    for f in partners deals costs; do
        if cmp -s "$TMP/clean-sf-canonical/$f.csv" "$TMP/clean-$form/$f.csv"; then pass; else
            fail "$form: --clean-dir $f.csv differs from the canonical export's"; fi
    done
done
expect_stdout_has "detected: Excel workbook, sheet 'Deals'" -- validate fixtures/crm/xlsx
expect_stdout_has "footer: 2 lines skipped from line 14 (report totals and notices)" -- validate fixtures/crm/xlsx
expect_stdout_has "fixtures/crm/xlsx/partners.xlsx: Partners!I9: column 'approached_on': empty although signed_on is dated (stage implied)" -- \
    validate fixtures/crm/xlsx
# the sheet by name (--sheet or [input] sheet): a missing one lists those that exist
expect_stdout_has "rows: 9 read = 9 accepted" -- validate fixtures/crm/canonical --deals fixtures/crm/xlsx/deals.xlsx --sheet deals
expect 65 "partnerfunnel: fixtures/crm/xlsx/partners.xlsx: has no sheet 'Accounts' (its sheets: 'Partners')" -- \
    validate fixtures/crm/xlsx --sheet Accounts
# bad workbooks: an error value is a reject naming its cell; the rest one clear line and exit 65
expect_stdout_has "deals-error-cells.xlsx: Deals!E3: column 'amount': the cell holds Excel's error value #N/A" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/xlsx-errors/deals-error-cells.xlsx
expect_stdout_has "deals-error-cells.xlsx: Deals!C4: column 'status': the cell holds Excel's error value #REF!" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/xlsx-errors/deals-error-cells.xlsx
"$BIN" validate fixtures/crm/canonical --deals fixtures/crm/xlsx-errors/deals-error-cells.xlsx --json "$TMP/cells.json" >/dev/null 2>&1
if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["rejects"]
assert [(x["cell"], x["line"], x["column"]) for x in r] == [("Deals!E3", 3, "amount"), ("Deals!C4", 4, "status")], r' "$TMP/cells.json"
then pass; else fail "xlsx: JSON rejects do not name their cells"; fi
expect 65 "partnerfunnel: fixtures/crm/xlsx-errors/not-a-workbook.xlsx: is a ZIP archive but not an Excel workbook (no xl/workbook.xml)" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/xlsx-errors/not-a-workbook.xlsx
expect 65 "partnerfunnel: fixtures/crm/xlsx-errors/old-excel.xls: is an Excel 97-2003 workbook (.xls), which is not read: open it in Excel or LibreOffice and save it as .xlsx or CSV UTF-8" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/xlsx-errors/old-excel.xls
expect 65 "partnerfunnel: fixtures/crm/xlsx-errors/truncated.xlsx: is damaged or truncated: it starts like a ZIP archive (an .xlsx workbook) but its table of contents cannot be read" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/xlsx-errors/truncated.xlsx

# ---- the CRMs' own words: stages, currency codes and symbols, date-times (UTC dates), no [values] ----
same_figures fixtures/crm/crm-words crm-words
expect 0 "" -- validate fixtures/crm/crm-words --strict --clean-dir "$TMP/clean-words"
for f in partners deals costs; do
    if cmp -s "$TMP/clean-sf-canonical/$f.csv" "$TMP/clean-words/$f.csv"; then pass; else
        fail "crm-words: --clean-dir $f.csv differs from the canonical export's"; fi
done
# another currency than the report's is a reject naming it, never a number mixed in
expect_stdout_has "deals-usd.csv:2: column 'amount': 'USD 25000' is in USD, not in the report's currency EUR (no silent mixing: convert it, or set currency in [report])" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/crm-words-errors/deals-usd.csv
expect_stdout_has "deals-usd.csv:3: column 'amount': 'GBP 1,000.00' is in GBP, not in the report's currency EUR" -- \
    validate fixtures/crm/canonical --deals fixtures/crm/crm-words-errors/deals-usd.csv

# ---- score reads .xlsx prospects and criteria (converted by ssconvert from the CSV samples): the same
# shortlists (Gnumeric turned SIRENs into numbers, losing leading zeros: ids are compared without them) ----
"$BIN" score fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv --json "$TMP/score-csv.json" >/dev/null 2>&1
"$BIN" score fixtures/criteria/xlsx/sirene-sample.xlsx --criteria fixtures/criteria/xlsx/sirene-criteria.xlsx \
    --json "$TMP/score-xlsx.json" >/dev/null 2>&1
if python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert (a["rows_scored"], a["rows_rejected"]) == (b["rows_scored"], b["rows_rejected"]) == (370, 0)
strip = lambda d: [[(t["id"].lstrip("0"), t["score"], t["line"]) for t in p["shortlist"]] for p in d["profiles"]]
assert strip(a) == strip(b) and strip(a)[0], "shortlists differ"' "$TMP/score-csv.json" "$TMP/score-xlsx.json"
then pass; else fail "score: .xlsx prospects and criteria do not give the CSV's scores"; fi
# score takes --sheet (the sheet of its .xlsx inputs, by name) and --threads like the export commands
"$BIN" score fixtures/criteria/xlsx/sirene-sample.xlsx --criteria fixtures/criteria/sirene-criteria.csv \
    --json "$TMP/score-xlsx-first.json" >/dev/null 2>&1
"$BIN" score fixtures/criteria/xlsx/sirene-sample.xlsx --criteria fixtures/criteria/sirene-criteria.csv \
    --sheet sirene-sample.csv --threads 2 --json "$TMP/score-xlsx-sheet.json" >/dev/null 2>&1
if [ -s "$TMP/score-xlsx-first.json" ] && cmp -s "$TMP/score-xlsx-first.json" "$TMP/score-xlsx-sheet.json"; then pass; else
    fail "score --sheet NAME --threads 2: not the JSON of the first sheet read by default"; fi
expect 65 "partnerfunnel: fixtures/criteria/xlsx/sirene-sample.xlsx: has no sheet 'Prospects' (its sheets: 'sirene-sample.csv')" -- \
    score fixtures/criteria/xlsx/sirene-sample.xlsx --criteria fixtures/criteria/sirene-criteria.csv --sheet Prospects
expect 64 "partnerfunnel: --threads: '9' is not a number of threads from 1 to 8
Try 'partnerfunnel score --help' for more information." -- \
    score fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv --threads 9
