# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the network-refusal tests, which set $tmp first:
#   listener_start LISTENER [NAME]
#                  starts test/lib/listener.c on the host's 127.0.0.1,
#                  its stdin on fd 3, and sets $port; its output goes to
#                  $tmp/NAME.out (NAME: "listener")
#   listener_stop  closes fd 3 and waits; NAME.out then ends with
#                  "connections N"
listener_start() {
	_name=${2:-listener}
	mkfifo "$tmp/$_name.ctl"
	"$1" <"$tmp/$_name.ctl" >"$tmp/$_name.out" &
	exec 3>"$tmp/$_name.ctl"
	i=0
	while [ ! -s "$tmp/$_name.out" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(head -n 1 "$tmp/$_name.out")
	[ -n "$port" ] || { echo "FAIL: listener did not start"; exit 1; }
}

listener_stop() {
	exec 3>&-
	wait
}
