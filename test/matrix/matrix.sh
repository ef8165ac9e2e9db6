#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# One case of the program matrix: a real program run under the shim with an
# image of the host files it needs, compared with the same command run
# natively (bubblewrap) on a tmpfs copy of the same tree. Stdout and exit
# status must be equal; stderr is shown.
#
#   matrix.sh TAMAGO_RUN CASE_DIR
#
# A case directory holds:
#   cmd          the argv, one word per line (no shell: a shell inside the
#                sandbox could not run another program)
#   stdin        optional: fed to the command
#   host-paths   optional: host files and directories to put in the tree,
#                one per line; the shared libraries they need come along
#   tree/        optional: files laid into the tree as they are
#   shim-stderr  optional: extended regexes, one per line, that the
#                sandboxed run's stderr must match (what only the sandbox
#                says, such as a refused exec)
#   compare      optional: "exact" (the default), "sorted" (the same
#                lines in any order: listings in readdir order), or "tar"
#                (stdout is a tar stream: the same members and metadata)
set -u
run=$1 case_dir=$2
name=$(basename "$case_dir")
command -v bwrap >/dev/null || { echo "skip: bubblewrap is not installed"; exit 77; }
command -v bsdtar >/dev/null || { echo "skip: bsdtar is not installed"; exit 77; }
tmp=$(mktemp -d /dev/shm/tamago-matrix.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
mkdir -p "$stage/tmp" "$stage/etc" "$stage/usr"
chmod 1777 "$stage/tmp"
# The host's merged-/usr links, so paths such as /lib/... resolve alike.
for l in lib lib64 bin sbin; do
	[ -L "/$l" ] && ln -s "$(readlink "/$l")" "$stage/$l"
done

# Host paths, and the libraries the shared objects among them load.
if [ -f "$case_dir/host-paths" ]; then
	while IFS= read -r p; do
		[ -n "$p" ] || continue
		mkdir -p "$stage$(dirname "$p")" && cp -a "$p" "$stage$p" || exit 2
		find "$p" -name '*.so*' -type f 2>/dev/null |
			xargs -r ldd 2>/dev/null |
			sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p'
	done <"$case_dir/host-paths" | sort -u | while IFS= read -r lib; do
		# At its real place, under /usr: /lib links there, as on the host.
		real=$(readlink -f "$lib")
		mkdir -p "$stage$(dirname "$real")" &&
			cp -L "$lib" "$stage$real" &&
			cp -L "$lib" "$stage$(dirname "$real")/$(basename "$lib")" ||
			exit 2
	done
	[ -f /etc/ld.so.cache ] && cp -a /etc/ld.so.cache "$stage/etc/"
fi
[ -d "$case_dir/tree" ] && cp -a "$case_dir/tree/." "$stage/"

bsdtar --format newc -cf "$tmp/image.cpio" -C "$stage" . || exit 2
cp -a "$stage" "$tmp/native"

set --
while IFS= read -r word; do
	set -- "$@" "$word"
done <"$case_dir/cmd"
input=/dev/null
[ -f "$case_dir/stdin" ] && input=$case_dir/stdin

TAMAGO_FS=$tmp/image.cpio "$run" "$@" <"$input" >"$tmp/shim.out" 2>"$tmp/shim.err"
shim_status=$?
if [ "$shim_status" = 125 ] && grep -q '^tamago: seccomp filter:' "$tmp/shim.err"; then
	echo "skip: no seccomp here"; exit 77
fi
bwrap --bind "$tmp/native" / --ro-bind /usr /usr \
	--dev /dev --unshare-net --chdir / \
	"$@" <"$input" >"$tmp/native.out" 2>"$tmp/native.err"
native_status=$?

fail=0
say() { echo "FAIL: $*"; fail=1; }
[ "$shim_status" = "$native_status" ] ||
	say "$name: exit status $shim_status under the shim, $native_status natively"
mode=exact
[ -f "$case_dir/compare" ] && mode=$(cat "$case_dir/compare")
for side in shim native; do
	case $mode in
	exact) cp "$tmp/$side.out" "$tmp/$side.cmp" ;;
	sorted) LC_ALL=C sort "$tmp/$side.out" >"$tmp/$side.cmp" ;;
	tar) bsdtar -tvf "$tmp/$side.out" | LC_ALL=C sort >"$tmp/$side.cmp" ;;
	*) echo "matrix.sh: $name: unknown compare mode $mode"; exit 2 ;;
	esac
done
cmp -s "$tmp/shim.cmp" "$tmp/native.cmp" || {
	say "$name: stdout differs ($mode; shim < > native):"
	diff "$tmp/shim.cmp" "$tmp/native.cmp" | head -40
}
grep -q '^tamago: killed' "$tmp/shim.err" && say "$name: killed by the shim"
if [ -f "$case_dir/shim-stderr" ]; then
	while IFS= read -r re; do
		[ -n "$re" ] || continue
		grep -Eq -- "$re" "$tmp/shim.err" || say "$name: stderr lacks /$re/"
	done <"$case_dir/shim-stderr"
fi
echo "case $name: shim status $shim_status, native status $native_status," \
	"$(wc -l <"$tmp/shim.out") lines of output"
echo "--- stderr under the shim"; head -20 "$tmp/shim.err"
echo "--- stderr natively"; head -20 "$tmp/native.err"
exit $fail
