# workbook.sh — end-to-end cases of the monthly workbook (`partnerfunnel report` → .xlsx), sourced by
# tests/e2e.sh (uses expect, pass, fail, $BIN and $TMP). The workbook is read back with python3's zipfile and
# ElementTree and checked against the JSON summary of the same run (both views come from one result struct);
# tests/recalc_check.py recalculates every formula with Gnumeric's ssconvert (Debian package gnumeric) and
# compares it with the value stored beside it.

WB=$TMP/workbook
mkdir -p "$WB"

# wb_py NAME XLSX JSON CODE: python check with `wb` (the workbook) and `d` (the JSON) in scope.
wb_py() {
    name=$1
    if python3 - "$2" "$3" >"$TMP/py" 2>&1 <<EOF
import json, math, re, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

class Workbook:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        book = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): "xl/" + r.get("Target") for r in rels}
        self.sheets = [s.get("name") for s in book.find(M + "sheets")]
        self.paths = {s.get("name"): target[s.get(R + "id")] for s in book.find(M + "sheets")}
        self.names = {n.get("name"): n.text for n in book.find(M + "definedNames")
                      if not n.get("name").startswith("_xlnm")}
        try:
            sst = ET.fromstring(self.zip.read("xl/sharedStrings.xml"))
            self.strings = ["".join(t.text or "" for t in si.iter(M + "t")) for si in sst]
        except KeyError:
            self.strings = []
        self.cache = {}
    def cells(self, sheet):
        """{ref: (value, formula)}: numbers as float, text as str."""
        if sheet not in self.cache:
            found = {}
            for c in ET.fromstring(self.zip.read(self.paths[sheet])).iter(M + "c"):
                kind, v, f = c.get("t", "n"), c.find(M + "v"), c.find(M + "f")
                if kind == "s":
                    value = self.strings[int(v.text)]
                elif kind == "inlineStr":
                    value = "".join(t.text or "" for t in c.iter(M + "t"))
                elif kind == "str":
                    value = v.text if v is not None else ""
                else:
                    value = float(v.text) if v is not None and v.text else None
                found[c.get("r")] = (value, f.text if f is not None else None)
            self.cache[sheet] = found
        return self.cache[sheet]
    def cell(self, sheet, ref):
        return self.cells(sheet).get(ref, (None, None))[0]
    def named(self, name):
        sheet, ref = self.names[name].rsplit("!", 1)
        return self.cell(sheet.strip("'").replace("''", "'"), ref.replace("$", ""))
    def column(self, sheet, letter, first, last):
        return [self.cell(sheet, "%s%d" % (letter, r)) for r in range(first, last + 1)]
    def rows(self, sheet):
        return len(ET.fromstring(self.zip.read(self.paths[sheet])).find(M + "sheetData"))
    def xml(self, part):
        return self.zip.read(part).decode("utf-8")

def close(a, b, rel=1e-12):
    if b is None:
        return a is None or a in ("n/a", "n.d.")
    return isinstance(a, float) and abs(a - b) <= rel * max(abs(b), 1e-300)

wb = Workbook(sys.argv[1])
d = json.load(open(sys.argv[2])) if sys.argv[2] != "-" else None
$4
EOF
    then pass; else fail "workbook: $name: $(tail -n 5 "$TMP/py")"; fi
}

# wb_run NAME ARGS...: a report run that must succeed with nothing on stderr
wb_run() {
    name=$1
    shift
    if ! "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"; then fail "workbook: $name: exit $? ($(cat "$TMP/err"))"; return 1; fi
    if [ -s "$TMP/err" ]; then fail "workbook: $name: unexpected stderr [$(cat "$TMP/err")]"; return 1; fi
    return 0
}

# wb_recalc NAME XLSX: every formula recalculated by Gnumeric equals its stored value
wb_recalc() {
    if python3 tests/recalc_check.py "$2" >"$TMP/recalc" 2>&1; then pass
    else fail "workbook: $1: recalculation differs: $(tail -n 5 "$TMP/recalc")"; fi
}

