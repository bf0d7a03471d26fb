# End-to-end cases of `partnerfunnel score` (sourced by tests/e2e.sh: $BIN, $TMP, expect, expect_stdout_has,
# pass, fail). Fixtures: fixtures/criteria/ (the SIRENE sample and its criteria), fixtures/criteria/edge/
# (small files with every edge case, figures worked out by hand in the comments below) and
# fixtures/criteria/errors/ (one mistake per criteria table).
SC=fixtures/criteria
EDGE=$SC/edge

# check NAME PYTHON_EXPRESSIONS JSON_FILE: every line of the script must hold (d = the parsed JSON).
check_json() {
    name=$1
    if python3 - "$3" "$2" >"$TMP/check.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for line in sys.argv[2].strip().splitlines():
    line = line.strip()
    if line and not eval(line):
        print("failed:", line)
        sys.exit(1)
PY
    then pass; else fail "score $name: $(cat "$TMP/check.out")"; fi
}

# ---- mistakes in the criteria table: exit 65, file:line: column, before any prospect is read ----
TESTS="equals, in, not_in, starts_with, contains, at_least, at_most, between, after, before, present"
E=$SC/errors
for_sample() { expect "$1" "$2" -- score $SC/sirene-sample.csv --criteria "$3"; }
for_sample 65 "partnerfunnel: $E/unknown-test.csv:4: column 'test': unknown test 'bigger_than' (expected one of $TESTS)" $E/unknown-test.csv
for_sample 65 "partnerfunnel: $E/missing-column.csv:3: column 'column': 'chiffreAffaires' is not a column of sirene-sample.csv" $E/missing-column.csv
for_sample 65 "partnerfunnel: $E/negative-weight.csv:3: column 'weight': '-2' is not a valid weight (expected a number, 0 or more)" $E/negative-weight.csv
for_sample 65 "partnerfunnel: $E/text-weight.csv:3: column 'weight': 'high' is not a valid weight (expected a number, 0 or more)" $E/text-weight.csv
for_sample 65 "partnerfunnel: $E/bad-between.csv:4: column 'value': '10' is not a valid range for between (expected low|high, two numbers)" $E/bad-between.csv
for_sample 65 "partnerfunnel: $E/reversed-between.csv:3: column 'value': '12|02' is not a valid range for between (low is above high)" $E/reversed-between.csv
for_sample 65 "partnerfunnel: $E/bad-date.csv:3: column 'value': '2022-13-01' is not a valid date for before (month must be 1-12)" $E/bad-date.csv
for_sample 65 "partnerfunnel: $E/bad-eliminatory.csv:2: column 'eliminatory': 'maybe' is not yes or no (expected yes, no, oui, non, true, false, 1 or 0)" $E/bad-eliminatory.csv
for_sample 65 "partnerfunnel: $E/empty-list.csv:2: column 'value': test 'in' needs a value (a list separated by |)" $E/empty-list.csv
for_sample 65 "partnerfunnel: $E/no-test-column.csv:1: no column 'test' (a criteria table has the columns profile, criterion, column, test, value, weight, eliminatory)" $E/no-test-column.csv
for_sample 65 "partnerfunnel: $E/header-only.csv: has no criteria (only a header)" $E/header-only.csv
# a mistake in the criteria stops the run before any output is written
rm -f "$TMP/never.xlsx"
expect 65 "partnerfunnel: $E/unknown-test.csv:4: column 'test': unknown test 'bigger_than' (expected one of $TESTS)" -- \
    score $SC/sirene-sample.csv --criteria $E/unknown-test.csv -o "$TMP/never.xlsx" --json "$TMP/never.json"
if [ ! -e "$TMP/never.xlsx" ] && [ ! -e "$TMP/never.json" ]; then pass; else fail "score: an output was written despite a criteria error"; fi

# ---- usage and files ----
expect 64 "partnerfunnel: no criteria: give --criteria CRITERIA.csv
Try 'partnerfunnel score --help' for more information." -- score $EDGE/prospects.csv
expect 64 "partnerfunnel: no prospect file: give PROSPECTS.csv
Try 'partnerfunnel score --help' for more information." -- score --criteria $EDGE/criteria.csv
expect 64 "partnerfunnel: --top: 'ten' is not a number from 0 to 1000000
Try 'partnerfunnel score --help' for more information." -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --top ten
expect 64 "partnerfunnel: --group-by 'city:0': the prefix must be a number of characters from 1 to 1000
Try 'partnerfunnel score --help' for more information." -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --group-by city:0
expect 66 "partnerfunnel: $EDGE/nope.csv: cannot open: No such file or directory" -- score $EDGE/nope.csv --criteria $EDGE/criteria.csv
expect 65 "partnerfunnel: $EDGE/prospects.csv:1: column 'siret': no such column in the header (--id-column)" -- \
    score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --id-column siret
