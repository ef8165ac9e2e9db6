#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The audit of refused network attempts (--audit=, TAMAGO_AUDIT_FD): a
# program aimed at a listener this test started on the host's 127.0.0.1
# connects twice; the nil stub refuses both, the audit file holds one
# JSON line counting them, and the listener saw nothing. Without
# refusals the file is empty.
#   net-audit.sh TAMAGO_RUN HOOKED LISTENER
set -u
run=$1 prog=$2 listener=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }

. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
"$run" --audit="$tmp/audit" "$prog" "$port" >"$tmp/out" 2>"$tmp/err"
status=$?
"$run" --net=loopback --audit="$tmp/audit-lo" "$prog" "$port" \
	>"$tmp/out-lo" 2>"$tmp/err-lo"
status_lo=$?
listener_stop
[ "$status" = 3 ] || say "exit status $status, expected 3"
[ "$(grep -cx 'connect -1 Network is unreachable' "$tmp/out")" = 2 ] ||
	say "connect did not fail with ENETUNREACH twice"
want="{\"call\":\"connect\",\"protocol\":\"tcp\",\"address\":\"127.0.0.1\",\"port\":$port,\"count\":2,\"errno\":\"ENETUNREACH\"}"
[ "$(cat "$tmp/audit")" = "$want" ] ||
	say "audit file: expected $want"
# Loopback: the sandbox's own 127.0.0.1, where nobody listens; a refusal
# there is the program's own network, not a refused attempt.
[ "$status_lo" = 3 ] || say "loopback: exit status $status_lo"
[ "$(grep -cx 'connect -1 Connection refused' "$tmp/out-lo")" = 2 ] ||
	say "loopback: connect did not fail with ECONNREFUSED"
[ -f "$tmp/audit-lo" ] && [ ! -s "$tmp/audit-lo" ] ||
	say "loopback: the audit file is not empty"
grep -qx 'connections 0' "$tmp/listener.out" || say "the listener saw a connection"
echo "--- audit"; cat "$tmp/audit"
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
exit $fail
