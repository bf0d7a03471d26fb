#!/bin/sh
# `make bench`: timed runs of partnerfunnel's commands on a generated export, next to a baseline that only
# tokenises the same files with libcsv (tests/bench_tokenise.c). Usage: sh tests/bench.sh BUILD_DIR
# (the optimised build: BUILD_DIR/partnerfunnel, BUILD_DIR/tests/bench_tokenise, BUILD_DIR/tests/bench_measure).
#
# For each command: wall seconds and CPU seconds (user + system, every thread; medians of $PF_BENCH_RUNS runs,
# default 5), MB/s and rows/s of the export's bytes and data rows, and peak RSS (largest of the runs); then
# one line per command with the ratio of its throughput to the baseline's, and the floor the CPU seconds set
# on the wall time of report --json and validate when every core is busy. To time another command, add one `bench_command` line at the end.
# Environment: PF_BENCH_CANDIDATES (default 1000000), PF_BENCH_RUNS (default 5).
set -u
BUILD=${1:-build-bench}
BIN=$BUILD/partnerfunnel
MEASURE=$BUILD/tests/bench_measure
TOKENISE=$BUILD/tests/bench_tokenise
CANDIDATES=${PF_BENCH_CANDIDATES:-1000000}
RUNS=${PF_BENCH_RUNS:-5}
for tool in "$BIN" "$MEASURE" "$TOKENISE"; do
    [ -x "$tool" ] || { echo "bench: $tool is missing: run 'make bench'" >&2; exit 1; }
done

# The data lives outside the repository and goes away at the end.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pf-bench.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
DATA=$WORK/export
FILES="$DATA/partners.csv $DATA/deals.csv $DATA/costs.csv"

echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "binary:  $BIN ($("$BIN" --version 2>/dev/null))"

echo "data:    generate --candidates $CANDIDATES (seed 42) into $DATA"
if ! "$BIN" generate --candidates "$CANDIDATES" --seed 42 --out "$DATA" >/dev/null; then
    echo "bench: cannot generate the data" >&2
    exit 1
fi
# shellcheck disable=SC2086
set -- $("$TOKENISE" $FILES)
BYTES=$1
ROWS=$(($2 - 3)) # data rows: records less the three header lines
echo "         $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }') in 3 files, $ROWS data rows"
echo

# header: the column titles of the tables below.
header() {
    printf '%-11s %9s %8s %10s %12s %10s\n' command "wall s" "CPU s" "MB/s" "rows/s" "peak MiB"
}

# median FIELD: the median of that field of $WORK/times (the largest when a failed run cut the runs short).
median() {
    median_value=$(cut -d' ' -f"$1" "$WORK/times" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    [ -n "$median_value" ] || median_value=$(cut -d' ' -f"$1" "$WORK/times" | sort -n | tail -n 1)
    echo "$median_value"
}

# measure NAME ARGS...: runs ARGS $RUNS times; sets WALL (median seconds), CPU (median user + system
# seconds, every thread), RSS (largest KiB), STATUS (last).
measure() {
    measure_name=$1
    shift
    : >"$WORK/times"
    run=1
    while [ "$run" -le "$RUNS" ]; do
        result=$("$MEASURE" --log "$WORK/$measure_name.log" "$@") || result="0 0 1 0"
        echo "$result" | cut -d' ' -f1,2,4 >>"$WORK/times"
        STATUS=$(echo "$result" | cut -d' ' -f3)
        [ "$STATUS" -eq 0 ] || break
        run=$((run + 1))
    done
    WALL=$(median 1)
    CPU=$(median 3)
    RSS=$(cut -d' ' -f2 "$WORK/times" | sort -n | tail -n 1)
}

# report NAME: one line of the table from WALL, CPU, RSS, STATUS.
report() {
    if [ "$STATUS" -ne 0 ]; then
        printf '%-10s failed (exit %s): %s\n' "$1" "$STATUS" "$(head -n 1 "$WORK/$1.log")"
        return
    fi
    awk -v name="$1" -v wall="$WALL" -v cpu="$CPU" -v rss="$RSS" -v bytes="$BYTES" -v rows="$ROWS" 'BEGIN {
        printf "%-11s %9.3f %8.3f %10.1f %12.0f %10.1f\n", name, wall, cpu, bytes / 1e6 / wall, rows / wall,
            rss / 1024 }'
    echo "$1 $WALL $CPU" >>"$WORK/results"
}

