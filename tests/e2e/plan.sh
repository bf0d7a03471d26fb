# plan.sh — end-to-end cases of `partnerfunnel plan` (sourced by tests/e2e.sh: uses expect, expect_stdout_has,
# pass, fail, $BIN and $TMP). The figures of fixtures/plan as of 2025-06-30 are worked out by hand in
# tests/test_plan.c; here: exit codes and exact messages, no output on a refusal, the JSON keys, the same
# bytes twice, the workbook's defined names and formulas recalculated by Gnumeric.

PLAN_TRY="Try 'partnerfunnel plan --help' for more information."
PLAN_IN="fixtures/plan --as-of 2025-06-30"

plan_json() { # plan_json NAME PYTHON: python3 check of the JSON in $TMP/plan.json (as d)
    if python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
def close(a, b, rel=1e-12):
    return a is not None and abs(a - b) <= rel * max(abs(b), 1e-300)
$2
" "$TMP/plan.json" 2>"$TMP/py"; then pass; else fail "plan: $1: $(tail -n 3 "$TMP/py")"; fi
}

plan_run() { # plan_run NAME ARGS...: must succeed with nothing on stderr
    name=$1; shift
    if ! "$BIN" plan "$@" >"$TMP/out" 2>"$TMP/err"; then fail "plan: $name: exit $? ($(cat "$TMP/err"))"; return 1; fi
    if [ -s "$TMP/err" ]; then fail "plan: $name: unexpected stderr [$(cat "$TMP/err")]"; return 1; fi
    return 0
}

# ---- help and usage ----
expect_stdout_has "Usage: partnerfunnel plan [DIR]" -- plan --help
expect_stdout_has "plan       from a target of active partners" -- --help
expect 64 "partnerfunnel: option '--target-active' is required: the number of active partners to reach
$PLAN_TRY" -- plan $PLAN_IN
expect 64 "partnerfunnel: option '--target-active': '0' is not a whole number from 1 to 1000000
$PLAN_TRY" -- plan $PLAN_IN --target-active 0
expect 64 "partnerfunnel: option '--target-active': 'ten' is not a whole number from 1 to 1000000
$PLAN_TRY" -- plan $PLAN_IN --target-active ten
expect 64 "partnerfunnel: option '--target-active': '-3' is not a whole number from 1 to 1000000
$PLAN_TRY" -- plan $PLAN_IN --target-active=-3
expect 64 "partnerfunnel: option '--lever': 'speed' is not a lever (the levers are quality, signing, active, cost)
$PLAN_TRY" -- plan $PLAN_IN --target-active 10 --lever speed=+10%
expect 64 "partnerfunnel: option '--lever': 'cost=-15pts': the change must be signed points or percent, as in quality=+10pts, active=+5% or cost=-15% (cost: percent only)
$PLAN_TRY" -- plan $PLAN_IN --target-active 10 --lever cost=-15pts
expect 64 "partnerfunnel: option '--draws': '0' is not a whole number from 1 to 10000000
$PLAN_TRY" -- plan $PLAN_IN --target-active 10 --draws 0
expect 64 "partnerfunnel: option '--target-date': '2026-02-30': day does not exist in that month
$PLAN_TRY" -- plan $PLAN_IN --target-active 10 --target-date 2026-02-30

# ---- refusals: one line, exit 64/65, nothing written ----
plan_refused() { # plan_refused STATUS MESSAGE ARGS...: the message, the status, and no workbook or JSON
    status=$1; message=$2; shift 2
    rm -f "$TMP/refused.xlsx" "$TMP/refused.json"
    expect "$status" "$message" -- plan "$@" -o "$TMP/refused.xlsx" --json "$TMP/refused.json"
    if [ -e "$TMP/refused.xlsx" ] || [ -e "$TMP/refused.json" ]; then fail "plan: refused run wrote output: $*"
    else pass; fi
}
plan_refused 64 "partnerfunnel: option '--target-date': 2026-01-31 is too early: a candidate listed in 2025-07 signs about 2 months later and counts as active only after the 6-month window; the earliest feasible target date is 2026-03-31
$PLAN_TRY" $PLAN_IN --target-active 10 --target-date 2026-01-31
plan_refused 64 "partnerfunnel: option '--lever': 'quality=+30pts' takes the listed-to-approached rate from 80.0% to 110.0%: outside 0-100%
$PLAN_TRY" $PLAN_IN --target-active 10 --lever quality=+30pts
plan_refused 65 "partnerfunnel: the planning cohort is empty: no candidate listed on or before 2022-12-30 (2025-06-30 minus 30 months); the export holds 17 months of history: try --cohort-months 17 or give the stage rates in [plan]" \
    $PLAN_IN --target-active 10 --cohort-months 30
