"""`make bench`'s pandas peer: the headline figures of `partnerfunnel report --json` computed with pandas
from the three CSV files, for a side-by-side time (tests/bench.sh runs it with the system's python3).
Usage: python3 tests/bench_pandas.py EXPORT_DIR

The same figures as tests/bench_duckdb.mjs, per docs/definitions.md: funnel counts (a stage reached by its
own evidence or any later one, first_deal apart), mature, active and bad recruits after 6 months with one
won deal in the window, the cost of the mature partners and of the bad recruits, the programme overhead,
the Kaplan-Meier median days to the first deal and the 9-month at-risk band. Less than partnerfunnel: no
intervals, no implied-stage counts, no row accounting (rejects, warnings), no digests, segments, tests or
trend; as_of is read from partnerfunnel.ini's `as_of =` line.
"""
import json
import os
import re
import sys

import numpy as np
import pandas as pd


def main():
    if len(sys.argv) != 2:
        print("usage: python3 tests/bench_pandas.py EXPORT_DIR", file=sys.stderr)
        return 64
    folder = sys.argv[1]
    with open(os.path.join(folder, "partnerfunnel.ini"), encoding="utf-8") as ini:
        found = re.search(r"^\s*as_of\s*=\s*(\d{4}-\d{2}-\d{2})", ini.read(), re.M)
    if not found:
        print("bench_pandas: no as_of in partnerfunnel.ini", file=sys.stderr)
        return 65
    as_of = pd.Timestamp(found.group(1))
    dates = ["approached_on", "applied_on", "committee_on", "signed_on", "kickoff_on", "ended_on"]
    text = ["partner_id", "company_id", "decision", "business_plan_on", "tech_autonomy_on", "sales_autonomy_on"]
    p = pd.read_csv(os.path.join(folder, "partners.csv"), dtype=dict.fromkeys(text, str), parse_dates=dates)
    d = pd.read_csv(os.path.join(folder, "deals.csv"), dtype={"partner_id": str}, parse_dates=["closed_on"])
    c = pd.read_csv(os.path.join(folder, "costs.csv"), dtype={"partner_id": str}, parse_dates=["date"])

    on = {col: p[col].where(p[col] <= as_of) for col in dates}
    signed = on["signed_on"]
    mark = signed + pd.DateOffset(months=6)
    ended = on["ended_on"]
    frame = pd.DataFrame({"partner_id": p["partner_id"], "signed": signed, "mark": mark, "ended": ended})

    won = d[d["status"] == "won"].merge(frame, on="partner_id")
    won = won[won["signed"].notna() & (won["closed_on"] >= won["signed"]) & (won["closed_on"] <= as_of)
              & (won["ended"].isna() | (won["closed_on"] <= won["ended"]))]
    first_won = won.groupby("partner_id")["closed_on"].min()
    in_window = won[(won["closed_on"] <= won["mark"]) & (won["ended"].isna() | (won["ended"] >= won["mark"]))]
    won_in_window = in_window.groupby("partner_id").size()

    dated = c[c["date"] <= as_of]
    partner_costs = dated[dated["partner_id"].notna()].groupby("partner_id")["amount"].sum()
    overhead = float(dated[dated["partner_id"].isna()]["amount"].sum())

    frame["first_won"] = frame["partner_id"].map(first_won)
    frame["won_in_window"] = frame["partner_id"].map(won_in_window).fillna(0)
    frame["cost"] = (p["recruitment_cost"].fillna(0) + p["onboarding_cost"].fillna(0)
                     + frame["partner_id"].map(partner_costs).fillna(0))
    stage = np.select([on["kickoff_on"].notna(), signed.notna(),
                       on["committee_on"].notna() & (p["decision"] == "approved"), on["committee_on"].notna(),
                       on["applied_on"].notna(), on["approached_on"].notna()], [6, 5, 4, 3, 2, 1], 0)
    mature = signed.notna() & (mark <= as_of)
    active = mature & (frame["won_in_window"] >= 1)
    bad = mature & ~active

    s = frame[signed.notna()]
    event = s["first_won"].notna()
    censor = s["ended"].fillna(as_of).clip(upper=as_of)
    t = (s["first_won"].where(event, censor) - s["signed"]).dt.days.clip(lower=0)
    table = pd.DataFrame({"t": t, "event": event}).groupby("t")["event"].agg(["sum", "size"]).sort_index()
    at_risk = table["size"][::-1].cumsum()[::-1]
    survival = (1 - table["sum"] / at_risk).cumprod()
    below = survival[survival <= 0.5]
    nine = (signed.notna() & ended.isna() & frame["first_won"].isna()
            & (signed + pd.DateOffset(months=9) <= as_of))

    figures = {"listed": len(p)}
    for level, name in enumerate(["approached", "applied", "reviewed", "approved", "signed", "kicked_off"], 1):
        figures[name] = int((stage >= level).sum())
    figures.update({
        "first_deal": int(frame["first_won"].notna().sum()),
        "mature": int(mature.sum()), "active": int(active.sum()), "bad_recruits": int(bad.sum()),
        "mature_partners_cost": float(frame["cost"][mature].sum()),
        "bad_recruits_cost": float(frame["cost"][bad].sum()), "overhead": overhead,
        "km_median_days": float(below.index[0]) if len(below) else None,
        "consider_ending_9_months": int(nine.sum()),
    })
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
