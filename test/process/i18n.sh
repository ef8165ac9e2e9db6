#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# glibc's locale, time zone and iconv machinery inside the sandbox: with
# a de_DE.UTF-8 locale (built here with localedef), Europe/Paris and the
# Shift JIS gconv module in the image the program gets them; with an empty
# file system it falls back quietly, and nothing of the host shows through.
#   i18n.sh TAMAGO_RUN I18N
set -u
run=$1 prog=$2
command -v localedef >/dev/null || { echo "skip: no localedef"; exit 77; }
command -v bsdtar >/dev/null || { echo "skip: no bsdtar"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
stage=$tmp/stage
# The gconv modules of the program's own libc (other architectures' may
# be installed too).
libc=$(ldd "$prog" | sed -n 's,.*libc\.so\.6 => \(/[^ ]*\) .*,\1,p')
gconv=$(dirname "$(readlink -f "$libc")")/gconv
[ -f "$gconv/SJIS.so" ] || gconv=
[ -d "$gconv" ] || { echo "skip: no gconv modules"; exit 77; }
mkdir -p "$stage/usr/lib/locale" "$stage/usr/share/zoneinfo/Europe" "$stage$gconv"
localedef -i de_DE -f UTF-8 "$stage/usr/lib/locale/de_DE.UTF-8" 2>"$tmp/localedef.err" ||
	{ cat "$tmp/localedef.err"; echo "skip: localedef failed"; exit 77; }
cp /usr/share/zoneinfo/Europe/Paris "$stage/usr/share/zoneinfo/Europe/"
cp -a "$gconv/gconv-modules" "$gconv/SJIS.so" "$stage$gconv/"
[ -d "$gconv/gconv-modules.d" ] && cp -a "$gconv/gconv-modules.d" "$stage$gconv/"
[ -f "$gconv/gconv-modules.cache" ] && cp -a "$gconv/gconv-modules.cache" "$stage$gconv/"
bsdtar --format newc -cf "$tmp/image.cpio" -C "$stage" . || exit 2

TZ=Europe/Paris TAMAGO_FS=$tmp/image.cpio "$run" "$prog" >"$tmp/with" 2>&1
s1=$?
TZ=Europe/Paris "$run" "$prog" >"$tmp/without" 2>&1
s2=$?
[ $s1 = 0 ] || say "with the files: exit $s1"
[ $s2 = 0 ] || say "without the files: exit $s2"
grep -qx 'locale de_DE.UTF-8' "$tmp/with" || say "locale not loaded from the image"
grep -qx 'number 1.234.567,89' "$tmp/with" || say "German number format missing"
grep -qx 'time Dienstag 14 November 2023 23:13 CET' "$tmp/with" ||
	say "Paris time (from zoneinfo in the image) missing"
grep -qx 'iconv 日本' "$tmp/with" || say "Shift JIS not converted"
grep -qx 'locale (none)' "$tmp/without" || say "a locale came from the host"
grep -qx 'number 1234567.89' "$tmp/without" || say "C number format expected"
grep -qx 'time Tuesday 14 November 2023 22:13 Europe' "$tmp/without" ||
	say "without zoneinfo the time should be UTC"
grep -q '^iconv unavailable' "$tmp/without" || say "iconv module came from the host"
grep -q '^tamago: killed' "$tmp/with" "$tmp/without" && say "killed"
echo "--- with the files"; cat "$tmp/with"
echo "--- without"; cat "$tmp/without"
exit $fail
