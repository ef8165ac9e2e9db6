#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# TAMAGO_FS_SIZE: writes past it get ENOSPC and what was written before
# reads back intact (test/fs/fssize.c), through tamago-run, with
# the shim preloaded alone, for an unprivileged user (who needs a user
# namespace for the mount), with an image that counts against the limit,
# and an image larger than the limit (refused before the program runs).
#   fssize.sh EXPECT TAMAGO_RUN SHIM FSSIZE_PROG
set -u
expect=$1 run=$2 shim=$3 prog=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	echo "== $1"; shift
	sh "$expect" "$@" || fail=1
}
ok='^fssize: ok'

check "tamago-run, 256K" --stdout "$ok" -- \
	env TAMAGO_FS_SIZE=256K "$run" "$prog" 262144
check "not a multiple of a page: rounded up" --stdout "$ok" -- \
	env TAMAGO_FS_SIZE=100000 "$run" "$prog" 100000
check "preloaded alone" --stdout "$ok" -- \
	env TAMAGO_FS_SIZE=1M LD_PRELOAD="$shim" "$prog" 1048576

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# The build tree must be readable by nobody for this one.
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	if $nobody test -r "$prog"; then
		check "unprivileged, tamago-run" --stdout "$ok" -- \
			env TAMAGO_FS_SIZE=64K $nobody "$run" "$prog" 65536
		check "unprivileged, preloaded" --stdout "$ok" -- \
			$nobody env TAMAGO_FS_SIZE=64K LD_PRELOAD="$shim" \
			"$prog" 65536
	else
		echo "== unprivileged: skipped ($prog is not readable by nobody)"
	fi
fi

command -v bsdtar >/dev/null || { echo "bsdtar missing"; exit 77; }
mkdir "$tmp/src" "$tmp/src/img"
head -c 40960 /dev/zero | tr '\0' i >"$tmp/src/img/big"
(cd "$tmp/src" && bsdtar --format newc -cf "$tmp/image.cpio" .) || exit 1
check "an image counts" --stdout "$ok" -- \
	env TAMAGO_FS_SIZE=256K "$run" --fs="$tmp/image.cpio" "$prog" 262144 \
	/img/big 40960
check "an image counts, preloaded alone" --stdout "$ok" -- \
	env TAMAGO_FS_SIZE=256K TAMAGO_FS="$tmp/image.cpio" \
	LD_PRELOAD="$shim" "$prog" 262144 /img/big 40960
check "an image larger than the limit" --status 125 \
	--stderr "^tamago: --fs=$tmp/image.cpio: offset [0-9]+: file contents exceed the size limit \\(--fs-size, TAMAGO_FS_SIZE\\)$" \
	--no-stdout . -- \
	env TAMAGO_FS_SIZE=32K "$run" --fs="$tmp/image.cpio" "$prog" 32768
exit $fail
