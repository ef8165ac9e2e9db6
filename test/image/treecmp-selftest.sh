#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# treecmp.sh must see each kind of difference it promises to see.
#   treecmp-selftest.sh TREECMP
set -u
treecmp=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/d"
printf 'one\n' >"$tmp/a/d/f"
ln "$tmp/a/d/f" "$tmp/a/g"
printf 'two\n' >"$tmp/a/h"
ln -s f "$tmp/a/d/l"
fail=0
expect_same() {
	sh "$treecmp" "$tmp/a" "$tmp/b" >"$tmp/out" ||
		{ echo "FAIL: a copy reported different:"; cat "$tmp/out"; fail=1; }
}
expect_diff() {
	what=$1
	shift
	rm -rf "$tmp/b"
	cp -a "$tmp/a" "$tmp/b"
	"$@"
	if sh "$treecmp" "$tmp/a" "$tmp/b" >"$tmp/out"; then
		echo "FAIL: not seen: $what"
		fail=1
	else
		echo "seen: $what"
	fi
}
rm -rf "$tmp/b"
cp -a "$tmp/a" "$tmp/b"
expect_same
expect_diff mode chmod 0600 "$tmp/b/h"
expect_diff mtime touch -d '2000-01-01' "$tmp/b/h"
expect_diff content sh -c "printf 'twO\n' >'$tmp/b/h'; touch -r '$tmp/a/h' '$tmp/b/h'"
expect_diff 'link target' sh -c "rm '$tmp/b/d/l'; ln -s h '$tmp/b/d/l'; touch -h -r '$tmp/a/d/l' '$tmp/b/d/l'"
expect_diff 'hard-link group' sh -c "rm '$tmp/b/g'; cp -p '$tmp/a/d/f' '$tmp/b/g'"
expect_diff 'missing path' rm "$tmp/b/h"
expect_diff 'extra path' sh -c ": >'$tmp/b/extra'"
expect_diff type sh -c "rm '$tmp/b/h'; mkdir '$tmp/b/h'"
exit $fail
