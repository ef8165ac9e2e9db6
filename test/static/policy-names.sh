#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Every system call the filter's table names exists on at least one of the
# architectures we build for, so a misspelt row cannot be silently skipped;
# and every call the table traps has, on each of them, a number below the
# shim's dispatch table's size (DISPATCH_MAX), so that its trap reaches its
# emulation.
#   policy-names.sh POLICY_C RESOLVER
set -u
names=$(grep -oE '(ALLOW|TRAP|ERRNO|RULES)\("[a-z0-9_]+"' "$1" |
	sed 's/.*("//; s/"$//' | sort -u)
[ -n "$names" ] || { echo "FAIL: no names read from $1"; exit 1; }
# Trapped: TRAP rows, and RULES rows whose third field is a trap_ function
# (rows may span lines).
trapped=$(tr '\n\t' '  ' <"$1" |
	grep -oE '(TRAP\("[a-z0-9_]+"|RULES\("[a-z0-9_]+", *[a-z0-9_]+, *trap_)' |
	sed 's/^[A-Z]*("//; s/".*//' | sort -u)
max=$(sed -n 's/^#define DISPATCH_MAX \([0-9][0-9]*\)$/\1/p' "$1")
[ -n "$trapped" ] && [ -n "$max" ] ||
	{ echo "FAIL: no trapped names or DISPATCH_MAX read from $1"; exit 1; }
fail=0
# shellcheck disable=SC2086
"$2" $names || fail=1
# shellcheck disable=SC2086
"$2" --below "$max" $trapped || fail=1
exit $fail
