#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# What tamago-run runs and what it refuses: a statically linked program
# runs confined (its files are the sandbox's), a script runs with its
# interpreter taken from the host at its own path, and a setuid or setgid
# program is refused with exit 126 and a "tamago:" line.
#   refuse.sh TAMAGO_RUN STATIC_PROG DYNAMIC_PROG
set -u
run=$1 static=$2 dynamic=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
refused() { # name
	[ "$(cat "$tmp/st")" = 126 ] || say "$1: exit $(cat "$tmp/st"), expected 126"
	grep -Eq -- '^tamago: .*: setuid or setgid program refused' "$tmp/err" ||
		say "$1: stderr: $(cat "$tmp/err")"
	[ -s "$tmp/out" ] && say "$1: the program ran: $(cat "$tmp/out")"
}
ran() { # name want-stdout
	[ "$(cat "$tmp/st")" = 0 ] || say "$1: exit $(cat "$tmp/st"): $(cat "$tmp/err")"
	[ "$(cat "$tmp/out")" = "$2" ] || say "$1: stdout: $(cat "$tmp/out")"
}

# Static: the file it writes is the sandbox's, never the host's (a name
# of its own in the host's /tmp, removed if it ever appears there).
probe=/tmp/$(basename "$tmp")-static
trap 'rm -rf "$tmp" "$probe"' EXIT
"$run" "$static" write "$probe" x cat "$probe" \
	>"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st"
ran static "$(printf 'image-prog: started\nx')"
[ -e "$probe" ] && say "static: wrote $probe on the host"

for bit in u+s g+s; do
	cp "$dynamic" "$tmp/prog" && chmod "$bit" "$tmp/prog" || exit 2
	"$run" "$tmp/prog" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st"
	refused "$bit"
done

printf '#!/bin/sh\necho "ran $0 $*"; [ -e /etc/shadow ] || echo sealed\n' \
	>"$tmp/script" && chmod +x "$tmp/script" || exit 2
"$run" "$tmp/script" a b >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st"
ran script "$(printf 'ran %s a b\nsealed' "$tmp/script")"
exit $fail
