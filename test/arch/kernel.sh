#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The real-kernel run of test/arch/run.sh --kernel ARCH (which builds the
# tree first and calls this): boots Debian 12's own kernel for ARCH
# (linux-image-amd64, -arm64 or -armmp, 6.1) under qemu-system, TCG only,
# with a small initramfs holding busybox, the C library, the build tree's
# programs and the test scripts at their own paths, and runs there what
# needs a real kernel and stays lean under emulation: the example, the
# seccomp suite, the escape suite and one differential run.
#   kernel.sh ARCH BUILD CACHE TRIPLET DEBARCH
set -eu
arch=$1 build=$2 cache=$3 triplet=$4 debarch=$5
root=$(cd "$(dirname "$0")/../.." && pwd)
say() { echo "kernel.sh $arch: $*"; }
# Bounds: the whole boot, and each test inside it.
boot_limit=${TAMAGO_KERNEL_TIMEOUT:-1500}
test_limit=600

case $arch in
x86_64)
	flavour=amd64 qemu=qemu-system-x86_64 pkg=qemu-system-x86
	console=ttyS0 machine="-M q35 -cpu max" mem=2048
	libs=/lib/$triplet loader=/lib64/ld-linux-x86-64.so.2 ;;
aarch64)
	flavour=arm64 qemu=qemu-system-aarch64 pkg=qemu-system-arm
	console=ttyAMA0 machine="-M virt -cpu cortex-a57" mem=2048
	libs=/usr/$triplet/lib loader=/lib/ld-linux-aarch64.so.1 ;;
arm)
	flavour=armmp qemu=qemu-system-arm pkg=qemu-system-arm
	console=ttyAMA0 machine="-M virt,highmem=off -cpu cortex-a15" mem=1024
	libs=/usr/$triplet/lib loader=/lib/ld-linux-armhf.so.3 ;;
*) say "no kernel run for this architecture"; exit 77 ;;
esac

apt() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
need=
for p in "$pkg" libarchive-tools; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	apt update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt install -y -q \
		--no-install-recommends $need
fi

# The kernel and busybox, from Debian's packages, kept in the cache.
kdir=$cache/kernel-$arch
mkdir -p "$kdir"
suffix=
[ "$arch" = x86_64 ] || suffix=:$debarch
image=$(apt-cache depends "linux-image-$flavour$suffix" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ :]*\).*/\1/p' | head -n 1)
[ -n "$image" ] || { say "no linux-image-$flavour package found"; exit 1; }
if [ ! -f "$kdir/$image/vmlinuz" ]; then
	rm -rf "$kdir/$image" "$kdir/deb"
	mkdir -p "$kdir/deb" "$kdir/$image"
	(cd "$kdir/deb" && apt download -q "$image$suffix" \
		"busybox-static$suffix" "dash$suffix")
	dpkg-deb -x "$kdir"/deb/linux-image-*.deb "$kdir/deb/k"
	dpkg-deb -x "$kdir"/deb/busybox-static_*.deb "$kdir/deb/b"
	dpkg-deb -x "$kdir"/deb/dash_*.deb "$kdir/deb/d"
	cp "$kdir"/deb/k/boot/vmlinuz-* "$kdir/$image/vmlinuz"
	cp "$kdir/deb/b/bin/busybox" "$kdir/$image/busybox"
	cp "$kdir/deb/d/bin/dash" "$kdir/$image/dash"
	rm -rf "$kdir/deb"
fi
say "$image"

# The initramfs: everything at its own path.
stage=$build/kernel-root
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/etc" \
	"$stage/lib" "$stage/root" "$stage$(dirname "$loader")"
# busybox for the tools, and a dynamically linked shell: tamago-run
# refuses static programs, and some tests run sh under it.
cp "$kdir/$image/busybox" "$stage/bin/busybox"
cp "$kdir/$image/dash" "$stage/bin/sh"
ln -s ../../bin/sh "$stage/usr/bin/sh"
ln -s ../../bin/busybox "$stage/usr/bin/env"
mkdir -p "$stage/lib/$triplet"
for l in "$libs"/ld-linux*.so.* "$libs"/libc.so.6 "$libs"/libm.so.6 \
	"$libs"/libdl.so.2 "$libs"/libpthread.so.0 "$libs"/librt.so.1 \
	"$libs"/libresolv.so.2 "$libs"/libnss_files.so.2 \
	"$libs"/libgcc_s.so.1; do
	[ -e "$l" ] && cp -L "$l" "$stage/lib/$triplet/"
done
cp -L "$libs/$(basename "$loader")" "$stage$loader" 2>/dev/null ||
	cp -L "$libs"/ld-linux*.so.* "$stage$loader"
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc/passwd"
echo "root:x:0:" >"$stage/etc/group"
echo "nobody:x:65534:65534::/:/bin/sh" >>"$stage/etc/passwd"
echo "nogroup:x:65534:" >>"$stage/etc/group"
# The host file the escape probes aim at through the doors
# (test/escape/probe.c's HOST_FILE): it must exist for a refusal to read
# as Landlock's (EACCES) rather than as a missing file. Not a valid cache:
# glibc's ld.so checks the magic and ignores it.
echo "tamago: a host file for the escape probes" >"$stage/etc/ld.so.cache"
# The build tree without its object files, and the sources' tests.
tar -C / --exclude='*.p' --exclude=kernel-root --exclude=initrd.gz \
	--exclude=kernel.log --exclude=meson-private --exclude=meson-logs \
	-cf - "${build#/}" | tar -C "$stage" -xf -
mkdir -p "$stage$root"
cp -a "$root/test" "$stage$root/"