expect 65 "partnerfunnel: $EDGE/prospects.csv:1: column 'ville': no such column in the header (--group-by)" -- \
    score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --group-by ville:2
expect 65 "partnerfunnel: $EDGE/criteria.csv:1: no column 'company_id' (needed to recognise prospects that are already partners; map it in [columns] of the settings if it has another name)" -- \
    score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --partners $EDGE/criteria.csv
expect 73 "partnerfunnel: $TMP/no-such-dir/s.xlsx: cannot create: No such file or directory" -- \
    score $EDGE/prospects.csv --criteria $EDGE/criteria.csv -o "$TMP/no-such-dir/s.xlsx"
if [ -c /dev/full ]; then
    expect 73 "partnerfunnel: /dev/full: is a device, not a file: nothing written" -- \
        score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --csv /dev/full
fi
expect_stdout_has "Usage: partnerfunnel score PROSPECTS.csv --criteria CRITERIA.csv" -- score --help

# ---- the edge file, figured by hand ----
# 12 records: 2 unreadable (line 12 short, line 13 malformed quote), 10 scored. Status A: all but Theta (9);
# NAF 62.*: all but Eta (8) = eligible. Known (partner SIREN 552 100 554): the two Alpha rows. Weights 2+1+1:
# Beta (lines 4 and 11) and Gamma 100; "10" (before 2021-12-31 is strict) and "9" (postcode 06) 75;
# Zeta ([ND] everywhere, id "") 0. Ties: "10" before "9" (bytes), the two Beta rows by line.
# Groups by the first character of city: É 4 (Évry ×2, Étampes, ÉVRY), then "" ([ND]), L, P, È (C3 88 > P).
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --partners $EDGE/partners.csv \
    --group-by city:1 --json "$TMP/edge.json"
check_json edge '
d["rows_read"] == 12 and d["rows_scored"] == 10 and d["rows_rejected"] == 2
[(r["line"], r["column"], r["reason"]) for r in d["rejects"]] == [(12, "", "has 5 fields, the header has 8"), (13, "id", "malformed quote")]
d["rejects"][1]["raw"] == "\"bad\"quote,x,y,z,62.01Z,11,2010-01-01,A" and d["rejects_not_listed"] == 0
len(d["profiles"]) == 1 and d["profiles"][0]["name"] == "it"
d["profiles"][0]["eligible"] == 8 and d["profiles"][0]["known"] == 2
[(f["criterion"], f["remaining"]) for f in d["profiles"][0]["funnel"]] == [("Active", 9), ("IT services", 8), ("eligible", 8)]
[(s["id"], s["score"], s["line"]) for s in d["profiles"][0]["shortlist"]] == [("30000000000001", 100, 4), ("30000000000001", 100, 11), ("30000000000002", 100, 5), ("10", 75, 7), ("9", 75, 6), ("", 0, 8)]
[(g["value"], g["eligible"]) for g in d["profiles"][0]["groups"]] == [("É", 4), ("", 1), ("L", 1), ("P", 1), ("È", 1)]
d["partners"]["company_ids"] == 2 and d["group_by"] == {"column": "city", "prefix": 1} and d["top"] == 500
' "$TMP/edge.json"
# two characters of an accented value are two characters, not two bytes (È is C3 88, É C3 89)
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --group-by city:2 --json "$TMP/edge2.json"
check_json group-prefix '
[(g["value"], g["eligible"]) for g in d["profiles"][0]["groups"]] == [("Év", 2), ("", 1), ("Ly", 1), ("Pa", 1), ("Èz", 1), ("ÉV", 1), ("Ét", 1)]
' "$TMP/edge2.json"
# --top K; without --partners nothing is known and the Alpha rows come in (Alpha scores 100, Alpha Lyon 25)
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --top 4 --json "$TMP/top.json"
check_json top '
d["profiles"][0]["known"] == 0 and d["partners"] is None
[s["id"] for s in d["profiles"][0]["shortlist"]] == ["30000000000001", "30000000000001", "30000000000002", "55210055400017"]
' "$TMP/top.json"
# a partners file with CRM labels, mapped by the settings: the Alpha SIRET makes both Alpha rows known
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --partners $EDGE/partners-mapped.csv \
    --config $EDGE/partners-mapped.ini --json "$TMP/mapped.json"
