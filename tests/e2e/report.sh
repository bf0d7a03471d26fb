# report.sh — end-to-end cases of `partnerfunnel report` (sourced by tests/e2e.sh: uses expect,
# expect_stdout_has, pass, fail, $BIN and $TMP). JSON is checked with python3's standard json module.
#
# Expected figures for fixtures/crm/canonical as of 2025-06-30, worked out by hand from the ten rows
# (and the survival figures with R 4.2.2 / survival 3.5-3):
#   funnel 10 10 9 8 7 7 4 4 (P006's earlier stages implied); 7 signed, all mature; active P001 P005 P007
#   P010 = 4; bad recruits P002 13500 + P006 11000 + P008 14000 = 38500, 12833.33 each; mature partners'
#   cost 138301.90 / 4 active = 34575.475; overhead 40000 (not folded in);
#   time to first deal: events at 45 101 109 137 days, censored 210 (P002 ended) 380 424 →
#     R: quantile(survfit(Surv(c(45,210,101,424,109,380,137), c(1,0,1,0,1,0,1)) ~ 1), 0.5) → 137, 101, NA;
#     1 − S(100) = 1/7; log-rank by kickoff chi2 5.6286852148902042, p 0.017668879141542193;
#   business plan with 3/3 active, without 1/4, fisher.test(matrix(c(3,1,0,3),2))$p.value 0.14285714285714279;
#   at risk: P006 (424 days) and P008 (380 days) to consider ending at 9 months.

report_json() { # python3 check of the JSON in $TMP/out; $1 = case name, $2 = python code using d
    if python3 -c "
import json, sys, math
d = json.load(open(sys.argv[1]))
def close(a, b, rel=1e-12):
    return a is not None and abs(a - b) <= rel * max(abs(b), 1e-300)
$2
" "$TMP/out" 2>"$TMP/py"; then pass; else fail "report: $1: $(cat "$TMP/py")"; fi
}

report_run() { # runs the binary, stdout to $TMP/out; a non-zero exit is a failure of the case $1
    name=$1; shift
    if ! "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"; then fail "report: $name: exit $? ($(cat "$TMP/err"))"; return 1; fi
    if [ -s "$TMP/err" ]; then fail "report: $name: unexpected stderr [$(cat "$TMP/err")]"; return 1; fi
    return 0
}

# ---- help and usage errors ----
expect_stdout_has "Usage: partnerfunnel report [DIR]" -- report --help
expect_stdout_has "partnerfunnel report fixtures/crm/canonical --as-of 2025-06-30" -- report --help
expect_stdout_has "report     recruitment KPIs" -- --help
# DIR defaults to the current folder
expect 66 "partnerfunnel: no partners.csv in the current folder; give the export's folder, or --partners FILE" -- report
expect 64 "partnerfunnel: unexpected argument 'extra'
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical extra
expect 64 "partnerfunnel: unknown option '--bogus'
Try 'partnerfunnel report --help' for more information." -- report --bogus fixtures/crm/canonical
expect 64 "partnerfunnel: option '--json' needs a value
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical --json
expect 64 "partnerfunnel: option '--as-of': '2025-02-30': day does not exist in that month
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical --as-of 2025-02-30
expect 64 "partnerfunnel: option '--as-of': 'yesterday' is not a date YYYY-MM-DD (the one form the command line takes: it cannot be read two ways)
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical --as-of yesterday
expect 66 "partnerfunnel: $TMP/none: cannot open folder: No such file or directory" -- report "$TMP/none"
expect 73 "partnerfunnel: $TMP/none/report.json: cannot create: No such file or directory" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/none/report.json"
expect 64 "partnerfunnel: option '--as-of': '': no date given (expected YYYY-MM-DD)
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical --as-of ""
# every command takes a command-line date the same way: YYYY-MM-DD only (05/06/2025 could be read two ways)
expect 64 "partnerfunnel: option '--as-of': '05/06/2025' is not a date YYYY-MM-DD (the one form the command line takes: it cannot be read two ways)
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical --as-of 05/06/2025
expect 64 "partnerfunnel: option '--as-of': '1899-12-31' is before 1900, which Excel cannot show
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/canonical --as-of 1899-12-31

