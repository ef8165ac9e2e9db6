#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# One entry point per architecture:
#
#   test/arch/run.sh ARCH            build for ARCH and run its test suite
#   test/arch/run.sh --kernel ARCH   boot ARCH's Debian 12 kernel under
#                                    qemu-system and run the seccomp,
#                                    escape and difftest suites there
#
# ARCH: x86_64 (natively), aarch64, arm (armhf) or riscv64 (cross-built
# with Debian's cross compilers, run under qemu-user). It installs what it
# needs (Debian packages; for riscv64, which Debian 12 does not carry,
# libseccomp and Check built from Debian's source packages and kept in
# the cache), builds in build-arch-ARCH (TAMAGO_ARCH_BUILD to change it),
# and exits non-zero on any failure. One probe of seccomp itself decides
# whether the suites that need it run: under qemu-user they are skipped,
# listed, and never counted as passed.
#
# TAMAGO_CACHE (default /var/cache/tamago-shim) keeps the source builds
# and the kernels between runs.
set -eu
usage() {
	echo "usage: test/arch/run.sh [--kernel] x86_64|aarch64|arm|riscv64" >&2
	exit 2
}
kernel=
[ "${1:-}" = --kernel ] && { kernel=1; shift; }
[ $# -eq 1 ] || usage
arch=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TAMAGO_CACHE:-/var/cache/tamago-shim}
export DEBIAN_FRONTEND=noninteractive

case $arch in
x86_64) triplet=x86_64-linux-gnu debarch=amd64 qemu= ;;
aarch64) triplet=aarch64-linux-gnu debarch=arm64 qemu=qemu-aarch64 ;;
arm) triplet=arm-linux-gnueabihf debarch=armhf qemu=qemu-arm ;;
riscv64) triplet=riscv64-linux-gnu debarch=riscv64 qemu=qemu-riscv64 ;;
*) usage ;;
esac
# Where qemu-user finds the C library: as the exe_wrapper of
# arch/ARCH/cross.ini says (aarch64 and arm: the multiarch one, at /).
sysroot=/usr/$triplet
case $arch in aarch64 | arm) sysroot=/ ;; esac

say() { echo "run.sh $arch: $*"; }

# Installs the Debian packages that are missing (one apt-get update).
updated=
install() {
	missing=
	native=$(dpkg --print-architecture)
	for p in "$@"; do
		# With foreign architectures, a native name needs its own.
		dpkg -s "$p" >/dev/null 2>&1 ||
			dpkg -s "$p:$native" >/dev/null 2>&1 ||
			missing="$missing $p"
	done
	[ -n "$missing" ] || return 0
	if [ -z "$updated" ]; then
		apt-get -o DPkg::Lock::Timeout=600 update -q
		updated=1
	fi
	# shellcheck disable=SC2086
	apt-get -o DPkg::Lock::Timeout=600 install -y -q \
		--no-install-recommends $missing
}

foreign_arch() { # debarch: multiarch packages of it
	dpkg --print-foreign-architectures | grep -qx "$1" && return 0
	dpkg --add-architecture "$1"
	updated=
}

install build-essential meson ninja-build pkg-config libseccomp-dev check \
	libxxhash-dev
case $arch in
aarch64 | arm)
	foreign_arch "$debarch"
	install "gcc-$triplet" "libc6-dev-$debarch-cross" qemu-user \
		"libseccomp-dev:$debarch" "check:$debarch" \
		"libsubunit-dev:$debarch" "libxxhash-dev:$debarch" ;;
riscv64)
	install "gcc-$triplet" "libc6-dev-$debarch-cross" qemu-user gperf \
		dpkg-dev ;;
esac