# The tests, as meson would run them (introspection), made lean.
python3 - "$build" "$test_limit" >"$stage/tests.sh" <<'EOF'
import json, shlex, subprocess, sys
build, limit = sys.argv[1], sys.argv[2]
tests = json.loads(subprocess.check_output(
    ['meson', 'introspect', '--tests', build]))
keep_suites = {'seccomp', 'escape', 'difftest'}
# The trap path's raw calls (links: old and *at path calls, the
# architecture's own stat and chown forms).
keep_names = {'example', 'files', 'links', 'rlimits'}
# Under emulation: one escape run (the default mode, with its
# self-test), one differential run, fewer steps.
for t in tests:
    suites = {s.split(':')[-1] for s in t['suite']}
    name = t['name']
    if not (suites & keep_suites or name in keep_names):
        continue
    if 'escape' in suites and name != 'escape':
        continue
    if 'difftest' in suites and name != 'difftest-fixed':
        continue
    cmd = list(t['cmd'])
    if name == 'difftest-fixed':
        cmd = ['20000' if a == '100000' else a for a in cmd]
    env = dict(t['env'])
    if name == 'escape':
        # Two self-tests need a host file system the initramfs lacks:
        # every writable one here is a tmpfs, whose files the probe
        # takes for memfds (F_GET_SEALS) and which has no user xattrs
        # before 6.6.
        env['ESCAPE_SKIP'] = 'export-fallocate early-fsetxattr'
        env['ESCAPE_SKIP_WHY'] = 'the initramfs has no file system but tmpfs'
        # Every probe confined; the self-test (each probe unconfined,
        # to show that it escapes there) is the host run's: under TCG,
        # with a tamago-run start per probe, the two halves took more
        # than the ten minutes a test gets.
        env['ESCAPE_NO_SELFTEST'] = '1'
    env = ' '.join(shlex.quote(k + '=' + v) for k, v in env.items())
    print('run_test %s %s %s env %s %s' % (
        shlex.quote(name), shlex.quote(t['workdir'] or build), limit,
        env, ' '.join(shlex.quote(a) for a in cmd)))
EOF
cat >"$stage/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/shm /dev/pts
mount -t tmpfs tmpfs /dev/shm
# tamago-run gives a program whose stdin is a terminal a pty of its own.
mount -t devpts devpts /dev/pts
# /tmp stays the initramfs's own: the tree may live beneath it.
chmod 1777 /tmp
ip link set lo up
echo "tamago-kernel: \$(uname -r) \$(uname -m)"
pass=0 fail=0 skip=0 xfail=0
# A differential run whose every divergence is the one older kernels
# have (difftest.sh's unified diff: native lines -, shim lines +).
known_divergence() {
	grep -q '^difftest: DIVERGENCE' /tmp/log || return 1
	grep '^[-+][0-9]' /tmp/log >/tmp/diff
	[ -s /tmp/diff ] || return 1
	! grep -v '^-[0-9].* ! EACCES\$' /tmp/diff | grep -qv '^+[0-9].* ! ENOTDIR\$' &&
		[ "\$(grep -c '^-' /tmp/diff)" = "\$(grep -c '^+' /tmp/diff)" ]
}
run_test() { # name workdir limit command...
	name=\$1 dir=\$2 limit=\$3
	shift 3
	t0=\$(date +%s)
	# stdin as meson gives it (the console would be a terminal).
	(cd "\$dir" && timeout "\$limit" "\$@") </dev/null >/tmp/log 2>&1
	rc=\$?
	took="(\$((\$(date +%s) - t0)) s)"
	if [ \$rc = 1 ] && known_divergence; then
		xfail=\$((xfail + 1))
		echo "tamago-kernel: XFAIL \$name \$took (known: this kernel" \
			"answers EACCES for a path through a non-directory" \
			"without search permission; the shim, as newer" \
			"kernels, ENOTDIR)"
		return
	fi
	case \$rc in
	0) pass=\$((pass + 1)); echo "tamago-kernel: PASS \$name \$took" ;;
	77) skip=\$((skip + 1)); echo "tamago-kernel: SKIP \$name \$took"
	    tail -n 3 /tmp/log ;;
	*) fail=\$((fail + 1)); echo "tamago-kernel: FAIL \$name (\$rc) \$took"
	   grep '^FAIL' /tmp/log | head -n 20
	   tail -n 40 /tmp/log ;;
	esac
}
. /tests.sh
echo "tamago-kernel: \$pass passed, \$fail failed, \$skip skipped, \$xfail known"
sync
poweroff -f
EOF
chmod +x "$stage/init"
(cd "$stage" && bsdtar --format newc -cf - .) | gzip -1 >"$build/initrd.gz"
say "initramfs $(du -h "$build/initrd.gz" | cut -f1), $(grep -c '^run_test' "$stage/tests.sh") tests"

log=$build/kernel.log
start=$(date +%s)
set +e
# shellcheck disable=SC2086
timeout "$boot_limit" "$qemu" $machine -accel tcg -smp 2 -m "$mem" \
	-nographic -no-reboot -kernel "$kdir/$image/vmlinuz" \
	-initrd "$build/initrd.gz" \
	-append "console=$console panic=-1 quiet" </dev/null >"$log" 2>&1
qrc=$?
set -e
tr -d '\r' <"$log" | grep -a '^tamago-kernel: \|^FAIL\|^tamago: ' || true
summary=$(tr -d '\r' <"$log" | grep -a '^tamago-kernel: [0-9]* passed' || true)
say "$(($(date +%s) - start)) s under $qemu (exit $qrc), log in $log"
case $summary in
'') say "no summary: the run did not finish"; exit 1 ;;
*" 0 failed"*) exit 0 ;;
*) exit 1 ;;
esac