# ---- the canonical export, as of 2025-06-30 ----
if report_run canonical report fixtures/crm/canonical --as-of 2025-06-30 --json -; then
    cp "$TMP/out" "$TMP/report-canonical.json"
    report_json "JSON summary keys" '
need = {
 "as_of": [], "inputs": ["partners", "deals", "costs"], "rejects": [], "funnel": [],
 "active_after_6_months": ["mature_partners", "active", "rate", "ci_low", "ci_high"],
 "bad_recruits": ["count", "total_cost", "cost_per_bad_recruit"], "cost_per_active_partner": [],
 "time_to_first_deal": ["partners", "events", "median_days", "median_ci_low", "median_ci_high",
   "p_within_100_days", "p_within_100_days_ci_low", "p_within_100_days_ci_high"],
 "hundred_day_plan": ["logrank_chi2", "logrank_p"], "business_plan": ["with", "without", "fisher_p"],
 "at_risk": ["behind_100_days", "review_6_months", "consider_ending_9_months"],
 "segments": ["category", "market", "source", "recruiter", "cohort"]}
for k, sub in need.items():
    assert k in d, k
    for s in sub: assert s in d[k], (k, s)
for f in ("partners", "deals", "costs"):
    for s in ("path", "sha256", "rows_read", "rows_accepted", "rows_rejected", "warnings"):
        assert s in d["inputs"][f], (f, s)
for row in ("with", "without"):
    for s in ("mature", "active", "rate"): assert s in d["business_plan"][row], (row, s)
for stage in d["funnel"]:
    assert set(("stage", "reached", "conversion_from_previous", "ci_low", "ci_high")) <= set(stage), stage
for kind, rows in d["segments"].items():
    for row in rows:
        assert set(("value", "listed", "signed", "mature", "active", "rate", "ci_low", "ci_high")) <= set(row), row
'
    report_json "funnel" '
assert d["as_of"] == "2025-06-30"
assert [s["stage"] for s in d["funnel"]] == ["listed", "approached", "applied", "reviewed", "approved",
    "signed", "kicked_off", "first_deal"]
assert [s["reached"] for s in d["funnel"]] == [10, 10, 9, 8, 7, 7, 4, 4], d["funnel"]
assert d["funnel"][0]["conversion_from_previous"] is None and d["funnel"][0]["ci_low"] is None
assert close(d["funnel"][2]["conversion_from_previous"], 0.9)
assert close(d["funnel"][7]["conversion_from_previous"], 4 / 7)
assert d["funnel"][1]["implied"] == 1 and d["funnel"][2]["implied"] == 1 and d["funnel"][3]["implied"] == 1
'
    report_json "activity and costs" '
a = d["active_after_6_months"]
assert a["mature_partners"] == 7 and a["active"] == 4 and close(a["rate"], 4 / 7)
assert close(a["ci_low"], 0.25045836452765724, 1e-13) and close(a["ci_high"], 0.84178014474853013, 1e-13)
b = d["bad_recruits"]
assert b["count"] == 3 and close(b["total_cost"], 38500) and close(b["cost_per_bad_recruit"], 38500 / 3)
assert close(d["cost_per_active_partner"], 138301.9 / 4)
assert close(d["overhead"]["total"], 40000)
assert d["overhead"]["by_category"] == [{"category": "overhead", "amount": 40000.0, "lines": 2}]
'
    report_json "time to first deal" '
t = d["time_to_first_deal"]
assert t["partners"] == 7 and t["events"] == 4
assert t["median_days"] == 137 and t["median_ci_low"] == 101 and t["median_ci_high"] is None
assert close(t["p_within_100_days"], 1 / 7) and t["p_within_100_days_ci_low"] == 0
assert close(t["p_within_100_days_ci_high"], 0.3665534709878504, 1e-13)
assert t["naive_among_partners_with_a_deal"]["mean_days"] == 98
h = d["hundred_day_plan"]
assert close(h["logrank_chi2"], 5.6286852148902042, 1e-12) and close(h["logrank_p"], 0.017668879141542193, 1e-12)
'
    report_json "business plan, at risk, segments" '
