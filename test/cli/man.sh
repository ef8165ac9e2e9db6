#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tamago-run(1) renders without warnings and names every option the
# launcher's parser takes: with man -l where man is installed, else with
# groff or nroff; with none of them, a skip that says so.
#   man.sh PAGE TAMAGO_RUN_SOURCE
set -u
page=$1 source=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
if command -v man >/dev/null; then
	how="man -l"
	MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -l "$page" \
		>"$tmp/out" 2>"$tmp/err" || fail=1
elif command -v groff >/dev/null; then
	how=groff
	groff -man -Tutf8 -ww "$page" >"$tmp/out" 2>"$tmp/err" || fail=1
elif command -v nroff >/dev/null; then
	how=nroff
	nroff -man -ww "$page" >"$tmp/out" 2>"$tmp/err" || fail=1
else
	echo "skip: none of man, groff and nroff is installed"
	exit 77
fi
echo "rendered with $how"
[ -s "$tmp/err" ] && { echo "FAIL: warnings:"; cat "$tmp/err"; fail=1; }
# Without overstrikes, hyphens as typed.
sed -e 's/.\x08//g' -e 's/‐/-/g' -e 's/−/-/g' "$tmp/out" >"$tmp/text"
grep -q '^NAME' "$tmp/text" || { echo "FAIL: no NAME section"; fail=1; }
opts=$(sed -n '/^while \[ \$# -gt 0 \]; do$/,/^done$/p' "$source" |
	grep -Eo -- '(^|[|	])-[-a-z]+' | tr -d '|	' | sort -u)
for o in $opts; do
	case $o in --) continue ;; esac
	grep -Eq -- "(^|[ ,])$o([=[ ,]|$)" "$tmp/text" ||
		{ echo "FAIL: the page lacks $o"; fail=1; }
done
exit $fail
