# End-to-end cases of what a shortlist carries (sourced by tests/e2e.sh after score.sh, whose check_json it
# uses): the shown columns, the legal-unit join (--units), the links and the known list. Fixture:
# fixtures/criteria/sirene-units.csv, a StockUniteLegale-shaped file for the shortlisted and known SIRENs of
# fixtures/criteria/sirene-sample.csv — companies, sole traders (one with a usage name), a diffusion-restricted
# unit ([ND]), a SIREN missing (879456123), a shortlisted SIREN twice (333444555) and an unrelated one twice.
SC=fixtures/criteria
UNITS=$SC/sirene-units.csv
run_units() { # run_units STATUS STDERR EXTRA_ARGS...: the sample with its partners and the units file
    want_status=$1; want_err=$2; shift 2
    expect "$want_status" "$want_err" -- score $SC/sirene-sample.csv --criteria $SC/sirene-criteria.csv \
        --partners $SC/partners-sample.csv --id-column siret "$@"
}
# check_script NAME PYTHON_SCRIPT JSON_FILE: the script (d = the parsed JSON) runs without a failed assert.
check_script() {
    if python3 - "$3" "$2" >"$TMP/check.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[2])
PY
    then pass; else fail "shortlist $1: $(tail -3 "$TMP/check.out")"; fi
}
dup_warning() { echo "partnerfunnel: warning: $1: 1 duplicate line of shortlisted SIRENs ignored (the first line of each SIREN is used)"; }

run_units 0 "$(dup_warning $UNITS)" --units $UNITS --json "$TMP/units.json" --csv "$TMP/units.csv" -o "$TMP/units.xlsx"
check_script units '
s = {e["id"]: e for p in d["profiles"] for e in p["shortlist"]}
assert s["05003972100017"]["legal_name"] == "JEAN MARTIN" and s["05003972100017"]["legal_category"] == "1000"
assert s["91234567800015"]["legal_name"] == "MARIE LEROY (DURAND)"
assert s["05001301400010"]["legal_name"] == "AHMED BENALI"
assert s["44455566600014"]["legal_name"] == "OCCITANIE CLOUD" and s["44455566600014"]["legal_unit"]["trancheEffectifsUniteLegale"] == "11"
assert s["05001283000015"]["legal_name"] == "NICE, RÉSEAUX ET SYSTÈMES"
assert s["05003170400010"]["legal_name"] == "[ND]" and s["05003170400010"]["legal_unit"]["status"] == "restricted"
assert s["87945612300012"]["legal_name"] is None and s["87945612300012"]["legal_unit"]["status"] == "missing"
assert s["33344455500011"]["legal_name"] == "MÉDITERRANÉE INFORMATIQUE DISTRIBUTION"
assert s["44455566600014"]["link"] == "https://annuaire-entreprises.data.gouv.fr/entreprise/444555666"
assert s["44455566600014"]["shown"]["name_or_sign"] == "OCCITANIE CLOUD" and s["44455566600014"]["shown"]["town"] == "TOULOUSE"
assert s["91234567800015"]["shown"]["address"] == "1 BD DE L'"'"'EUROPE" and s["91234567800015"]["shown"]["postcode"] == "91000"
assert list(s["44455566600014"]["shown"]) == ["name_or_sign", "address", "postcode", "town", "activity", "headcount_band", "created", "head_office"]
assert d["units"]["sirens_wanted"] == 14 and d["units"]["missing"] == 1 and d["units"]["restricted"] == 1
assert d["units"]["duplicate_lines"] == 1 and d["units"]["rows_read"] == 16 and d["units"]["key_column"] == "siren"
import hashlib
assert d["units"]["sha256"] == hashlib.sha256(open(d["units"]["path"], "rb").read()).hexdigest()
k = {e["id"]: e for p in d["profiles"] for e in p["known_list"]}
assert sorted(k) == ["05000776400018", "55210055400017", "55210055400025", "78901234500017", "78901234500025"]
assert (k["55210055400017"]["partner_id"], k["55210055400017"]["stage"], k["55210055400017"]["legal_name"]) == ("P-001", "signed", "INTÉGRAL SYSTÈMES")
assert (k["78901234500017"]["partner_id"], k["78901234500017"]["stage"]) == ("P-002", "listed")
assert [len(p["known_list"]) for p in d["profiles"]] == [p["known"] for p in d["profiles"]]
' "$TMP/units.json"
# the CSV: legal name, category and headcount after the score, then the composed shown columns and the link
if [ "$(sed -n 1p "$TMP/units.csv" | tail -c +4 | cut -d, -f1-10)" = "profile,rank,id,score,legal_name,legal_category,trancheEffectifsUniteLegale,name_or_sign,address,link" ]; then
    pass; else fail "shortlist csv: header $(sed -n 1p "$TMP/units.csv")"; fi