# no_temporary NAME DIR: no hidden temporary file left in DIR
no_temporary() {
    left=$(ls -A "$2" | grep '^\.' || true)
    if [ -z "$left" ]; then pass; else fail "workbook: $1: temporary left behind: $left"; fi
}

WB_SHEETS='["Summary", "Funnel", "Cohorts", "First deal", "Costs", "Recruiters", "Segments", "At risk",
  "Partners", "Data quality", "Trend", "About"]'
WB_NAMES='["ListedCandidates", "SignedPartners", "MaturePartners", "ActivePartners", "ActiveRate6m",
  "BadRecruits", "CostPerBadRecruit", "CostPerActivePartner", "MedianDaysToFirstDeal", "FirstDealWithin100Days"]'

# The figures of the workbook against the JSON of the same run (language-neutral: by defined name and
# by position).
WB_AGAINST_JSON='
for n in '"$WB_NAMES"': assert n in wb.names, n
f = d["funnel"]
assert wb.named("ListedCandidates") == f[0]["reached"]
assert wb.named("SignedPartners") == f[5]["reached"]
a = d["active_after_6_months"]
assert wb.named("MaturePartners") == a["mature_partners"]
assert close(wb.named("ActivePartners"), a["active"])
assert close(wb.named("ActiveRate6m"), a["rate"])
assert close(wb.named("BadRecruits"), d["bad_recruits"]["count"])
assert close(wb.named("CostPerBadRecruit"), d["bad_recruits"]["cost_per_bad_recruit"])
assert close(wb.named("CostPerActivePartner"), d["cost_per_active_partner"])
t = d["time_to_first_deal"]
assert close(wb.named("MedianDaysToFirstDeal"), t["median_days"])
assert close(wb.named("FirstDealWithin100Days"), t["p_within_100_days"])
risk = d["at_risk"]
parts = [risk[k] for k in ("behind_100_days", "review_6_months", "consider_ending_9_months")]
assert close(wb.named("PartnersAtRisk"), None if None in parts else sum(parts))
summary, funnel, first = wb.sheets[0], wb.sheets[1], wb.sheets[3]
# the Summary shows the named figures
values = {v for v, formula in wb.cells(summary).values() if formula}
for n in ("ListedCandidates", "MaturePartners"):
    assert wb.named(n) in values, n
# funnel: reached and conversions, stage by stage (rows 5 to 12)
for i, s in enumerate(f):
    assert close(wb.cell(funnel, "B%d" % (5 + i)), s["reached"]), s
    if i > 0:
        assert close(wb.cell(funnel, "E%d" % (5 + i)), s["conversion_from_previous"]), s
        assert close(wb.cell(funnel, "F%d" % (5 + i)), s["ci_low"]), s
# the Kaplan-Meier table, step by step from row 5
curve = t.get("curve") or []
for i, step in enumerate(curve):
    assert wb.cell(first, "A%d" % (5 + i)) == step["days"], step
    assert wb.cell(first, "B%d" % (5 + i)) == step["at_risk"], step
    assert close(wb.cell(first, "E%d" % (5 + i)), step["survival"]), step
# one row per candidate (and the header) on the Partners sheet
partners = wb.sheets[wb.sheets.index(wb.sheets[8])]
assert wb.rows(partners) == d["candidates"]["total"] + 1, (wb.rows(partners), d["candidates"])
# the input hashes on the About sheet
about = wb.cells(wb.sheets[-1])
texts = {v for v, _ in about.values() if isinstance(v, str)}
for k in ("partners", "deals", "costs"):
    if d["inputs"][k]["sha256"]:
        assert d["inputs"][k]["sha256"] in texts, k
# the Trend sheet: the twelve month ends of trend[], one row each from row 6 (A: the date as a day number)
trend = wb.sheets[-2]
keys = ["listed", "signed", "mature", "active", "rate", "ci_low", "ci_high", "bad_recruits",
        "cost_per_bad_recruit", "cost_per_active_partner", "median_days_to_first_deal", "p_within_100_days"]
