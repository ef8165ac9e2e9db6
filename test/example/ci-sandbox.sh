#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The README's "A CI sandbox" example, run as it is written there: inputs
# in (--fs=in.tar.gz:/in), the host's python3 read-only (--ro=/usr), the
# outputs out (--export-dir), a report (--report) that lists the refused
# connection (to a loopback listener this test started, which must see
# none) and the missing path.
#   ci-sandbox.sh TAMAGO_RUN LISTENER
set -u
run=$1 listener=$2
case $run in /*) ;; *) run=$PWD/$run ;; esac
case $listener in /*) ;; *) listener=$PWD/$listener ;; esac
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
. "$(dirname "$0")/../lib/listener.sh"
listener_start "$listener"
cd "$tmp" || exit 2
PATH=$(dirname "$run"):/usr/bin:/bin # the host's own python3
export PORT=$port

# --- the README's example, from here -------------------------------
mkdir in
seq 1 100 >in/numbers.txt
cat >in/job.py <<'EOF'
import json, os, socket
numbers = [int(line) for line in open("/in/numbers.txt")]
try:
    settings = json.load(open("/in/settings.json"))
except FileNotFoundError:
    settings = {}
os.makedirs("/out", exist_ok=True)
with open("/out/result.json", "w") as f:
    json.dump({"sum": sum(numbers), "settings": settings}, f)
try:
    socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), 2)
    print("uploaded")
except OSError as e:
    print("not uploaded:", e.strerror)
EOF
tar czf in.tar.gz -C in .
tamago-run --fs=in.tar.gz:/in --ro=/usr --env PORT \
	--export-dir=out --report=report.json -- python3 /in/job.py
cat out/out/result.json
# --- to here -------------------------------------------------------

status=$?
listener_stop
[ "$(cat out/out/result.json 2>&1)" = '{"sum": 5050, "settings": {}}' ] ||
	say "result: $(cat out/out/result.json 2>&1)"
[ -e out/in ] && say "the export holds the inputs, which nothing changed"
[ -e out/usr ] && say "the export holds the layer"
grep -qx "connections 0" "$tmp/listener.out" ||
	say "the listener saw a connection"
python3 - report.json "$port" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
checks = {
    "exit 0": r["exit_code"] == 0,
    "the refused connection": any("127.0.0.1" in n and sys.argv[2] in n
                                  for n in r["network_refused"]),
    "the missing path": any(m["path"] == "/in/settings.json"
                            for m in r["missing"]),
    "the export": r["export"] is not None,
    "the layer in the settings": r["settings"]["ro"] == "--ro=/usr",
}
bad = [k for k, v in checks.items() if not v]
for k in bad:
    print("FAIL: report: %s" % k)
print("report:", json.dumps(r)[:600])
sys.exit(1 if bad else 0)
PY
exit $fail
