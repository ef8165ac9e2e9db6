#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The determinism matrix (issue 15, done-when 1): each program that reads
# time and randomness runs three times under the same TAMAGO_SEED and
# TAMAGO_TIME and must print the same bytes each time, then once under
# another seed and start, and must print something else. A program
# missing from the host skips its row; the C probe must be there.
#   det-matrix.sh TAMAGO_RUN PROBE PYTHON_SCRIPT [GO_PROGRAM...]
set -u
run=$1 probe=$2 pyscript=$3
shift 3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0 rows=0
same_time='@2000-01-01 00:00:00 i1ms'
other_time='@2001-02-03 04:05:06 i1ms'

# row NAME TIME_SPEC_OR_EMPTY COMMAND...: stdin from $tmp/stdin.
row() {
	name=$1 spec=$2
	shift 2
	for i in 1 2 3; do
		TAMAGO_SEED=42 TAMAGO_TIME=${spec:-$same_time} \
			"$run" "$@" <"$tmp/stdin" >"$tmp/$name.$i" \
			2>"$tmp/$name.err"
		status=$?
		if [ "$status" != 0 ]; then
			echo "FAIL: $name: run $i exited $status"
			cat "$tmp/$name.err"
			fail=1
			return
		fi
	done
	TAMAGO_SEED=43 TAMAGO_TIME=${spec:-$other_time} \
		"$run" "$@" <"$tmp/stdin" >"$tmp/$name.other" 2>"$tmp/$name.err"
	rows=$((rows + 1))
	echo "--- $name"
	cat "$tmp/$name.1"
	if ! cmp -s "$tmp/$name.1" "$tmp/$name.2" ||
	   ! cmp -s "$tmp/$name.1" "$tmp/$name.3"; then
		echo "FAIL: $name: three runs differ"
		diff "$tmp/$name.1" "$tmp/$name.2"
		diff "$tmp/$name.1" "$tmp/$name.3"
		fail=1
	fi
	if cmp -s "$tmp/$name.1" "$tmp/$name.other"; then
		echo "FAIL: $name: another seed and start print the same"
		fail=1
	fi
	[ -s "$tmp/$name.1" ] || { echo "FAIL: $name: printed nothing"; fail=1; }
}

: >"$tmp/stdin"
row c "" "$probe"
grep -q '^vdso no$' "$tmp/c.1" ||
	{ echo "FAIL: c: the vDSO is still in the auxiliary vector"; fail=1; }
grep -q '^hostname tamago nodename tamago$' "$tmp/c.1" ||
	{ echo "FAIL: c: the host name is not tamago"; fail=1; }
grep -q '^clock REALTIME 946684800\.' "$tmp/c.1" ||
	{ echo "FAIL: c: CLOCK_REALTIME is not the virtual start"; fail=1; }

# tamago-run --deterministic: seed 0, the fixed start, step mode, warp.
"$run" --deterministic "$probe" >"$tmp/d.1" 2>&1
"$run" --deterministic "$probe" >"$tmp/d.2" 2>&1
cmp -s "$tmp/d.1" "$tmp/d.2" ||
	{ echo "FAIL: --deterministic: two runs differ"; fail=1; }
grep -q '^clock REALTIME 946684800\.001000000$' "$tmp/d.1" ||
	{ echo "FAIL: --deterministic: $(head -n 1 "$tmp/d.1")"; fail=1; }
"$run" --deterministic --seed=1 "$probe" >"$tmp/d.3" 2>&1
cmp -s "$tmp/d.1" "$tmp/d.3" &&
	{ echo "FAIL: --deterministic --seed=1: the same as seed 0"; fail=1; }

# Python needs its standard library in the sandbox: an image of it, and
# of the host libraries its extension modules load (as test/net does).
python=$(command -v python3 >/dev/null &&
	python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
if [ -n "$python" ] && command -v bsdtar >/dev/null; then
	stdlib=$("$python" -c 'import sysconfig
print(sysconfig.get_paths()["stdlib"])')
	"$python" -c 'import datetime, os, random, tempfile, time, uuid, sys
for m in list(sys.modules.values()):
    f = getattr(m, "__file__", None) or ""
    if f.endswith(".so"):
        print(f)' >"$tmp/modules"
	while read -r so; do
		ldd "$so" 2>/dev/null
	done <"$tmp/modules" | sed -n 's,.*=> \(/[^ ]*\) .*,\1,p' |
		sort -u | sed 's,^/,,' >"$tmp/libs"
	bsdtar --format newc -L -cf "$tmp/python.cpio" -C / -T "$tmp/libs" \
		--exclude "${stdlib#/}/test" --exclude "${stdlib#/}/idlelib" \
		--exclude "${stdlib#/}/tkinter" \
		--exclude "${stdlib#/}/turtledemo" \
		--exclude "${stdlib#/}/ensurepip" \
		--exclude "${stdlib#/}/lib2to3" \
		--exclude "${stdlib#/}/site-packages" \
		--exclude "${stdlib#/}/config-*" \
		--exclude '*.opt-1.pyc' --exclude '*.opt-2.pyc' \
		"${stdlib#/}" || { echo "FAIL: cannot pack $stdlib"; exit 1; }
	cp "$pyscript" "$tmp/stdin"
	TAMAGO_FS=$tmp/python.cpio row python "" "$python" -
	: >"$tmp/stdin"
else
	echo "skip: python3 (or bsdtar) is not installed"
fi

if command -v sqlite3 >/dev/null; then
	row sqlite3 "" sqlite3 :memory: \
		"select random(), hex(randomblob(8)), datetime('now');"
else
	echo "skip: sqlite3 is not installed"
fi
if command -v jq >/dev/null; then
	row jq "" jq -n now
else
	echo "skip: jq is not installed"
fi
if command -v lua5.4 >/dev/null; then
	row lua "" lua5.4 -e 'print(os.time(), math.random(), math.random(1000))'
else
	echo "skip: lua5.4 is not installed"
fi
if command -v busybox >/dev/null; then
	row busybox-date "" busybox date
else
	echo "skip: busybox is not installed"
fi
# Go's runtime reads the clock from background threads at the host's
# pace (sysmon): a step clock (iN) would count those reads, so Go runs
# under a frozen clock (README: Reproducible runs).
for go in "$@"; do
	row "go-$(basename "$go")" '2000-01-01 00:00:00' "$go"
	sed -n 1p "$tmp/go-$(basename "$go").1" |
		grep -q '^time.Now 2000-01-01T00:00:00Z$' ||
		{ echo "FAIL: $go: time.Now is not the virtual clock"; fail=1; }
	grep -q '^hostname tamago <nil>$' "$tmp/go-$(basename "$go").1" ||
		{ echo "FAIL: $go: the host name is not tamago"; fail=1; }
done
[ $# -gt 0 ] || echo "skip: go is not installed"
echo "$rows rows"
exit $fail