bp = d["business_plan"]
assert bp["with"]["mature"] == 3 and bp["with"]["active"] == 3 and bp["with"]["rate"] == 1
assert bp["without"]["mature"] == 4 and bp["without"]["active"] == 1 and bp["without"]["rate"] == 0.25
assert close(bp["fisher_p"], 0.14285714285714279, 1e-12)
r = d["at_risk"]
assert (r["behind_100_days"], r["review_6_months"], r["consider_ending_9_months"]) == (0, 0, 2)
assert [(p["partner_id"], p["days_since_signing"]) for p in r["partners"]["consider_ending_9_months"]] == \
    [("P006", 424), ("P008", 380)]
cat = {s["value"]: s for s in d["segments"]["category"]}
assert list(cat) == sorted(cat, key=lambda v: v.encode()), list(cat)
assert (cat["integrator"]["listed"], cat["integrator"]["signed"], cat["integrator"]["active"]) == (3, 2, 2)
assert cat["reseller"]["active"] == 0 and cat["reseller"]["rate"] == 0
assert [c["value"] for c in d["segments"]["cohort"]] == ["2024-Q1", "2024-Q2", "2024-Q3"]
assert [c["listed"] for c in d["segments"]["cohort"]] == [2, 4, 1]
rec = {s["value"]: s for s in d["segments"]["recruiter"]}
assert rec["Jean Dupont"]["applications"] == 3 and rec["Jean Dupont"]["median_days_to_sign"] == 51.5
assert d["time_to_recruit"]["median_days"] == 45.5
'
fi

# ---- the same export in other dialects gives the same figures (only paths, hashes, headers differ) ----
for dialect in french-excel tsv-bom crm-mapped; do
    if report_run "$dialect" report "fixtures/crm/$dialect" --as-of 2025-06-30 --json -; then
        if python3 -c "
import json, sys
def figures(path):
    d = json.load(open(path))
    for k in ('inputs', 'settings', 'warnings', 'rejects'): d.pop(k)
    return d
a, b = figures(sys.argv[1]), figures(sys.argv[2])
diff = [k for k in a if a[k] != b.get(k)]
assert not diff, diff
" "$TMP/report-canonical.json" "$TMP/out" 2>"$TMP/py"; then pass; else fail "report: $dialect differs: $(cat "$TMP/py")"; fi
    fi
done

# ---- no deals file: exit 0, every figure after signature null, and the report says so ----
# (a folder holding partners.csv alone: --partners F reads the deals.csv and costs.csv beside F)
mkdir -p "$TMP/only-partners"
cp fixtures/crm/canonical/partners.csv "$TMP/only-partners/"
if report_run no-deals report --partners "$TMP/only-partners/partners.csv" --as-of 2025-06-30 --json -; then
    report_json "no deals file" '
assert d["deals_available"] is False and d["inputs"]["deals"]["present"] is False
assert any("no deals file" in n for n in d["notes"])
assert d["funnel"][7]["reached"] is None and d["funnel"][7]["conversion_from_previous"] is None
assert d["funnel"][5]["reached"] == 7
a = d["active_after_6_months"]
assert a["mature_partners"] == 7 and a["active"] is None and a["rate"] is None and a["ci_low"] is None
assert d["bad_recruits"] == {"count": None, "total_cost": None, "cost_per_bad_recruit": None}
assert d["cost_per_active_partner"] is None
t = d["time_to_first_deal"]
assert t["partners"] == 7 and t["events"] is None and t["median_days"] is None and t["p_within_100_days"] is None
assert d["hundred_day_plan"]["logrank_chi2"] is None and d["hundred_day_plan"]["logrank_p"] is None
assert d["business_plan"]["fisher_p"] is None and d["business_plan"]["with"]["active"] is None
assert all(d["at_risk"][k] is None for k in ("behind_100_days", "review_6_months", "consider_ending_9_months"))
assert d["overhead"]["total"] is None
assert all(s["active"] is None and s["rate"] is None for s in d["segments"]["category"])
'
fi
expect_stdout_has "No deals file: nothing after signature can be measured" -- \
    report --partners "$TMP/only-partners/partners.csv" --as-of 2025-06-30 -o "$TMP/no-deals.xlsx"