check_json mapped 'd["profiles"][0]["known"] == 2 and d["partners"]["company_ids"] == 1' "$TMP/mapped.json"

# ---- outputs ----
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --partners $EDGE/partners.csv \
    --group-by city:1 -o "$TMP/edge1.xlsx" --csv "$TMP/edge.csv"
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --partners $EDGE/partners.csv \
    --group-by city:1 -o "$TMP/edge2.xlsx"
if cmp -s "$TMP/edge1.xlsx" "$TMP/edge2.xlsx"; then pass; else fail "score: two runs give different workbook bytes"; fi
if ls -a "$TMP" | grep -q '^\.edge'; then fail "score: a temporary file was left beside the outputs"; else pass; fi
# the workbook: sheets, the shortlist's ids and the rejected line's text, in the sheet XML
sheets=$(unzip -p "$TMP/edge1.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name=//' | tr '\n' ' ')
if [ "$sheets" = '"it" "Known" "Funnel" "Groups" "About" ' ]; then pass; else fail "score workbook: sheets $sheets"; fi
xml=$(unzip -p "$TMP/edge1.xlsx" xl/sharedStrings.xml xl/worksheets/sheet1.xml)
for want in '30000000000002' 'Ten or more' '"bad"quote,x' 'Beta again' '✓' '✗'; do
    if unzip -p "$TMP/edge1.xlsx" xl/sharedStrings.xml | grep -qF -- "$want"; then pass; else fail "score workbook: [$want] not in the strings"; fi
done
if echo "$xml" | grep -q '<c r="C2" s="[0-9]*"><v>100</v></c>'; then pass; else fail "score workbook: C2 is not the score 100"; fi
if unzip -p "$TMP/edge1.xlsx" xl/worksheets/sheet3.xml | grep -q '<c r="B3" s="[0-9]*"><v>10</v></c>'; then pass; else
    fail "score workbook: the funnel does not start from 10 scored prospects"; fi
if unzip -p "$TMP/edge1.xlsx" docProps/core.xml | grep -q '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'; then
    pass; else fail "score workbook: creation time not fixed"; fi
if unzip -p "$TMP/edge1.xlsx" xl/charts/chart1.xml | grep -q "<c:f>Funnel!\$B\$3:\$B\$6</c:f>"; then pass; else
    fail "score workbook: the funnel chart does not plot B3:B6 (scored, two criteria, eligible)"; fi
# sheet names: Excel's 31 characters, no []:*?/\, no leading quote, unique without regard to case
expect 0 "" -- score $EDGE/prospects.csv --criteria $EDGE/sheet-names-criteria.csv -o "$TMP/names.xlsx"
sheets=$(unzip -p "$TMP/names.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name=//' | tr '\n' ' ')
if [ "$sheets" = '"Intégrateurs_ Île-de-France _ g" "funnel (2)" "quoted" "Funnel" "About" ' ]; then pass; else
    fail "score workbook: sheet names $sheets"; fi
# the CSV: BOM, ',' and point decimals, one line per shortlisted prospect
if head -c 3 "$TMP/edge.csv" | od -An -tx1 | grep -q 'ef bb bf'; then pass; else fail "score csv: no BOM"; fi
if [ "$(sed -n 1p "$TMP/edge.csv" | tail -c +4)" = "profile,rank,shortlist_id,score,link,id,name,city,postcode,naf,band,created,status" ]; then pass; else
    fail "score csv: header $(sed -n 1p "$TMP/edge.csv")"; fi
if [ "$(sed -n 2p "$TMP/edge.csv")" = "it,1,30000000000001,100,https://annuaire-entreprises.data.gouv.fr/entreprise/300000000,30000000000001,Beta,Évry,91000,62.01Z,11,2010-01-01,A" ] &&
    [ "$(sed -n 5p "$TMP/edge.csv")" = "it,4,10,75,,10,Epsilon,ÉVRY,91000,62.01Z,11,2021-12-31,A" ] &&
    [ "$(sed -n 7p "$TMP/edge.csv")" = "it,6,,0,,[ND],Zeta,[ND],[ND],62.01Z,[ND],,A" ] && [ "$(wc -l <"$TMP/edge.csv")" -eq 7 ]; then
    pass; else fail "score csv: rows differ: $(tr '\n' '|' <"$TMP/edge.csv")"; fi
# CSV injection: a text a spreadsheet would run (=, +, -, @ first, or TAB/CR first) gets a leading ', plain
# numbers do not; profile names and headers too; validate --clean-dir keeps texts as read
expect 0 "" -- score $EDGE/injection-prospects.csv --criteria $EDGE/injection-criteria.csv --csv "$TMP/inj.csv"
printf '%s\n' "profile,rank,id,score,link,siret,name,turnover,note" \
    "'=evil,1,1,100,,1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-12.5,'@SUM(1)" \
    "'=evil,2,2,100,,2,' +cmd|' /C calc'!A0,+3,'-" \
    "'=evil,3,3,100,,3,'	Tabbed,1e-3,'-1+1" \
    "'=evil,4,4,100,,4,Plain,-0.5,\"'=x\"" >"$TMP/inj.want"
if tail -c +4 "$TMP/inj.csv" | tr -d '\r' | cmp -s - "$TMP/inj.want"; then pass; else
    fail "score csv: injection not neutralised: $(cat -A "$TMP/inj.csv")"; fi
if grep -q "$(printf '\r')=x" "$TMP/inj.csv"; then pass; else fail "score csv: the CR of a cell was lost"; fi
# the plain-text summary when no output is asked for; --json - prints the JSON alone
expect_stdout_has "  rows: 12 read = 10 scored + 2 rejected" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv
expect_stdout_has "fixtures/criteria/edge/prospects.csv:13: column 'id': malformed quote" -- score $EDGE/prospects.csv --criteria $EDGE/criteria.csv
expect_stdout_has "profile it: 8 eligible (2 already partners), 6 shortlisted (top 500)" -- \
    score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --partners $EDGE/partners.csv
"$BIN" score $EDGE/prospects.csv --criteria $EDGE/criteria.csv --json - >"$TMP/stdout.json" 2>"$TMP/err"
check_json json-stdout 'd["rows_read"] == 12' "$TMP/stdout.json"

# ---- the SIRENE sample against an independent recalculation ----
expect 0 "" -- score $SC/sirene-sample.csv --criteria $SC/sirene-criteria.csv --partners $SC/partners-sample.csv \
    --id-column siret --group-by codePostalEtablissement:2 --json "$TMP/sample.json"
if python3 - "$TMP/sample.json" $SC/sirene-sample.csv $SC/sirene-criteria.csv $SC/partners-sample.csv \
    >"$TMP/oracle.out" 2>&1 <<'PY'
# docs/definitions.md "Scoring prospects" recomputed with Python's csv and unicodedata, nothing shared with the C code.
import csv, json, re, sys, unicodedata
got = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))
header, data = rows[0], rows[1:]
crit = list(csv.DictReader(open(sys.argv[3], encoding="utf-8", newline="")))
partners = [r["company_id"] for r in csv.DictReader(open(sys.argv[4], encoding="utf-8", newline=""))]
def value(s):
    s = s.strip()
    return "" if s == "[ND]" else s
