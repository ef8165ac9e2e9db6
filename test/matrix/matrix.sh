#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# One case of the program matrix (the cases: meson.build beside this): a
# real program run under the shim with an image of the files it needs,
# compared with the same command run natively (bubblewrap) on a tmpfs copy
# of the same tree. Stdout and exit status must be equal; stderr is shown.
#
#   matrix.sh TAMAGO_RUN COMMON NAME [OPTION]... -- ARGV...
#
# The tree is COMMON (the files every case shares) with, laid over it:
#   --overlay DIR    files of this case alone, copied as they are
#   --gzip PATH      PATH.gz beside PATH (made here with gzip -n)
#   --host PATH      a host file or directory at its own path; the shared
#                    libraries its shared objects and programs need come
#                    along
#   --applets DIR=BUSYBOX  DIR holds a link to BUSYBOX for each applet it
#                    lists (BUSYBOX --list), as an image of tools would;
#                    DIR is then not the host's merged-/usr link (/bin
#                    is a directory of its own on both sides)
# and the run:
#   --stdin FILE     fed to the command (default /dev/null)
#   --compare MODE   "exact" (the default), "sorted" (the same lines in any
#                    order: listings in readdir order), or "tar" (stdout
#                    is a tar stream: the same members and metadata)
#   --shim-stderr ERE  the sandboxed run's stderr must match (what only
#                    the sandbox says, such as a refused exec); repeatable
# Both sides see the same tree; natively, /usr is the host's as well, so a
# program the sandboxed side runs from the tree (a shell's commands, make's
# recipes) is named by a path the tree gives alike (--applets, PATH=/bin).
set -u
run=$1 common=$2 name=$3
shift 3
overlay= gzip= hosts= applets= input=/dev/null mode=exact shim_res=
while [ $# -gt 0 ]; do
	case $1 in
	--overlay) overlay=$2 ;;
	--gzip) gzip="$gzip $2" ;;
	--host) hosts="$hosts
$2" ;;
	--applets) applets="$applets
$2" ;;
	--stdin) input=$2 ;;
	--compare) mode=$2 ;;
	--shim-stderr) shim_res="$shim_res
$2" ;;
	--) shift; break ;;
	*) echo "matrix.sh: $name: unknown option $1"; exit 2 ;;
	esac
	shift 2
done
command -v bwrap >/dev/null || { echo "skip: bubblewrap is not installed"; exit 77; }
command -v bsdtar >/dev/null || { echo "skip: bsdtar is not installed"; exit 77; }
tmp=$(mktemp -d /dev/shm/tamago-matrix.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
mkdir -p "$stage/tmp" "$stage/etc" "$stage/usr"
chmod 1777 "$stage/tmp"
# Directories of applets first: /bin may be one.
echo "$applets" | while IFS= read -r a; do
	[ -n "$a" ] || continue
	dir=$stage${a%%=*} busybox=${a#*=}
	mkdir -p "$dir" || exit 2
	"$busybox" --list >"$tmp/applets" || exit 2
	while IFS= read -r n; do
		ln -s "$busybox" "$dir/$n" || exit 2
	done <"$tmp/applets"
done || exit 2
# The host's merged-/usr links, so paths such as /lib/... resolve alike.
for l in lib lib64 bin sbin; do
	[ -L "/$l" ] && [ ! -e "$stage/$l" ] &&
		ln -s "$(readlink "/$l")" "$stage/$l"
done

# Host paths, and the libraries the shared objects and programs among them
# load.
if [ -n "$hosts" ]; then
	echo "$hosts" | while IFS= read -r p; do
		[ -n "$p" ] || continue
		mkdir -p "$stage$(dirname "$p")" && cp -a "$p" "$stage$p" || exit 2
		find "$p" -type f \( -name '*.so*' -o -perm -u+x \) 2>/dev/null |
			xargs -r ldd 2>/dev/null |
			sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p'
	done | sort -u | while IFS= read -r lib; do
		# At its real place, under /usr: /lib links there, as on the host.
		real=$(readlink -f "$lib")
		mkdir -p "$stage$(dirname "$real")" &&
			cp -L "$lib" "$stage$real" &&
			cp -L "$lib" "$stage$(dirname "$real")/$(basename "$lib")" ||
			exit 2
	done
	[ -f /etc/ld.so.cache ] && cp -a /etc/ld.so.cache "$stage/etc/"
fi
# The sandbox's /etc presets (launcher/preset.c), in the tree itself, so
# that both sides name the same users (ls -l, tar) and resolve the same
# hosts.
for f in hosts passwd group nsswitch.conf; do
	"$run" "$(command -v cat)" "/etc/$f" >"$stage/etc/$f" || exit 2
done
cp -a "$common/." "$stage/" || exit 2
[ -z "$overlay" ] || cp -a "$overlay/." "$stage/" || exit 2
for f in $gzip; do
	gzip -n -c "$stage$f" >"$stage$f.gz" || exit 2
done

bsdtar --format newc -cf "$tmp/image.cpio" -C "$stage" . || exit 2
cp -a "$stage" "$tmp/native"

TAMAGO_FS=$tmp/image.cpio "$run" "$@" <"$input" >"$tmp/shim.out" 2>"$tmp/shim.err"
shim_status=$?
# Natively: the same tree as /, the host's /usr read-only, a /dev and a
# /proc of its own (a shell's /dev/fd/N), no network; stdout a pipe, as
# tamago-run's supervisor gives (a file would be truncated by a script's
# "> /dev/stdout").
{
	bwrap --bind "$tmp/native" / --ro-bind /usr /usr \
		--dev /dev --proc /proc --unshare-pid --unshare-net \
		--chdir / "$@" <"$input" 2>"$tmp/native.err"
	echo $? >"$tmp/native.status"
} | cat >"$tmp/native.out"
native_status=$(cat "$tmp/native.status")

fail=0
say() { echo "FAIL: $*"; fail=1; }
[ "$shim_status" = "$native_status" ] ||
	say "$name: exit status $shim_status under the shim, $native_status natively"
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
	diff -a "$tmp/shim.cmp" "$tmp/native.cmp" | head -40
}
grep -q '^tamago: killed' "$tmp/shim.err" && say "$name: killed by the shim"
echo "$shim_res" | while IFS= read -r re; do
	[ -n "$re" ] || continue
	grep -Eq -- "$re" "$tmp/shim.err" || { say "$name: stderr lacks /$re/"; exit 1; }
done || fail=1
echo "case $name: shim status $shim_status, native status $native_status," \
	"$(wc -l <"$tmp/shim.out") lines of output"
echo "--- stderr under the shim"; head -20 "$tmp/shim.err"
echo "--- stderr natively"; head -20 "$tmp/native.err"
exit $fail
