#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Compares two directory trees the way an export must preserve them:
# the same paths, and for each its type, mode, owner, mtime (but the
# root's), content (regular files), target (symlinks), and the same
# hard-link groups.
#   treecmp.sh A B [PATH...]     PATHs (like ./tmp) are left out of B
# Prints each difference; exits 1 if there is one.
set -u
a=$1 b=$2
shift 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# One line per path: name, type, mode, owner, mtime; the hard-link group
# as the first name of the group (by sorted order).
describe() {
	(cd "$1" && find . -exec stat -c '%n|%F|%a|%u:%g|%Y|%i' {} +) |
		LC_ALL=C sort >"$tmp/raw"
	skip=
	for s in $ignore; do skip="$skip|^$s(/|\\|)"; done
	skip=${skip#|}
	if [ -n "$skip" ]; then
		grep -Ev "$skip" "$tmp/raw" >"$tmp/kept" || :
	else
		cp "$tmp/raw" "$tmp/kept"
	fi
	# The root's mtime is left out: bsdtar -x does not restore the
	# mtime of the directory it extracts into.
	awk -F'|' '{ if (!($6 in first)) first[$6] = $1;
		     if ($1 == ".") $5 = "-";
		     print $1 "|" $2 "|" $3 "|" $4 "|" $5 "|link-group " first[$6] }' \
		"$tmp/kept"
}

ignore=
describe "$a" >"$tmp/a"
ignore=$*
describe "$b" >"$tmp/b"
fail=0
if ! diff "$tmp/a" "$tmp/b" >"$tmp/diff"; then
	echo "trees differ (< $a, > $b):"
	cat "$tmp/diff"
	fail=1
fi
# Contents and link targets of the paths both have.
cut -d'|' -f1,2 "$tmp/a" | while IFS='|' read -r p t; do
	case $t in
	'regular file'|'regular empty file')
		[ -f "$b/$p" ] && ! cmp -s "$a/$p" "$b/$p" &&
			echo "content differs: $p" ;;
	'symbolic link')
		[ -L "$b/$p" ] &&
			[ "$(readlink "$a/$p")" != "$(readlink "$b/$p")" ] &&
			echo "link target differs: $p" ;;
	esac
done >"$tmp/content"
if [ -s "$tmp/content" ]; then
	cat "$tmp/content"
	fail=1
fi
[ $fail = 0 ] && echo "same tree: $(wc -l <"$tmp/a") paths"
exit $fail
