#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# TAMAGO_NET=loopback is the sandbox's own loopback, not the host's: a
# connect to the port of a listener this test started on the host's
# 127.0.0.1 is refused (nobody listens on that port inside), and the
# listener sees no connection.  Usage: net-host.sh TAMAGO_RUN CANT_GET_OUT
# LISTENER
set -u
run=$1 example=$2 listener=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
"$run" --net=loopback "$example" 127.0.0.1 "$port" >"$tmp/out" 2>"$tmp/err"
status=$?
listener_stop
fail=0
say() { echo "FAIL: $*"; fail=1; }
[ "$status" = 0 ] || say "example exited $status, expected 0"
grep -qx "\*\* I can't get out! ;-( \*\* connect 127.0.0.1:$port: Connection refused" "$tmp/out" ||
	say "no refused-connect line"
grep -qx "connections 0" "$tmp/listener.out" ||
	say "the listener saw a connection: $(tail -n 1 "$tmp/listener.out")"
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
echo "--- listener"; cat "$tmp/listener.out"
exit $fail