if grep -qF 'integrator,4,91234567800015,55.56,MARIE LEROY (DURAND),1000,NN,"Développement Numérique, Conseil",1 BD DE L'"'"'EUROPE,https://annuaire-entreprises.data.gouv.fr/entreprise/912345678,' "$TMP/units.csv"; then
    pass; else fail "shortlist csv: row of 91234567800015: $(grep 912345678 "$TMP/units.csv")"; fi
# the text summary names the prospects and the known ones
run_units 0 "$(dup_warning $UNITS)" --units $UNITS
if grep -qF "4. 91234567800015  score 55.56  (line 365)  MARIE LEROY (DURAND)" "$TMP/out" &&
    grep -qF "known: 55210055400017  score 100  partner P-001, signed  INTÉGRAL SYSTÈMES" "$TMP/out" &&
    grep -qF "legal units: $UNITS (14 SIRENs looked up: 1 missing, 1 diffusion-restricted)" "$TMP/out"; then
    pass; else fail "shortlist text: $(cat "$TMP/out")"; fi
# the workbook: a Known sheet, the legal names, a hyperlink per row
sheets=$(unzip -p "$TMP/units.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name=//' | tr '\n' ' ')
if [ "$sheets" = '"integrator" "reseller" "Known" "Funnel" "About" ' ]; then pass; else fail "shortlist workbook: sheets $sheets"; fi
for want in 'MARIE LEROY (DURAND)' '[ND]' '(not in the units file)' 'P-002' 'signed' 'Company headcount band'; do
    if unzip -p "$TMP/units.xlsx" xl/sharedStrings.xml | grep -qF -- "$want"; then pass; else fail "shortlist workbook: [$want] not in the strings"; fi
done
if unzip -p "$TMP/units.xlsx" xl/worksheets/_rels/sheet1.xml.rels | grep -qF 'Target="https://annuaire-entreprises.data.gouv.fr/entreprise/050039721"'; then
    pass; else fail "shortlist workbook: no hyperlink to the first prospect's page"; fi

# the same units file as UTF-16 (Excel's "Unicode Text") and as the reader's .xlsx: the same join
iconv -f UTF-8 -t UTF-16 $UNITS >"$TMP/units-utf16.csv"
run_units 0 "$(dup_warning "$TMP/units-utf16.csv")" --units "$TMP/units-utf16.csv" --json "$TMP/units16.json"
if python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
n = lambda d: [(e["id"], e["legal_name"], e["legal_category"]) for p in d["profiles"] for e in p["shortlist"] + p["known_list"]]
sys.exit(0 if n(a) == n(b) and b["units"]["rows_read"] == 16 else 1)' "$TMP/units.json" "$TMP/units16.json"; then
    pass; else fail "shortlist: the UTF-16 units file does not give the same legal names"; fi

# settings: units_key names another key column, units_show other columns, link another template; --show
sed '1s/^siren,/SIREN_UL,/' $UNITS >"$TMP/units-key.csv"
printf '[score]\nunits_key = SIREN_UL\nunits_show = activitePrincipaleUniteLegale, dateCreationUniteLegale\nlink = https://example.org/s/{siren}?x={siren}\n' >"$TMP/score.ini"
run_units 0 "$(dup_warning "$TMP/units-key.csv")" --config "$TMP/score.ini" --units "$TMP/units-key.csv" \
    --show libelleCommuneEtablissement,SIRET --json "$TMP/key.json"
check_script settings '
e = d["profiles"][0]["shortlist"][1]
assert e["legal_unit"] == {"status": "found", "activitePrincipaleUniteLegale": "62.02A", "dateCreationUniteLegale": "2005-04-01"}
assert e["shown"] == {"libelleCommuneEtablissement": "TOULOUSE", "siret": "44455566600014"}
assert e["link"] == "https://example.org/s/444555666?x=444555666" and d["link"] == "https://example.org/s/{siren}?x={siren}"
' "$TMP/key.json"
# link = (empty): no link anywhere; without SIRENE columns or --show, the first text column after the id
printf '[score]\nlink =\n' >"$TMP/nolink.ini"
expect 0 "" -- score $SC/edge/prospects.csv --criteria $SC/edge/criteria.csv --config "$TMP/nolink.ini" --json "$TMP/nolink.json" --csv "$TMP/nolink.csv"
check_json no-link '
all(e["link"] is None and e["legal_name"] is None for p in d["profiles"] for e in p["shortlist"])
d["link"] is None and d["units"] is None
list(d["profiles"][0]["shortlist"][0]["shown"]) == ["name"]
' "$TMP/nolink.json"
if sed -n 1p "$TMP/nolink.csv" | grep -q 'link'; then fail "shortlist csv: a link column without a link"; else pass; fi

# ---- bad input: one line, exit 64/65, nothing written ----
rm -f "$TMP/bad.xlsx" "$TMP/bad.json"
cut -d, -f2-5,24 $UNITS >"$TMP/units-nokey.csv"
run_units 65 "partnerfunnel: $TMP/units-nokey.csv:1: no column 'siren' (the SIREN of each legal unit; name it with units_key in [score] of the settings); the columns are statutDiffusionUniteLegale, unitePurgeeUniteLegale, dateCreationUniteLegale, sigleUniteLegale, denominationUniteLegale" \
    --units "$TMP/units-nokey.csv" -o "$TMP/bad.xlsx" --json "$TMP/bad.json"
printf 'siren,name\n444555666,X\n' >"$TMP/units-noname.csv"
run_units 65 "partnerfunnel: $TMP/units-noname.csv:1: neither denominationUniteLegale nor nomUniteLegale: no legal name to take; the columns are siren, name" \
    --units "$TMP/units-noname.csv" -o "$TMP/bad.xlsx"
printf '[score]\nunits_show = chiffreAffaires\n' >"$TMP/badshow.ini"
printf 'siren,denominationUniteLegale\n444555666,X\n' >"$TMP/units-small.csv"
run_units 65 "partnerfunnel: $TMP/units-small.csv:1: no column 'chiffreAffaires' (units_show in [score] of the settings); the columns are siren, denominationUniteLegale" \
    --config "$TMP/badshow.ini" --units "$TMP/units-small.csv" -o "$TMP/bad.xlsx"
expect 65 "partnerfunnel: $SC/edge/prospects.csv:1: column 'town': no such column in the header (--show, [score] show); the columns are id, name, city, postcode, naf, band, created, status" \
    -- score $SC/edge/prospects.csv --criteria $SC/edge/criteria.csv --show name,town -o "$TMP/bad.xlsx"
printf '[score]\nlink = https://annuaire-entreprises.data.gouv.fr/entreprise/\n' >"$TMP/badlink.ini"
run_units 65 "partnerfunnel: $TMP/badlink.ini: [score] link 'https://annuaire-entreprises.data.gouv.fr/entreprise/' has no {siren} (where the SIREN goes in the URL); leave it empty for no link" \
    --config "$TMP/badlink.ini" -o "$TMP/bad.xlsx" --json "$TMP/bad.json"
run_units 66 "partnerfunnel: $TMP/no-such-units.csv: cannot open: No such file or directory" --units "$TMP/no-such-units.csv" -o "$TMP/bad.xlsx"
if [ -e "$TMP/bad.xlsx" ] || [ -e "$TMP/bad.json" ]; then fail "shortlist: a refused run wrote an output"; else pass; fi
