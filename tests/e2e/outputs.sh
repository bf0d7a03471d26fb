# End-to-end cases of where outputs may go and how they are replaced (sourced by tests/e2e.sh: $BIN, $TMP,
# expect, pass, fail). docs: output.h. Every output of a run is written to a temporary beside its target
# and renamed only when all are complete; a target that is not a regular file, or that is an input of the
# run, is refused (exit 73) before anything is written; symbolic links are written through; a signal
# removes the temporaries.
OUT=$TMP/outputs
CANON=fixtures/crm/canonical
mkdir -p "$OUT"

# none_left WHAT DIR: no hidden temporary in DIR
none_left() {
    left=$(ls -A "$2" | grep '^\.' || true)
    if [ -z "$left" ]; then pass; else fail "outputs: $1: temporary left behind: $left"; fi
}
# same WHAT A B: the files hold the same bytes
same() {
    if cmp -s "$2" "$3"; then pass; else fail "outputs: $1: $2 changed"; fi
}

# ---- targets that are not regular files: refused, never replaced ----
mkfifo "$OUT/fifo"
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$OUT/socket"
mkdir "$OUT/folder.json"
expect 73 "partnerfunnel: $OUT/fifo: is a FIFO, not a file: nothing written" -- \
    report $CANON --as-of 2025-06-30 -o "$OUT/fifo"
expect 73 "partnerfunnel: $OUT/socket: is a socket, not a file: nothing written" -- \
    validate $CANON --json "$OUT/socket"
expect 73 "partnerfunnel: $OUT/folder.json: is a folder, not a file: nothing written" -- \
    report $CANON --as-of 2025-06-30 --json "$OUT/folder.json"
# a device: a private copy of /dev/null (as root, the old code replaced the system's own /dev/null)
if [ "$(id -u)" = 0 ] && mknod "$OUT/null" c 1 3 2>/dev/null; then
    expect 73 "partnerfunnel: $OUT/null: is a device, not a file: nothing written" -- \
        report $CANON --as-of 2025-06-30 -o "$OUT/null"
    expect 73 "partnerfunnel: $OUT/null: is a device, not a file: nothing written" -- \
        score fixtures/criteria/edge/prospects.csv --criteria fixtures/criteria/edge/criteria.csv --csv "$OUT/null"
    if [ -c "$OUT/null" ]; then pass; else fail "outputs: a device was replaced"; fi
    rm -f "$OUT/null"
fi
# refused before the work: the prospect file is not even opened
expect 73 "partnerfunnel: $OUT/fifo: is a FIFO, not a file: nothing written" -- \
    score "$OUT/no-such-prospects.csv" --criteria fixtures/criteria/edge/criteria.csv --json "$OUT/fifo"
if [ -p "$OUT/fifo" ] && [ -S "$OUT/socket" ] && [ -d "$OUT/folder.json" ]; then pass; else
    fail "outputs: a special file was replaced"; fi
# --clean-dir whose costs.csv is a FIFO: partners.csv and deals.csv are not replaced either
mkdir "$OUT/clean"
echo old >"$OUT/clean/partners.csv"
echo old >"$OUT/clean/deals.csv"
mkfifo "$OUT/clean/costs.csv"
expect 73 "partnerfunnel: $OUT/clean/costs.csv: is a FIFO, not a file: nothing written" -- \
    validate $CANON --clean-dir "$OUT/clean"
