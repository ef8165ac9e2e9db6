#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The shim exports exactly what shim/exports.map lists (the overridden libc
# names and tamago_*), needs nothing but libc and the dynamic loader, and
# its cores never call a name it overrides (they would land in the shim).
#   exports.sh LIBTAMAGO_SHIM EXPORTS_MAP LIBTAMAGO_CORE
set -u
lib=$1 map=$2 core=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }

# Names in the map's global: section, comments and wildcards removed.
sed -e 's,/\*.*\*/,,g' "$map" |
	awk '/global:/{g=1; next} /local:/{g=0} g' |
	tr ';' '\n' | tr -d ' \t' | grep -v '^$' | grep -v '\*' |
	sort -u >"$tmp/listed"
[ -s "$tmp/listed" ] || say "no names read from $map"
nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' |
	sort -u >"$tmp/exported"
grep -v '^tamago_' "$tmp/exported" >"$tmp/exported-libc"
grep -q '^tamago_register$' "$tmp/exported" || say "tamago_register not exported"
comm -23 "$tmp/exported-libc" "$tmp/listed" >"$tmp/extra"
comm -13 "$tmp/exported-libc" "$tmp/listed" >"$tmp/missing"
[ -s "$tmp/extra" ] && say "exported but not in the map: $(tr '\n' ' ' <"$tmp/extra")"
[ -s "$tmp/missing" ] && say "in the map but not exported: $(tr '\n' ' ' <"$tmp/missing")"

readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$tmp/needed"
while read -r so; do
	case $so in
	libc.so.*|ld-linux*.so.*|ld-linux.so.*) ;;
	*) say "needs $so (only libc and the dynamic loader are allowed)" ;;
	esac
done <"$tmp/needed"
grep -q '^libc\.so' "$tmp/needed" || say "does not need libc?"

nm -u "$core" 2>/dev/null | awk '{print $NF}' | sed 's/@.*//' | sort -u >"$tmp/core-undef"
comm -12 "$tmp/core-undef" "$tmp/listed" >"$tmp/recursive"
[ -s "$tmp/recursive" ] && say "the cores call overridden names: $(tr '\n' ' ' <"$tmp/recursive")"

echo "exported libc names: $(wc -l <"$tmp/exported-libc"), needed: $(tr '\n' ' ' <"$tmp/needed")"
exit $fail
