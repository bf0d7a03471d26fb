#!/bin/sh
# The Debian package list cannot drift from the link: for every library the link names (-lX from
# `pkg-config --libs PKGS`, plus EXTRA_LIBS), find the file the linker would use and the Debian package that
# owns it, and fail when that package is not in the Makefile's BUILD_DEBS.
# Usage: sh tests/check-debs.sh "PKGS" "EXTRA_LIBS" "BUILD_DEBS"   (the Makefile passes its own variables)
set -u
pkgs=$1 extra=$2 debs=" $3 "
command -v dpkg >/dev/null 2>&1 || { echo "check-debs: not a Debian system, skipped"; exit 0; }
libs=$(pkg-config --libs $pkgs) || { echo "check-debs: pkg-config --libs $pkgs failed" >&2; exit 1; }
cc=${CC:-cc}
bad=0 n=0
for flag in $libs $extra; do
    case $flag in -l*) ;; *) continue ;; esac
    lib=${flag#-l}
    n=$((n + 1))
    file=$($cc -print-file-name="lib$lib.so")
    [ -e "$file" ] || file=$($cc -print-file-name="lib$lib.a")
    if [ ! -e "$file" ]; then
        echo "check-debs: the linker finds no lib$lib.so or lib$lib.a for $flag" >&2
        bad=1
        continue
    fi
    # The -dev package owns the unversioned .so symlink (or the linker script that names it).
    owner=$(dpkg -S "$(readlink -f "$(dirname "$file")")/$(basename "$file")" 2>/dev/null ||
        dpkg -S "$file" 2>/dev/null || dpkg -S "/usr/lib/$(basename "$file")" 2>/dev/null)
    owner=${owner%%:*}
    if [ -z "$owner" ]; then
        echo "check-debs: no Debian package owns $file (for $flag)" >&2
        bad=1
    elif [ "${debs#* $owner }" = "$debs" ]; then
        echo "check-debs: $flag comes from Debian package $owner, which is not in the Makefile's BUILD_DEBS" >&2
        bad=1
    fi
done
[ "$bad" -eq 0 ] && echo "check-debs: $n link libraries, each with its package in BUILD_DEBS"
exit "$bad"
