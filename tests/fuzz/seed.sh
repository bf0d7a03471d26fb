#!/bin/sh
# Builds the seed corpora of the libFuzzer targets from the fixtures, into $1/<target>/ (one file per seed).
# Run from the repository root. The input formats are those of the targets (see the comment atop each
# tests/fuzz/fuzz_*.c): an option byte first for reader, score and model; files separated by "\n%%\n".
set -eu
out=$1
sep='
%%
'
rm -rf "$out"
mkdir -p "$out/reader" "$out/field" "$out/settings" "$out/score" "$out/model" "$out/xlsx"

# reader: every small CSV fixture with the "detect everything" byte, and a few with forced options
n=0
for f in fixtures/edge/* fixtures/crm/*/*.csv fixtures/criteria/edge/*.csv fixtures/criteria/errors/*.csv; do
    n=$((n + 1))
    { printf '\000'; cat "$f"; } >"$out/reader/$n"
done
for byte in '\001' '\002' '\004' '\010' '\014' '\021'; do
    n=$((n + 1))
    { printf "$byte"; cat fixtures/edge/semicolon.csv; } >"$out/reader/$n"
done

# field: one value per line of field-seeds.txt
n=0
while IFS= read -r value; do
    n=$((n + 1))
    printf '%s' "$value" >"$out/field/$n"
done <tests/fuzz/field-seeds.txt

# settings: every settings fixture
n=0
for f in fixtures/settings/*.ini fixtures/demo/partnerfunnel.ini fixtures/crm/crm-mapped/partnerfunnel.ini; do
    n=$((n + 1))
    cp "$f" "$out/settings/$n"
done

# score: criteria tables with prospect files (the first 30 lines of the SIRENE sample)
score_seed() { # name option-byte criteria prospects
    { printf "$2"; cat "$3"; printf '%s' "$sep"; head -n 30 "$4"; } >"$out/score/$1"
}
score_seed sirene '\003' fixtures/criteria/sirene-criteria.csv fixtures/criteria/sirene-sample.csv
score_seed sirene-groups '\133' fixtures/criteria/sirene-criteria.csv fixtures/criteria/sirene-sample.csv
score_seed french '\005' fixtures/criteria/french-excel-criteria.csv fixtures/criteria/sirene-sample.csv
score_seed edge '\002' fixtures/criteria/edge/criteria.csv fixtures/criteria/edge/prospects.csv
score_seed sheets '\002' fixtures/criteria/edge/sheet-names-criteria.csv fixtures/criteria/edge/prospects.csv

# model: each CRM fixture folder, and the demo cut to its first 40 lines per file
model_seed() { # name option-byte dir lines
    { printf "$2"; head -n "$4" "$3/partners.csv"; printf '%s' "$sep"; head -n "$4" "$3/deals.csv"
      printf '%s' "$sep"; head -n "$4" "$3/costs.csv"; } >"$out/model/$1"
}
model_seed canonical '\040' fixtures/crm/canonical 1000
model_seed bad-rows '\040' fixtures/crm/bad-rows 1000
model_seed french '\045' fixtures/crm/french-excel 1000
model_seed tsv-bom '\020' fixtures/crm/tsv-bom 1000
model_seed demo '\060' fixtures/demo 40
model_seed demo-window '\120' fixtures/demo 40
{ printf '\040'; cat fixtures/crm/canonical/partners.csv; } >"$out/model/partners-only"

# xlsx (tests/fuzz/fuzz_xlsx.c): each workbook fixture whole (byte 0), and its shared strings and first sheet
# as XML (byte 1, the two parts split by a NUL); the UTF-16 fixtures whole too
for f in fixtures/crm/utf16/* fixtures/edge/utf16*; do
    [ -f "$f" ] && { printf '\000'; cat "$f"; } >"$out/xlsx/$(echo "$f" | tr / _)"
done
for f in fixtures/crm/xlsx/*.xlsx fixtures/crm/xlsx-gnumeric/*.xlsx fixtures/crm/xlsx-errors/*; do
    [ -f "$f" ] || continue
    { printf '\000'; cat "$f"; } >"$out/xlsx/$(echo "$f" | tr / _)"
    { printf '\001'; unzip -p "$f" xl/sharedStrings.xml 2>/dev/null || :; printf '\000'
      unzip -p "$f" 'xl/worksheets/sheet1.xml' 2>/dev/null || :; } >"$out/xlsx/xml_$(echo "$f" | tr / _)"
done