header
measure baseline "$TOKENISE" $FILES
report baseline
BASE_WALL=$WALL
: >"$WORK/results"

# bench_command [--as LABEL] NAME ARGS...: times `partnerfunnel NAME ARGS...` (shown as LABEL, default NAME),
# or says it is skipped when this binary has no such command yet (its --help does not succeed).
bench_command() {
    label=
    if [ "$1" = --as ]; then
        label=$2
        shift 2
    fi
    command_name=$1
    shift
    label=${label:-$command_name}
    if ! "$BIN" "$command_name" --help >/dev/null 2>&1; then
        printf '%-10s skipped (not in this binary)\n' "$label"
        return
    fi
    measure "$label" "$BIN" "$command_name" "$@"
    report "$label"
}

# ---- peers (issue 14): the same headline figures from DuckDB and from pandas ----
# tests/bench_duckdb.mjs (one SQL query; @duckdb/node-api installed from the npm registry into
# $PF_BENCH_DUCKDB, default build/duckdb, on the first run) and tests/bench_pandas.py (the system's python3
# with python3-pandas). Each line is skipped, with the reason, when its tools cannot be had.
DUCKDB_MODULES=${PF_BENCH_DUCKDB:-build/duckdb}
report_peers() {
    if ! command -v node >/dev/null 2>&1; then
        printf '%-10s skipped (no node)\n' duckdb
    elif [ ! -d "$DUCKDB_MODULES/node_modules/@duckdb/node-api" ] &&
        ! { command -v npm >/dev/null 2>&1 && mkdir -p "$DUCKDB_MODULES" &&
            npm install --silent --no-audit --no-fund --prefix "$DUCKDB_MODULES" @duckdb/node-api \
                >"$WORK/npm.log" 2>&1; }; then
        printf '%-10s skipped (cannot install @duckdb/node-api with npm: %s)\n' duckdb \
            "$(tail -n 1 "$WORK/npm.log" 2>/dev/null)"
    else
        measure duckdb node tests/bench_duckdb.mjs "$DUCKDB_MODULES" "$DATA"
        report duckdb
    fi
    PYTHON=/usr/bin/python3
    [ -x "$PYTHON" ] || PYTHON=python3
    if "$PYTHON" -c 'import pandas' >/dev/null 2>&1; then
        measure pandas "$PYTHON" tests/bench_pandas.py "$DATA"
        report pandas
    else
        printf '%-10s skipped (no pandas for %s: apt-get install python3-pandas)\n' pandas "$PYTHON"
    fi
}

# ---- the commands timed: one line each ----
bench_command generate --candidates "$CANDIDATES" --seed 42 --out "$WORK/generated"
bench_command validate "$DATA"
bench_command --as report-json report "$DATA" --json "$WORK/report.json"
report_peers
bench_command --as plan-json plan "$DATA" --target-active 200 --json "$WORK/plan.json"
bench_command report "$DATA" -o "$WORK/report.xlsx"
bench_command --as audit-json audit "$DATA" --json "$WORK/audit.json"

echo
echo "throughput relative to the tokenise-only baseline (1.00 = as fast as libcsv alone):"
while read -r name wall _; do
    awk -v name="$name" -v wall="$wall" -v base="$BASE_WALL" 'BEGIN { printf "  %-10s %.2f\n", name, base / wall }'
done <"$WORK/results"

# ---- report --json against its peers (issue 14): at most 0.67 x DuckDB's wall, at least 10 x faster than pandas
awk '$1 == "report-json" { r = $2 } $1 == "duckdb" { d = $2 } $1 == "pandas" { p = $2 } END {
    if (r && d)
        printf "report-json / duckdb: %.2f (target at most 0.67: %s)\n", r / d, (r / d <= 0.67) ? "met" : "NOT met"
    if (r && p)
        printf "pandas / report-json: %.1f (target at least 10: %s)\n", p / r, (p / r >= 10) ? "met" : "NOT met" }' \
    "$WORK/results"