def fold(s):
    s = "".join(c for c in unicodedata.normalize("NFD", value(s)) if not unicodedata.combining(c))
    return " ".join(s.lower().split())
def number(s):
    s = value(s)
    return float(s.replace(",", ".")) if re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", s) else None
def passes(c, field):
    t, v, ops = c["test"], value(field), [fold(o) for o in c["value"].split("|") if fold(o)]
    if t == "present": return v != ""
    if t in ("equals", "in"): return fold(v) in ops
    if t == "not_in": return fold(v) not in ops
    if t == "starts_with": return v != "" and any(fold(v).startswith(o) for o in ops)
    if t in ("at_least", "at_most", "between"):
        n = number(v)
        if n is None: return False
        lo, hi = (number(x) for x in c["value"].split("|")) if t == "between" else (number(c["value"]),) * 2
        return (t != "at_most" and n >= lo or t == "at_most") and (t == "at_least" or n <= hi)
    if t in ("after", "before"):
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", v): return False
        return v > c["value"] if t == "after" else v < c["value"]
    raise ValueError(t)
def norm(s):
    return "".join(value(s).split()).upper()
known_full = {norm(p) for p in partners if norm(p)}
known_prefix = {k[:9] for k in known_full}
def known(i):
    n = norm(i)
    return n != "" and (n in known_full or n[:9] in known_prefix)
