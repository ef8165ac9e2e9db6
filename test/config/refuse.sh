#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tamago-run refuses, with exit 126 and a "tamago:" line, what the shim
# cannot confine: a statically linked program and a setuid/setgid one,
# and a script (its interpreter would not find it in the in-memory file
# system).
#   refuse.sh TAMAGO_RUN STATIC_PROG DYNAMIC_PROG
set -u
run=$1 static=$2 dynamic=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
check() { # name status-file err-file regex
	[ "$(cat "$2")" = 126 ] || say "$1: exit $(cat "$2"), expected 126"
	grep -Eq -- "$4" "$3" || say "$1: stderr lacks /$4/: $(cat "$3")"
	[ -s "$tmp/out" ] && say "$1: the program ran: $(cat "$tmp/out")"
}
"$run" "$static" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st"
check static "$tmp/st" "$tmp/err" '^tamago: .*: statically linked \(no PT_INTERP\)'
for bit in u+s g+s; do
	cp "$dynamic" "$tmp/prog" && chmod "$bit" "$tmp/prog" || exit 2
	"$run" "$tmp/prog" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st"
	check "$bit" "$tmp/st" "$tmp/err" '^tamago: .*: setuid or setgid program refused'
done
printf '#!/bin/sh\necho ran\n' >"$tmp/script" && chmod +x "$tmp/script"
"$run" "$tmp/script" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st"
check script "$tmp/st" "$tmp/err" '^tamago: .*: a script: its interpreter would look for it'
exit $fail
