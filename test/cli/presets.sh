#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The sandbox's /etc presets: localhost resolves (for 127.0.0.1 and ::1),
# the running ids have names, there is no resolv.conf, an image's own
# file wins, and an export leaves the presets out.
#   presets.sh EXPECT TAMAGO_RUN
set -u
expect=$1 run=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	echo "== $1"; shift
	sh "$expect" "$@" || fail=1
}
getent=$(command -v getent) || { echo "skip: no getent"; exit 77; }
id=$(command -v id) || { echo "skip: no id"; exit 77; }
cat=$(command -v cat) || exit 2

check "localhost, --net=loopback" \
	--stdout '^(127\.0\.0\.1|::1) +localhost' -- \
	"$run" --net=loopback "$getent" hosts localhost
check "localhost by getaddrinfo, IPv4" \
	--stdout '^127\.0\.0\.1 +STREAM localhost$' -- \
	"$run" --net loopback "$getent" ahostsv4 localhost
check "localhost by getaddrinfo, IPv6" --stdout '^::1 +STREAM localhost$' \
	-- "$run" --net=loopback "$getent" ahostsv6 localhost
check "the user's name" --stdout "^$("$id" -un)\$" -- "$run" "$id" -un
check "the group's name" --stdout "^$("$id" -gn)\$" -- "$run" "$id" -gn
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$id"; then
	check "another uid" --stdout '^uid=65534\([a-z]+\) gid=65534\([a-z]+\)' \
		-- setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$run" "$id"
	check "a uid the host does not name" --stdout '^uid=4242\(user\)' -- \
		setpriv --reuid=4242 --regid=4242 --clear-groups "$run" "$id"
fi
check "no resolv.conf" --status 1 --stderr 'No such file or directory' -- \
	"$run" "$cat" /etc/resolv.conf

# An image's /etc/hosts wins; the other presets stay.
if command -v bsdtar >/dev/null; then
	mkdir -p "$tmp/img/etc"
	printf '10.1.2.3\tlocalhost\n' >"$tmp/img/etc/hosts"
	check "an image's hosts wins" --stdout '^10\.1\.2\.3 +localhost' -- \
		"$run" --fs="$tmp/img" "$getent" hosts localhost
	check "with the image, passwd stays" --stdout '^root:x:0:0:' -- \
		"$run" --fs="$tmp/img" "$cat" /etc/passwd
fi
check "the export leaves them out" --stdout localhost -- \
	"$run" --export="$tmp/out.cpio" "$getent" hosts localhost
if [ -f "$tmp/out.cpio" ] && command -v bsdtar >/dev/null; then
	if bsdtar -tf "$tmp/out.cpio" | grep -q etc; then
		echo "FAIL: the export holds /etc: $(bsdtar -tf "$tmp/out.cpio" | grep etc)"
		fail=1
	fi
fi
exit $fail
