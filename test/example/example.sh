#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The seed's example, aimed at a loopback listener this test starts (never
# at an outside address): the connect must be refused by the nil-socket
# stub, the listener must see no connection, and /etc/shadow must not be
# found.
#   example.sh [--go] [--static|--dynamic] TAMAGO_RUN CANT_GET_OUT LISTENER
# --go: the Go example's lines (Go's own wording of the same errors);
# --static, --dynamic: the program must be linked so (it has no, or has a,
# PT_INTERP), so that each of the Go builds tests what it says.
set -u
style=c link=
while [ $# -gt 0 ]; do
	case $1 in
	--go) style=go ;;
	--static|--dynamic) link=${1#--} ;;
	*) break ;;
	esac
	shift
done
run=$1 example=$2 listener=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
if [ -n "$link" ]; then
	if readelf -lW "$example" | grep -q 'INTERP'; then
		got=dynamic
	else
		got=static
	fi
	[ "$got" = "$link" ] || say "$example is $got, expected $link"
fi
. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
"$run" "$example" 127.0.0.1 "$port" >"$tmp/out" 2>"$tmp/err"
status=$?
listener_stop
if [ "$style" = go ]; then
	connect="dial tcp 127.0.0.1:$port: connect: network is unreachable"
	open="open /etc/shadow: no such file or directory"
else
	connect="connect 127.0.0.1:$port: Network is unreachable"
	open="open /etc/shadow: No such file or directory"
fi
[ "$status" = 0 ] || say "example exited $status, expected 0"
grep -qxF "** I can't get out! ;-( ** $connect" "$tmp/out" ||
	say "no refused-connect line"
grep -qxF "** I can't get out! ;-( ** $open" "$tmp/out" ||
	say "no refused-open line"
[ "$(wc -l <"$tmp/out")" = 2 ] || say "stdout is not two lines"
grep -qx "tamago: connect 127.0.0.1:$port: no socket handler" "$tmp/err" ||
	say "stderr lacks the stub's report"
grep -q "^tamago: killed" "$tmp/err" && say "killed by the shim"
grep -qx "connections 0" "$tmp/listener.out" ||
	say "the listener saw a connection: $(tail -n 1 "$tmp/listener.out")"
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
echo "--- listener"; cat "$tmp/listener.out"
exit $fail
