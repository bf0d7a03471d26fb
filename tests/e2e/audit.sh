# audit.sh — end-to-end cases of `partnerfunnel audit` (issue 12), sourced by tests/e2e.sh (uses expect,
# expect_stdout_has, pass, fail, $BIN and $TMP). R is not installed here: process adherence is recounted by
# an independent python3 script from the raw CSV of fixtures/crm/canonical, and every Fisher p-value is
# recomputed by python3's own hypergeometric sum (below, AUDIT_FISHER: R's fisher.test rule, tables no more
# likely than the observed one, relative tolerance 1e-7). Hard-coded values were printed by that function
# (python3 -c "$AUDIT_FISHER
# print(repr(fisher(33, 23, 12, 43)), repr(fisher(31, 25, 14, 41)), repr(fisher(4, 0, 0, 3)))")
# → 9.466394103540415e-05 0.0018883152610404297 0.02857142857142857 (the last is 1/35, by hand).

AUDIT_FISHER='
from math import comb
def fisher(a, b, c, d):
    r1, c1, n = a + b, a + c, a + b + c + d
    lo, hi = max(0, c1 - (n - r1)), min(r1, c1)
    prob = lambda x: comb(r1, x) * comb(n - r1, c1 - x) / comb(n, c1)
    p0 = prob(a)
    return min(1.0, sum(prob(x) for x in range(lo, hi + 1) if prob(x) <= p0 * (1 + 1e-7)))
def close(a, b, rel=1e-9):
    return a is not None and abs(a - b) <= rel * max(abs(b), 1e-300)
'

audit_py() { # audit_py NAME JSON CODE: python check with d (the audit JSON) in scope
    if python3 -c "
import json, sys, csv, datetime
$AUDIT_FISHER
d = json.load(open(sys.argv[1]))
$3
" "$2" 2>"$TMP/py"; then pass; else fail "audit: $1: $(tail -n 3 "$TMP/py")"; fi
}

# ---- help and usage errors ----
expect_stdout_has "Usage: partnerfunnel audit [DIR]" -- audit --help
expect_stdout_has "audit      diagnose partner recruitment" -- --help
expect 64 "partnerfunnel: option '--lang': 'de' is not one of en, fr
Try 'partnerfunnel audit --help' for more information." -- audit fixtures/crm/canonical --lang de
expect 66 "partnerfunnel: no partners.csv in the current folder; give the export's folder, or --partners FILE" -- \
    audit --json -
expect 64 "partnerfunnel: option '--as-of': 'soon' is not a date YYYY-MM-DD (the one form the command line takes: it cannot be read two ways)
Try 'partnerfunnel audit --help' for more information." -- audit fixtures/crm/canonical --as-of soon --json -
expect 66 "partnerfunnel: $TMP/none: cannot open folder: No such file or directory" -- audit "$TMP/none" --json -
expect 73 "partnerfunnel: $TMP/none/audit.json: cannot create: No such file or directory" -- \
    audit fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/none/audit.json"

# ---- the canonical export as of 2025-06-30: adherence recounted from the raw files ----
if "$BIN" audit fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/audit-canonical.json" >"$TMP/out" 2>"$TMP/err"
then
    pass
    audit_py "canonical adherence against an independent count" "$TMP/audit-canonical.json" '
import calendar
D = lambda s: datetime.date.fromisoformat(s) if s else None
as_of = datetime.date(2025, 6, 30)
def add_months(day, n):
    y, m = divmod(day.month - 1 + n, 12)
    y += day.year; m += 1
    return datetime.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))
