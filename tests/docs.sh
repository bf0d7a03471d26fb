#!/bin/sh
# tests/docs.sh — the documentation stays true to the tree. Usage: sh tests/docs.sh (from anywhere);
# PF_BIN names the program (default ./partnerfunnel, relative to the repository root).
#
# Checks:
#  a. no file names a document that is not in the repository (the old specification, style and notes files);
#  b. the man page lints clean: `groff -man -ww -z partnerfunnel.1` prints nothing (groff: Debian groff-base);
#  c. every relative link of README.md and docs/*.md points to a file that exists;
#  d. README.md stays under 10 KB (10240 bytes);
#  e. the man page's .TH line names the version `--version` prints; every command the program has is in the
#     man page, and every long option its `--help` lists appears in docs/manual.md and in partnerfunnel.1 (a
#     command the binary does not have yet is skipped);
#  f. every citation `docs/NAME.md "Heading"` in the tree names a heading that exists in that file.
# One line per problem, then "docs: N checks passed" (and how many failed); exit status 1 when any failed.
set -u
cd "$(dirname "$0")/.." || exit 1
BIN=${PF_BIN:-./partnerfunnel}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pf-docs.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

checks=0
failed=0
pass() { checks=$((checks + 1)); }
fail() {
    echo "docs: $*"
    failed=$((failed + 1))
}

# ---- a. references to documents outside the repository ----
# The pattern is built from pieces so that this file does not match itself.
old_names='\bSP''EC\b\|SP''EC §\|STY''LE\.md\|DOM''AIN\.md\|-NO''TES\.md\|NO''TES\.md'
grep -rnI "$old_names" --exclude-dir=.git --exclude-dir='build*' --exclude=docs.sh . >"$TMP/refs" 2>/dev/null
if [ -s "$TMP/refs" ]; then
    while IFS= read -r line; do fail "reference to a document outside the repository: $line"; done <"$TMP/refs"
else
    pass
fi

# ---- b. the man page ----
if ! command -v groff >/dev/null 2>&1; then
    fail "groff is missing: cannot check partnerfunnel.1 (install the Debian package groff-base)"
elif [ ! -f partnerfunnel.1 ]; then
    fail "partnerfunnel.1 is missing"
else
    groff -man -ww -z partnerfunnel.1 >"$TMP/groff" 2>&1
    if [ -s "$TMP/groff" ]; then
        while IFS= read -r line; do fail "groff -man -ww -z partnerfunnel.1: $line"; done <"$TMP/groff"
    else
        pass
    fi
fi

# ---- c. relative links ----
for doc in README.md docs/*.md; do
    [ -f "$doc" ] || continue
    dir=$(dirname "$doc")
    grep -o '\](\([^)]*\))' "$doc" | sed 's/^](//; s/)$//' >"$TMP/links"
    while IFS= read -r target; do
        case $target in
        http://* | https://* | mailto:* | '#'*) continue ;;
        esac
        path=${target%%#*}
        path=${path%% *} # a link title after the path: [x](file "title")
        if [ -e "$dir/$path" ]; then pass; else fail "$doc: link to $target: $dir/$path does not exist"; fi
    done <"$TMP/links"
done

# ---- d. README size ----
size=$(wc -c <README.md)
if [ "$size" -lt 10240 ]; then pass; else fail "README.md is $size bytes: keep it under 10240"; fi

# ---- e. commands and options: --help against the manual and the man page ----
sed 's/\\-/-/g' partnerfunnel.1 >"$TMP/man" 2>/dev/null
if [ ! -x "$BIN" ]; then
    fail "$BIN is not an executable: build it first (make), or set PF_BIN"
else
    # The man page's title line names the version the program prints.
    version=$("$BIN" --version 2>/dev/null)
    if grep -q "^\.TH PARTNERFUNNEL 1 \"[0-9-]*\" \"$version\"" partnerfunnel.1; then
        pass
    else
        fail "partnerfunnel.1: its .TH line does not name '$version' (what $BIN --version prints)"
    fi
    commands=$("$BIN" --help 2>/dev/null | awk '/^Commands:/ { inside = 1; next }
        inside && /^  [a-z]/ { print $1; next } inside { inside = 0 }')
    # shellcheck disable=SC2086 # one command name a word
    for cmd in $(printf '%s\n' $commands report audit plan validate score generate | awk '!seen[$0]++'); do
        if ! "$BIN" "$cmd" --help >"$TMP/help" 2>/dev/null; then
            echo "docs: skipped '$cmd': this binary has no such command yet"
            continue
        fi
        if grep -q "^\.B $cmd\$" partnerfunnel.1; then pass; else fail "partnerfunnel.1: command '$cmd' is not under COMMANDS"; fi
        if grep -q "^## $cmd\$\|^## .*\b$cmd\b" docs/manual.md; then
            pass
        else
            fail "docs/manual.md: no section for command '$cmd'"
        fi
        # shellcheck disable=SC2013 # one option a word
        for option in $(grep -o -- '--[a-z][a-z0-9-]*' "$TMP/help" | sort -u); do
            if grep -qF -- "$option" docs/manual.md; then
                pass
            else
                fail "docs/manual.md: option $option of '$cmd' (in its --help) is not documented"
            fi
            if grep -qF -- "$option" "$TMP/man"; then
                pass
            else
                fail "partnerfunnel.1: option $option of '$cmd' (in its --help) is not documented"
            fi
        done
    done
fi

# ---- f. cited headings exist ----
grep -rnoI 'docs/[a-z-]*\.md "[^"]*"' --exclude-dir=.git --exclude-dir='build*' --exclude=docs.sh . >"$TMP/cites" 2>/dev/null
while IFS= read -r cite; do
    where=${cite%%:docs/*}
    ref=${cite#"$where":}
    file=${ref%% *}
    heading=$(printf '%s\n' "$ref" | sed 's/^[^"]*"//; s/"$//')
    if [ ! -f "$file" ]; then
        fail "$where: cites $file, which does not exist"
    elif grep -qxF "## $heading" "$file" || grep -qxF "### $heading" "$file"; then
        pass
    else
        fail "$where: cites $file \"$heading\", a heading that $file does not have"
    fi
done <"$TMP/cites"

if [ "$failed" -eq 0 ]; then
    echo "docs: $checks checks passed"
else
    echo "docs: $checks checks passed, $failed failed"
    exit 1
fi
