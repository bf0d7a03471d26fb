# End-to-end cases of parallel parsing (sourced by tests/e2e.sh: $BIN, $TMP, expect, pass, fail): every
# command gives the same bytes — JSON, --clean-dir files, workbooks, terminal output — with one thread
# (PF_THREADS=1) and with several (PF_THREADS=4, --threads). docs/manual.md "Parallel reading". The inputs are a few
# MB, so PF_READER_SEGMENT_MIN (a knob for the tests only, reader.h) lowers the smallest segment to 256 KiB
# to make the reader cut them, and PF_XLSX_CHUNK (xlsx_input.c) cuts an .xlsx sheet into chunks of 64 KiB.
TH=$TMP/threads
mkdir -p "$TH/one" "$TH/four"
"$BIN" generate --candidates 25000 --seed 11 --out "$TH/export" >/dev/null || fail "threads: generate"
# Rows to reject and warn about in the middle of the partners, where the cuts fall: a stray quote, a
# duplicate id, a quoted name holding line breaks, a bad date, a line of delimiters.
awk 'NR == 9000 {
        print "P9000001,Stray \" quote,1,reseller,Occitanie,social,Ana,2022-11-01,,,,,,,,,,,,"
        print "P0000002,Duplicate id,1,reseller,Occitanie,social,Ana,2022-11-01,,,,,,,,,,,,"
        print "P9000003,\"Name on"
        print "two lines, \"\"quoted\"\"\",1,reseller,Occitanie,social,Ana,2022-11-01,,,,,,,,,,,,"
        print "P9000004,Bad date,1,reseller,Occitanie,social,Ana,2022-13-45,,,,,,,,,,,,"
        print ",,,,,,,,,,,,,,,,,,,"
     } { print }' "$TH/export/partners.csv" >"$TH/partners.csv" && mv "$TH/partners.csv" "$TH/export/partners.csv"
# A SIRENE-shaped prospect file of a few MB: the sample's rows again and again (ids repeat).
{
    cat fixtures/criteria/sirene-sample.csv
    i=0
    while [ $i -lt 40 ]; do
        tail -n +2 fixtures/criteria/sirene-sample.csv
        i=$((i + 1))
    done
} >"$TH/prospects.csv"

# run_both NAME ARGS...: runs `partnerfunnel ARGS` with 1 then 4 threads, its outputs in $TH/out (the word
# OUT in ARGS), kept as $TH/one and $TH/four, and compares exit status, stdout, stderr and every output.
run_both() {
    name=$1
    shift
    args=
    for arg in "$@"; do
        args="$args $(printf '%s' "$arg" | sed "s|OUT|$TH/out|g")"
    done
    for way in one four; do
        threads=1
        [ "$way" = four ] && threads=4
        rm -rf "${TH:?}/$way" "$TH/out" && mkdir -p "$TH/out"
        # shellcheck disable=SC2086
        PF_THREADS=$threads PF_READER_SEGMENT_MIN=262144 PF_XLSX_CHUNK=65536 "$BIN" $args >"$TH/out/stdout" 2>"$TH/out/stderr"
        echo $? >"$TH/out/status"
        mv "$TH/out" "$TH/$way"
    done
    if [ "$(cat "$TH/one/status")" != 0 ] && [ "$name" != rejects-strict ]; then
        fail "threads: $name: exit $(cat "$TH/one/status"): $(head -n 1 "$TH/one/stderr")"
        return
    fi
    if diff -r "$TH/one" "$TH/four" >"$TH/diff" 2>&1; then
        pass
    else
        fail "threads: $name differs: $(head -n 5 "$TH/diff")"
    fi
}

run_both report report "$TH/export" --json OUT/report.json -o OUT/report.xlsx
cp "$TH/one/report.json" "$TH/report-one.json"
run_both validate validate "$TH/export" --json OUT/validate.json --clean-dir OUT/clean
cp "$TH/four/validate.json" "$TH/validate-four.json" && cp -r "$TH/four/clean" "$TH/clean-with-json"
# the rows planted where the cuts fall are rejected and warned about, in file order, with their lines
if grep -q 'P9000004' "$TH/one/validate.json" && grep -q 'Stray' "$TH/one/validate.json"; then
    pass
else
    fail "threads: validate.json lacks the rejects planted in the middle of the file"
fi
run_both rejects-strict validate "$TH/export" --strict
# without --json, validate shows no digest and does not hash the files (pf_settings.no_digests): the same
# clean files; with --json, every input's digest is the file's SHA-256
run_both validate-no-json validate "$TH/export" --clean-dir OUT/clean
if diff -r "$TH/clean-with-json" "$TH/four/clean" >/dev/null && python3 -c '
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
for name in ("partners", "deals", "costs"):
    path = d["inputs"][name]["path"]
    assert d["inputs"][name]["sha256"] == hashlib.sha256(open(path, "rb").read()).hexdigest(), name
' "$TH/validate-four.json"; then pass; else
    fail "threads: validate's clean files differ without --json, or its JSON digests are not the files' SHA-256"
fi
run_both audit audit "$TH/export" --json OUT/audit.json -o OUT/audit.xlsx
run_both plan plan "$TH/export" --target-active 200 --json OUT/plan.json -o OUT/plan.xlsx
run_both score score "$TH/prospects.csv" --criteria fixtures/criteria/sirene-criteria.csv --id-column siret \
    --json OUT/score.json --csv OUT/shortlist.csv -o OUT/shortlist.xlsx
run_both demo report fixtures/demo --json OUT/report.json -o OUT/report.xlsx
# .xlsx inputs: the sheet's chunks parsed side by side give the rows of one parser, and the CSV's figures
"$BIN" generate --candidates 25000 --seed 11 --format xlsx --out "$TH/xlsx" >/dev/null || fail "threads: generate xlsx"
run_both xlsx-validate validate "$TH/xlsx" --json OUT/validate.json --clean-dir OUT/clean
run_both xlsx-report report "$TH/xlsx" --json OUT/report.json
"$BIN" generate --candidates 25000 --seed 11 --out "$TH/csv" >/dev/null
PF_THREADS=1 "$BIN" report "$TH/csv" --json "$TH/csv-report.json" >/dev/null 2>&1
if python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    for key in ("inputs", "program", "settings"):
        d.pop(key, None)
    for w in d.get("warnings", []) + d.get("rejects", []):
        w["file"] = w["file"].rsplit("/", 1)[-1].split(".")[0]
        w.pop("line") # a CSV line is not a sheet row where a quoted text holds line breaks
assert a == b' "$TH/csv-report.json" "$TH/four/report.json"; then pass; else
    fail "threads: the .xlsx export read by four threads does not give the CSV export's figures"; fi

# --threads: the same as PF_THREADS; a bad value is a usage error
rm -rf "$TH/out" && mkdir -p "$TH/out"
PF_READER_SEGMENT_MIN=262144 "$BIN" report "$TH/export" --threads 3 --json "$TH/out/report.json" -q >/dev/null 2>&1
if cmp -s "$TH/out/report.json" "$TH/report-one.json"; then pass; else fail "threads: --threads 3 differs from one thread"; fi
expect 64 "partnerfunnel: --threads: '0' is not a number of threads from 1 to 8
Try 'partnerfunnel report --help' for more information." -- report "$TH/export" --threads 0
expect 64 "partnerfunnel: --threads: 'many' is not a number of threads from 1 to 8
Try 'partnerfunnel validate --help' for more information." -- validate "$TH/export" --threads many
