#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# --report=PATH: one JSON document for the run, valid however it ended:
# a refused connection listed, a SIGKILL and a filter's kill (SIGSYS)
# reported as signals, an export's outcome, the paths looked for and not
# found and the files changed, and a report that cannot be written leaves
# nothing half-written.
#   report.sh TAMAGO_RUN CANT_GET_OUT LISTENER RAW_OPENAT
set -u
run=$1 example=$2 listener=$3 raw=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
py=$(command -v python3) || { echo "skip: no python3 to read the JSON"; exit 77; }
sh=$(command -v sh) || exit 2
# report.json field=python-expression ...: each must hold.
holds() {
	f=$1; shift
	"$py" - "$f" "$@" <<'PY' || fail=1
import json, sys
path = sys.argv[1]
try:
    r = json.load(open(path))
except Exception as e:
    print("FAIL: %s: not JSON: %s" % (path, e)); sys.exit(1)
bad = 0
for expr in sys.argv[2:]:
    if not eval(expr, {"r": r}):
        print("FAIL: %s: %s does not hold" % (path, expr)); bad = 1
print("report %s: %s" % (path, json.dumps(r)[:400]))
sys.exit(bad)
PY
}

. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
"$run" --report "$tmp/net.json" "$example" 127.0.0.1 "$port" >/dev/null 2>&1
listener_stop
holds "$tmp/net.json" 'r["tamago_report"] == 1' 'r["exit_code"] == 0' \
	'r["ended"] == {"how": "exit", "status": 0}' \
	'len(r["network_refused"]) == 1' \
	'"127.0.0.1" in r["network_refused"][0]' \
	'r["argv"][1:] == ["127.0.0.1", "'"$port"'"]' \
	'r["export"] is None' 'r["duration_ms"] >= 0' 'r["stdout_bytes"] > 0' \
	'r["kill_report"] is None'
grep -qx "connections 0" "$tmp/listener.out" ||
	say "the listener saw a connection"

"$run" --report="$tmp/kill.json" --export "$tmp/e.cpio" --env A=1 \
	"$sh" -c 'echo x >/tmp/x; [ -e /nope ]; kill -9 $$' >/dev/null 2>&1
holds "$tmp/kill.json" 'r["exit_code"] == 137' \
	'{"path": "/nope", "count": 1} in r["missing"]' \
	'r["missing_more"] == 0' 'r["changed_files"] == 1' \
	'r["ended"]["how"] == "signal" and r["ended"]["signal"] == "SIGKILL"' \
	'r["export"]["written"] is True and r["export"]["bytes"] > 0' \
	'r["env"] == ["A"]'

"$run" --report "$tmp/sys.json" "$raw" >/dev/null 2>&1
holds "$tmp/sys.json" 'r["exit_code"] == 159' \
	'r["ended"]["signal"] == "SIGSYS"' \
	'r["kill_report"].startswith("killed: raw syscall openat(")' \
	'r["kill_report"].endswith(" bypassed libc")'

# Arguments that are not UTF-8 or hold quotes: still JSON.
"$run" --report "$tmp/odd.json" "$sh" -c ':' "$(printf 'a"b\\c\001\377')" \
	>/dev/null 2>&1
holds "$tmp/odd.json" 'r["argv"][3] == "a\"b\\c\u0001\ufffd"'

# Not writable: a message, and nothing left beside it.
mkdir "$tmp/ro"
"$run" --report "$tmp/ro/missing/r.json" "$sh" -c ':' 2>"$tmp/err"
grep -q '^tamago: report: .*not written' "$tmp/err" ||
	say "no message for an unwritable report: $(cat "$tmp/err")"
exit $fail
