#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A tree with directories, files, symlinks, hard links, modes and mtimes,
# packed with bsdtar --format newc, loaded with TAMAGO_FS, exported with
# TAMAGO_EXPORT_FD (or tamago-run --fs=DIR/--export= with "options", or
# --fs= of a tar archive with "tar", or TAMAGO_FS_FD on a pipe with
# "pipe"), and unpacked again: the same tree.
#   roundtrip.sh TAMAGO_RUN IMAGE_PROG TREECMP [env|options|tar|pipe]
set -u
run=$1 prog=$2 treecmp=$3 how=${4:-env}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
command -v bsdtar >/dev/null || { echo "bsdtar missing"; exit 77; }

src=$tmp/src
mkdir -p "$src/etc/deep/er" "$src/empty" "$src/private"
printf 'hello\n' >"$src/etc/motd"
printf 'binary\000data\377\n' >"$src/etc/blob"
: >"$src/etc/zero"
head -c 300000 /dev/urandom >"$src/big"
printf 'linked\n' >"$src/etc/h1"
ln "$src/etc/h1" "$src/h2"
ln "$src/etc/h1" "$src/etc/deep/h3"
ln -s motd "$src/etc/rel-link"
ln -s /etc/motd "$src/abs-link"
ln -s ../../nowhere "$src/etc/deep/dangling"
printf 'x\n' >"$src/etc/deep/er/leaf"
chmod 0600 "$src/etc/motd"
chmod 0755 "$src/etc/blob"
chmod 4751 "$src/big"
chmod 0700 "$src/private"
chmod 1777 "$src/empty"
chown 123:456 "$src/etc/blob"
touch -h -d '2001-02-03 04:05:06' "$src/etc/rel-link"
touch -d '1999-12-31 23:59:59' "$src/etc/motd" "$src/etc/h1"
touch -d '2010-01-01 00:00:00' "$src/etc/deep/er" "$src/etc/deep" \
	"$src/etc" "$src/private" "$src/empty" "$src"
(cd "$src" && bsdtar --format newc -cf "$tmp/image.cpio" .) || exit 1

out=$tmp/export.cpio
case $how in
env)
	TAMAGO_FS=$tmp/image.cpio TAMAGO_EXPORT_FD=7 \
		"$run" "$prog" cat /etc/motd 7>"$out" >"$tmp/stdout" ;;
options)
	"$run" --fs="$src" --export="$out" -- "$prog" cat /etc/motd \
		>"$tmp/stdout" ;;
pipe)
	# TAMAGO_FS_FD on a pipe: read, not mapped (and bigger than the
	# first buffer).
	cat "$tmp/image.cpio" | TAMAGO_FS_FD=0 TAMAGO_EXPORT_FD=7 \
		"$run" "$prog" cat /etc/motd 7>"$out" >"$tmp/stdout" ;;
tar)
	(cd "$src" && bsdtar -cf "$tmp/image.tar" .) || exit 1
	"$run" --fs="$tmp/image.tar" --export="$out" -- "$prog" cat /etc/motd \
		>"$tmp/stdout" ;;
esac
status=$?
cat "$tmp/stdout"
[ $status = 0 ] || { echo "FAIL: status $status"; exit 1; }
grep -q '^hello$' "$tmp/stdout" || { echo "FAIL: content not loaded"; exit 1; }
mkdir "$tmp/back"
(cd "$tmp/back" && bsdtar -xpf "$out") || { echo "FAIL: bsdtar -x"; exit 1; }
sh "$treecmp" "$src" "$tmp/back" ./tmp ./dev