# --partners F alone reads deals.csv and costs.csv beside F, and says so
expect_stdout_has "deals.csv read from beside the partners file (--deals names another)" -- \
    report --partners fixtures/crm/canonical/partners.csv --as-of 2025-06-30 --json "$TMP/beside.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["deals_available"] and d["inputs"]["costs"]["present"]' "$TMP/beside.json"; then
    pass; else fail "report --partners F: deals and costs beside F not read"; fi

# ---- as_of: --as-of beats [report] as_of beats today; candidates listed later are out of scope ----
printf '[report]\nas_of = 2024-03-01\n' >"$TMP/as-of.ini"
if report_run as-of-settings report fixtures/crm/canonical --config "$TMP/as-of.ini" --json -; then
    report_json "as_of from the settings" '
assert d["as_of"] == "2024-03-01"
assert d["candidates"] == {"total": 10, "in_scope": 5, "out_of_scope": 5}
assert d["funnel"][0]["reached"] == 5 and d["funnel"][5]["reached"] == 1
assert d["overhead"]["total"] == 0
'
fi
if report_run as-of-option report fixtures/crm/canonical --config "$TMP/as-of.ini" --as-of 2025-06-30 --json -; then
    report_json "--as-of beats the settings" 'assert d["as_of"] == "2025-06-30" and d["funnel"][0]["reached"] == 10'
fi
if report_run as-of-today report fixtures/crm/canonical --json -; then
    report_json "as_of defaults to today" '
import datetime
assert d["as_of"] == datetime.date.today().isoformat(), d["as_of"]
'
fi

# ---- plain-text summary, and --json FILE ----
expect_stdout_has "Active 6 months after signing: 4 of the 7 partners signed at least 6 months ago (57.1%, 95% range 25.0% to 84.2%)" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 -o "$TMP/summary.xlsx"
expect_stdout_has "Cost per active partner: 34,575 EUR (programme overhead of 40,000 EUR not included, shown apart)" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 -o "$TMP/summary.xlsx"
expect_stdout_has "JSON summary written to $TMP/report.json" -- \
    report fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/report.json"
if cmp -s "$TMP/report.json" "$TMP/report-canonical.json"; then pass; else fail "report: --json FILE differs from --json -"; fi

# ---- contracts signed in the month and year of as_of: one figure, in the JSON and on the workbook's Summary ----
if report_run demo-signings report fixtures/demo --json -; then
    report_json "contracts signed in the month and year to date" '
assert d["contracts_signed"] == {"in_month": 2, "year_to_date": 29, "month_start": "2026-10-01", "year_start": "2026-01-01"}, d["contracts_signed"]
'
fi

# p-values as the workbook shows them: three decimals, "p < 0.001" below (never "p = 0" or "2.75e-06")
expect_stdout_has "Partners who started the 100-day plan reached their first deal faster (log-rank p < 0.001)." -- report fixtures/demo --lang en --json "$TMP/p.json"
expect_stdout_has "without: 12 of 55 (21.8%): a clear difference (p < 0.001)" -- report fixtures/demo --lang en --json "$TMP/p.json"
expect_stdout_has "Partners who started the 100-day plan reached their first deal faster (log-rank p = 0.018)." -- report fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/p.json"