profiles = []
for c in crit:
    if c["profile"] not in profiles: profiles.append(c["profile"])
idx = {h: i for i, h in enumerate(header)}
problems = []
for p, gp in zip(profiles, got["profiles"]):
    cs = [c for c in crit if c["profile"] == p]
    elim = [c for c in cs if c["eliminatory"] == "yes"]
    total = sum(float(c["weight"]) for c in cs)
    remaining = [0] * len(elim)
    eligible, nknown, short, groups = 0, 0, [], {}
    for line, r in enumerate(data, start=2):
        ok = True
        for k, c in enumerate(elim):
            if not passes(c, r[idx[c["column"]]]): ok = False; break
            remaining[k] += 1
        if not ok: continue
        eligible += 1
        g = value(r[idx["codePostalEtablissement"]])[:2]
        groups[g] = groups.get(g, 0) + 1
        rid = value(r[idx["siret"]])
        if known(rid): nknown += 1; continue
        w = sum(float(c["weight"]) for c in cs if passes(c, r[idx[c["column"]]]))
        short.append((-w, rid.encode(), line, 100 * w / total if total else 100))
    short.sort()
    want = {"eligible": eligible, "known": nknown,
            "funnel": [[c["criterion"] for c in elim] + ["eligible"], remaining + [eligible]],
            "shortlist": [(s[1].decode(), s[2]) for s in short[:500]],
            "groups": sorted(groups.items(), key=lambda kv: (-kv[1], kv[0].encode()))}
    have = {"eligible": gp["eligible"], "known": gp["known"],
            "funnel": [[f["criterion"] for f in gp["funnel"]], [f["remaining"] for f in gp["funnel"]]],
            "shortlist": [(s["id"], s["line"]) for s in gp["shortlist"]],
            "groups": [(g["value"], g["eligible"]) for g in gp["groups"]]}
    for key in want:
        if want[key] != have[key]: problems.append("%s %s: want %s, got %s" % (p, key, want[key], have[key]))
    for s, g in zip(short, gp["shortlist"]):
        if abs(s[3] - g["score"]) > 1e-9: problems.append("%s score of %s" % (p, g["id"]))
    if eligible == 0 or nknown == 0 or not short: problems.append("%s: the sample should exercise every figure" % p)
if got["rows_read"] != len(data) or got["rows_rejected"] != 0: problems.append("rows")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
then pass; else fail "score sample: differs from the independent recalculation: $(head -c 600 "$TMP/oracle.out")"; fi
check_json sample-keys '
all(k in d for k in ("rows_read", "rows_rejected", "profiles"))
all(all(k in p for k in ("name", "eligible", "known", "funnel", "shortlist", "groups")) for p in d["profiles"])
all(set(f) >= {"criterion", "remaining"} for p in d["profiles"] for f in p["funnel"])
all(set(s) >= {"id", "score"} for p in d["profiles"] for s in p["shortlist"])
all(set(g) >= {"value", "eligible"} for p in d["profiles"] for g in p["groups"])
[p["name"] for p in d["profiles"]] == ["integrator", "reseller"]
len(d["input"]["sha256"]) == 64 and d["input"]["size"] > 0
' "$TMP/sample.json"
# the same criteria saved by French Excel (';', Windows-1252, CRLF, French headers, decimal comma): same funnel
expect 0 "" -- score $SC/sirene-sample.csv --criteria $SC/french-excel-criteria.csv --id-column siret --json "$TMP/fr.json"
check_json french-excel '
d["profiles"][0]["name"] == "intégrateur" and d["criteria"]["criteria"][2]["weight"] == 1.5
[f["remaining"] for f in d["profiles"][0]["funnel"]] == [212, 9, 9]
' "$TMP/fr.json"

# One workbook layer: a prospect's text that looks like Excel's "_xHHHH_" escape is stored escaped, so
# Excel shows "_x0041_BC" as typed (not "ABC"), as the report's workbook does.
sed 's/,Beta,/,_x0041_BC,/' $EDGE/prospects.csv >"$TMP/escape-prospects.csv"
expect 0 "" -- score "$TMP/escape-prospects.csv" --criteria $EDGE/criteria.csv -o "$TMP/escape.xlsx"
if unzip -p "$TMP/escape.xlsx" xl/sharedStrings.xml | grep -qF '<t>_x005F_x0041_BC</t>'; then pass; else
    fail "score workbook: _x0041_BC is not escaped"; fi
