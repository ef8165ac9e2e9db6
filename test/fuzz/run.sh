#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A bounded run of the image loader's fuzz target, seeded with valid
# archives (bsdtar's, when it is there), every malformed case, and the
# inputs that once crashed it (regress/).
#   run.sh FUZZ_IMAGE MKBAD DICT SECONDS
set -u
fuzz=$1 mkbad=$2 dict=$3 seconds=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/corpus" "$tmp/tree" "$tmp/tree/d"
for name in $("$mkbad" --list); do
	"$mkbad" "$name" "$tmp/corpus/$name" >/dev/null || exit 2
done
cp "$(dirname "$0")"/regress/* "$tmp/corpus/"
if command -v bsdtar >/dev/null; then
	printf 'hello\n' >"$tmp/tree/d/f"
	ln "$tmp/tree/d/f" "$tmp/tree/g"
	ln -s d/f "$tmp/tree/l"
	(cd "$tmp/tree" && bsdtar --format newc -cf "$tmp/corpus/tree" .)
fi
# A crashing input is kept as crash-* in the directory this runs in (the
# build directory under meson test); -max_len keeps inputs small.
# libFuzzer's own exit code for a crash is 77, meson's skip: ask for 1.
"$fuzz" -max_total_time="$seconds" -max_len=4096 -dict="$dict" \
	-error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$PWD/" \
	-print_final_stats=1 "$tmp/corpus"
