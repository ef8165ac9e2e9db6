#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# --ro=HOSTDIR[:DEST]: a host directory, read-only and lazily. The
# program reads it, lists it, writes, removes and makes names in it (in
# memory: a write copies the file up, a removal hides it), and the host
# directory is checked afterwards, on the host: nothing changed, not a
# byte, a name, a mode or a time. The export holds only what changed.
# Also: the layer beside an image, a symlink in the layer, the errors.
#   ro.sh EXPECT TAMAGO_RUN
set -u
unset TAMAGO_DISCARD
expect=$1 run=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	echo "== $1"; shift
	sh "$expect" "$@" || fail=1
}
say() { echo "FAIL: $*"; fail=1; }
sh=$(command -v sh) || exit 2
# The host's tools (cat, ls, stat, ...) come from a layer too.
real_run=$run run=$tmp/run
printf '#!/bin/sh\nexec "%s" --ro=/usr "$@"\n' "$real_run" >"$run" &&
	chmod +x "$run" || exit 2

# The host directory: only what this test made, in its scratch space.
h=$tmp/host
case $h in "${TMPDIR:-/tmp}"/*) ;; *) echo "not in scratch: $h"; exit 2 ;; esac
mkdir -p "$h/sub/deep" || exit 2
echo original >"$h/f"
echo gone >"$h/g"
echo kept >"$h/sub/deep/k"
ln -s sub/deep/k "$h/link"
chmod 0640 "$h/f"
touch -d '2001-02-03 04:05:06' "$h/f" "$h/sub"
# Every name, mode, size, time and content, for the comparison after.
snapshot() {
	(cd "$h" && find . -exec stat -c '%n %f %s %Y %Z %U %G' {} + | sort &&
		find . -type f -exec cat {} +)
}
snapshot >"$tmp/before" || exit 2

check "read, list, follow a symlink" \
	--stdout '^original$' --stdout '^kept$' --stdout '^f g link sub $' \
	--stdout '^0640 2001$' -- \
	"$run" --discard --ro "$h:/data" "$sh" -c \
	'cat /data/f; cat /data/link; for n in /data/*; do printf "%s " "${n#/data/}"; done; echo;
	 stat -c "%a" /data/f | sed "s/^/0/" | tr "\n" " "; date -r /data/f +%Y'

check "writes stay in the sandbox" \
	--stdout '^original more$' --stdout '^no g$' --stdout '^new$' \
	--stdout '^k2$' --stdout '^sub-moved$' --no-stderr . -- \
	"$run" --discard --ro "$h:/data" "$sh" -c '
	echo more >>/data/f && tr "\n" " " </data/f | sed "s/ $//"; echo
	rm /data/g && { [ -e /data/g ] && echo "g is back" || echo "no g"; }
	ls /data | grep -qx g && echo "g listed"
	mkdir /data/newdir && echo new >/data/newdir/n && cat /data/newdir/n
	echo k2 >/data/sub/deep/k && cat /data/link
	mv /data/sub /data/sub2 && [ -d /data/sub2/deep ] && echo sub-moved
	chmod 0600 /data/f && touch /data/sub2
	rm -rf /data/sub2'
snapshot >"$tmp/after" || exit 2
cmp -s "$tmp/before" "$tmp/after" ||
	say "the host directory changed: $(diff "$tmp/before" "$tmp/after" | head -5)"

# Writing to the host files through the door itself (the band fd of the
# layer, via /proc/self/fd) is refused: Landlock grants reading only.
check "no write through /proc/self/fd of the layer" \
	--stdout '^refused$' -- \
	"$run" --discard --ro "$h:/data" "$sh" -c '
	for fd in /proc/self/fd/*; do
		[ -d "$fd/sub" ] && { echo x >"$fd/f" 2>/dev/null && echo WROTE || echo refused; exit; }
	done; echo refused'
snapshot >"$tmp/after" || exit 2
cmp -s "$tmp/before" "$tmp/after" || say "the host directory changed (door)"

# The export holds what changed, not the layer.
check "--export-dir: the changes only" -- \
	"$run" --ro "$h:/data" --export-dir "$tmp/out" "$sh" -c \
	'echo more >>/data/f; echo n >/data/n; cat /data/sub/deep/k >/dev/null'
[ "$(cat "$tmp/out/data/n" 2>&1)" = n ] || say "export: data/n is $(cat "$tmp/out/data/n" 2>&1)"
[ "$(cat "$tmp/out/data/f" 2>&1 | tr '\n' ' ')" = "original more " ] ||
	say "export: data/f is $(cat "$tmp/out/data/f" 2>&1)"
[ -e "$tmp/out/data/sub" ] && say "export: holds data/sub, which nothing changed"
[ -e "$tmp/out/data/link" ] && say "export: holds data/link, which nothing changed"
check "reading only: no note" --no-stderr . -- \
	"$run" --ro "$h:/data" "$sh" -c 'cat /data/f /data/link >/dev/null; ls -R /data >/dev/null'

# Beside an image: the image's names win, the rest is the layer's.
mkdir -p "$tmp/img/data" && echo image >"$tmp/img/data/f" || exit 2
check "an image's file wins" --stdout '^image$' --stdout '^kept$' -- \
	"$run" --discard --fs "$tmp/img" --ro "$h:/data" "$sh" -c \
	'cat /data/f /data/sub/deep/k'
# DEST defaults to the host path itself.
check "DEST defaults to HOSTDIR" --stdout '^original$' -- \
	"$run" --discard --ro="$h" "$sh" -c "cat '$h/f'"

# The host's top-level links into /usr come with --ro=/usr, where the
# host has them (a merged /usr): /bin/sh and /sbin as on the host.
if [ -L /sbin ] && [ "$(readlink /sbin)" = usr/sbin ]; then
	check "/sbin with --ro=/usr" --stdout '^/sbin -> usr/sbin$' -- \
		"$run" --discard "$sh" -c 'ls -ld /sbin | sed "s/.* \/sbin/\/sbin/"'
fi

# A program found only in an image (or a layer) runs from there: a
# script (its interpreter from the layer) by its path, a name by the
# program's PATH in the sandbox; nowhere, 127.
mkdir -p "$tmp/prog/opt/bin" || exit 2
printf '#!/bin/sh\necho "in the image: $*"\n' >"$tmp/prog/opt/bin/hello"
chmod +x "$tmp/prog/opt/bin/hello"
check "a program of the image's, by path" --stdout '^in the image: a b$' -- \
	"$run" --discard --fs "$tmp/prog" /opt/bin/hello a b
check "a program of the image's, by name" --stdout '^in the image: c$' -- \
	"$run" --discard --fs "$tmp/prog" --env PATH=/opt/bin:/usr/bin hello c
check "nowhere: 127" --status 127 \
	--stderr '^tamago: /opt/bin/nope: not found, on the host or in the sandbox$' -- \
	"$run" --discard --fs "$tmp/prog" /opt/bin/nope
check "no image, no layer: the host alone" --status 127 \
	--stderr '^tamago: /opt/bin/hello: not found$' -- \
	"$real_run" /opt/bin/hello

# --fs=SRC:DEST: an image (a tar here) placed at DEST.
tar cf "$tmp/in.tar" -C "$h" f sub || exit 2
check "--fs=SRC:DEST" --stdout '^original$' --stdout '^kept$' -- \
	"$run" --discard --fs "$tmp/in.tar:/in/put" "$sh" -c \
	'cat /in/put/f /in/put/sub/deep/k'
check "--fs=SRC:DEST, a bad DEST" --status 125 \
	--stderr "^tamago: --fs=$tmp/in.tar:/a b: DEST may not hold" -- \
	"$run" --fs "$tmp/in.tar:/a b" "$sh" -c 'echo ran'

# Many processes listing one layer at once, one of them killed half way:
# every listing whole (the core lock serializes the lister's answers; an
# answer its reader died in the middle of is skipped by the next).
big=$tmp/big
for d in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	mkdir -p "$big/d$d" && (cd "$big/d$d" && seq 1 300 | xargs touch) || exit 2
done
want=$(find "$big" | wc -l)
check "listing while others list, one killed" \
	--stdout "^$want $want $want\$" -- "$run" --discard --ro "$big:/big" "$sh" -c '
	find /big >/dev/null & k=$!
	find /big | wc -l >/tmp/a & find /big | wc -l >/tmp/b &
	kill -9 $k; wait
	echo $(cat /tmp/a) $(cat /tmp/b) $(find /big | wc -l)'

# Errors name the option as typed.
check "the whole host" --status 125 \
	--stderr '^tamago: --ro=/: the host.s whole file system is never a layer' -- \
	"$real_run" --ro=/ "$sh" -c 'echo ran'
check "/proc" --status 125 --stderr "^tamago: --ro=/proc:/p: /proc is the kernel's view" -- \
	"$real_run" --ro=/proc:/p "$sh" -c 'echo ran'
check "not found" --status 125 --stderr "^tamago: --ro=$tmp/nope: " -- \
	"$run" --ro "$tmp/nope" "$sh" -c 'echo ran'
check "not a directory" --status 125 \
	--stderr "^tamago: --ro=$h/f: not a directory" -- \
	"$run" --ro "$h/f" "$sh" -c 'echo ran'
check "DEST under /proc" --status 125 --stderr "^tamago: --ro=$h:/proc/x: " \
	--no-stdout . -- "$run" --ro "$h:/proc/x" "$sh" -c 'echo ran'
check "DEST a file of an image" --status 125 \
	--stderr "not a directory in the sandbox" --no-stdout . -- \
	"$run" --fs "$tmp/img" --ro "$h:/data/f" "$sh" -c 'echo ran'
check "no value" --status 125 --stderr '^tamago: --ro: no value given' -- \
	"$run" --ro

exit $fail
