#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Every system call the filter's table names exists on at least one of the
# architectures we build for, so a misspelt row cannot be silently
# skipped. (The trap path dispatches by the same names: tools/traps.py.)
#   policy-names.sh POLICY_C RESOLVER
set -u
names=$(grep -oE '(ALLOW|TRAP|ERRNO|RULES)\("[a-z0-9_]+"' "$1" |
	sed 's/.*("//; s/"$//' | sort -u)
[ -n "$names" ] || { echo "FAIL: no names read from $1"; exit 1; }
# shellcheck disable=SC2086
exec "$2" $names
