#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# meson install with DESTDIR: tamago-run in bin with tamago-exec, the
# shim and the loader found relative to it (no TAMAGO_SHIM or
# TAMAGO_LOADER), tamago.h, tamago.pc and tamago-run(1) installed, no
# test program in bin; the example runs from the staged tree. A staged
# tree without its shim names TAMAGO_SHIM.
#   install.sh MESON BUILD_DIR EXAMPLE_SH CANT_GET_OUT LISTENER
set -u
meson=$1 build=$2 example=$3 prog=$4 listener=$5
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
"$meson" install -C "$build" --destdir "$tmp/stage" --no-rebuild --quiet \
	>"$tmp/log" 2>&1 || { cat "$tmp/log"; say "meson install"; exit 1; }
run=$(find "$tmp/stage" -path '*/bin/tamago-run' -type f)
[ -n "$run" ] && [ -x "$run" ] || { say "no bin/tamago-run"; exit 1; }
bin=${run%/*}
[ -x "$bin/tamago-exec" ] || say "no tamago-exec beside tamago-run"
for f in libtamago_shim.so tamago-loader tamago.h tamago.pc tamago-run.1; do
	[ -n "$(find "$tmp/stage" -name "$f")" ] || say "$f not installed"
done
ls "$bin" | grep -v '^tamago-' | grep -q . &&
	say "bin holds more than tamago-*: $(ls "$bin")"
echo "== installed: $(cd "$tmp/stage" && find . -type f | sort | tr '\n' ' ')"

# The example, from the staged tree alone.
unset TAMAGO_SHIM TAMAGO_LOADER TAMAGO_EXEC
echo "== the example, $run"
sh "$example" "$run" "$prog" "$listener" || say "the example"
echo "== through PATH"
PATH=$bin:$PATH sh "$example" tamago-run "$prog" "$listener" ||
	say "the example through PATH"

# Without its shim: a message that names TAMAGO_SHIM.
rm "$(find "$tmp/stage" -name libtamago_shim.so)"
"$run" "$prog" >"$tmp/out" 2>"$tmp/err"
st=$?
echo "== no shim: exit $st: $(cat "$tmp/err")"
[ "$st" = 125 ] || say "no shim: exit $st"
grep -q '^tamago: .*TAMAGO_SHIM' "$tmp/err" || say "no shim: no hint"
exit $fail