# ---- what the machine allows: with every core busy, a run's wall time cannot fall below its CPU seconds (user
# + system, every thread) over the cores; so the CPU a command spends bounds the ratios above from below ----
awk -v cores="$(nproc)" -v base="$BASE_WALL" '{ wall[$1] = $2; cpu[$1] = $3 } END {
    if (cpu["report-json"] && cpu["duckdb"]) {
        floor = cpu["report-json"] / cores
        printf "CPU s: report-json %.2f, duckdb %.2f (%.2f x); on %d CPU(s) report-json cannot take less than %.2f s:" \
            " at best %.2f x DuckDB'"'"'s wall (target at most 0.67)\n", cpu["report-json"], cpu["duckdb"],
            cpu["report-json"] / cpu["duckdb"], cores, floor, floor / wall["duckdb"]
    }
    if (cpu["validate"])
        printf "CPU s: validate %.2f; on %d CPU(s) it cannot take less than %.2f s: at best %.2f x the baseline" \
            " (target at least 1.2)\n", cpu["validate"], cores, cpu["validate"] / cores, base / (cpu["validate"] / cores) }' "$WORK/results"

# ---- audit against report (issue 12): audit --json at most 3 x report --json on the same export ----
if grep -q '^audit-json ' "$WORK/results" && grep -q '^report-json ' "$WORK/results"; then
    awk '$1 == "report-json" { r = $2 } $1 == "audit-json" { a = $2 } END {
        printf "audit-json / report-json: %.2f (target at most 3.00: %s)\n", a / r, a / r <= 3 ? "met" : "NOT met" }' \
        "$WORK/results"
fi

# ---- CRM export shapes: the same partners as UTF-16LE (Excel's "Unicode Text") next to UTF-8 ----
# Target: UTF-16 decoding costs at most 25 % over reading the same data in UTF-8.
echo
SHAPES=$WORK/shapes
mkdir -p "$SHAPES/utf8" "$SHAPES/utf16"
cp "$DATA/partners.csv" "$SHAPES/utf8/partners.csv"
cp "$DATA/partnerfunnel.ini" "$SHAPES/utf8/" 2>/dev/null
cp "$DATA/partnerfunnel.ini" "$SHAPES/utf16/" 2>/dev/null
if iconv -f UTF-8 -t UTF-16LE "$DATA/partners.csv" >"$SHAPES/utf16/partners.csv"; then
    echo "shapes:  partners.csv alone, as UTF-8 and as UTF-16LE (validate)"
    header
    BYTES=$(wc -c <"$SHAPES/utf8/partners.csv")
    ROWS=$(($(wc -l <"$SHAPES/utf8/partners.csv") - 1))
    measure partners-utf8 "$BIN" validate "$SHAPES/utf8"
    report partners-utf8
    UTF8_WALL=$WALL
    RSS_UTF8=$RSS
    measure partners-utf16 "$BIN" validate "$SHAPES/utf16"
    report partners-utf16
    awk -v a="$UTF8_WALL" -v b="$WALL" 'BEGIN {
        printf "UTF-16 over UTF-8: %+.0f %% (target at most +25 %%: %s)\n", (b / a - 1) * 100, b <= 1.25 * a ? "met" : "NOT met" }'
fi
# The same partners as an .xlsx sheet, written by `generate --format xlsx` with the same seed (libxlsxwriter's
# constant-memory mode: inline strings, dates and amounts as typed cells). Targets: at most 3 x the CSV's
# time, peak RSS at most 2 x.
mkdir -p "$SHAPES/xlsx"
cp "$DATA/partnerfunnel.ini" "$SHAPES/xlsx/" 2>/dev/null
if "$BIN" generate --candidates "$CANDIDATES" --seed 42 --format xlsx --out "$SHAPES/xlsx-export" >/dev/null &&
    mv "$SHAPES/xlsx-export/partners.xlsx" "$SHAPES/xlsx/partners.xlsx"; then
    rm -rf "$SHAPES/xlsx-export"
    echo "shapes:  the same partners.xlsx, from generate --format xlsx (validate)"
    UTF8_RSS=$RSS_UTF8
    measure partners-xlsx "$BIN" validate "$SHAPES/xlsx"
    report partners-xlsx
    awk -v a="$UTF8_WALL" -v b="$WALL" -v ra="$UTF8_RSS" -v rb="$RSS" 'BEGIN {
        printf "xlsx over CSV: %.1f x the time (target at most 3: %s), %.2f x the peak RSS (target at most 2: %s)\n",
            b / a, b <= 3 * a ? "met" : "NOT met", rb / ra, rb <= 2 * ra ? "met" : "NOT met" }'
fi