partners = list(csv.DictReader(open("fixtures/crm/canonical/partners.csv", encoding="utf-8")))
deals = list(csv.DictReader(open("fixtures/crm/canonical/deals.csv", encoding="utf-8")))
counts = {}
for p in partners:
    signed = D(p["signed_on"])
    if not signed or add_months(signed, 6) > as_of:
        continue
    mark = add_months(signed, 6)
    ended = D(p["ended_on"])
    won = [x for x in deals if x["partner_id"] == p["partner_id"] and x["status"] == "won" and x["closed_on"]
           and signed <= D(x["closed_on"]) <= min(mark, as_of)]
    active = bool(won) and not (ended and ended < mark)
    for step, col in (("application", "applied_on"), ("committee", "committee_on"),
                      ("business_plan", "business_plan_on"), ("kickoff", "kickoff_on")):
        done = bool(p[col]) and D(p[col]) <= as_of
        key = (step, "with" if done else "without")
        m, a = counts.get(key, (0, 0))
        counts[key] = (m + 1, a + active)
for step in ("application", "committee", "business_plan", "kickoff"):
    got = d["adherence"][step]
    for side in ("with", "without"):
        m, a = counts.get((step, side), (0, 0))
        assert (got[side]["mature"], got[side]["active"]) == (m, a), (step, side, got[side], m, a)
    (m1, a1), (m0, a0) = counts.get((step, "with"), (0, 0)), counts.get((step, "without"), (0, 0))
    assert close(got["share_with"], m1 / (m1 + m0)), (step, got["share_with"])
    if m1 and m0:
        assert close(got["fisher_p"], fisher(a1, m1 - a1, a0, m0 - a0)), (step, got["fisher_p"])
    else:
        assert got["fisher_p"] is None, step
# hand-checked: kickoff 4 of 4 active with, 0 of 3 without: fisher(4, 0, 0, 3) = 1/35
assert close(d["adherence"]["kickoff"]["fisher_p"], 0.028571428571428571), d["adherence"]["kickoff"]
# business plan: 3/3 with, 1/4 without, as the report (fisher.test(matrix(c(3,1,0,3),2)) in report.sh)
assert close(d["adherence"]["business_plan"]["fisher_p"], 0.14285714285714279)
'
    audit_py "canonical keys and citations" "$TMP/audit-canonical.json" '
for key in ("as_of", "scorecard", "adherence", "times", "data_quality", "findings", "trend", "appendix"):
    assert key in d, key
assert [s["rubric"] for s in d["scorecard"]] == ["candidates", "signing_rate", "active_after_window",
                                                 "recruitment_costs"]
for s in d["scorecard"]:
    assert set(("rubric", "figures", "reference", "status")) <= set(s), s
    assert s["status"] in ("good", "watch", "poor", "not_rated"), s
# 4 of 7 active = 57 % >= 40 %: good; 38500 / 3 = 12833 EUR per bad recruit <= 15000: good
assert d["scorecard"][2]["status"] == "good" and d["scorecard"][3]["status"] == "good", d["scorecard"]
assert close(d["scorecard"][3]["figures"]["cost_per_bad_recruit"], 38500 / 3)
for name in ("to_recruit", "to_first_deal", "to_tech_autonomy", "to_sales_autonomy"):
    assert set(("partners", "events", "median_days", "median_ci_low", "median_ci_high")) <= set(d["times"][name])
# the first-deal median is the report s: 137 days (R: quantile(survfit(...), 0.5) in report.sh)
assert d["times"]["to_first_deal"]["median_days"] == 137
cols = {(c["file"], c["column"]): c for c in d["data_quality"]["columns"]}
# P003, P004, P009 have no signed_on among the 10 partners; the deals file has 2 of its rows without amount
assert close(cols[("partners", "signed_on")]["empty_share"], 3 / 10), cols[("partners", "signed_on")]
assert cols[("partners", "partner_id")]["empty_share"] == 0
assert d["data_quality"]["out_of_process_order"] >= 1  # P008 approached before it was listed
assert d["data_quality"]["implied_signatures"] == 0
def resolve(path):
    node = d
    for part in path.replace("]", "").replace("[", ".").split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node
for f in d["findings"]:
    assert set(("id", "title", "text", "money_at_stake", "cites")) <= set(f), f
    assert f["cites"], f
    for c in f["cites"]:
        resolve(c["json"])
        assert c["name"].startswith(("Audit", "Adherence")), c
