# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the network-refusal tests, which set $tmp first:
#   listener_start LISTENER   starts test/programs/listener.c on the
#                             host's 127.0.0.1 and sets $port
#   listener_stop             ends it; $tmp/listener.out then ends with
#                             "connections N"
listener_start() {
	mkfifo "$tmp/ctl"
	"$1" <"$tmp/ctl" >"$tmp/listener.out" &
	exec 3>"$tmp/ctl"
	i=0
	while [ ! -s "$tmp/listener.out" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(head -n 1 "$tmp/listener.out")
	[ -n "$port" ] || { echo "FAIL: listener did not start"; exit 1; }
}

listener_stop() {
	exec 3>&-
	wait
}
