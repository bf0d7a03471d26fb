# print.sh — end-to-end cases of the printed workbooks (docs/workbook.md "Printing"), sourced by tests/e2e.sh
# (uses expect, pass, fail, $BIN and $TMP). Every sheet of the four workbooks (report, audit, plan, score)
# is read back with python3's zipfile: A4 landscape, one page wide, the footer (sheet, page / pages, the
# reporting date); each list sheet's header row is the frozen pane's edge, the printed titles and the top of
# its autofilter (the sheet's, or its Excel table's). Then Gnumeric's ssconvert prints them to PDF, one file
# a sheet, and the pages are counted: the Summary on one page, a 500-row shortlist on at most 12.

PR=$TMP/print
mkdir -p "$PR"

# print_check NAME XLSX FOOTER_DATE ONE_PAGE LISTS HEADERS: FOOTER_DATE the footer's right part ("" = none);
# ONE_PAGE, LISTS, HEADERS sheet names separated by '|': sheets on one page, lists (frozen, repeated, filtered
# header), other sheets with a frozen and repeated header row. Every sheet of the book must be as told.
print_check() {
    if python3 - "$2" "$3" "$4" "$5" "$6" >"$TMP/py" 2>&1 <<'EOF'
import re, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
path, date, one_page, lists, headers = sys.argv[1:6]
split = lambda s: set(s.split("|")) if s else set()
one_page, lists, headers = split(one_page), split(lists), split(headers)
z = zipfile.ZipFile(path)
book = ET.fromstring(z.read("xl/workbook.xml"))
rels = {r.get("Id"): "xl/" + r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
sheets = [(s.get("name"), rels[s.get(R + "id")]) for s in book.find(M + "sheets")]
titles = {}
for n in book.iter(M + "definedName"):
    if n.get("name") == "_xlnm.Print_Titles":
        titles[int(n.get("localSheetId"))] = n.text
footer = "&L&A&C&P / &N" + ("&R" + date if date else "")
problems = []
for index, (name, part) in enumerate(sheets):
    xml = ET.fromstring(z.read(part))
    say = lambda what: problems.append("%s: %s" % (name, what))
    fit = xml.find(M + "sheetPr/" + M + "pageSetUpPr")
    if fit is None or fit.get("fitToPage") != "1":
        say("not fitted to the page")
    setup = xml.find(M + "pageSetup")
    if setup is None or setup.get("orientation") != "landscape" or setup.get("paperSize") != "9":
        say("not A4 landscape")
        continue
    if setup.get("fitToWidth", "1") != "1":
        say("not one page wide")
    tall = setup.get("fitToHeight", "1")
    if name in one_page and tall != "1":
        say("not on one page (fitToHeight %s)" % tall)
    if name in lists and not (tall.isdigit() and int(tall) >= 1):
        say("a list without its page count (fitToHeight %s)" % tall)
    if name not in one_page and name not in lists and tall != "0":
        say("fitToHeight %s, expected 0 (as tall as it takes)" % tall)
    got = xml.find(M + "headerFooter/" + M + "oddFooter")
    if got is None or got.text != footer:
        say("footer %r, expected %r" % (None if got is None else got.text, footer))
    pane = xml.find(M + "sheetViews/" + M + "sheetView/" + M + "pane")
    if name in lists or name in headers:
        if pane is None or pane.get("state") != "frozen":
            say("no frozen pane")
            continue
        header = int(float(pane.get("ySplit")))  # 1-based number of the header row
        want = "!$%d:$%d" % (header, header)
        if not titles.get(index, "").endswith(want):
            say("printed titles %r, expected the header row %d" % (titles.get(index), header))
    if name in lists:
        refs = [f.get("ref") for f in xml.iter(M + "autoFilter")]
        rels_name = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if rels_name in z.namelist():
            for r in ET.fromstring(z.read(rels_name)):
                if r.get("Type").endswith("/table"):
                    table = ET.fromstring(z.read("xl/" + r.get("Target").replace("../", "")))
                    refs += [f.get("ref") for f in table.iter(M + "autoFilter")]
        if not any(int(re.match(r"[A-Z]+(\d+)", ref).group(1)) == header for ref in refs):
            say("no autofilter on the header row %d (%s)" % (header, refs))
problems += ["no sheet named %s" % s for s in sorted((lists | headers | one_page) - {s for s, _ in sheets})]
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
    then pass; else fail "print $1: $(cat "$TMP/py")"; fi
}

# print_pages NAME XLSX SHEET_INDEX MAX: the sheet (0 = first) prints on at most MAX pages (ssconvert -S
# writes one PDF a sheet; pages counted by their page objects).
print_pages() {
    rm -rf "$PR/pdf" && mkdir -p "$PR/pdf"
    if ! ssconvert -S "$2" "$PR/pdf/sheet-%n.pdf" >"$TMP/ss" 2>&1; then
        fail "print $1: ssconvert failed ($(tail -1 "$TMP/ss"))"
        return
    fi
    pages=$(python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page\b(?!s)", open(sys.argv[1], "rb").read())))' \
        "$PR/pdf/sheet-$3.pdf" 2>/dev/null)
    if [ -n "$pages" ] && [ "$pages" -ge 1 ] && [ "$pages" -le "$4" ]; then pass; else
        fail "print $1: sheet $3 prints on ${pages:-no} pages, expected 1 to $4"
    fi
}

# ---- the four workbooks of the demo ----
expect 0 "" -- report fixtures/demo -o "$PR/report.xlsx" -q
print_check report "$PR/report.xlsx" "Au 31/10/2026" "Synthèse|Tendance" \
    "Recruteurs|Segments|À risque|Partenaires" "Entonnoir|Cohortes|Première affaire|Tendance"
expect 0 "" -- report fixtures/demo --lang en -o "$PR/report-en.xlsx" -q
print_check report-en "$PR/report-en.xlsx" "As of 2026-10-31" "Summary|Trend" \
    "Recruiters|Segments|At risk|Partners" "Funnel|Cohorts|First deal|Trend"
expect 0 "" -- audit fixtures/demo -o "$PR/audit.xlsx" -q
print_check audit "$PR/audit.xlsx" "Au 31/10/2026" "Tableau de bord|Tendance" "Constats|Qualité des données" \
    "Tendance"
expect 0 "" -- plan fixtures/demo --target-active 200 -o "$PR/plan.xlsx" -q
print_check plan "$PR/plan.xlsx" "Au 31/10/2026" "" "" "Calendrier"
expect 0 "" -- score fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv \
    --group-by codePostalEtablissement:2 -o "$PR/score.xlsx" -q
print_check score "$PR/score.xlsx" "" "" "integrator|reseller|Groups" ""

# ---- two runs, the same bytes: the footer's date is the data's, never the clock ----
expect 0 "" -- report fixtures/demo -o "$PR/report-again.xlsx" -q
if cmp -s "$PR/report.xlsx" "$PR/report-again.xlsx"; then pass; else fail "print: two report runs differ"; fi

# ---- pages: the Summary on one, a 500-row shortlist (a narrow one: nothing scales it down) on 12 at most ----
print_pages summary "$PR/report.xlsx" 0 1
print_pages scorecard "$PR/audit.xlsx" 0 1
awk 'BEGIN { print "id,name,town,naf"
             for (i = 1; i <= 600; i++) printf "P%05d,Company number %d,Town %d,62.01Z\n", i, i, i % 37 }' \
    >"$PR/prospects.csv"
printf 'profile,criterion,column,test,value,weight,eliminatory\nit,IT services,naf,equals,62.01Z,0,yes\nit,Has a name,name,present,,1,no\n' \
    >"$PR/criteria.csv"
expect 0 "" -- score "$PR/prospects.csv" --criteria "$PR/criteria.csv" --top 500 -o "$PR/shortlist.xlsx" -q
print_pages shortlist-500 "$PR/shortlist.xlsx" 0 12
