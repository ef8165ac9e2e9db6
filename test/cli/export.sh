#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Nothing lost silently: a run that changed the file system and exports
# nothing says so in one line; --export-dir unpacks the changes into a
# new or empty directory, all of them or none; no export changes the mode
# of the directory it is unpacked into.
#   export.sh EXPECT TAMAGO_RUN
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
note='^tamago: [0-9]+ files? changed, not exported \(use --export or --export-dir\)$'

check "the note" \
	--stderr '^tamago: 2 files changed, not exported \(use --export or --export-dir\)$' \
	-- "$run" "$sh" -c 'echo a >/tmp/a; echo b >/b'
check "one file" --stderr '^tamago: 1 file changed, not exported' -- \
	"$run" "$sh" -c 'echo a >/tmp/a'
mkdir "$tmp/img" && echo f >"$tmp/img/f" || exit 2
check "a removal counts" --stderr '^tamago: 1 file changed, not exported' \
	-- "$run" --fs "$tmp/img" "$(command -v rm)" /f
check "nothing changed: no note" --no-stderr 'changed' -- \
	"$run" "$sh" -c 'echo hello'
check "--export: no note" --no-stderr 'changed' -- \
	"$run" --export "$tmp/all.cpio" "$sh" -c 'echo a >/tmp/a'
check "--discard: no note" --no-stderr 'changed' -- \
	"$run" --discard "$sh" -c 'echo a >/tmp/a'
check "TAMAGO_DISCARD=1: no note" --no-stderr 'changed' -- \
	env TAMAGO_DISCARD=1 "$run" "$sh" -c 'echo a >/tmp/a'
check "killed: the note still comes" --status 137 --stderr "$note" -- \
	"$run" "$sh" -c 'echo a >/tmp/a; kill -9 $$'

# --export-dir: a new directory.
check "--export-dir, new" --no-stderr . -- \
	"$run" --export-dir "$tmp/new" "$sh" -c 'echo a >/tmp/a; echo b >/b'
[ "$(cat "$tmp/new/b" 2>&1)" = b ] || say "new: b is $(cat "$tmp/new/b" 2>&1)"
[ "$(cat "$tmp/new/tmp/a" 2>&1)" = a ] || say "new: tmp/a is $(cat "$tmp/new/tmp/a" 2>&1)"
[ -e "$tmp/new/dev" ] && say "new: holds dev, which nothing changed"
ls -A "$tmp" | grep -q tamago && say "a staging directory is left: $(ls -A "$tmp")"

# An empty directory keeps its mode (no "." entry changes it).
mkdir -m 0750 "$tmp/empty"
check "--export-dir, empty" -- \
	"$run" --export-dir="$tmp/empty" "$sh" -c 'echo a >/tmp/a'
[ "$(stat -c %a "$tmp/empty")" = 750 ] || say "empty: mode $(stat -c %a "$tmp/empty")"
[ -f "$tmp/empty/tmp/a" ] || say "empty: tmp/a missing"

# Refused before the run: not empty, not a directory, with --export.
check "--export-dir, not empty" --status 125 --no-stdout . \
	--stderr "^tamago: --export-dir=$tmp/new: not empty" -- \
	"$run" --export-dir "$tmp/new" "$sh" -c 'echo ran'
: >"$tmp/file"
check "--export-dir, a file" --status 125 --no-stdout . \
	--stderr "^tamago: --export-dir=$tmp/file: not a directory" -- \
	"$run" --export-dir "$tmp/file" "$sh" -c 'echo ran'
check "--export-dir and --export" --status 125 --no-stdout . \
	--stderr 'one export per run' -- \
	"$run" --export-dir "$tmp/x" --export "$tmp/x.cpio" "$sh" -c 'echo ran'

# All or nothing: a directory filled during the run is left as it was,
# and nothing half-written remains beside it.
mkdir "$tmp/race" && mkfifo "$tmp/go" "$tmp/ready" || exit 2
"$run" --export-dir "$tmp/race" "$sh" -c 'echo a >/tmp/a; echo ready; read x' \
	<"$tmp/go" >"$tmp/ready" 2>"$tmp/race.err" &
pid=$!
exec 3>"$tmp/go"
read line <"$tmp/ready"
echo mine >"$tmp/race/mine"
echo go >&3
exec 3>&-
wait $pid
echo "== race: exit $?, stderr: $(cat "$tmp/race.err")"
grep -q "^tamago: --export-dir=$tmp/race: .*: not written$" "$tmp/race.err" ||
	say "race: no message"
[ "$(ls -A "$tmp/race")" = mine ] || say "race: holds $(ls -A "$tmp/race")"
ls -A "$tmp" | grep -q tamago && say "race: a staging directory is left: $(ls -A "$tmp")"

# An export unpacked by hand: the target's mode stays.
if command -v bsdtar >/dev/null; then
	mkdir -m 0700 "$tmp/by-hand"
	bsdtar -xpf "$tmp/all.cpio" -C "$tmp/by-hand" ||
		say "bsdtar -xpf failed"
	[ "$(stat -c %a "$tmp/by-hand")" = 700 ] ||
		say "by hand: mode $(stat -c %a "$tmp/by-hand")"
	bsdtar -tf "$tmp/all.cpio" | grep -qx '\.' && say "the export holds ."
fi
exit $fail
