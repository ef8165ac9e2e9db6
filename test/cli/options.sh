#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tamago-run's options as a user types them: "--opt VALUE" as well as
# "--opt=VALUE", errors that name the option typed, 127 for a program not
# found and 126 for one that cannot be executed, --help listing every
# option the parser knows, and a slow image conversion that says so.
#   options.sh EXPECT TAMAGO_RUN TAMAGO_RUN_SOURCE PROG
set -u
expect=$1 run=$2 source=$3 prog=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	echo "== $1"; shift
	sh "$expect" "$@" || fail=1
}

check "--net VALUE" --stdout '^image-prog: started' -- \
	"$run" --net loopback "$prog"
check "--export PATH" --stdout '^image-prog: started' -- \
	"$run" --export "$tmp/out.cpio" "$prog"
[ -s "$tmp/out.cpio" ] || { echo "FAIL: --export PATH wrote nothing"; fail=1; }
check "--net=VALUE, bad" --status 125 --no-stdout . \
	--stderr '^tamago: --net=bogus: expected none or loopback$' -- \
	"$run" --net=bogus "$prog"
check "--net VALUE, bad" --status 125 --no-stdout . \
	--stderr '^tamago: --net=bogus: expected none or loopback$' -- \
	"$run" --net bogus "$prog"
check "--raw, bad" --status 125 --no-stdout . \
	--stderr '^tamago: --raw=x: expected kill, emulate or log$' -- \
	"$run" --raw x "$prog"
check "--fs-size, bad" --status 125 --no-stdout . \
	--stderr '^tamago: --fs-size=1E: expected a size in bytes' -- \
	"$run" --fs-size 1E "$prog"
check "--fs-inodes, bad" --status 125 --no-stdout . \
	--stderr '^tamago: --fs-inodes=12q: expected a count' -- \
	"$run" --fs-inodes=12q "$prog"
check "a value missing" --status 125 --no-stdout . \
	--stderr '^tamago: --fs: no value given' -- "$run" --fs
check "--export-changes alone" --status 125 --no-stdout . \
	--stderr '^tamago: --export-changes: needs --export=PATH$' -- \
	"$run" --export-changes "$prog"
check "--hooks missing" --status 125 --no-stdout . \
	--stderr '^tamago: --hooks=/nonexistent.so: not found$' -- \
	"$run" --hooks /nonexistent.so "$prog"

# 127 and 126, as a shell gives them.
check "not found" --status 127 --stderr '^tamago: no-such-prog: not found$' \
	-- "$run" no-such-prog
check "not found, a path" --status 127 \
	--stderr '^tamago: /nonexistent/prog: not found$' -- \
	"$run" /nonexistent/prog
printf '#!/nonexistent/interp\n' >"$tmp/script"
chmod +x "$tmp/script"
check "a script's interpreter not found" --status 127 \
	--stderr 'interpreter /nonexistent/interp: not found$' -- \
	"$run" "$tmp/script"
printf 'data\n' >"$tmp/data"
check "not executable" --status 126 --stderr ': not executable$' -- \
	"$run" "$tmp/data"
check "a directory" --status 126 --stderr ': is a directory$' -- \
	"$run" "$tmp"

# --help names every option the parser takes (the case labels of its
# loop), and the man page too.
"$run" --help >"$tmp/help" || { echo "FAIL: --help"; fail=1; }
opts=$(sed -n '/^while \[ \$# -gt 0 \]; do$/,/^done$/p' "$source" |
	grep -Eo -- '(^|[|	])-[-a-z]+' | tr -d '|	' | sort -u)
[ -n "$opts" ] || { echo "FAIL: no options found in $source"; fail=1; }
for o in $opts; do
	case $o in --) continue ;; esac
	grep -Eq -- "(^|[ ,])$o([=[ ,]|$)" "$tmp/help" ||
		{ echo "FAIL: --help lacks $o"; fail=1; }
done
echo "== --help lists: $(echo $opts)"

# A conversion taking more than 2 s says so (a bsdtar made slow).
if command -v bsdtar >/dev/null; then
	mkdir "$tmp/bin" "$tmp/img"
	echo x >"$tmp/img/file"
	cat >"$tmp/bin/bsdtar" <<SLOW
#!/bin/sh
sleep 3
exec $(command -v bsdtar) "\$@"
SLOW
	chmod +x "$tmp/bin/bsdtar"
	check "slow conversion" --stdout '^image-prog: started' \
		--stderr "^tamago: --fs=$tmp/img: converting to cpio newc \\(2 s" -- \
		env PATH="$tmp/bin:$PATH" "$run" --fs "$tmp/img" "$prog"
	check "quick conversion, silent" --stdout '^image-prog: started' \
		--no-stderr 'converting' -- "$run" --fs "$tmp/img" "$prog"
else
	echo "== conversions: skipped (no bsdtar)"
fi
exit $fail
