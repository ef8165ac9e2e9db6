# SPDX-License-Identifier: BSD-3-Clause
# The shell-script benchmark: 200 small commands, each an external
# program (busybox applets through bin/ symlinks), in 20 rounds of 10,
# the way a build or CI script runs them; prints "ok" at the end.
#   sh script.sh BINDIR DIR
# DIR must be /tmp (inside a sandbox) or a /dev/shm/tamago-bench.*
# scratch directory (natively): the script writes nowhere else.
set -eu
bin=$1 dir=$2
case $dir in
/tmp|/dev/shm/tamago-bench.*) ;;
*) echo "script: $dir: not /tmp or a /dev/shm/tamago-bench.* directory" >&2
   exit 2 ;;
esac
PATH=$bin
w=$dir/script-$$
i=0
while [ $i -lt 20 ]; do
	mkdir "$w"
	echo "line $i" > "$w/a"
	cp "$w/a" "$w/b"
	cat "$w/a" "$w/b" > "$w/c"
	n=$(wc -l < "$w/c")
	[ "$n" -eq 2 ]
	seq "$i" 20 | sort -rn | head -n 1 > "$w/d"
	grep -q '^20$' "$w/d"
	sed -n 's/line/LINE/p' "$w/c" > "$w/e"
	rm -r "$w"
	i=$((i + 1))
done
echo ok