# riscv64: libseccomp and Check from Debian's source packages (static
# libraries), built once into the cache; xxHash is used as a header.
riscv_prefix=$cache/riscv64
riscv_libs() {
	[ -f "$riscv_prefix/.done" ] && return 0
	src=$cache/src
	mkdir -p "$src"
	if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list \
	    /etc/apt/sources.list.d/; then
		# Source entries beside the binary ones this machine has.
		for f in /etc/apt/sources.list.d/*.sources; do
			grep -q '^Types: deb$' "$f" || continue
			sed 's/^Types: deb$/Types: deb-src/' "$f" \
				>"/etc/apt/sources.list.d/tamago-src-${f##*/}"
		done
		apt-get -o DPkg::Lock::Timeout=600 update -q
	fi
	(cd "$src" && apt-get source -q --download-only libseccomp check)
	rm -rf "$src/build" && mkdir "$src/build"
	for dsc in "$src"/libseccomp_*.dsc "$src"/check_*.dsc; do
		(cd "$src/build" && dpkg-source -q -x "$dsc" >/dev/null)
	done
	(cd "$src"/build/libseccomp-* &&
		./configure -q --host="$triplet" --prefix="$riscv_prefix" \
			--disable-shared --enable-static --disable-python &&
		make -s -j2 && make -s install)
	(cd "$src"/build/check-* &&
		./configure -q --host="$triplet" --prefix="$riscv_prefix" \
			--disable-shared --enable-static --enable-subunit=no \
			--disable-build-docs &&
		make -s -j2 && make -s install)
	# Debian's check.pc names the PIC archive its own packaging makes.
	ln -sf libcheck.a "$riscv_prefix/lib/libcheck_pic.a"
	mkdir -p "$riscv_prefix/include" "$riscv_prefix/lib/pkgconfig"
	cp /usr/include/xxhash.h "$riscv_prefix/include/"
	cat >"$riscv_prefix/lib/pkgconfig/libxxhash.pc" <<-EOF
	Name: libxxhash
	Description: xxHash (its header, used inline)
	Version: 0.8
	Cflags: -I$riscv_prefix/include
	Libs:
	EOF
	rm -rf "$src/build"
	touch "$riscv_prefix/.done"
}

if [ -n "$kernel" ] && [ "$arch" = riscv64 ]; then
	say "Debian 12 has no riscv64 kernel package: no real-kernel run" \
		"(the filter is checked by simulation, test/bpf)"
	exit 77
fi

build=${TAMAGO_ARCH_BUILD:-$root/build-arch-$arch}
case $build in
/*) ;;
*) build=$PWD/$build ;;
esac
if [ "$arch" = riscv64 ]; then
	# Rewritten every run: a build made against it regenerates from it.
	riscv_libs
	cat >"$riscv_prefix/cross.ini" <<-EOF
	[properties]
	pkg_config_libdir = ['$riscv_prefix/lib/pkgconfig']

	[built-in options]
	c_link_args = ['-L$riscv_prefix/lib']
	EOF
fi
if [ ! -f "$build/build.ninja" ]; then
	set --
	if [ "$arch" != x86_64 ]; then
		set -- --cross-file "$root/arch/$arch/cross.ini"
	fi
	if [ "$arch" = riscv64 ]; then
		set -- "$@" --cross-file "$riscv_prefix/cross.ini"
	fi
	meson setup "$@" "$build" "$root"
fi
ninja -C "$build" -j2

if [ -n "$kernel" ]; then
	exec sh "$root/test/arch/kernel.sh" "$arch" "$build" "$cache" \
		"$triplet" "$debarch"
fi

# The one probe of seccomp itself, test/lib/needs-seccomp (under
# qemu-user when cross-built).
set +e
if [ -n "$qemu" ]; then
	"$qemu" -L "$sysroot" "$build/test/lib/needs-seccomp" --probe
else
	"$build/test/lib/needs-seccomp" --probe
fi
probe=$?
set -e
case $probe in
0)
	say "the whole suite"
	meson test -C "$build" --print-errorlogs ;;
77)
	# The qemu setup (test/arch/meson.build) runs what needs no seccomp.
	say "seccomp unavailable (probe): unit tests only"
	meson test -C "$build" --setup qemu --print-errorlogs
	skipped=$(meson test -C "$build" --list --no-rebuild \
		--suite shim --suite static 2>/dev/null | grep -c ':' || true)
	say "$skipped tests skipped: they need seccomp (shim: every" \
		"program run under the shim) or the host's tools (static)"
	if [ "$arch" = riscv64 ]; then
		say "no Debian 12 kernel to run them on: the filter is" \
			"checked by simulation (test/bpf)"
	else
		say "run.sh --kernel $arch runs the seccomp ones on a real kernel"
	fi ;;
*)
	say "the seccomp probe failed ($probe)"
	exit 1 ;;
esac
