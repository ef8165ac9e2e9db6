#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A Python http.server and urllib in one process over TAMAGO_NET=loopback
# (test/net/net-http.py). Python needs its standard library inside
# the sandbox, so this test packs it into an image (cpio newc, with
# bsdtar) and hands it over with TAMAGO_FS.
#   net-http.sh TAMAGO_RUN SCRIPT
set -u
run=$1 script=$2
python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) ||
	{ echo "skip: no python3"; exit 77; }
command -v bsdtar >/dev/null || { echo "skip: no bsdtar"; exit 77; }
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# The host libraries that the extension modules the script imports load
# (binascii needs libz, ...), at their own paths, for the loader.
"$python" -c 'import http.server, urllib.request, threading, sys
for m in list(sys.modules.values()):
    f = getattr(m, "__file__", None) or ""
    if f.endswith(".so"):
        print(f)' >"$tmp/modules" || { echo "FAIL: python3 -c"; exit 1; }
while read -r so; do
	ldd "$so" 2>/dev/null
done <"$tmp/modules" | sed -n 's,.*=> \(/[^ ]*\) .*,\1,p' |
	sort -u | sed 's,^/,,' >"$tmp/libs"
# The stdlib at its own path, without the parts a web page does not need.
bsdtar --format newc -L -cf "$tmp/python.cpio" -C / -T "$tmp/libs" \
	--exclude "${stdlib#/}/test" --exclude "${stdlib#/}/idlelib" \
	--exclude "${stdlib#/}/tkinter" --exclude "${stdlib#/}/turtledemo" \
	--exclude "${stdlib#/}/ensurepip" --exclude "${stdlib#/}/lib2to3" \
	--exclude "${stdlib#/}/site-packages" --exclude "${stdlib#/}/config-*" \
	--exclude '*.opt-1.pyc' --exclude '*.opt-2.pyc' \
	"${stdlib#/}" || { echo "FAIL: cannot pack $stdlib"; exit 1; }
TAMAGO_FS=$tmp/python.cpio "$run" --net=loopback "$python" - \
	<"$script" >"$tmp/out" 2>"$tmp/err"
status=$?
fail=0
[ "$status" = 0 ] || { echo "FAIL: python exited $status"; fail=1; }
grep -qx "net-http: ok" "$tmp/out" || { echo "FAIL: no page"; fail=1; }
echo "--- stdout"; cat "$tmp/out"
echo "--- stderr"; cat "$tmp/err"
exit $fail
