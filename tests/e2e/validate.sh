# End-to-end cases of `partnerfunnel validate` (sourced by tests/e2e.sh: $BIN, $TMP, expect, pass, fail).

# json_rejects FILE: one "file-basename,line,column" per reject of a --json output, in order.
json_rejects() {
    python3 -c '
import json, os, sys
d = json.load(open(sys.argv[1]))
for r in d["rejects"]:
    print("%s,%d,%s" % (os.path.basename(r["file"]), r["line"], r["column"]))' "$1"
}

# accounting FILE: "file read accepted rejected warnings" per input, checking read = accepted + rejected.
accounting() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for name in ("partners", "deals", "costs"):
    i = d["inputs"][name]
    assert i["rows_read"] == i["rows_accepted"] + i["rows_rejected"], name
    print(name, i["rows_read"], i["rows_accepted"], i["rows_rejected"], i["warnings"])' "$1"
}

# ---- every reject reason of docs/definitions.md "Rejected rows and warnings", each at its own line and column ----
"$BIN" validate fixtures/crm/bad-rows --json "$TMP/bad.json" >/dev/null 2>&1
json_rejects "$TMP/bad.json" >"$TMP/bad.got"
cat >"$TMP/bad.want" <<'WANT'
partners.csv,3,partner_id
partners.csv,4,partner_id
partners.csv,5,listed_on
partners.csv,6,listed_on
partners.csv,7,recruitment_cost
partners.csv,8,recruitment_cost
partners.csv,9,decision
partners.csv,10,
deals.csv,3,partner_id
deals.csv,4,closed_on
deals.csv,5,status
deals.csv,6,deal_id
deals.csv,7,partner_id
costs.csv,3,partner_id
costs.csv,4,date
costs.csv,5,amount
costs.csv,6,amount
WANT
if cmp -s "$TMP/bad.got" "$TMP/bad.want"; then pass; else fail "validate bad-rows: rejects differ: $(diff "$TMP/bad.want" "$TMP/bad.got" | tr '\n' ' ')"; fi
accounting "$TMP/bad.json" >"$TMP/bad.acc"
if [ "$(cat "$TMP/bad.acc")" = "partners 11 3 8 2
deals 7 2 5 1
costs 6 2 4 0" ]; then pass; else fail "validate bad-rows: accounting $(cat "$TMP/bad.acc" | tr '\n' ' ')"; fi
expect_stdout_has "fixtures/crm/bad-rows/partners.csv:5: column 'listed_on': '2024-02-30' is not a valid date (day does not exist in that month)" -- validate fixtures/crm/bad-rows
expect_stdout_has "fixtures/crm/bad-rows/partners.csv:10: has 3 fields, the header has 6" -- validate fixtures/crm/bad-rows
expect_stdout_has "fixtures/crm/bad-rows/deals.csv:4: column 'closed_on': won deal without closed_on" -- validate fixtures/crm/bad-rows
expect_stdout_has "rows: 11 read = 3 accepted + 8 rejected; 2 warnings" -- validate fixtures/crm/bad-rows
expect_stdout_has "fixtures/crm/bad-rows/partners.csv: column 'kickoff_on': no column for the start of the 100-day plan: kick-offs and the plan's effect cannot be measured" -- validate fixtures/crm/bad-rows
expect 65 "partnerfunnel: 17 rows rejected (--strict)" -- validate fixtures/crm/bad-rows --strict --json "$TMP/strict.json"
if [ -s "$TMP/strict.json" ]; then pass; else fail "validate --strict: the JSON is still written"; fi

# ---- one export, four dialects: same accounting, byte-identical canonical copies ----
for form in canonical french-excel tsv-bom crm-mapped; do
    expect 0 "" -- validate "fixtures/crm/$form" --json "$TMP/$form.json" --clean-dir "$TMP/clean-$form"
    accounting "$TMP/$form.json" >"$TMP/$form.acc"
done
for form in french-excel tsv-bom crm-mapped; do
    if cmp -s "$TMP/canonical.acc" "$TMP/$form.acc"; then pass; else fail "validate $form: accounting differs from canonical"; fi
    for f in partners deals costs; do
        if cmp -s "$TMP/clean-canonical/$f.csv" "$TMP/clean-$form/$f.csv"; then pass; else
            fail "validate $form: --clean-dir $f.csv differs from the canonical form's"; fi
    done
done
if [ "$(cat "$TMP/canonical.acc")" = "partners 10 10 0 4
deals 9 9 0 1
costs 5 5 0 0" ]; then pass; else fail "validate canonical: accounting $(cat "$TMP/canonical.acc" | tr '\n' ' ')"; fi
# the canonical copy is a fixed point: validating it again gives the same files
expect 0 "" -- validate "$TMP/clean-canonical" --clean-dir "$TMP/clean-again" --json "$TMP/again.json"
for f in partners deals costs; do
    if cmp -s "$TMP/clean-canonical/$f.csv" "$TMP/clean-again/$f.csv"; then pass; else
        fail "validate: the clean copy of the clean copy's $f.csv differs"; fi
done
expect_stdout_has "detected: delimiter ';', Windows-1252, CRLF line endings, decimal mark ',', slash dates day-first" -- validate fixtures/crm/french-excel
expect_stdout_has "detected: delimiter TAB, UTF-8 with BOM, LF line endings, decimal mark '.'" -- validate fixtures/crm/tsv-bom
# an export with ISO dates only says nothing about the order of slash dates it does not have
if "$BIN" validate fixtures/crm/tsv-bom | grep -q "slash dates"; then fail "validate: claims a slash-date order for ISO dates"; else pass; fi
expect_stdout_has "settings: fixtures/crm/crm-mapped/partnerfunnel.ini" -- validate fixtures/crm/crm-mapped

# ---- dates: month-first proved by the column; contradicted columns stay day-first ----
expect_stdout_has "column 'signed_on': slash dates read month-first (MM/DD/YYYY)" -- validate --partners fixtures/crm/errors/month-first.csv
expect_stdout_has "mixed-order.csv:2: column 'signed_on': '03/15/2024' is not a valid date read day-first (month must be 1-12)" -- validate --partners fixtures/crm/errors/mixed-order.csv
expect_stdout_has "malformed-quote.csv:2: column 'name': malformed quotes in field 2" -- validate --partners fixtures/crm/errors/malformed-quote.csv
expect_stdout_has "rows: 2 read = 2 accepted + 0 rejected" -- validate --partners fixtures/crm/errors/latin1-semicolon.csv
expect_stdout_has "rows: 0 read = 0 accepted + 0 rejected" -- validate --partners fixtures/crm/errors/header-only.csv

# ---- file-level problems: one line, a sysexits status, no output written ----
expect 65 "partnerfunnel: fixtures/edge/empty.csv: is empty" -- validate --partners fixtures/edge/empty.csv
expect 65 "partnerfunnel: fixtures/edge/binary.csv: is not a text file (binary data at byte 11)" -- validate --partners fixtures/edge/binary.csv
expect 65 "partnerfunnel: fixtures/crm/errors/missing-partner-id.csv:1: required column 'partner_id' not found; name it so in the header or map it with 'partner_id = <your header>' in [columns] of the settings" -- validate --partners fixtures/crm/errors/missing-partner-id.csv
expect 65 "partnerfunnel: fixtures/crm/errors/unterminated-quote.csv:3: a quoted field in the record starting on this line is never closed" -- validate --partners fixtures/crm/errors/unterminated-quote.csv --json "$TMP/never.json"
if [ -e "$TMP/never.json" ]; then fail "validate: JSON written despite a file-level error"; else pass; fi
expect 66 "partnerfunnel: /nonexistent/export: cannot open folder: No such file or directory" -- validate /nonexistent/export
expect 66 "partnerfunnel: fixtures/edge: no partners.csv in this folder; give --partners FILE" -- validate fixtures/edge
expect 66 "partnerfunnel: fixtures/crm/canonical/nope.csv: cannot open: No such file or directory" -- validate fixtures/crm/canonical --deals fixtures/crm/canonical/nope.csv
expect 78 "partnerfunnel: fixtures/settings/bad-date-order.ini:7: key 'date_order' in [input]: 'ymd' is not one of auto, dmy, mdy
>>> date_order = ymd" -- validate fixtures/crm/canonical --config fixtures/settings/bad-date-order.ini
expect 66 "partnerfunnel: fixtures/crm/canonical/none.ini: cannot open: No such file or directory" -- validate fixtures/crm/canonical --config fixtures/crm/canonical/none.ini

# ---- outputs: errors, atomic replacement ----
expect 73 "partnerfunnel: /dev/full: is a device, not a file: nothing written" -- validate fixtures/crm/canonical --json /dev/full
expect 73 "partnerfunnel: /nonexistent/clean: cannot create folder: No such file or directory" -- validate fixtures/crm/canonical --clean-dir /nonexistent/clean
echo previous >"$TMP/keep.json"
expect 65 "partnerfunnel: fixtures/edge/empty.csv: is empty" -- validate --partners fixtures/edge/empty.csv --json "$TMP/keep.json"
if [ "$(cat "$TMP/keep.json")" = previous ]; then pass; else fail "validate: a failed run replaced the previous JSON"; fi
if ls -A "$TMP" | grep -q '^\.keep'; then fail "validate: temporary file left behind"; else pass; fi

# ---- usage ----
expect 64 "partnerfunnel: unknown option '--bogus'
Try 'partnerfunnel validate --help' for more information." -- validate --bogus
expect 64 "partnerfunnel: option '--json' needs a value
Try 'partnerfunnel validate --help' for more information." -- validate fixtures/crm/canonical --json
# DIR defaults to the current folder (run from inside the export's folder it reads it)
expect 66 "partnerfunnel: no partners.csv in the current folder; give the export's folder, or --partners FILE" -- validate
case $BIN in /*) abs_bin=$BIN ;; *) abs_bin=$PWD/$BIN ;; esac
if (cd fixtures/crm/canonical && "$abs_bin" validate >"$TMP/here.out" 2>&1); then
    if grep -q "^./partners.csv" "$TMP/here.out" && grep -q "^./deals.csv" "$TMP/here.out"; then pass; else
        fail "validate in the export's folder: $(cat "$TMP/here.out")"; fi
else fail "validate in the export's folder: exit $?"; fi
# a trailing slash on DIR gives no doubled one in the paths
expect_stdout_has "    fixtures/crm/canonical/partners.csv:8: column 'approached_on'" -- validate fixtures/crm/canonical/
expect 64 "partnerfunnel: unexpected argument 'two'
Try 'partnerfunnel validate --help' for more information." -- validate one two
expect_stdout_has "Usage: partnerfunnel validate [DIR]" -- validate --help

# --clean-dir writes data for programs: a formula-like text stays as read (score --csv is the one that
# neutralises, for spreadsheets)
mkdir -p "$TMP/formula"
printf 'partner_id,name\nP1,=1+1\nP2,@SUM(1)\n' >"$TMP/formula/partners.csv"
expect 0 "" -- validate "$TMP/formula" --clean-dir "$TMP/formula-clean"
if [ "$(cat "$TMP/formula-clean/partners.csv")" = "$(printf 'partner_id,name\nP1,=1+1\nP2,@SUM(1)')" ]; then pass; else
    fail "validate --clean-dir changed a formula-like text: $(cat "$TMP/formula-clean/partners.csv")"; fi

# a [columns] entry that matches no header (and no canonical column either) is a settings error, in
# validate and report alike, before any output: the demo with its signature column headed 'Signature' and
# the settings saying 'signed_on = Signatur'
mkdir -p "$TMP/typo"
cp fixtures/demo/deals.csv fixtures/demo/costs.csv "$TMP/typo/"
sed '1s/Date de signature/Signature/' fixtures/demo/partners.csv >"$TMP/typo/partners.csv"
sed '/^\[columns\]/a signed_on = Signatur' fixtures/demo/partnerfunnel.ini >"$TMP/typo/partnerfunnel.ini"
typo_error="partnerfunnel: $TMP/typo/partnerfunnel.ini:6: [columns] signed_on = Signatur: $TMP/typo/partners.csv has no column 'Signatur' (nor 'signed_on'); did you mean 'Signature'?"
expect 78 "$typo_error" -- validate "$TMP/typo"
expect 78 "$typo_error" -- report "$TMP/typo" -o "$TMP/typo.xlsx" --json "$TMP/typo.json"
if [ -e "$TMP/typo.xlsx" ] || [ -e "$TMP/typo.json" ]; then fail "report: output written despite a settings error"; else pass; fi

# limits said up front: more columns than a sheet can list is one line and exit 65, before any output, in
# validate, report and score alike
mkdir -p "$TMP/wide"
python3 -c "
print(','.join(['partner_id'] + ['x%d' % i for i in range(16000)]))
print(','.join(['P1'] + [''] * 16000))" >"$TMP/wide/partners.csv"
wide_error="partnerfunnel: $TMP/wide/partners.csv:1: has 16001 columns, more than the 16000 a workbook sheet can list beside partnerfunnel's own (Excel's limit is 16384); remove the columns you do not need"
expect 65 "$wide_error" -- validate "$TMP/wide" --json "$TMP/wide.json"
expect 65 "$wide_error" -- report "$TMP/wide" -o "$TMP/wide.xlsx" --json "$TMP/wide.json"
if [ -e "$TMP/wide.xlsx" ] || [ -e "$TMP/wide.json" ]; then fail "wide file: an output was written"; else pass; fi
python3 -c "
print(','.join(['id'] + ['x%d' % i for i in range(16000)]))
print(','.join(['P1'] + [''] * 16000))" >"$TMP/wide-prospects.csv"
printf 'profile,criterion,column,test,value,weight,eliminatory\np,c,x1,present,,1,no\n' >"$TMP/wide-criteria.csv"
expect 65 "partnerfunnel: $TMP/wide-prospects.csv:1: has 16001 columns, more than the 16000 a workbook sheet can list beside partnerfunnel's own (Excel's limit is 16384); remove the columns you do not need" -- \
    score "$TMP/wide-prospects.csv" --criteria "$TMP/wide-criteria.csv" -o "$TMP/wide.xlsx"
# a profile with 400 criteria beside 16,000 columns: the shortlist sheet shows the criteria and the shown
# columns, not the prospect's 16,000 (those are in the CSV): it fits
python3 -c "
print(','.join(['id'] + ['x%d' % i for i in range(15999)]))
print(','.join(['P1'] + ['v'] * 15999))" >"$TMP/wide-prospects.csv"
python3 -c "
print('profile,criterion,column,test,value,weight,eliminatory')
for i in range(400): print('p,c%d,x%d,present,,1,no' % (i, i))" >"$TMP/wide-criteria.csv"
expect 0 "" -- score "$TMP/wide-prospects.csv" --criteria "$TMP/wide-criteria.csv" -o "$TMP/wide.xlsx" --json "$TMP/wide.json"
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); s = d["profiles"][0]["shortlist"]
sys.exit(0 if len(s) == 1 and s[0]["score"] == 100 and list(s[0]["shown"]) == ["x0"] else 1)' "$TMP/wide.json"; then
    pass; else fail "wide prospects: not scored as expected"; fi
# 16,300 criteria in one profile: more than its shortlist sheet can show
python3 -c "
print('profile,criterion,column,test,value,weight,eliminatory')
for i in range(16300): print('p,c%d,x%d,present,,1,no' % (i, i % 15999))" >"$TMP/wide-criteria.csv"
rm -f "$TMP/wide.xlsx"
expect 65 "partnerfunnel: $TMP/wide-criteria.csv: profile 'p' has 16300 criteria, more than its shortlist sheet can show (16250)" -- \
    score "$TMP/wide-prospects.csv" --criteria "$TMP/wide-criteria.csv" -o "$TMP/wide.xlsx"
if [ -e "$TMP/wide.xlsx" ]; then fail "wide prospects: an output was written"; else pass; fi
# two prospect columns for one name a criterion uses: refused as validate refuses them
printf 'id,name,City,city\n1,a,Paris,Paris\n' >"$TMP/dup-prospects.csv"
printf 'profile,criterion,column,test,value,weight,eliminatory\np,c,city,present,,1,no\n' >"$TMP/dup-criteria.csv"
expect 65 "partnerfunnel: $TMP/dup-prospects.csv:1: columns 3 and 4 are both 'city'; keep one of them" -- \
    score "$TMP/dup-prospects.csv" --criteria "$TMP/dup-criteria.csv"
printf 'profile,criterion,column,test,value,weight,eliminatory\np,c,name,present,,1,no\n' >"$TMP/dup-criteria.csv"
expect 65 "partnerfunnel: $TMP/dup-prospects.csv:1: columns 3 and 4 are both 'CITY'; keep one of them" -- \
    score "$TMP/dup-prospects.csv" --criteria "$TMP/dup-criteria.csv" --group-by CITY
expect 0 "" -- score "$TMP/dup-prospects.csv" --criteria "$TMP/dup-criteria.csv" --json "$TMP/dup.json"
# a symbolic link loop for partners.csv gets its real error, not "no partners.csv in this folder"
mkdir -p "$TMP/loop"
ln -s partners.csv "$TMP/loop/partners.csv"
expect 66 "partnerfunnel: $TMP/loop/partners.csv: cannot open: Too many levels of symbolic links" -- validate "$TMP/loop"

# how each column was found, which were not, and the unknown ones by name
expect_stdout_has "    found by built-in name: deal_id = Référence affaire, partner_id = Identifiant partenaire, status = Statut," -- validate fixtures/demo
expect_stdout_has "    found by [columns]: company_id = SIREN/SIRET" -- validate fixtures/demo
expect_stdout_has "    unknown: 'crm_owner_note'" -- validate fixtures/crm/canonical
expect_stdout_has "    not found: company_id, category, market, source, recruiter, approached_on, applied_on, committee_on," -- validate fixtures/crm/bad-rows
mkdir -p "$TMP/unknown-deals"
printf 'partner_id\nP1\n' >"$TMP/unknown-deals/partners.csv"
printf 'deal_id,partner_id,status,closed_on,Notes,Owner\nD1,P1,open,,x,y\n' >"$TMP/unknown-deals/deals.csv"
expect_stdout_has "  columns: 6 (2 unknown, ignored)" -- validate "$TMP/unknown-deals"
expect_stdout_has "    unknown: 'Notes', 'Owner'" -- validate "$TMP/unknown-deals"

# what the settings forced is not said to be detected
expect_stdout_has "  detected: delimiter ';', CRLF line endings" -- validate fixtures/demo
expect_stdout_has "  set by the settings: Windows-1252, decimal mark ',', slash dates day-first" -- validate fixtures/demo
