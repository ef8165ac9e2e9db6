#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# --trace-missing: the paths the tree looked for and did not find, each
# once with how often, not the names it created; nothing without it.
#   trace.sh EXPECT TAMAGO_RUN
set -u
expect=$1 run=$2
fail=0
check() {
	echo "== $1"; shift
	sh "$expect" "$@" || fail=1
}
sh=$(command -v sh) || exit 2
script='[ -e /nope/x ]; [ -e /a ]; [ -e /a ]; [ -e /etc/hosts ]; : >/tmp/new'
check "--trace-missing" \
	--stderr '^tamago: --trace-missing: [0-9]+ paths looked for and not found' \
	--stderr-once '^tamago: missing: /nope/x$' \
	--stderr-once '^tamago: missing: /a \(2 times\)$' \
	--no-stderr 'missing: /tmp/new' --no-stderr 'missing: /etc/hosts' -- \
	"$run" --trace-missing "$sh" -c "$script"
check "a child's lookups count" --stderr-once '^tamago: missing: /from-child$' \
	-- "$run" --trace-missing "$sh" -c '( [ -e /from-child ] ); :'
check "without it: nothing" --no-stderr 'missing' -- \
	"$run" "$sh" -c "$script"
exit $fail
