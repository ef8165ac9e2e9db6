#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# AF_UNIX names stay in the sandbox: a host process listens on a path and
# on an abstract name, the sandboxed test program (test/net/
# net-unix.c) cannot reach either, and the listener sees no connection;
# the path the program binds under /tmp never appears on the host. Run in
# both network modes, and once more as an unprivileged user when root can
# drop to one (the permission errors).
#   Usage: net-unix.sh TAMAGO_RUN NET_UNIX
set -u
run=$1 prog=$2
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }
tmp=$(mktemp -d) || exit 2
hostpath=$tmp/host.sock
abstract=tamago-host-$$
inside=/tmp/tamago-unix-inside-$$
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkfifo "$tmp/ctl" || exit 2
python3 -c '
import os, select, socket, sys
socks = []
for addr in (sys.argv[1], "\0" + sys.argv[2]):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(addr)
    s.listen(8)
    socks.append(s)
os.chmod(sys.argv[1], 0o777)
print("ready", flush=True)
n = 0
while True:
    r, _, _ = select.select(socks + [sys.stdin], [], [])
    if sys.stdin in r:
        break
    for s in r:
        s.accept()[0].close()
        n += 1
print("connections", n, flush=True)
' "$hostpath" "$abstract" <"$tmp/ctl" >"$tmp/listener.out" 2>&1 &
pid=$!
exec 3>"$tmp/ctl"
i=0
while ! grep -q ready "$tmp/listener.out" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
grep -q ready "$tmp/listener.out" || { echo "FAIL: no host listener"; exit 1; }
# The host can reach its own listener (the check below can fail).
python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.close()' \
	"$hostpath" || { echo "FAIL: host connect"; exit 1; }

fail=0
say() { echo "FAIL: $*"; fail=1; }
runs="none loopback"
nobody=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	runs="$runs nobody"
fi
for how in $runs; do
	case $how in
	nobody) cmd="$nobody $run --net=none" ;;
	*) cmd="$run --net=$how" ;;
	esac
	$cmd "$prog" "$hostpath" "$abstract" "$inside" \
		>"$tmp/out" 2>"$tmp/err"
	status=$?
	echo "--- $how: status $status"; cat "$tmp/out" "$tmp/err"
	[ "$status" = 0 ] || say "$how: exited $status"
	grep -q '^net-unix: ok' "$tmp/out" || say "$how: no ok line"
	[ -s "$tmp/err" ] && say "$how: something on stderr"
	[ -e "$inside" ] && { say "$how: $inside reached the host"; rm -f "$inside"; }
done
exec 3>&-
wait "$pid"
cat "$tmp/listener.out"
grep -qx "connections 1" "$tmp/listener.out" ||
	say "the host listener saw a connection from the sandbox"
exit $fail
