#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The seed's example, aimed at a loopback listener this test starts (never
# at an outside address): the connect must be refused by the nil-socket
# stub, the listener must see no connection, and /etc/passwd must not be
# found.  Usage: example.sh TAMAGO_RUN CANT_GET_OUT LISTENER
set -u
run=$1 example=$2 listener=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
"$run" "$example" 127.0.0.1 "$port" >"$tmp/out" 2>"$tmp/err"
status=$?
listener_stop
fail=0
say() { echo "FAIL: $*"; fail=1; }
[ "$status" = 0 ] || say "example exited $status, expected 0"
grep -qx "\*\* I can't get out! ;-( \*\* connect 127.0.0.1:$port: Network is unreachable" "$tmp/out" ||
	say "no refused-connect line"
grep -qx "\*\* I can't get out! ;-( \*\* open /etc/passwd: No such file or directory" "$tmp/out" ||
	say "no refused-open line"
grep -qx "tamago: connect 127.0.0.1:$port: no socket handler" "$tmp/err" ||
	say "stderr lacks the stub's report"
grep -qx "connections 0" "$tmp/listener.out" ||
	say "the listener saw a connection: $(tail -n 1 "$tmp/listener.out")"
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
echo "--- listener"; cat "$tmp/listener.out"
exit $fail
