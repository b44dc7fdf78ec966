#!/bin/sh
# Prints the paths of the libraries, among those libgit2 loads, that pmgit
# should name ahead of libgit2 when it is linked, so that it starts faster;
# prints nothing when there are none or a tool it needs is missing.
#
# When a program starts, the dynamic linker looks up each symbol a library
# imports by walking the loaded libraries in load order, from the top. A
# library linked with BIND_NOW resolves all of its imports at start,
# including its own exported functions, which it calls through its GOT;
# Debian's libcrypto (5,000 symbols, pulled in by libgit2 through
# libssh2) sits near the bottom of that order, so each of its thousands of
# lookups walks past a dozen libraries first: 2.8 M of the 8.0 M
# instructions "pmgit --version" runs, all before main. Naming such a library first loads
# nothing new; it only moves it up the order. A library that defines a
# symbol another loaded library also defines is left where it is, so that
# every symbol still resolves to the same definition.
#
# usage: load-order.sh [MIN_SYMBOLS]
set -u
min=${1:-500}
for t in pkg-config ldd readelf nm; do
	command -v "$t" >/dev/null 2>&1 || exit 0
done
libdir=$(pkg-config --variable=libdir libgit2 2>/dev/null) || exit 0
[ -e "$libdir/libgit2.so" ] || exit 0
tmp=$(mktemp -d) || exit 0
trap 'rm -rf "$tmp"' EXIT

# what libgit2 loads, and the other libraries pmgit links directly
libs=$(ldd "$libdir/libgit2.so" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
for pc in yaml-0.1 libsodium; do
	d=$(pkg-config --variable=libdir "$pc" 2>/dev/null) || continue
	for f in "$d"/libyaml.so "$d"/libsodium.so; do
		[ -e "$f" ] && libs="$libs $f"
	done
done
git2=$(readlink -f "$libdir/libgit2.so")
libs="$git2 $libs"

n=0
for l in $libs; do
	n=$((n + 1))
	nm -D --defined-only "$l" 2>/dev/null | awk '{ sub(/@.*/, "", $NF); print $NF }' |
		sort -u >"$tmp/$n.syms"
	echo "$n $l" >>"$tmp/index"
done

while read -r i l; do
	# libgit2 comes first already
	[ "$i" = 1 ] && continue
	readelf -d "$l" 2>/dev/null | grep -q -E 'BIND_NOW|FLAGS_1.*NOW' || continue
	count=$(wc -l <"$tmp/$i.syms")
	[ "$count" -ge "$min" ] || continue
	clash=0
	while read -r j _; do
		[ "$j" = "$i" ] && continue
		if [ -n "$(comm -12 "$tmp/$i.syms" "$tmp/$j.syms" | head -1)" ]; then
			clash=1
			break
		fi
	done <"$tmp/index"
	[ "$clash" = 0 ] || continue
	echo "$count $l"
done <"$tmp/index" | sort -rn | awk '{ print $2 }' | tr '\n' ' '