# the summary for a sales director: each rate with its base, plain words, a median not reached in words,
# and in the settings' language (the demo says lang = fr)
expect_stdout_has "First deal: 53 of 129 signed partners (41.1%, 95% range 33.0% to 49.7%)" -- report fixtures/demo --lang en --json "$TMP/p.json"
expect_stdout_has "  started the 100-day plan           66  51.2% of signed (42.6% - 59.6%)" -- report fixtures/demo --lang en --json "$TMP/p.json"
expect_stdout_has "Time to first deal: fewer than half of the signed partners have one yet (44.4% by day 1303)" -- report fixtures/demo --lang en --json "$TMP/p.json"
expect_stdout_has "Time to first deal: half of the signed partners have one within 137 days (95% range from 101 days, upper limit not reached yet)" -- report fixtures/crm/canonical --as-of 2025-06-30 --json "$TMP/p.json"
expect_stdout_has "Première affaire : 53 des 129 partenaires signés (41,1 %, fourchette à 95 % de 33,0 % à 49,7 %)" -- report fixtures/demo --json "$TMP/p.json"
expect_stdout_has "Actifs 6 mois après la signature : 45 des 111 partenaires signés depuis au moins 6 mois" -- report fixtures/demo --json "$TMP/p.json"
expect_stdout_has "Mauvais recrutements (signés depuis au moins 6 mois, inactifs) : 66, pour un coût total de 2 211 459 EUR, soit 33 507 EUR chacun" -- report fixtures/demo --json "$TMP/p.json"
expect_stdout_has "Résumé JSON écrit dans $TMP/p.json" -- report fixtures/demo --json "$TMP/p.json"
"$BIN" report fixtures/demo --lang en --json "$TMP/p.json" >"$TMP/summary-en.txt" 2>&1
if grep -qE "mature|kicked_off|censored|n/a days|e-[0-9]" "$TMP/summary-en.txt"; then
    fail "report summary: jargon or raw numbers: $(grep -E "mature|kicked_off|censored|n/a days|e-[0-9]" "$TMP/summary-en.txt")"; else pass; fi

# built-in French header names: the demo export without its settings file gives the same figures (encoding,
# delimiter, decimal mark and date order are detected; SIREN/SIRET is then an unknown column)
mkdir -p "$TMP/noini"
cp fixtures/demo/partners.csv fixtures/demo/deals.csv fixtures/demo/costs.csv "$TMP/noini/"
expect 0 "" -- report "$TMP/noini" --as-of 2026-10-31 --json "$TMP/noini.json"
expect 0 "" -- report fixtures/demo --json "$TMP/withini.json"
if python3 - "$TMP/withini.json" "$TMP/noini.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("file", "path", "settings", "inputs")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
sys.exit(0 if strip(a) == strip(b) else 1)
PY
then pass; else fail "report: the demo without settings gives other figures than with them"; fi

# a column a headline figure needs, absent: a warning on the terminal, not a silent zero
expect_stdout_has "    warning: column 'kickoff_on': no column for the start of the 100-day plan: kick-offs and the plan's effect cannot be measured" -- \
    report fixtures/crm/bad-rows --as-of 2025-06-30 --json "$TMP/bad-report.json"

# the unknown columns of deals.csv and costs.csv are ignored: the report names them
mkdir -p "$TMP/ignored"
cp fixtures/crm/canonical/partners.csv "$TMP/ignored/"
sed '1s/$/,Notes,Owner/; 2,$s/$/,,/' fixtures/crm/canonical/deals.csv >"$TMP/ignored/deals.csv"
expect_stdout_has "    columns not understood, ignored: 'Notes', 'Owner'" -- report "$TMP/ignored" --as-of 2025-06-30 --lang en --json "$TMP/ignored.json"
expect_stdout_has "    colonnes non reconnues, ignorées : 'Notes', 'Owner'" -- report "$TMP/ignored" --as-of 2025-06-30 --lang fr --json "$TMP/ignored.json"
expect_stdout_has "deals.csv lu à côté du fichier des partenaires (--deals en désigne un autre)" -- \
    report --partners fixtures/crm/canonical/partners.csv --as-of 2025-06-30 --lang fr --json "$TMP/beside.json"
# without deals: what cannot be computed says so once, without a range of n/a
"$BIN" report --partners "$TMP/only-partners/partners.csv" --as-of 2025-06-30 --lang en --json "$TMP/only.json" >"$TMP/only.txt"
if grep -qx "First deal within 100 days of signing: n/a" "$TMP/only.txt" &&
    grep -q "without: n/a of 4 (n/a): cannot be compared$" "$TMP/only.txt"; then pass; else fail "report without deals: $(cat "$TMP/only.txt")"; fi
