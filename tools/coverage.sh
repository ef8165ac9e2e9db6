#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Writes the coverage page (markdown) from the two tables in the source:
# exports.map (every libc name the shim overrides, grouped by the file that
# overrides it) and seal/policy.c (every system call the filter traps, with
# the function that emulates it, and what it does with the rest).
#   coverage.sh EXPORTS_MAP POLICY_C > coverage.md
set -eu
map=$1 policy=$2

echo "# tamago shim: coverage"
echo
echo "Generated from shim/exports.map and seal/policy.c; do not edit."
echo
echo "## libc names the shim overrides"
echo
echo "Each calls one core function (the libc path). Where a name is not"
echo "here, glibc's own code runs and its system calls take the trap path."
echo
echo "| file | names |"
echo "| --- | --- |"
awk '
	/global:/ { g = 1; next }
	/local:/ { g = 0 }
	!g { next }
	/\/\*.*\*\// {
		if (file != "" && names != "")
			print "| " file " | " names " |"
		file = $0
		sub(/.*\/\* */, "", file); sub(/ *\*\/.*/, "", file)
		names = ""
		next
	}
	{
		gsub(/[ \t]/, "")
		n = split($0, parts, ";")
		for (i = 1; i <= n; i++)
			if (parts[i] != "")
				names = names (names == "" ? "" : ", ") "`" parts[i] "`"
	}
	END { if (file != "" && names != "") print "| " file " | " names " |" }
' "$map"
echo
echo "## libc names left to glibc or the kernel"
echo
echo "What these touch is served all the same; the route says how."
echo
echo "| names | route |"
echo "| --- | --- |"
sed -n 's,^[ \t]*/\* left: \(.*\) | \(.*\) \*/[ \t]*$,\1|\2,p' "$map" |
	while IFS='|' read -r names route; do
		printf '| %s | %s |\n' "$(echo "$names" | sed 's/\([^ ]*\)/`\1`/g; s/ /, /g')" "$route"
	done
echo
echo "## System calls"
echo
echo "The filter's table, row by row: allowed calls run in the kernel,"
echo "trapped ones are emulated by the named function (from libc and the"
echo "dynamic loader always; from elsewhere as TAMAGO_RAW says), the rest"
echo "kill the process. A name the architecture lacks is skipped."
echo
echo "| system call | action | emulation |"
echo "| --- | --- | --- |"
# One row per macro call, however it is wrapped over lines; a RULES row's
# text (its conditions, for --print-filter) is dropped here.
tr '\n\t' '  ' <"$policy" |
	grep -oE '(ALLOW|TRAP|ERRNO|RULES)\("[a-z0-9_]+"(, *[a-zA-Z0-9_]+)*(, *("[^"]*" *|[A-Z_]+ *)+)?\)' |
	sed -E 's/^(ALLOW|TRAP|ERRNO|RULES)\("([a-z0-9_]+)"(, *([a-zA-Z0-9_]+))?(, *([a-zA-Z0-9_]+))?.*$/\1 \2 \4 \6/' |
	while read -r kind name a b; do
		case $kind in
		ALLOW) echo "| \`$name\` | allowed | |" ;;
		TRAP) echo "| \`$name\` | trapped | \`$a\` |" ;;
		ERRNO) echo "| \`$name\` | fails with $a | |" ;;
		RULES)
			if [ "$b" = NULL ] || [ -z "$b" ]; then
				echo "| \`$name\` | by argument (\`$a\`) | |"
			else
				echo "| \`$name\` | by argument (\`$a\`) | \`$b\` |"
			fi ;;
		esac
	done
echo
echo "Every other system call is killed by the kernel (seccomp's"
echo "kill-process), without a report."