for i, row in enumerate(d["trend"]):
    for j, key in enumerate(keys):
        got = wb.cell(trend, "%s%d" % ("BCDEFGHIJKLM"[j], 6 + i))
        assert got == row[key] or close(got, row[key]), (row["as_of"], key, got, row[key])
    risk = [row["at_risk"][k] for k in ("behind_100_days", "review_6_months", "consider_ending_9_months")]
    assert [wb.cell(trend, "%s%d" % (c, 6 + i)) for c in "NOP"] == risk, (row["as_of"], risk)
# the Summary: column E holds the change since the previous month end, name minus its Trend cell
import datetime
previous = (datetime.date.fromisoformat(d["as_of"]).replace(day=1) - datetime.timedelta(days=1)).isoformat()
k = [t["as_of"] for t in d["trend"]].index(previous)
cells = wb.cells(summary)
changes = {formula: v for v, formula in cells.values() if formula and formula.startswith("ListedCandidates-")}
# (no dollar sign or quote here: this text goes through the shell; chr(36) is the dollar of B16)
assert [c.replace(chr(36), "") for c in changes] == ["ListedCandidates-\x27%s\x27!B%d" % (trend, 6 + k)], changes
assert list(changes.values())[0] == f[0]["reached"] - d["trend"][k]["listed"], changes
for name, key in (("SignedPartners", "signed"), ("BadRecruits", "bad_recruits")):
    found = [v for v, formula in cells.values() if formula and formula.startswith(name + "-")]
    if d["trend"][k][key] is not None:
        assert len(found) == 1, (name, found)
'

# ---- the canonical export, in English ----
if wb_run canonical report fixtures/crm/canonical --as-of 2025-06-30 -o "$WB/canonical.xlsx" \
    --json "$WB/canonical.json"; then
    if grep -qF "Workbook written to $WB/canonical.xlsx" "$TMP/out"; then pass
    else fail "workbook: canonical: stdout lacks the workbook line"; fi
    wb_py "sheets and names" "$WB/canonical.xlsx" "$WB/canonical.json" "
assert wb.sheets == $WB_SHEETS, wb.sheets
$WB_AGAINST_JSON
assert wb.cell('Summary', 'B5') == 10 and wb.cells('Summary')['B5'][1] == 'ListedCandidates'
assert wb.cells('Costs')['B9'][1] == 'B8/B7' and close(wb.cell('Costs', 'B9'), 38500 / 3)
assert wb.cell('Summary', 'D11') == 'On track', wb.cell('Summary', 'D11')
assert 'faster (log-rank p = 0.018)' in wb.cell('Summary', 'B18'), wb.cell('Summary', 'B18')
styles = wb.xml('xl/styles.xml')
assert 'formatCode=\"yyyy-mm-dd\"' in styles and 'formatCode=\"&quot;€&quot;#,##0\"' in styles
assert '<tableParts' in wb.xml('xl/worksheets/sheet9.xml')
"
    wb_recalc canonical "$WB/canonical.xlsx"
    # same inputs and as-of: the same bytes
    if wb_run again report fixtures/crm/canonical --as-of 2025-06-30 -o "$WB/again.xlsx"; then
        if cmp -s "$WB/canonical.xlsx" "$WB/again.xlsx"; then pass
        else fail "workbook: two runs of the same export differ"; fi
    fi
fi

# ---- the demo export: French by its settings, English on request ----
if wb_run demo report fixtures/demo -o "$WB/demo.xlsx" --json "$WB/demo.json"; then
    wb_py "French workbook" "$WB/demo.xlsx" "$WB/demo.json" "
assert wb.sheets == ['Synthèse', 'Entonnoir', 'Cohortes', 'Première affaire', 'Coûts', 'Recruteurs', 'Segments',
    'À risque', 'Partenaires', 'Qualité des données', 'Tendance', 'À propos'], wb.sheets
