#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs the differential tester under the shim and natively on a fresh
# tmpfs (a directory under /dev/shm laid out like the shim's initial tree,
# entered with chroot) and compares the two logs.
#   difftest.sh TAMAGO_RUN DIFFTEST SEED|random OPS [UID]
# A "random" seed comes from the clock; the seed is printed either way so
# that a failure can be replayed; DIFFTEST_KEEP=DIR keeps both logs
# there. Exits 77 (skip) when not root (chroot and mknod need it);
# whether seccomp exists is needs-seccomp's to say (test/lib/).
set -u
run=$1 prog=$2 seed=$3 ops=$4 uid=${5:-}
[ "$seed" = random ] && seed=$(date +%s%N | cut -c6-)
echo "difftest: seed $seed, $ops operations${uid:+, uid $uid}"
echo "replay: difftest.sh $run $prog $seed $ops $uid"
if [ "$(id -u)" != 0 ]; then
	echo "skip: the native run needs root (chroot, mknod)"
	exit 77
fi
tmp=$(mktemp -d) || exit 2
base=$(mktemp -d /dev/shm/difftest.XXXXXX) || exit 2
trap 'rm -rf "$tmp" "$base"' EXIT
prog=$(realpath "$prog") || exit 2

# The shim's initial tree: / 0755, /tmp 1777, /dev with five devices,
# and /proc (0555; the tester does not look inside it).
chmod 0755 "$base"
mkdir -m 1777 "$base/tmp"
mkdir -m 0755 "$base/dev"
mkdir -m 0555 "$base/proc"
for d in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9; do
	IFS=: read -r name major minor <<EOD
$d
EOD
	if ! mknod -m 0666 "$base/dev/$name" c "$major" "$minor"; then
		echo "skip: mknod is not permitted here (no CAP_MKNOD)"
		exit 77
	fi
done
# The sandbox's /etc presets (launcher/preset.c), as tamago-run makes
# them for this uid: the same files in a directory of root's, made
# where tamago-exec makes them (before the program's folders).
as_uid=
[ -z "$uid" ] || as_uid="setpriv --reuid=$uid --regid=$uid --clear-groups"
mkdir -m 0755 "$base/etc" || exit 2
for f in hosts passwd group nsswitch.conf; do
	$as_uid "$run" /bin/cat "/etc/$f" >"$base/etc/$f" &&
		chmod 0644 "$base/etc/$f" || exit 2
	[ -z "$uid" ] || chown "$uid:$uid" "$base/etc/$f"
done
# The sandbox shows the program and the libraries it loads at their host
# paths, in directories of root's (0755): the chroot holds the same, so
# that a listing of / or of the program's folders compares alike.
# In the order tamago-exec places them: the program, its interpreter,
# then the libraries.
# The dynamic loader's own list (what ldd prints; ldd itself, a bash
# script, is missing where the kernel runs boot an initramfs).
deps=$(LD_TRACE_LOADED_OBJECTS=1 "$prog") || exit 2
for f in "$prog" $(echo "$deps" | sed -n 's|^[[:space:]]*\(/[^ ]*\) .*|\1|p') \
	$(echo "$deps" | sed -n 's|.*=> \(/[^ ]*\) .*|\1|p'); do
	mkdir -p -m 0755 "$base$(dirname "$f")" &&
		cp -pL "$f" "$base$f" || exit 2
done
if [ -n "$uid" ]; then
	# What the shim's tree looks like to a process started as uid.
	chown "$uid:$uid" "$base" "$base/tmp" "$base/dev" "$base/proc"
	chown -h "$uid:$uid" "$base"/dev/*
fi

env DT_CHROOT="$base" ${uid:+DT_UID=$uid} "$prog" "$seed" "$ops" >"$tmp/native" 2>&1
st=$?
echo "native: exit $st"
if [ "$st" = 2 ] && grep -q '^difftest: chroot:' "$tmp/native"; then
	echo "skip: chroot is not permitted here (no CAP_SYS_CHROOT)"
	exit 77
fi
# Under the shim the uid is dropped before tamago-run starts: code that
# runs before the shim's seal may not change its identity (the first
# filter kills the set*id calls).
if [ -n "$uid" ]; then
	setpriv --reuid="$uid" --regid="$uid" --clear-groups \
		"$run" --discard --env=DT_PROCS "$prog" "$seed" "$ops" >"$tmp/shim" 2>&1
else
	"$run" --discard --env=DT_PROCS "$prog" "$seed" "$ops" >"$tmp/shim" 2>&1
fi
st=$?
echo "shim: exit $st"
[ -n "${DIFFTEST_KEEP:-}" ] && cp "$tmp/native" "$tmp/shim" "$DIFFTEST_KEEP"
if cmp -s "$tmp/native" "$tmp/shim"; then
	echo "difftest: $(wc -l <"$tmp/shim") lines, no divergence"
	exit 0
fi
echo "difftest: DIVERGENCE (seed $seed; < native, > shim):"
diff "$tmp/native" "$tmp/shim" | head -40
# The operations that led there, for the replay.
first=$(diff "$tmp/native" "$tmp/shim" | sed -n '1s/^\([0-9]*\).*/\1/p')
[ -n "$first" ] && sed -n "$((first > 30 ? first - 30 : 1)),${first}p" "$tmp/native"
exit 1