if [ "$(cat "$OUT/clean/partners.csv" "$OUT/clean/deals.csv")" = "old
old" ]; then pass; else fail "outputs: --clean-dir replaced some files of a failed run"; fi
none_left "special targets" "$OUT"
none_left "special targets" "$OUT/clean"
# "-" is standard output where documented
"$BIN" validate $CANON --json - >"$OUT/stdout.json" 2>"$OUT/err" && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUT/stdout.json" &&
    pass || fail "outputs: --json - did not write JSON to stdout"

# ---- symbolic links: written through to their target, atomically in the target's folder ----
mkdir "$OUT/real" "$OUT/links"
echo old >"$OUT/real/report.xlsx"
ln -s ../real/report.xlsx "$OUT/links/report.xlsx"
ln -s "$OUT/real/new.json" "$OUT/links/dangling.json"
expect 0 "" -- report $CANON --as-of 2025-06-30 -o "$OUT/links/report.xlsx" --json "$OUT/links/dangling.json"
if [ -L "$OUT/links/report.xlsx" ] && [ -L "$OUT/links/dangling.json" ]; then pass; else fail "outputs: a link was replaced"; fi
if unzip -tq "$OUT/real/report.xlsx" >/dev/null 2>&1; then pass; else fail "outputs: the link's target is not the workbook"; fi
if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUT/real/new.json" 2>/dev/null; then pass; else
    fail "outputs: a dangling link's target was not created"; fi
none_left "links" "$OUT/links"
none_left "links" "$OUT/real"
ln -s loop1 "$OUT/loop2"
ln -s loop2 "$OUT/loop1"
expect 73 "partnerfunnel: $OUT/loop1: cannot create: Too many levels of symbolic links" -- \
    validate $CANON --json "$OUT/loop1"

# ---- an output never replaces an input of the same run ----
# (a usage error: the line is followed by the hint to the command's --help)
try() { printf "\nTry 'partnerfunnel %s --help' for more information." "$1"; }
cp -r $CANON "$OUT/export"
cp -r "$OUT/export" "$OUT/export.copy"
ln -s export/partners.csv "$OUT/partners-link.csv"
expect 64 "partnerfunnel: $OUT/export/partners.csv: is an input of this run: nothing written (choose another output)$(try validate)" -- \
    validate "$OUT/export" --clean-dir "$OUT/export"
expect 64 "partnerfunnel: $OUT/./export/partners.csv: is the input $OUT/export/partners.csv of this run: nothing written (choose another output)$(try validate)" -- \
    validate "$OUT/export" --clean-dir "$OUT/./export/"
expect 64 "partnerfunnel: $OUT/export/partners.csv: is an input of this run: nothing written (choose another output)$(try report)" -- \
    report "$OUT/export" --as-of 2025-06-30 -o "$OUT/export/partners.csv"
expect 64 "partnerfunnel: $OUT/partners-link.csv: is the input $OUT/export/partners.csv of this run: nothing written (choose another output)$(try report)" -- \
    report "$OUT/export" --as-of 2025-06-30 --json "$OUT/partners-link.csv"
expect 64 "partnerfunnel: $OUT/export/deals.csv: is an input of this run: nothing written (choose another output)$(try validate)" -- \
    validate "$OUT/export" --json "$OUT/export/deals.csv"
cp fixtures/criteria/edge/prospects.csv fixtures/criteria/edge/criteria.csv "$OUT/"
expect 64 "partnerfunnel: $OUT/prospects.csv: is an input of this run: nothing written (choose another output)$(try score)" -- \
    score "$OUT/prospects.csv" --criteria "$OUT/criteria.csv" -o "$OUT/prospects.csv"
expect 64 "partnerfunnel: $OUT/criteria.csv: is an input of this run: nothing written (choose another output)$(try score)" -- \
    score "$OUT/prospects.csv" --criteria "$OUT/criteria.csv" --csv "$OUT/criteria.csv"
if diff -r "$OUT/export" "$OUT/export.copy" >/dev/null; then pass; else fail "outputs: an input was changed"; fi
same "score inputs" "$OUT/prospects.csv" fixtures/criteria/edge/prospects.csv
same "score inputs" "$OUT/criteria.csv" fixtures/criteria/edge/criteria.csv
none_left "inputs" "$OUT/export"

# ---- all outputs of a run, or none ----
echo previous >"$OUT/keep.json"
cp "$OUT/keep.json" "$OUT/keep.copy"
mkdir "$OUT/adir.xlsx"
expect 73 "partnerfunnel: $OUT/adir.xlsx: is a folder, not a file: nothing written" -- \
    report $CANON --as-of 2025-06-30 --json "$OUT/keep.json" -o "$OUT/adir.xlsx"
same "report -o failed, --json" "$OUT/keep.json" "$OUT/keep.copy"
expect 73 "partnerfunnel: $OUT/adir.xlsx: is a folder, not a file: nothing written" -- \
    score fixtures/criteria/edge/prospects.csv --criteria fixtures/criteria/edge/criteria.csv \
    --json "$OUT/keep.json" --csv "$OUT/adir.xlsx"
same "score --csv failed, --json" "$OUT/keep.json" "$OUT/keep.copy"
# a write that fails half-way (the file size limit stands in for a full disk): the small JSON was complete,
# the workbook was not, and neither replaces anything
(
    ulimit -f 64 2>/dev/null
    trap '' XFSZ
    "$BIN" report $CANON --as-of 2025-06-30 --json "$OUT/keep.json" -o "$OUT/big.xlsx" >"$OUT/out" 2>"$OUT/err"
    echo $? >"$OUT/status"
)
if [ "$(cat "$OUT/status")" = 74 ] && [ "$(cat "$OUT/err")" = "partnerfunnel: $OUT/big.xlsx: cannot write: File too large in $OUT" ]
then pass; else fail "outputs: report write failure: status $(cat "$OUT/status") ($(cat "$OUT/err"))"; fi
same "report --json beside a failed workbook" "$OUT/keep.json" "$OUT/keep.copy"
if [ ! -e "$OUT/big.xlsx" ]; then pass; else fail "outputs: a failed workbook was written"; fi
none_left "failed runs" "$OUT"

# ---- a full file system (root only: a 64 KB tmpfs): the real cause, no libxlsxwriter line, nothing replaced
if [ "$(id -u)" = 0 ] && mkdir "$OUT/small" && mount -t tmpfs -o size=64k tmpfs "$OUT/small" 2>/dev/null; then
    echo previous >"$OUT/small/report.xlsx"
    expect 74 "partnerfunnel: $OUT/small/report.xlsx: cannot write: No space left on device in $OUT/small" -- \
        report fixtures/demo -o "$OUT/small/report.xlsx"
    dd if=/dev/zero of="$OUT/small/fill" bs=1k count=56 2>/dev/null # leaves less than the shortlist needs
    expect 74 "partnerfunnel: $OUT/small/s.xlsx: cannot write: No space left on device in $OUT/small" -- \
        score fixtures/criteria/sirene-sample.csv --criteria fixtures/criteria/sirene-criteria.csv -o "$OUT/small/s.xlsx"
    if [ "$(cat "$OUT/small/report.xlsx")" = previous ] && [ ! -e "$OUT/small/s.xlsx" ]; then pass; else
        fail "outputs: a full disk changed an output"; fi
    none_left "full disk" "$OUT/small"
    rm -f "$OUT/small/fill" "$OUT/small/report.xlsx"
    # a small TMPDIR does not matter: the workbook's parts go beside the workbook (every XML part parses)
    TMPDIR="$OUT/small" "$BIN" report fixtures/demo -o "$OUT/tmpdir.xlsx" >/dev/null 2>&1 &&
        python3 -c 'import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
[ET.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))]' "$OUT/tmpdir.xlsx" 2>/dev/null &&
        pass || fail "outputs: a small TMPDIR broke the workbook"
    umount "$OUT/small"