$WB_AGAINST_JSON
assert wb.cell('Synthèse', 'A6') == 'Contrats signés en octobre 2026'
assert wb.named('MedianDaysToFirstDeal') == 'n.d.'
styles = wb.xml('xl/styles.xml')
assert 'formatCode=\"dd/mm/yyyy\"' in styles and 'formatCode=\"#,##0 &quot;€&quot;\"' in styles
dq = wb.cells('Qualité des données')
assert len([v for v, _ in dq.values() if v == 'partners.csv']) >= 2  # the accounting row and its rejects
assert wb.rows('Partenaires') == 1001
"
    wb_recalc demo "$WB/demo.xlsx"
fi
if wb_run demo-en report fixtures/demo -o "$WB/demo-en.xlsx" --lang en; then
    wb_py "--lang en beats the settings" "$WB/demo-en.xlsx" - "assert wb.sheets == $WB_SHEETS, wb.sheets"
fi
expect 64 "partnerfunnel: option '--lang': 'de' is not one of en, fr
Try 'partnerfunnel report --help' for more information." -- report fixtures/demo --lang de
expect 64 "partnerfunnel: option '-o' needs a value
Try 'partnerfunnel report --help' for more information." -- report fixtures/demo -o

# ---- no deals file: figures after signature are n/a, never 0, and no formula divides by them ----
mkdir -p "$WB/only-partners"
cp fixtures/crm/canonical/partners.csv "$WB/only-partners/"
if wb_run no-deals report --partners "$WB/only-partners/partners.csv" --as-of 2025-06-30 \
    -o "$WB/no-deals.xlsx" --json "$WB/no-deals.json"; then
    wb_py "no deals" "$WB/no-deals.xlsx" "$WB/no-deals.json" "
$WB_AGAINST_JSON
for n in ('ActivePartners', 'ActiveRate6m', 'BadRecruits', 'CostPerBadRecruit', 'MedianDaysToFirstDeal',
          'FirstDealWithin100Days'):
    assert wb.named(n) == 'n/a', (n, wb.named(n))
assert wb.named('MaturePartners') == 7
"
    wb_recalc no-deals "$WB/no-deals.xlsx"
fi