ids = [f["id"] for f in d["findings"]]
assert ids == ["F%d" % (i + 1) for i in range(len(ids))], ids
money = [f["money_at_stake"] for f in d["findings"] if f["money_at_stake"] is not None]
assert money == sorted(money, reverse=True), money
# P006 and P008: past 9 months without a deal (report.sh), costing 11000 + 14000 so far
ending = [f for f in d["findings"] if f["kind"] == "consider_ending"]
assert len(ending) == 1 and ending[0]["partners"] == 2 and close(ending[0]["money_at_stake"], 25000), ending
assert len(d["trend"]) == 12 and d["trend"][-1]["as_of"] == "2025-06-30"
'
else
    fail "audit: canonical: exit $? ($(cat "$TMP/err"))"
fi

# ---- the demo export: the audit agrees with the report of the same date, Fisher recomputed ----
if "$BIN" audit fixtures/demo --json "$TMP/audit-demo.json" >"$TMP/out" 2>"$TMP/err" &&
    "$BIN" report fixtures/demo --json "$TMP/report-demo.json" >/dev/null 2>>"$TMP/err"; then
    if grep -qF "JSON de l'audit écrit dans $TMP/audit-demo.json" "$TMP/out"; then pass
    else fail "audit: demo: stdout lacks the JSON line ($(cat "$TMP/out"))"; fi
    audit_py "demo against the report" "$TMP/audit-demo.json" '
r = json.load(open(sys.argv[1].replace("audit-demo", "report-demo")))
bp, rbp = d["adherence"]["business_plan"], r["business_plan"]
for side in ("with", "without"):
    assert bp[side]["mature"] == rbp[side]["mature"] and bp[side]["active"] == rbp[side]["active"], side
assert bp["fisher_p"] == rbp["fisher_p"], (bp["fisher_p"], rbp["fisher_p"])
for step, got in d["adherence"].items():
    m1, a1, m0, a0 = got["with"]["mature"], got["with"]["active"], got["without"]["mature"], got["without"]["active"]
    assert m1 + m0 == r["active_after_6_months"]["mature_partners"], step
    if m1 and m0:
        assert close(got["fisher_p"], fisher(a1, m1 - a1, a0, m0 - a0)), (step, got["fisher_p"])
# demo tables, printed by AUDIT_FISHER: fisher(33, 23, 12, 43) and fisher(31, 25, 14, 41)
assert (bp["with"]["active"], bp["with"]["mature"], bp["without"]["active"], bp["without"]["mature"]) == (33, 56, 12, 55)
assert close(bp["fisher_p"], 9.466394103540415e-05, 1e-7), bp["fisher_p"]
assert close(d["adherence"]["kickoff"]["fisher_p"], 0.0018883152610404297, 1e-7)
assert d["trend"] == r["trend"]
a = r["active_after_6_months"]
s = d["scorecard"][2]["figures"]
assert (s["mature"], s["active"], s["rate"]) == (a["mature_partners"], a["active"], a["rate"])
# every recruiter row against the rest, recomputed
tot_m, tot_a = a["mature_partners"], a["active"]
for row in d["recruiters"]:
    m, act = row["mature"], row["active"]
    if m and tot_m - m:
        assert close(row["fisher_p"], fisher(act, m - act, tot_a - act, tot_m - m - (tot_a - act))), row
    assert row["small_numbers"] == (m < 10), row
assert d["findings"] and d["findings"][0]["kind"] == "skipped_step", d["findings"][0]
'
else
    fail "audit: demo: exit $? ($(cat "$TMP/err"))"
fi

# ---- without deals: activity is unknown, so no Fisher p and no finding that needs it ----
mkdir -p "$TMP/audit-only-partners" && cp fixtures/crm/canonical/partners.csv "$TMP/audit-only-partners/"
if "$BIN" audit --partners "$TMP/audit-only-partners/partners.csv" --as-of 2025-06-30 --json - >"$TMP/out" 2>"$TMP/err"
then
    audit_py "no deals" "$TMP/out" '
