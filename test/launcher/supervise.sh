#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The supervisor, seen from outside: the tree ends with its program (in
# namespaces and without), stdio is fresh pipes that keep the order of
# 2>&1 and pass stdin on, a closed host fd stays closed, signals reach the
# program, and the export is complete or absent (an existing file is left
# as it was, a sparse file past --fs-size is refused).
#   supervise.sh TAMAGO_RUN TREE
set -u
run=$1 tree=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
command -v bsdtar >/dev/null || { echo "skip: no bsdtar"; exit 77; }

# How many processes' command lines hold $1.
alive() {
	n=0
	for f in /proc/[0-9]*/cmdline; do
		tr '\0' ' ' <"$f" 2>/dev/null | grep -q -- "$1" && n=$((n + 1))
	done
	echo $n
}

for ns in 1 0; do
	marker=tamago-orphan-$$-$ns
	TAMAGO_NAMESPACES=$ns "$run" "$tree" orphan "$marker" \
		</dev/null >"$tmp/out" 2>&1
	st=$?
	[ $st = 0 ] || say "orphan (namespaces $ns): status $st: $(cat "$tmp/out")"
	grep -q '^orphan: forked$' "$tmp/out" || say "orphan: did not run"
	[ "$(alive "$marker")" = 0 ] ||
		say "a child outlived its program (namespaces $ns)"
	echo "namespaces $ns: the tree ended with its program"
done

"$run" "$tree" stdio </dev/null >"$tmp/both" 2>&1
grep -q '^stdio: pipe pipe pipe$' "$tmp/both" ||
	say "stdio: $(head -n 1 "$tmp/both")"
seq 0 49 | sed 's/^/line /' >"$tmp/want"
grep '^line' "$tmp/both" | cmp -s - "$tmp/want" ||
	say "2>&1 lost its order: $(grep '^line' "$tmp/both" | head -4 | tr '\n' ' ')"

printf 'through the relay\n' | "$run" "$tree" cat >"$tmp/cat"
[ "$(cat "$tmp/cat")" = 'through the relay' ] || say "stdin: $(cat "$tmp/cat")"

"$run" "$tree" closed </dev/null >&- 2>"$tmp/err"
grep -q '^closed: fd 1 closed$' "$tmp/err" ||
	say "a closed stdout: $(cat "$tmp/err")"

# A signal to tamago-run goes to the program: it dies of it, and so
# does tamago-run.
mkfifo "$tmp/wait"
"$run" "$tree" wait </dev/null >"$tmp/wait" 2>&1 &
pid=$!
head -n 1 "$tmp/wait" >/dev/null
kill -TERM $pid
wait $pid
st=$?
[ $st = 143 ] || say "SIGTERM: status $st, expected 143"

# The export: complete, or the destination as it was.
echo old >"$tmp/x.cpio"
"$run" --export="$tmp/x.cpio" "$tree" raw-exit 3 </dev/null 2>"$tmp/err"
st=$?
[ $st = 3 ] || say "raw exit: status $st"
[ "$(cat "$tmp/x.cpio")" = old ] || say "raw exit: the old file was touched"
grep -q '^tamago: export: the program ended without one (exit status 3): .* not written$' "$tmp/err" ||
	say "raw exit: stderr: $(cat "$tmp/err")"
"$run" --export="$tmp/x.cpio" "$tree" write /tmp/f hello </dev/null ||
	say "export run failed"
[ "$(bsdtar -xOf "$tmp/x.cpio" ./tmp/f 2>&1)" = hello ] ||
	say "export: $(bsdtar -tf "$tmp/x.cpio" 2>&1 | head -3)"
ls -a "$tmp" | grep -q tamago && say "a temporary file was left: $(ls -a "$tmp")"

"$run" --fs-size=1M --export="$tmp/sparse.cpio" "$tree" sparse 100000000 \
	</dev/null >/dev/null 2>"$tmp/err"
[ -e "$tmp/sparse.cpio" ] && say "an export past --fs-size was written"
grep -q '^tamago: export: its files hold more than --fs-size allows' "$tmp/err" ||
	say "sparse: stderr: $(cat "$tmp/err")"

[ $fail = 0 ] && echo "supervise: ok"
exit $fail
