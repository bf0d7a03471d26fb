# Sourced by tests/e2e.sh. The README's "Your own export in three steps", word for word, on an export with French
# headers and no settings file (fixtures/crm/french-headers): validate says how each column was found and what
# it did not understand; report gives the same figures as the same export read with the generator's settings.
FH=fixtures/crm/french-headers
[ ! -e "$FH/partnerfunnel.ini" ] && pass || fail "first contact: $FH must have no settings file"

# step 1: validate — every row accounted for, the columns found by their French names, the unknown one named
expect 0 "" -- validate "$FH"
expect_stdout_has "  rows: 150 read = 150 accepted + 0 rejected; 1 warning" -- validate "$FH"
expect_stdout_has "    found by built-in name: partner_id = Identifiant partenaire, name = Raison sociale, category = Catégorie," -- validate "$FH"
expect_stdout_has "      business_plan_on = Date du business plan, tech_autonomy_on = Autonomie technique," -- validate "$FH"
expect_stdout_has "    unknown: 'SIREN/SIRET'" -- validate "$FH"
expect_stdout_has "  detected: delimiter ';', Windows-1252, CRLF line endings, decimal mark ',', slash dates day-first" -- validate "$FH"

# step 3: report — the same figures as with the settings the generator wrote beside it
mkdir -p "$TMP/fh-ini"
cp "$FH"/partners.csv "$FH"/deals.csv "$FH"/costs.csv "$TMP/fh-ini/"
cat >"$TMP/fh-ini/partnerfunnel.ini" <<'INI'
[columns]
company_id = SIREN/SIRET
[input]
encoding = cp1252
date_order = dmy
decimal = comma
[report]
as_of = 2026-10-31
currency = EUR
INI
expect 0 "" -- report "$FH" --as-of 2026-10-31 --json "$TMP/fh.json" -o "$TMP/fh.xlsx"
expect 0 "" -- report "$TMP/fh-ini" --json "$TMP/fh-ini.json"
if python3 - "$TMP/fh.json" "$TMP/fh-ini.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("file", "path", "settings", "inputs", "trend")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
funnel = a.get("funnel", a)
sys.exit(0 if strip(a) == strip(b) and json.dumps(a).find('"signed"') >= 0 else 1)
PY
then pass; else fail "first contact: the export without settings gives other figures than with the generator's settings"; fi
[ -s "$TMP/fh.xlsx" ] && pass || fail "first contact: report wrote no workbook"
