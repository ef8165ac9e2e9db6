#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A bounded run of the image loader's fuzz target, seeded with valid
# archives (bsdtar's, when it is there) and every malformed case.
#   run.sh FUZZ_IMAGE MKBAD DICT SECONDS
set -u
fuzz=$1 mkbad=$2 dict=$3 seconds=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/corpus" "$tmp/tree" "$tmp/tree/d"
for name in $("$mkbad" --list); do
	"$mkbad" "$name" "$tmp/corpus/$name" >/dev/null || exit 2
done
if command -v bsdtar >/dev/null; then
	printf 'hello\n' >"$tmp/tree/d/f"
	ln "$tmp/tree/d/f" "$tmp/tree/g"
	ln -s d/f "$tmp/tree/l"
	(cd "$tmp/tree" && bsdtar --format newc -cf "$tmp/corpus/tree" .)
fi
# A crashing input is kept as crash-* in the directory this runs in (the
# build directory under meson test); -max_len keeps inputs small.
"$fuzz" -max_total_time="$seconds" -max_len=4096 -dict="$dict" \
	-artifact_prefix="$PWD/" -print_final_stats=1 "$tmp/corpus"