plan_refused 65 "partnerfunnel: stage 'signed': no candidate of the planning cohort (listed on or before 2024-01-20) reached it (0 of 1 approved): try a longer --cohort-months or set [plan] signed_rate" \
    fixtures/plan --as-of 2024-02-20 --target-active 10 --cohort-months 1
plan_refused 65 "partnerfunnel: no mature partner as of 2024-06-30 (signed at least 6 months before): the active rate cannot be measured; set [plan] active_rate" \
    fixtures/plan --as-of 2024-06-30 --target-active 10 --cohort-months 1
mkdir -p "$TMP/no-deals" && cp fixtures/plan/partners.csv "$TMP/no-deals/"
plan_refused 65 "partnerfunnel: no deals file: the active rate cannot be measured; set [plan] active_rate" \
    "$TMP/no-deals" --as-of 2025-06-30 --target-active 10
expect 73 "partnerfunnel: /dev/full: is a device, not a file: nothing written" -- \
    plan $PLAN_IN --target-active 10 --json /dev/full
# the JSON and the workbook are one group: when the workbook cannot be written, the JSON is not either
mkdir -p "$TMP/a-folder.xlsx"
rm -f "$TMP/group.json"
if "$BIN" plan $PLAN_IN --target-active 10 --draws 100 --json "$TMP/group.json" -o "$TMP/a-folder.xlsx" \
    >/dev/null 2>&1; then fail "plan: group: a folder as the workbook was accepted"
elif [ -e "$TMP/group.json" ]; then fail "plan: group: the JSON was written without the workbook"
else pass; fi

# ---- the JSON ----
if plan_run json $PLAN_IN --target-active 10 --draws 2000 --json "$TMP/plan.json"; then
    plan_json keys '
for k in ("as_of", "target", "cohort", "rates", "needed", "budget", "cost_per_active_partner",
          "start_listing_by", "simulation", "levers", "calendar"):
    assert k in d, k
assert d["as_of"] == "2025-06-30" and d["target"] == {"active": 10, "date": "2026-12-31"}
c = d["cohort"]
assert [c[k] for k in ("cut", "listed", "approached", "applied", "reviewed", "approved", "signed")] == \
    ["2024-06-30", 10, 8, 7, 6, 5, 5], c
r = d["rates"]
assert [(r[k]["successes"], r[k]["trials"], r[k]["source"]) for k in
        ("approached", "applied", "reviewed", "approved", "signed", "active")] == \
    [(8, 10, "observed"), (7, 8, "observed"), (6, 7, "observed"), (5, 6, "observed"), (5, 5, "observed"),
     (4, 6, "observed")], r
assert close(r["active"]["value"], 4 / 6)
n = d["needed"]
assert [n[k] for k in ("listed", "approached", "applied", "reviewed", "approved", "signed", "active")] == \
    [30, 24, 21, 18, 15, 15, 10], n
assert close(d["budget"], 18300) and close(d["cost_per_active_partner"], 1830)
assert d["start_listing_by"] == "2026-04"
s = d["simulation"]
for k in ("draws", "seed", "p10", "p50", "p90", "p_target", "listing_for_80pct"):
    assert k in s, k
assert s["draws"] == 2000 and s["seed"] == 20240601 and 0 <= s["p_target"] <= 1
assert s["p10"] <= s["p50"] <= s["p90"]
assert [l["name"] for l in d["levers"]] == ["active", "cost", "quality", "signing"]
for l in d["levers"]:
    for k in ("name", "change", "needed_listed", "budget", "cost_per_active_partner", "saving"):
        assert k in l, k
    assert close(l["saving"], d["budget"] - l["budget"]) or l["saving"] == 0
assert [l["saving"] for l in d["levers"]] == sorted([l["saving"] for l in d["levers"]], reverse=True)
cal = d["calendar"]
assert len(cal) == 18 and cal[0]["month"] == "2025-07" and cal[-1]["month"] == "2026-12"
for k in ("month", "list", "approach", "sign", "mature"):
    assert k in cal[0], k
assert sum(m["list"] for m in cal) == 30 and sum(m["approach"] for m in cal) == 24
assert sum(m["sign"] for m in cal) == 15 and sum(m["mature"] for m in cal) == 15
'
fi
if plan_run json-twice $PLAN_IN --target-active 10 --draws 2000 --json "$TMP/plan2.json"; then
    if cmp -s "$TMP/plan.json" "$TMP/plan2.json"; then pass; else fail "plan: same run, different JSON"; fi