for step, got in d["adherence"].items():
    assert got["fisher_p"] is None and got["with"]["active"] is None, (step, got)
assert d["scorecard"][2]["status"] == "not_rated"
assert [f for f in d["findings"] if f["kind"] in ("skipped_step", "recruiter_below", "consider_ending")] == []
'
else
    fail "audit: no deals: exit $? ($(cat "$TMP/err"))"
fi

# ---- the audit workbook: sheets, every cited name holds the JSON's figure, recalculation, same bytes ----
AW=$TMP/audit-workbook
mkdir -p "$AW"
audit_wb() { # audit_wb NAME XLSX JSON CODE: python check with sheets, names, cell(), named() and d (the JSON)
    if python3 - "$2" "$3" >"$TMP/py" 2>&1 <<EOF
import json, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
z = zipfile.ZipFile(sys.argv[1])
book = ET.fromstring(z.read("xl/workbook.xml"))
rels = {r.get("Id"): "xl/" + r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
sheets = [s.get("name") for s in book.find(M + "sheets")]
paths = {s.get("name"): rels[s.get(R + "id")] for s in book.find(M + "sheets")}
names = {n.get("name"): n.text for n in book.find(M + "definedNames") if not n.get("name").startswith("_xlnm")}
try:
    strings = ["".join(t.text or "" for t in si.iter(M + "t")) for si in ET.fromstring(z.read("xl/sharedStrings.xml"))]
except KeyError:
    strings = []
def cell(sheet, ref):
    for c in ET.fromstring(z.read(paths[sheet])).iter(M + "c"):
        if c.get("r") == ref:
            v = c.find(M + "v")
            if c.get("t") == "s":
                return strings[int(v.text)]
            if c.get("t") == "str":
                return v.text
            return float(v.text) if v is not None else None
    return None
def named(name):
    sheet, ref = names[name].rsplit("!", 1)
    return cell(sheet.strip("'").replace("''", "'"), ref.replace(chr(36), ""))
def resolve(d, path):
    node = d
    for part in path.replace("]", "").replace("[", ".").split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node
d = json.load(open(sys.argv[2]))
$4
EOF
    then pass; else fail "audit workbook: $1: $(tail -n 3 "$TMP/py")"; fi
}
if "$BIN" audit fixtures/demo --lang en -o "$AW/demo-en.xlsx" --json "$AW/demo.json" >"$TMP/out" 2>"$TMP/err" &&
    [ ! -s "$TMP/err" ]; then
    pass
    audit_wb "cited names" "$AW/demo-en.xlsx" "$AW/demo.json" '
assert sheets == ["Scorecard", "Findings", "Process adherence", "Times", "Recruiters", "Data quality", "Trend",
                  "About"], sheets
assert d["findings"], "the demo has findings"
for f in d["findings"]:
    for c in f["cites"]:
        assert c["name"] in names, c
        want, got = resolve(d, c["json"]), named(c["name"])
        if isinstance(want, (int, float)):
            assert got is not None and abs(got - want) <= 1e-9 * max(abs(want), 1), (c, got, want)
# the Findings sheet lists them: F1 first, its names in column D
assert cell("Findings", "A5") == "F1" and d["findings"][0]["cites"][0]["name"] in cell("Findings", "D5")
assert abs(named("AuditActiveRate") - d["scorecard"][2]["figures"]["rate"]) < 1e-12
assert cell("Scorecard", "D7") == "On track" and cell("Scorecard", "D8") == "Watch", (cell("Scorecard", "D7"),)
'
    if python3 tests/recalc_check.py "$AW/demo-en.xlsx" >"$TMP/recalc" 2>&1; then pass
    else fail "audit workbook: recalculation differs: $(tail -n 3 "$TMP/recalc")"; fi
    if "$BIN" audit fixtures/demo --lang en -o "$AW/again.xlsx" >/dev/null 2>&1 &&
        cmp -s "$AW/demo-en.xlsx" "$AW/again.xlsx"; then pass
    else fail "audit workbook: two runs differ"; fi
else
    fail "audit workbook: demo: exit $? ($(cat "$TMP/err"))"
fi
# French by the demo's settings; the default path when neither -o nor --json is given
ROOT=$(pwd)
case $BIN in /*) ABS_BIN=$BIN ;; *) ABS_BIN=$ROOT/$BIN ;; esac
mkdir -p "$AW/cwd"
if (cd "$AW/cwd" && "$ABS_BIN" audit "$ROOT/fixtures/demo" >"$TMP/out" 2>"$TMP/err") &&
    [ -f "$AW/cwd/reports/partner-audit-2026-10-31.xlsx" ] &&
    grep -qF "Classeur de l'audit écrit dans reports/partner-audit-2026-10-31.xlsx" "$TMP/out"; then
    pass
    audit_wb "French" "$AW/cwd/reports/partner-audit-2026-10-31.xlsx" "$AW/demo.json" '
assert sheets == ["Tableau de bord", "Constats", "Respect du processus", "Délais", "Recruteurs",
                  "Qualité des données", "Tendance", "À propos"], sheets
assert cell("Tableau de bord", "D7") == "Conforme", cell("Tableau de bord", "D7")
'
else
    fail "audit workbook: default path: $(cat "$TMP/out" "$TMP/err")"
fi
expect 73 "partnerfunnel: $AW/none/audit.xlsx: cannot create: No such file or directory" -- \
    audit fixtures/demo -o "$AW/none/audit.xlsx"

# ---- --prospects --criteria: eligible prospects per profile, as score counts them on the same files ----
expect 64 "partnerfunnel: --prospects and --criteria go together
Try 'partnerfunnel audit --help' for more information." -- \
    audit fixtures/demo --prospects fixtures/criteria/sirene-sample.csv --json -
expect 64 "partnerfunnel: --id-column needs --prospects
Try 'partnerfunnel audit --help' for more information." -- audit fixtures/demo --id-column siret --json -
expect 65 "partnerfunnel: fixtures/criteria/sirene-sample.csv:1: column 'nope': no such column in the header (--id-column)" -- \
    audit fixtures/demo --prospects fixtures/criteria/sirene-sample.csv \
    --criteria fixtures/criteria/sirene-criteria.csv --id-column nope --json -
if "$BIN" audit --partners fixtures/criteria/partners-sample.csv --as-of 2025-06-30 \
    --prospects fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv \
    --id-column siret --json "$TMP/audit-prospects.json" -o "$AW/prospects.xlsx" >/dev/null 2>"$TMP/err" &&
    "$BIN" score fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv \
        --partners fixtures/criteria/partners-sample.csv --id-column siret --json "$TMP/score.json" >/dev/null 2>&1
then
    audit_py "prospects as score counts them" "$TMP/audit-prospects.json" '
s = json.load(open(sys.argv[1].replace("audit-prospects", "score")))
p = d["scorecard"][0]["figures"]["prospects"]
got = [(x["eligible"], x["known"]) for x in p["profiles"]]
want = [(x["eligible"], x["known"]) for x in s["profiles"]]
assert got == want and got, (got, want)
assert [x["profile"] for x in p["profiles"]] == ["integrator", "reseller"], p["profiles"]
assert p["rows_read"] == s["rows_read"] and len(p["sha256"]) == 64, p
assert close(p["profiles"][0]["share_known"], got[0][1] / got[0][0])
'
    audit_wb "prospects table" "$AW/prospects.xlsx" "$TMP/audit-prospects.json" '
p = d["scorecard"][0]["figures"]["prospects"]["profiles"]
texts = [cell("Scorecard", "A%d" % r) for r in range(1, 40)]
row = texts.index("integrator") + 1
assert cell("Scorecard", "B%d" % row) == p[0]["eligible"] and cell("Scorecard", "C%d" % row) == p[0]["known"]
'
else
    fail "audit: prospects: exit $? ($(cat "$TMP/err"))"
fi
if "$BIN" audit fixtures/demo --json - 2>/dev/null | python3 -c '
import json, sys
assert json.load(sys.stdin)["scorecard"][0]["figures"]["prospects"] is None'; then pass
else fail "audit: without --prospects the prospects figure is null"; fi

# ---- the audit rates as the monthly Summary marks: audit.c and the Summary keep their thresholds apart ----
if "$BIN" report fixtures/demo --lang en -o "$AW/summary.xlsx" >/dev/null 2>&1; then
    audit_wb "ratings as the Summary's marks" "$AW/summary.xlsx" "$AW/demo.json" '
import re
marks = {"On track": "good", "Watch": "watch", "Off track": "poor"}
root = ET.fromstring(z.read(paths["Summary"]))
formula_rows = {}
for c in root.iter(M + "c"):
    f = c.find(M + "f")
    if f is not None and f.text in ("ActiveRate6m", "CostPerBadRecruit"):
        formula_rows[f.text] = re.sub("[A-Z]", "", c.get("r"))
status = {n: marks[cell("Summary", "D" + r)] for n, r in formula_rows.items()}
assert status["ActiveRate6m"] == d["scorecard"][2]["status"], (status, d["scorecard"][2]["status"])
assert status["CostPerBadRecruit"] == d["scorecard"][3]["status"], (status, d["scorecard"][3]["status"])
'
else
    fail "audit: the demo report for the marks did not run"
fi

# ---- outputs: never over an input, and the JSON and the workbook both or neither ----
expect 64 "partnerfunnel: fixtures/demo/partners.csv: is an input of this run: nothing written (choose another output)
Try 'partnerfunnel audit --help' for more information." -- \
    audit fixtures/demo -o fixtures/demo/partners.csv
rm -f "$AW/both.json"
expect 73 "partnerfunnel: $AW/none/both.xlsx: cannot create: No such file or directory" -- \
    audit fixtures/demo --json "$AW/both.json" -o "$AW/none/both.xlsx"
if [ ! -e "$AW/both.json" ]; then pass; else fail "audit: a refused workbook left the JSON written"; fi

# ---- findings read as sentences: steps by their names, p-values as "p = 0.007" or "p < 0.001", no exponent ----
"$BIN" audit fixtures/demo --lang fr -o "$AW/findings-fr.xlsx" --json "$AW/findings.json" >/dev/null 2>&1
if python3 - "$AW/findings.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
texts = [f["title"] + " " + f["text"] for f in d["findings"]]
assert not any("e-0" in t or "business_plan" in t for t in texts), texts
assert "step “Joint business plan”" in texts[0] and "(Fisher's exact test: p < 0.001)" in texts[0], texts[0]
assert any("(Fisher's exact test: p = 0.007)" in t for t in texts), texts
PY
then pass; else fail "audit: a finding's text has an exponent or a column name"; fi
strings=$(unzip -p "$AW/findings-fr.xlsx" xl/sharedStrings.xml)
case $strings in
*"(test exact de Fisher : p &lt; 0,001)"*"(test exact de Fisher : p = 0,007)"*) pass ;;
*) fail "audit: the French Findings sheet does not give p as 'p &lt; 0,001' and 'p = 0,007'" ;;
esac

# ---- the terminal summary in plain words, in the settings' language (the demo's is French) ----
expect_stdout_has "  Partenaires actifs après l'intégration                         40,5 %  Conforme" -- \
    audit fixtures/demo -o "$AW/summary-fr.xlsx"
expect_stdout_has "4 constats, enjeu total de 1 273 679 EUR" -- audit fixtures/demo -o "$AW/summary-fr.xlsx"
expect_stdout_has "  Cost per bad recruit                                       33,507 EUR  Watch" -- \
    audit fixtures/demo --lang en --json "$AW/summary-en.json"
"$BIN" audit fixtures/demo --lang en --json "$AW/summary-en.json" >"$AW/summary-en.txt" 2>&1
if grep -qE "not_rated|active_after_window|signing_rate" "$AW/summary-en.txt"; then
    fail "audit summary: identifiers instead of words: $(cat "$AW/summary-en.txt")"; else pass; fi