fi

# ---- signals: an interrupted run leaves the previous files and no temporary ----
# interrupt SIGNAL WHEN ARGS...: runs the program and sends SIGNAL at a point of its work, then prints the
# shell's exit status (128 + the signal when the signal ended it). WHEN is a number of seconds (for points
# early in the run), or DIR:BYTES, "as soon as a temporary of the run in DIR (a name starting with '.') holds
# BYTES", so that the point does not depend on the machine's speed; a run that ends before prints "ended N".
# Started from python so that SIGINT is not ignored as it is for a background job of a non-interactive shell.
interrupt() {
    python3 - "$@" <<'PY'
import os, signal, subprocess, sys, time
sig, when, argv = getattr(signal, sys.argv[1]), sys.argv[2], sys.argv[3:]
p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
def temporary_holds(folder, size):
    for name in os.listdir(folder):
        try:
            if name.startswith(".") and os.path.getsize(os.path.join(folder, name)) >= size:
                return True
        except OSError:
            pass
    return False
if ":" in when:
    folder, size = when.rsplit(":", 1)
    while p.poll() is None and not temporary_holds(folder, int(size)):
        time.sleep(0.002)
else:
    time.sleep(float(when))
if p.poll() is not None:
    print("ended", p.returncode)
    sys.exit()
p.send_signal(sig)
code = p.wait()
print(128 - code if code < 0 else code)
PY
}
"$BIN" generate --candidates 2000 --out "$OUT/gen" >/dev/null
cp -r "$OUT/gen" "$OUT/gen.copy"
for when in 0.05 "$OUT/gen:1" "$OUT/gen:4000000"; do
    status=$(interrupt SIGTERM "$when" "$BIN" generate --candidates 300000 --out "$OUT/gen")
    if [ "$status" = 143 ]; then pass; else fail "outputs: generate killed at $when: status $status"; fi
    if diff -r "$OUT/gen" "$OUT/gen.copy" >/dev/null; then pass; else fail "outputs: an interrupted generate changed a file"; fi
    none_left "generate killed at $when" "$OUT/gen"
done
"$BIN" generate --candidates 150000 --out "$OUT/large" >/dev/null
echo previous >"$OUT/large.xlsx"
for case in "SIGINT 0.1 130" "SIGHUP $OUT:1 129" "SIGTERM $OUT:1000000 143"; do
    set -- $case
    status=$(interrupt $1 $2 "$BIN" report "$OUT/large" -o "$OUT/large.xlsx" --json "$OUT/large.json")
    if [ "$status" = $3 ]; then pass; else fail "outputs: report, $1 at $2: status $status, expected $3"; fi
    if [ "$(cat "$OUT/large.xlsx")" = previous ] && [ ! -e "$OUT/large.json" ]; then pass; else
        fail "outputs: an interrupted report changed an output"; fi
    none_left "report, $1 at $2" "$OUT"
done
