#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The example hooks library, built as a user would build their own: against
# the installed tamago.h, found through pkg-config. Under it, getrandom,
# clock_gettime and connect answer what the library says, a connect aimed
# at a loopback listener this test started never reaches it, the exit
# handler reports the status, and the console handler counts what the
# program wrote to stdout and stderr.
#   hooks-example.sh TAMAGO_RUN HOOKED LISTENER RECORD_C BUILD_ROOT
set -u
run=$1 hooked=$2 listener=$3 source=$4 build=$5
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }

meson install -C "$build" --destdir "$tmp/root" --no-rebuild \
	--quiet >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }
pc=$(find "$tmp/root" -name tamago.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no tamago.pc installed"; exit 1; }
cflags=$(PKG_CONFIG_SYSROOT_DIR=$tmp/root PKG_CONFIG_PATH=$(dirname "$pc") \
	pkg-config --cflags tamago) || { echo "FAIL: pkg-config"; exit 1; }
# shellcheck disable=SC2086
cc -shared -fPIC -Wall -Werror $cflags -o "$tmp/librecord.so" "$source" ||
	{ echo "FAIL: the example does not build against the installed header"; exit 1; }

. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
"$run" --hooks="$tmp/librecord.so" --audit="$tmp/audit" "$hooked" "$port" \
	>"$tmp/out" 2>"$tmp/err"
status=$?
listener_stop
[ "$status" = 3 ] || say "exit status $status, expected 3"
grep -qx 'random 95 6e eb 2f 26 32 d7 bd' "$tmp/out" ||
	say "getrandom did not come from the handler (splitmix64, seed 42)"
grep -qx 'realtime 946684800.001 then 946684800.002' "$tmp/out" ||
	say "clock_gettime did not come from the handler"
grep -qx 'time 946684800 gettimeofday 946684800.004' "$tmp/out" ||
	say "time() or gettimeofday() did not come from the handler"
grep -qx 'ftime 946684800.005' "$tmp/out" ||
	say "ftime() did not come from the handler"
# The next two splitmix64 words: arc4random does not stretch a seed.
grep -qx 'arc4random_buf 03 f1 66 b2 33 e3 ef 28' "$tmp/out" ||
	say "arc4random_buf did not come from the handler"
grep -qx 'arc4random 130f9f52' "$tmp/out" ||
	say "arc4random did not come from the handler"
[ "$(grep -cx 'connect -1 Connection refused' "$tmp/out")" = 2 ] ||
	say "connect did not fail with the handler's ECONNREFUSED"
grep -qx "record: connect tcp 127.0.0.1:$port attempt 2" "$tmp/err" ||
	say "the handler did not record the attempts"
grep -q 'no socket handler' "$tmp/err" && say "the nil stub answered"
# The console handler saw every byte of stdout (stdio's, and a raw write
# that was served, not killed) and the program's one line on stderr.
out_bytes=$(wc -c <"$tmp/out")
grep -qx 'raw write' "$tmp/out" || say "the raw write to stdout did not happen"
[ "$(grep -c '^record: exit' "$tmp/err")" = 1 ] &&
	grep -qx "record: exit status 3, 2 attempts to 1 peers, console $out_bytes+10 bytes" "$tmp/err" ||
	say "the exit handler was not called once with the status and the console's $out_bytes+10 bytes"
grep -qx "{\"call\":\"connect\",\"protocol\":\"tcp\",\"address\":\"127.0.0.1\",\"port\":$port,\"count\":2,\"errno\":\"ECONNREFUSED\"}" \
	"$tmp/audit" || say "the audit lacks the handler's refusals"
grep -qx 'connections 0' "$tmp/listener.out" || say "the listener saw a connection"
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
exit $fail