fi
if plan_run seed $PLAN_IN --target-active 10 --draws 2000 --seed 7 --json "$TMP/plan2.json"; then
    if cmp -s "$TMP/plan.json" "$TMP/plan2.json"; then fail "plan: another seed, same JSON"; else pass; fi
fi
if "$BIN" plan $PLAN_IN --target-active 10 --draws 500 --json - >"$TMP/plan.json" 2>"$TMP/err"; then
    plan_json stdout-only 'assert d["simulation"]["draws"] == 500'
else fail "plan: --json -: exit $?"; fi
if plan_run settings $PLAN_IN --target-active 10 --draws 500 --config fixtures/plan/plan-settings.ini \
    --lever cost=-50% --json "$TMP/plan.json"; then
    plan_json settings '
r = d["rates"]
assert r["active"]["source"] == "settings" and r["active"]["value"] == 0.5 and r["approached"]["source"] == "observed"
assert d["needed"]["signed"] == 20 and d["needed"]["listed"] == 40 and close(d["budget"], 40 * 200 + 20 * 960)
assert [l["name"] for l in d["levers"]] == ["cost"]
assert d["levers"][0]["change"] == "-50%" and close(d["levers"][0]["saving"], 40 * 100)
'
fi

# ---- the workbook ----
PLAN_NAMES='["NeededListed", "NeededSigned", "PlanBudget", "PlanCostPerActive", "ProbabilityOfTarget"]'
for lang in en fr; do
    if plan_run "workbook-$lang" $PLAN_IN --target-active 10 --draws 2000 --lang $lang -o "$TMP/plan-$lang.xlsx" \
        --json "$TMP/plan.json"; then
        if python3 tests/recalc_check.py "$TMP/plan-$lang.xlsx" >"$TMP/recalc" 2>&1; then pass
        else fail "plan: $lang: recalculation differs: $(tail -n 5 "$TMP/recalc")"; fi
        if python3 -c "
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
book = z.read('xl/workbook.xml').decode()
d = json.load(open(sys.argv[2]))
names = dict(re.findall(r'<definedName name=\"(\w+)\">([^<]+)</definedName>', book))
for n in $PLAN_NAMES:
    assert n in names, n
sheets = re.findall(r'<sheet name=\"([^\"]+)\"', book)
want = ['Plan', 'Calendar', 'Simulation', 'Levers', 'Sources'] if sys.argv[3] == 'en' else \
    ['Plan', 'Calendrier', 'Simulation', 'Leviers', 'Sources']
assert sheets == want, sheets
" "$TMP/plan-$lang.xlsx" "$TMP/plan.json" $lang 2>"$TMP/py"; then pass; else fail "plan: $lang names: $(tail -n 3 "$TMP/py")"; fi
    fi
done
if plan_run workbook-twice $PLAN_IN --target-active 10 --draws 2000 --lang en -o "$TMP/plan-again.xlsx"; then
    if cmp -s "$TMP/plan-en.xlsx" "$TMP/plan-again.xlsx"; then pass; else fail "plan: same run, different workbook"; fi
fi
if plan_run demo fixtures/demo --as-of 2026-10-31 --target-active 40 -o "$TMP/plan-demo.xlsx"; then
    if python3 tests/recalc_check.py "$TMP/plan-demo.xlsx" >"$TMP/recalc" 2>&1; then pass
    else fail "plan: demo: recalculation differs: $(tail -n 5 "$TMP/recalc")"; fi
fi

# ---- an export without costs: counted 0, and the summary says so ----
printf 'partner_id,listed_on,approached_on,applied_on,committee_on,decision,signed_on\nA,2024-01-01,2024-01-05,2024-01-10,2024-01-20,approved,2024-02-01\nB,2024-01-02,2024-01-06,2024-01-10,2024-01-20,approved,2024-02-01\n' >"$TMP/nocost-partners.csv"
printf 'deal_id,partner_id,status,closed_on,amount\nD,A,won,2024-03-01,1\n' >"$TMP/nocost-deals.csv"
expect_stdout_has "(no recruitment cost in the export: counted as 0; set [plan] recruitment_cost)" -- plan \
    --partners "$TMP/nocost-partners.csv" --deals "$TMP/nocost-deals.csv" --as-of 2025-06-30 --target-active 3 \
    --draws 100 --json "$TMP/nocost.json"

# ---- the summary in the workbook's language ----
expect_stdout_has "Leviers (classés par économie)" -- plan $PLAN_IN --target-active 10 --draws 100 --lang fr \
    --json "$TMP/plan-fr-summary.json"
expect_stdout_has "Budget: 18,300 EUR (1,830 EUR per active partner)" -- plan $PLAN_IN --target-active 10 \
    --draws 100 --json "$TMP/plan-en-summary.json"
