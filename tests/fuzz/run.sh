#!/bin/sh
# Runs each libFuzzer target of $1 (build-fuzz) for $2 seconds on a corpus seeded from the fixtures
# (tests/fuzz/seed.sh), keeping what the fuzzer adds in $1/corpus/<target>/ for the next run. A crash,
# sanitizer report, leak, timeout or out-of-memory stops that target; the input that caused it is left in
# $1/crashes/<target>/ and the script exits 1 after running the others. Run from the repository root.
set -u
dir=$1
seconds=$2
shift 2
mkdir -p "$dir/seeds"
sh tests/fuzz/seed.sh "$dir/seeds" || exit 1
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=""
for target in "$@"; do
    name=${target#fuzz_}
    mkdir -p "$dir/corpus/$name" "$dir/crashes/$name"
    printf 'fuzz: %-8s %ss ... ' "$name" "$seconds"
    if "$dir/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$dir/crashes/$name/" \
        "$dir/corpus/$name" "$dir/seeds/$name" >"$dir/$name.log" 2>&1; then
        grep -h '^stat::number_of_executed_units' "$dir/$name.log" | sed 's/.*: */ok, runs: /'
    else
        echo "FAILED (see $dir/$name.log, input in $dir/crashes/$name/)"
        failed="$failed $name"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: failed:$failed" >&2
    exit 1
fi
