#!/bin/sh
# The out-of-memory sweep (make oom-check): runs `report` on a small export with the n-th allocation failing,
# for every n up to the number of allocations the run makes (tests/oom_shim.c says which ones are counted);
# then `validate` (on CSV and on .xlsx files) and `score` the same way.
# Each run must either succeed with complete outputs, or exit 71 with exactly one line on stderr that says
# "out of memory" and leave no file in the output folder (no partial output, no temporary). A crash, a sanitizer
# report (AddressSanitizer is on: a leak fails too) or any other status is a failure. Each output is swept
# on its own (workbook, then JSON, ...): which outputs of one run may change when another fails is not what this
# checks. Usage: sh tests/oom.sh BUILD/partnerfunnel-oom [JOBS]; run from the repository root.
set -u
EXPORT=fixtures/crm/canonical
PROSPECTS="fixtures/criteria/edge/prospects.csv --criteria fixtures/criteria/edge/criteria.csv"
KINDS="workbook json validate-json validate-clean validate-xlsx score-json score-workbook score-csv score-units"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# run BIN KIND DIR: the run of KIND writing into DIR/out, its stdout and stderr beside
run() {
    case $2 in
    workbook) "$1" report "$EXPORT" --as-of 2025-06-30 -o "$3/out/report.xlsx" ;;
    json) "$1" report "$EXPORT" --as-of 2025-06-30 --json "$3/out/report.json" ;;
    validate-json) "$1" validate "$EXPORT" --json "$3/out/validate.json" ;;
    validate-clean) "$1" validate "$EXPORT" --clean-dir "$3/out/clean" ;;
    # the .xlsx export, its sheets cut into small chunks parsed by two threads (a worker that runs out of
    # memory leaves its chunk to the main parser)
    validate-xlsx) PF_XLSX_CHUNK=256 "$1" validate fixtures/crm/xlsx --threads 2 --json "$3/out/validate.json" ;;
    score-json) "$1" score $PROSPECTS --json "$3/out/score.json" ;;
    score-workbook) "$1" score $PROSPECTS -o "$3/out/score.xlsx" ;;
    score-csv) "$1" score $PROSPECTS --csv "$3/out/score.csv" ;;
    score-units) "$1" score $PROSPECTS --partners fixtures/criteria/edge/partners.csv \
        --units fixtures/criteria/edge/units.csv -o "$3/out/units.xlsx" ;;
    esac >"$3/stdout" 2>"$3/stderr"
}

# complete KIND DIR: the outputs of a successful run are whole
complete() {
    case $1 in
    *workbook | score-units) unzip -tq "$2"/out/*.xlsx ;;
    *json | validate-xlsx) python3 -m json.tool "$2"/out/*.json ;;
    validate-clean) [ "$(ls "$2/out/clean" | wc -l)" -eq 3 ] ;;
    score-csv) [ -s "$2/out/score.csv" ] ;;
    esac >/dev/null 2>&1
}

# --one BIN KIND N TMP: one run with allocation N failing; prints why and exits 1 when it misbehaves
if [ "${1:-}" = --one ]; then
    bin=$2 kind=$3 n=$4 dir=$5/$3.$4
    mkdir -p "$dir/out"
    PF_OOM_FAIL_AT=$n run "$bin" "$kind" "$dir"
    status=$?
    why=""
    if [ "$status" -eq 0 ]; then
        [ -s "$dir/stderr" ] && why="stderr not empty"
        complete "$kind" "$dir" || why="output incomplete"
    elif [ "$status" -eq 71 ]; then
        { [ "$(wc -l <"$dir/stderr")" -eq 1 ] && grep -q '^partnerfunnel: .*out of memory' "$dir/stderr"; } ||
            why="stderr is not one 'out of memory' line"
        # a folder the run created (--clean-dir) may stay, empty
        left=$(find "$dir/out" ! -type d | sed "s|^$dir/out/||" | tr '\n' ' ')
        [ -z "$left" ] || why="left in the output folder: $left"
    else
        why="exit status $status"
    fi
    if [ -n "$why" ]; then
        echo "oom: $kind, allocation $n failing: $why"
        head -n 12 "$dir/stderr" | sed 's/^/    /'
    fi
    rm -rf "$dir"
    [ -z "$why" ]
    exit
fi

BIN=$1
JOBS=${2:-2}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pf-oom.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failed=0
for kind in $KINDS; do
    mkdir -p "$TMP/count/out"
    if ! PF_OOM_REPORT=$TMP/calls run "$BIN" "$kind" "$TMP/count"; then
        echo "oom: the $kind run without failures fails:" >&2
        cat "$TMP/count/stderr" >&2
        exit 1
    fi
    total=$(cat "$TMP/calls")
    rm -rf "$TMP/count"
    seq 1 "$total" | xargs -P "$JOBS" -I{} sh "$0" --one "$BIN" "$kind" {} "$TMP" >"$TMP/$kind.log"
    bad=$(grep -c '^oom:' "$TMP/$kind.log")
    cat "$TMP/$kind.log"
    echo "oom: $kind: $total allocations, each failed once: $((total - bad)) runs clean, $bad not"
    [ "$bad" -eq 0 ] || failed=1
done
exit $failed
