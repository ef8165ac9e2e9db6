#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs a command and checks what it did, for meson's test():
#   expect.sh [--status N] [--stdout ERE]... [--stderr ERE]...
#             [--no-stdout ERE]... [--no-stderr ERE]...
#             [--stderr-once ERE]... -- cmd [args...]
# Exits 0 when every expectation holds, 1 otherwise. It never skips: a
# test that needs seccomp runs it under needs-seccomp, which skips where
# the machine has none.
set -u
status=0
checks=
while [ $# -gt 0 ]; do
	case $1 in
	--status) status=$2; shift 2 ;;
	--stdout|--stderr|--no-stdout|--no-stderr|--stderr-once)
		checks="$checks$1 $2
"
		shift 2 ;;
	--) shift; break ;;
	*) echo "expect.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
got=$?
fail=0
say() { echo "FAIL: $*"; fail=1; }
[ "$got" = "$status" ] || say "exit status $got, expected $status"
while IFS= read -r line; do
	[ -n "$line" ] || continue
	what=${line%% *}
	re=${line#* }
	case $what in
	--stdout) grep -Eq -- "$re" "$tmp/out" || say "stdout lacks /$re/" ;;
	--stderr) grep -Eq -- "$re" "$tmp/err" || say "stderr lacks /$re/" ;;
	--no-stdout) grep -Eq -- "$re" "$tmp/out" && say "stdout has /$re/" ;;
	--no-stderr) grep -Eq -- "$re" "$tmp/err" && say "stderr has /$re/" ;;
	--stderr-once) [ "$(grep -Ec -- "$re" "$tmp/err")" = 1 ] ||
		say "stderr has /$re/ $(grep -Ec -- "$re" "$tmp/err") times, expected once" ;;
	esac
done <<EOF2
$checks
EOF2
echo "command: $*"
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
exit $fail