# ---- the default path: reports/partner-recruitment-<as_of>.xlsx, the folder created ----
ROOT=$(pwd)
case $BIN in /*) ABS_BIN=$BIN ;; *) ABS_BIN=$ROOT/$BIN ;; esac
mkdir -p "$WB/cwd"
if (cd "$WB/cwd" && "$ABS_BIN" report "$ROOT/fixtures/crm/canonical" --as-of 2025-06-30 >"$TMP/out" 2>"$TMP/err"); then
    if [ -f "$WB/cwd/reports/partner-recruitment-2025-06-30.xlsx" ] &&
        grep -qF "Workbook written to reports/partner-recruitment-2025-06-30.xlsx" "$TMP/out"; then pass
    else fail "workbook: default path: no reports/partner-recruitment-2025-06-30.xlsx ($(cat "$TMP/out"))"; fi
else
    fail "workbook: default path: exit $? ($(cat "$TMP/err"))"
fi
# --json alone writes no workbook
if (cd "$WB/cwd" && rm -rf reports && "$ABS_BIN" report "$ROOT/fixtures/crm/canonical" --as-of 2025-06-30 \
    --json - >/dev/null 2>&1) && [ ! -e "$WB/cwd/reports" ]; then pass
else fail "workbook: --json alone wrote a workbook"; fi

# ---- failures leave the previous file as it was, and no temporary ----
cp "$WB/canonical.xlsx" "$WB/keep.xlsx"
cp "$WB/keep.xlsx" "$WB/keep.copy"
expect 73 "partnerfunnel: $WB/keep.xlsx/report.xlsx: cannot create: Not a directory" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 -o "$WB/keep.xlsx/report.xlsx"
expect 73 "partnerfunnel: $WB/none/report.xlsx: cannot create: No such file or directory" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 -o "$WB/none/report.xlsx"
printf '[report]\nlang = de\n' >"$WB/bad.ini"
expect 78 "partnerfunnel: $WB/bad.ini:2: key 'lang' in [report]: 'de' is not one of en, fr
>>> lang = de" -- report fixtures/crm/canonical --config "$WB/bad.ini" -o "$WB/keep.xlsx"
if cmp -s "$WB/keep.xlsx" "$WB/keep.copy"; then pass; else fail "workbook: a settings error changed the previous file"; fi
mkdir -p "$WB/adir.xlsx"
expect 73 "partnerfunnel: $WB/adir.xlsx: is a folder, not a file: nothing written" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 -o "$WB/adir.xlsx"
# a write that fails half-way (the file size limit stands in for a full disk)
(
    ulimit -f 16 2>/dev/null
    trap '' XFSZ
    "$BIN" report fixtures/crm/canonical --as-of 2025-06-30 --lang fr -o "$WB/keep.xlsx" >"$TMP/out" 2>"$TMP/err"
    echo $? >"$TMP/status"
)
if [ "$(cat "$TMP/status")" = 74 ] && [ "$(cat "$TMP/err")" = "partnerfunnel: $WB/keep.xlsx: cannot write: File too large in $WB" ]
then pass; else fail "workbook: write failure: status $(cat "$TMP/status") ($(cat "$TMP/err"))"; fi
if cmp -s "$WB/keep.xlsx" "$WB/keep.copy"; then pass; else fail "workbook: a failed write changed the previous file"; fi
no_temporary "failed runs" "$WB"

# ---- input text is text: never a formula, cut at Excel's limit with a warning ----
mkdir -p "$WB/text"
python3 - "$WB/text/partners.csv" <<'EOF'
import sys
rows = [("T1", "=HYPERLINK(\"http://example.com\",\"x\")"), ("T2", "+33 1 23 45 67 89"), ("T3", "-2"),
        ("T4", "@SUM(A1)"), ("T5", "x" * 40000)]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("partner_id,name,listed_on,Partner id\n")  # an extra column named like one of ours
    for pid, name in rows:
        f.write('%s,"%s",2025-01-01,=1+1\n' % (pid, name.replace('"', '""')))
EOF
"$BIN" report "$WB/text" --as-of 2025-06-30 -o "$WB/text.xlsx" >"$TMP/out" 2>"$TMP/err"
status=$?
if [ "$status" -eq 0 ] && [ "$(cat "$TMP/err")" = "partnerfunnel: warning: 1 text longer than Excel's 32,767 characters cut in the workbook (first: Partners!B6)" ]
then pass; else fail "workbook: long text: status $status, stderr [$(cat "$TMP/err")]"; fi
expect_stdout_has "    $WB/text/partners.csv:6: column 'name': a text of 40000 characters, longer than a spreadsheet cell holds (32,767): the workbook shows it cut" -- \
    validate "$WB/text"
wb_py "input text stays text" "$WB/text.xlsx" - "
cells = wb.cells('Partners')
assert cells['B2'] == ('=HYPERLINK(\"http://example.com\",\"x\")', None), cells['B2']
assert cells['B3'] == ('+33 1 23 45 67 89', None) and cells['B4'] == ('-2', None) and cells['B5'] == ('@SUM(A1)', None)
cut = cells['B6'][0]
assert len(cut.encode('utf-16-le')) // 2 == 32767 and cut.endswith('[cut: longer than Excel allows]'), len(cut)
assert not any(f for _, f in cells.values()), 'a formula on the Partners sheet'
header = [cells[c + '1'][0] for c in ('A', 'AA')]
assert header == ['Partner id', 'Partner id (2)'], header
assert cells['AA2'] == ('=1+1', None)
table = [wb.xml(n) for n in wb.zip.namelist() if n.startswith('xl/tables/') and 'PartnerList1' in wb.xml(n)][0]
assert 'name=\"Partner id\"' in table and 'name=\"Partner id (2)\"' in table, table
"
