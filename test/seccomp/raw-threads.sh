#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# raw-threads.c under --raw=log: 130 threads, 100 raw openat calls each,
# each thread on a path of its own. Every path must be reported exactly
# 100 times, and nothing else: a report that showed another thread's
# memory would move a count or name a path no thread gave.
#   raw-threads.sh TAMAGO_RUN RAW_THREADS
set -u
run=$1 prog=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$run" --raw=log "$prog" >"$tmp/out" 2>"$tmp/err"
status=$?
fail=0
say() { echo "FAIL: $*"; fail=1; }
[ "$status" = 0 ] || say "exit status $status"
grep -qx 'raw-threads: ok' "$tmp/out" || say "no ok line"
sed -n 's/^tamago: raw syscall openat(AT_FDCWD, "\([^"]*\)", O_RDONLY) at .* emulated$/\1/p' \
	"$tmp/err" | sort | uniq -c >"$tmp/counts"
[ "$(wc -l <"$tmp/err")" = 13000 ] ||
	say "$(wc -l <"$tmp/err") lines on stderr, expected 13000 reports"
# Thread i's path: /tmp/raw-i- and i % 100 + 1 times 'a' + i % 26.
awk 'BEGIN { for (i = 0; i < 130; i++) {
		s = sprintf("/tmp/raw-%d-", i)
		for (j = 0; j <= i % 100; j++) s = s sprintf("%c", 97 + i % 26)
		print s } }' | sort | sed 's/^/    100 /' >"$tmp/want"
sed 's/^ *//' "$tmp/counts" | sort >"$tmp/got"
sed 's/^ *//' "$tmp/want" | sort >"$tmp/want2"
cmp -s "$tmp/got" "$tmp/want2" || {
	say "reports per path differ (got < > expected):"
	diff "$tmp/got" "$tmp/want2" | head -10
}
echo "$(wc -l <"$tmp/counts") paths reported"
exit $fail
