# trend.sh — end-to-end cases of the 12-month trend (issue 12) in `report --json` (sourced by tests/e2e.sh).
# The row of month end m must hold exactly the figures of `report --as-of m --json`: each of the twelve rows is
# compared with a separate run of the report as of its month end, value for value (python3's json, no
# tolerance: both come from the same doubles).

# trend_check NAME AS_OF LAST_MONTH_END: report --json as of AS_OF on fixtures/demo, twelve month ends ending
# at LAST_MONTH_END, each equal to its own report.
trend_check() {
    name=$1 as_of=$2 last=$3
    if ! "$BIN" report fixtures/demo --as-of "$as_of" --json "$TMP/trend.json" >/dev/null 2>"$TMP/err"; then
        fail "trend: $name: exit $? ($(cat "$TMP/err"))"
        return
    fi
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ends = [t["as_of"] for t in d["trend"]]
assert len(ends) == 12, ends
assert ends[-1] == sys.argv[2], (ends[-1], sys.argv[2])
assert ends == sorted(ends) and len(set(e[:7] for e in ends)) == 12, ends
print("\n".join(ends))
' "$TMP/trend.json" "$last" >"$TMP/ends" 2>"$TMP/py" || { fail "trend: $name: $(cat "$TMP/py")"; return; }
    while read -r end; do
        if ! "$BIN" report fixtures/demo --as-of "$end" --json "$TMP/month-$end.json" >/dev/null 2>"$TMP/err"; then
            fail "trend: $name: report --as-of $end: exit $? ($(cat "$TMP/err"))"
            return
        fi
    done <"$TMP/ends"
    if python3 -c '
import json, sys
trend = json.load(open(sys.argv[1]))["trend"]
for row in trend:
    r = json.load(open(sys.argv[2] + "/month-" + row["as_of"] + ".json"))
    funnel = {f["stage"]: f["reached"] for f in r["funnel"]}
    a = r["active_after_6_months"]
    want = {
        "as_of": r["as_of"], "listed": funnel["listed"], "signed": funnel["signed"],
        "mature": a["mature_partners"], "active": a["active"], "rate": a["rate"], "ci_low": a["ci_low"],
        "ci_high": a["ci_high"], "bad_recruits": r["bad_recruits"]["count"],
        "cost_per_bad_recruit": r["bad_recruits"]["cost_per_bad_recruit"],
        "cost_per_active_partner": r["cost_per_active_partner"],
        "median_days_to_first_deal": r["time_to_first_deal"]["median_days"],
        "p_within_100_days": r["time_to_first_deal"]["p_within_100_days"],
        "at_risk": {k: r["at_risk"][k] for k in ("behind_100_days", "review_6_months", "consider_ending_9_months")},
    }
    for key, value in want.items():
        assert row[key] == value, (row["as_of"], key, row[key], value)
    assert r["trend"][-1] == row, (row["as_of"], "its own trend ends with itself")
' "$TMP/trend.json" "$TMP" 2>"$TMP/py"; then pass; else fail "trend: $name: $(cat "$TMP/py")"; fi
}

# as_of a month end: the last row is as_of itself
trend_check "demo at a month end" 2026-10-31 2026-10-31
# as_of inside a month: the last row is the previous month end; February's end in a leap year on the way
trend_check "demo mid-month" 2024-03-15 2024-02-29

# the figures move over the year on the demo export (a trend that never changes would prove nothing)
if "$BIN" report fixtures/demo --as-of 2026-10-31 --json - >"$TMP/out" 2>"$TMP/err" && python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["trend"]
assert t[0]["listed"] < t[-1]["listed"] and t[0]["signed"] < t[-1]["signed"], (t[0], t[-1])
assert t[0]["as_of"] == "2025-11-30", t[0]["as_of"]
' "$TMP/out" 2>"$TMP/py"; then pass; else fail "trend: demo moves: $(cat "$TMP/py") $(cat "$TMP/err")"; fi

# without deals.csv the figures after signature are null in every row, as in the report
mkdir -p "$TMP/nodeals" && cp fixtures/demo/partners.csv fixtures/demo/partnerfunnel.ini "$TMP/nodeals/"
if "$BIN" report "$TMP/nodeals" --as-of 2026-10-31 --json - >"$TMP/out" 2>"$TMP/err" && python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["trend"]
assert len(t) == 12
for row in t:
    assert row["active"] is None and row["rate"] is None and row["bad_recruits"] is None, row
    assert row["at_risk"]["review_6_months"] is None and row["mature"] >= 0, row
' "$TMP/out" 2>"$TMP/py"; then pass; else fail "trend: no deals: $(cat "$TMP/py") $(cat "$TMP/err")"; fi

# the Summary shows the change with ▲ / ▼ by the cell's number format (the value stays a number)
if "$BIN" report fixtures/demo --lang en -o "$TMP/trend-summary.xlsx" >/dev/null 2>"$TMP/err" && python3 -c '
import sys, zipfile
styles = zipfile.ZipFile(sys.argv[1]).read("xl/styles.xml").decode("utf-8")
assert "formatCode=\"&quot;▲ &quot;#,##0;&quot;▼ &quot;#,##0;&quot;= &quot;0\"" in styles, styles[:400]
assert "&quot;▲ &quot;0.0%" in styles
' "$TMP/trend-summary.xlsx" 2>"$TMP/py"; then pass; else fail "trend: ▲/▼ formats: $(cat "$TMP/py" "$TMP/err")"; fi