# ---- score (docs/definitions.md "Scoring prospects"): a SIRENE-shaped prospect file, next to the baseline ----
# tests/gen_sirene writes PF_BENCH_SIRENE_ROWS rows (default 2000000, about 440 MB) with SIRENE's 53 columns;
# the run scores them against fixtures/criteria/sirene-criteria.csv with every output. Targets: throughput at
# least 1.8 x the baseline (the reader tokenises on one core while scoring runs on the other), peak RSS
# under 100 MB whatever the file size.
GEN=$BUILD/tests/gen_sirene
SIRENE_ROWS=${PF_BENCH_SIRENE_ROWS:-2000000}
echo
if [ ! -x "$GEN" ] || ! "$BIN" score --help >/dev/null 2>&1; then
    echo "score: skipped (no score command or no $GEN in this build)"
    exit 0
fi
SIRENE=$WORK/sirene.csv
if ! "$GEN" "$SIRENE_ROWS" 42 "$SIRENE"; then
    echo "bench: cannot generate the SIRENE-shaped file" >&2
    exit 1
fi
set -- $("$TOKENISE" "$SIRENE")
BYTES=$1
ROWS=$(($2 - 1))
echo "score:   tests/gen_sirene $SIRENE_ROWS rows (seed 42): $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }')," \
    "53 columns"
header
: >"$WORK/results"
measure baseline "$TOKENISE" "$SIRENE"
report baseline
SIRENE_BASE=$WALL
measure score "$BIN" score "$SIRENE" --criteria fixtures/criteria/sirene-criteria.csv \
    --partners fixtures/criteria/partners-sample.csv --id-column siret --group-by codePostalEtablissement:2 \
    -o "$WORK/shortlist.xlsx" --csv "$WORK/shortlist.csv" --json "$WORK/score.json"
report score
if [ "$STATUS" -eq 0 ]; then
    awk -v wall="$WALL" -v base="$SIRENE_BASE" -v rss="$RSS" 'BEGIN {
        ratio = base / wall
        verdict = ratio >= 1.8 ? "met" : "NOT met"
        printf "score throughput relative to the baseline: %.2f (target 1.80: %s)\n", ratio, verdict
        verdict = rss * 1024 < 100e6 ? "met" : "NOT met"
        printf "score peak RSS: %.1f MiB (target under 100 MB: %s)\n", rss / 1024, verdict }'
fi

# ---- score --units (docs/definitions.md "Legal units"): the matching legal-unit file (tests/gen_sirene
# --units: one line per company, StockUniteLegale's 34 columns) joined after the scoring pass. Targets: at
# most the time of score plus one tokenising pass over the units file, peak RSS under 100 MB.
[ "$STATUS" -eq 0 ] || exit 0
SCORE_WALL=$WALL
UNITS=$WORK/units.csv
if ! "$GEN" --units "$SIRENE_ROWS" 42 "$UNITS"; then
    echo "bench: cannot generate the legal-unit file" >&2
    exit 1
fi
set -- $("$TOKENISE" "$UNITS")
echo
echo "units:   tests/gen_sirene --units $SIRENE_ROWS (seed 42): $(awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }')," \
    "$(($2 - 1)) legal units"
header
SIRENE_BYTES=$BYTES
SIRENE_DATA_ROWS=$ROWS
BYTES=$1
ROWS=$(($2 - 1))
measure units-tok "$TOKENISE" "$UNITS"
report units-tok
UNITS_TOKENISE=$WALL
BYTES=$SIRENE_BYTES # score --units: the prospect file's throughput, as score's line
ROWS=$SIRENE_DATA_ROWS
measure score-units "$BIN" score "$SIRENE" --criteria fixtures/criteria/sirene-criteria.csv \
    --partners fixtures/criteria/partners-sample.csv --id-column siret --group-by codePostalEtablissement:2 \
    --units "$UNITS" -o "$WORK/shortlist.xlsx" --csv "$WORK/shortlist.csv" --json "$WORK/score.json"
report score-units
if [ "$STATUS" -eq 0 ]; then
    awk -v wall="$WALL" -v score="$SCORE_WALL" -v tok="$UNITS_TOKENISE" -v rss="$RSS" 'BEGIN {
        verdict = wall <= score + tok ? "met" : "NOT met"
        printf "score --units: %.2f s = score %+.2f s (target at most + one tokenising pass, %.2f s: %s)\n",
            wall, wall - score, tok, verdict
        verdict = rss * 1024 < 100e6 ? "met" : "NOT met"
        printf "score --units peak RSS: %.1f MiB (target under 100 MB: %s)\n", rss / 1024, verdict }'
fi
