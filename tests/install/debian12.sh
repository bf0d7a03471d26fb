#!/bin/sh
# `make check-install`: the README's two set-up commands, word for word, on a bare Debian 12.
#
# A green test run on a machine that was set up by hand proves nothing about set-up, so this builds a bare
# Debian 12 root with debootstrap (--variant=minbase, then only make, git and ca-certificates), clones this
# repository into it and runs, as root inside the root: `make demo` (must write reports/demo.xlsx) and
# `make test`. Before that, as an unprivileged user without sudo, `make demo` must stop and print the exact
# apt-get command to run. Any failure prints the command's output and exits 1.
#
# The bare root is built once and cached in $PF_INSTALL_CACHE (default build/install/); every run starts from
# a pristine copy of it. The Debian mirror is the one this machine's apt already uses (never a host name
# written here). Needs root (for debootstrap, chroot and mounts); the clone is of the committed HEAD.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PF_INSTALL_CACHE:-$repo/build/install}
base=$cache/bookworm-base.tar
log=$cache/log

say() { echo "check-install: $*"; }
die() { echo "check-install: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mounts); run it as root, e.g. sudo make check-install"

# The mirror of the machine's own apt sources: the first Debian archive that serves bookworm (deb822
# .sources files first, then one-line sources.list entries).
mirror() {
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             { uri = ""; ok = 0
               for (i = 1; i <= NF; i++) {
                   if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uri = u[1] }
                   if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) ok = 1
               }
               if (ok && uri != "") { print uri; exit } }' "$f"
    done
    [ -f /etc/apt/sources.list ] &&
        awk '$1 == "deb" && $3 == "bookworm" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
            /etc/apt/sources.list
}
MIRROR=$(mirror | head -n 1)
[ -n "$MIRROR" ] || die "no Debian bookworm mirror found in /etc/apt/sources.list{,.d}"

mkdir -p "$cache" || die "cannot create $cache"
root=$(mktemp -d "$cache/root.XXXXXX") || die "cannot create a work folder in $cache"
mounted=""
cleanup() {
    for m in $mounted; do umount -l "$m" 2>/dev/null; done
    rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- the cached bare root: debootstrap minbase + make git ca-certificates ----
if [ ! -s "$base" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
        say "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >"$log" 2>&1 ||
            { cat "$log"; die "apt-get install debootstrap failed"; }
    fi
    say "building a bare Debian 12 root from $MIRROR (cached in $base)"
    fresh=$cache/fresh
    rm -rf "$fresh"
    debootstrap --variant=minbase bookworm "$fresh" "$MIRROR" >"$log" 2>&1 ||
        { tail -n 40 "$log"; rm -rf "$fresh"; die "debootstrap failed"; }
    cp /etc/resolv.conf "$fresh/etc/resolv.conf" 2>/dev/null
    chroot "$fresh" /bin/sh -c 'DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends make git ca-certificates &&
        apt-get clean' >"$log" 2>&1 || { tail -n 40 "$log"; rm -rf "$fresh"; die "installing make git ca-certificates failed"; }
    tar -C "$fresh" -cf "$base.tmp" . && mv "$base.tmp" "$base" || { rm -rf "$fresh" "$base.tmp"; die "cannot cache $base"; }
    rm -rf "$fresh"
fi

# ---- a pristine copy, the repository cloned into it ----
tar -C "$root" -xf "$base" || die "cannot unpack $base"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
for fs in proc dev sys; do
    case $fs in
    proc) mount -t proc proc "$root/proc" ;;
    *) mount --rbind "/$fs" "$root/$fs" ;;
    esac || die "cannot mount /$fs in the root"
    mounted="$root/$fs $mounted"
done
git clone -q --no-hardlinks "$repo" "$root/root/partnerfunnel" || die "git clone of $repo failed"
say "clone of $(git -C "$repo" rev-parse --short HEAD) in a bare root ($(du -shx "$root" | cut -f1))"

in_root() { # in_root USERSPEC COMMAND: run COMMAND in the root with a clean environment
    chroot --userspec="$1" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
        /bin/sh -c "$2"
}

# ---- not root, no sudo: the exact command to run, and a failure ----
cp -a "$root/root/partnerfunnel" "$root/tmp/partnerfunnel-user"
chown -R 65534:65534 "$root/tmp/partnerfunnel-user"
if in_root 65534:65534 'cd /tmp/partnerfunnel-user && make demo' >"$log" 2>&1; then
    cat "$log"
    die "'make demo' as a user without the packages and without sudo succeeded; expected it to stop"
fi
grep -q 'sudo apt-get update && sudo apt-get install -y --no-install-recommends.* libxlsxwriter-dev' "$log" || {
    cat "$log"
    die "'make demo' as a user did not print the apt-get command to run"
}
say "as a user without sudo, 'make demo' stops and prints: $(grep 'apt-get install' "$log" | sed 's/^ *//')"

# ---- the README's two commands, as root ----
run() { # run COMMAND: one README command in the clone, as root; its output on failure
    start=$(date +%s)
    if ! in_root 0:0 "cd /root/partnerfunnel && $1" >"$log" 2>&1; then
        tail -n 60 "$log"
        die "'$1' failed on a bare Debian 12 (full output: $log)"
    fi
    say "'$1' passed in $(($(date +%s) - start)) s"
}
run 'make demo'
[ -s "$root/root/partnerfunnel/reports/demo.xlsx" ] || die "'make demo' exited 0 but wrote no reports/demo.xlsx"
run 'make test'
tail -n 1 "$log" | sed 's/^/check-install: make test: /'
say "passed"
