#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The export happens on every end the shim can see: exit, return from
# main, _exit, abort, a fault, SIGTERM, and the shim's kill of a raw call;
# the program's status is kept, and closing the export fd's number does
# not lose it. A failed write says "tamago: export: ...". Changes mode
# writes only what changed, with a whiteout for a removed file.
#   export-ends.sh TAMAGO_RUN IMAGE_PROG
set -u
run=$1 prog=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
command -v bsdtar >/dev/null || { echo "bsdtar missing"; exit 77; }
fail=0
say() { echo "FAIL: $*"; fail=1; }

for end in exit:3 return:4 _exit:5 abort:134 segv:139 term:143 raw:159; do
	how=${end%:*} want=${end#*:}
	out=$tmp/$how.cpio
	"$run" --export="$out" -- "$prog" write /tmp/witness "w-$how" \
		append /tmp/buffered "b-$how" closefd 9 end "$how" \
		>"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	[ $got = "$want" ] || say "$how: status $got, expected $want"
	grep -q started "$tmp/stdout" || say "$how: the program did not run"
	w=$(bsdtar -xOf "$out" ./tmp/witness 2>&1)
	[ "$w" = "w-$how" ] || say "$how: tmp/witness in the export is '$w'"
	case $how in
	exit|return)
		# stdio's buffer reaches the file before the export.
		b=$(bsdtar -xOf "$out" ./tmp/buffered 2>&1)
		[ "$b" = "b-$how" ] || say "$how: tmp/buffered is '$b'" ;;
	esac
	echo "exported at $how (status $got)"
done

# A write error is reported, and the program's status kept.
"$run" --export=/dev/full -- "$prog" >/dev/null 2>"$tmp/stderr"
got=$?
[ $got = 0 ] || say "export to /dev/full: status $got"
grep -q '^tamago: export: write: No space left on device$' "$tmp/stderr" ||
	say "export to /dev/full: stderr: $(cat "$tmp/stderr")"

# A reader that went away: EPIPE reported, the status kept (no SIGPIPE).
# (The program starts once the reader has exited.)
{
	while [ ! -e "$tmp/gone" ]; do sleep 0.05; done
	sleep 0.2
	"$run" --export=/dev/fd/3 -- "$prog" write /tmp/f x end exit \
		3>&1 >/dev/null 2>"$tmp/stderr"
	echo "status $?" >"$tmp/status"
} | { : >"$tmp/gone"; }
grep -q '^status 3$' "$tmp/status" ||
	say "export into a closed pipe: $(cat "$tmp/status")"
grep -q '^tamago: export: write: Broken pipe$' "$tmp/stderr" ||
	say "export into a closed pipe: stderr: $(cat "$tmp/stderr")"

# Changes only.
mkdir -p "$tmp/base/d"
printf 'old\n' >"$tmp/base/a"
printf 'gone\n' >"$tmp/base/b"
printf 'same\n' >"$tmp/base/c"
(cd "$tmp/base" && bsdtar --format newc -cf "$tmp/base.cpio" .)
"$run" --fs="$tmp/base.cpio" --export="$tmp/changes.cpio" --export-changes \
	-- "$prog" cat /c write /a new rm /b write /d/new x >/dev/null ||
	say "changes run failed"
bsdtar -tf "$tmp/changes.cpio" | LC_ALL=C sort >"$tmp/list"
for p in ./a ./.wh.b ./d/new; do
	grep -qx "$p" "$tmp/list" || say "changes lack $p"
done
grep -qx ./c "$tmp/list" && say "changes hold the unchanged c"
grep -qx ./b "$tmp/list" && say "changes hold the removed b"
echo "changes: $(tr '\n' ' ' <"$tmp/list")"
# Laid over the base, the changes give the final tree.
TAMAGO_FS=$tmp/base.cpio:$tmp/changes.cpio "$run" "$prog" cat /a cat /d/new \
	>"$tmp/stdout" 2>&1 || say "base+changes run failed: $(cat "$tmp/stdout")"
[ "$(sed 1d "$tmp/stdout")" = "newx" ] || say "base+changes: $(cat "$tmp/stdout")"
exit $fail
