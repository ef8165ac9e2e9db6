#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Every malformed archive of cpio-build.h, given to the shim (TAMAGO_FS
# and TAMAGO_FS_FD), is refused with "tamago: <image>: offset <n>:
# <reason>" and status 125, and the program never starts.
#   malformed.sh EXPECT TAMAGO_RUN IMAGE_PROG MKBAD
set -u
expect=$1 run=$2 prog=$3 mkbad=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for name in $("$mkbad" --list); do
	img=$tmp/$name.cpio
	set -- $("$mkbad" "$name" "$img") || exit 2
	off=$1
	shift
	reason=$(printf '%s' "$*" | sed 's/[].[()*+?^$|\\]/\\&/g')
	TAMAGO_FS=$img sh "$expect" --status 125 \
		--stderr "^tamago: $tmp/$name\\.cpio: offset $off: $reason\$" \
		--no-stdout started -- "$run" "$prog" >"$tmp/log" 2>&1
	r=$?
	if [ $r = 77 ]; then cat "$tmp/log"; exit 77; fi
	[ $r = 0 ] || { echo "FAIL: $name (TAMAGO_FS)"; cat "$tmp/log"; fail=1; }
	TAMAGO_FS_FD=6 sh "$expect" --status 125 \
		--stderr "^tamago: fd 6: offset $off: $reason\$" \
		--no-stdout started -- "$run" "$prog" 6<"$img" >"$tmp/log" 2>&1
	[ $? = 0 ] || { echo "FAIL: $name (TAMAGO_FS_FD)"; cat "$tmp/log"; fail=1; }
	echo "refused: $name at offset $off: $*"
	n=$((n + 1))
done
[ $n -gt 10 ] || { echo "FAIL: only $n cases"; fail=1; }

# A FIFO in a directory or a tar archive given to tamago-run --fs=.
if command -v bsdtar >/dev/null && mkdir "$tmp/withfifo" &&
	mkfifo "$tmp/withfifo/fifo"; then
	(cd "$tmp/withfifo" && bsdtar -cf "$tmp/withfifo.tar" .)
	sh "$expect" --status 125 --stderr '^tamago: .*: offset [0-9]+: FIFO not allowed$' \
		--no-stdout started -- "$run" --fs="$tmp/withfifo" "$prog" \
		>"$tmp/log" 2>&1 || { echo "FAIL: --fs=DIR with a FIFO"; cat "$tmp/log"; fail=1; }
	sh "$expect" --status 125 \
		--stderr "^tamago: --fs=$tmp/withfifo.tar: holds a device node, FIFO or socket \\(./fifo\\)\$" \
		--no-stdout started -- "$run" --fs="$tmp/withfifo.tar" "$prog" \
		>"$tmp/log" 2>&1 || { echo "FAIL: --fs=TAR with a FIFO"; cat "$tmp/log"; fail=1; }
	echo "refused: a FIFO in --fs=DIR and in --fs=TAR"
fi
exit $fail
