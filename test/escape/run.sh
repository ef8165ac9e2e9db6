#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The escape suite: runs every mode of expected.txt under tamago-run and
# checks the outcome, then (self-test) runs it unconfined to show that it
# does escape where the machine allows. Nothing leaves the machine: the
# network probes aim at a loopback listener started here.
#   run.sh TAMAGO_RUN PROBE PROBE_STATIC EARLY LISTENER EXPECTED [MODE...]
# A variant run (other settings in the environment, e.g. a size limit or
# a hooks library) may name outcomes it also accepts, and skip the
# self-test, which does not depend on the settings:
#   ESCAPE_ALSO="mode=outcome ..."  ESCAPE_NO_SELFTEST=1
set -u
run=$1 probe=$2 probe_static=$3 early=$4 listener=$5 table=$6
shift 6
only="$*"
tmp=$(mktemp -d) || exit 2
ESCAPE_TMP=$tmp/mnt
ESCAPE_UNIX=$tmp/sock
ESCAPE_SHM=$(printf '0x7a6d%04x' $(($$ % 65536)))
export ESCAPE_TMP ESCAPE_UNIX ESCAPE_SHM
mkdir "$ESCAPE_TMP"
cleanup() {
	exec 3>&- 4>&-
	"$probe" shm-remove
	wait
	rm -rf "$tmp"
}
trap cleanup EXIT

# A loopback listener on fd 3 (its stdin): closing fd 3 ends it.
. "$(dirname "$0")/../lib/listener.sh"
start_listener() { # name
	listener_start "$listener" "$1"
	ESCAPE_PORT=$port
	export ESCAPE_PORT
}

"$probe" shm-create >/dev/null || { echo "FAIL: cannot create the host's shm"; exit 1; }
mkfifo "$tmp/unix.ctl"
"$probe" unix-listen <"$tmp/unix.ctl" >"$tmp/unix.out" &
exec 4>"$tmp/unix.ctl"
start_listener l1

# One mode, confined or not: prints its outcome.
outcome() { # confined|native mode
	out=$tmp/out.$2
	case $2 in
	early-*)
		if [ "$1" = confined ]; then
			timeout 20 "$run" "$early" >"$out" 2>"$out.err"
		else
			timeout 20 "$early" >"$out" 2>"$out.err"
		fi ;;
	static-binary)
		if [ "$1" = confined ]; then
			timeout 20 "$run" "$probe_static" raw-openat >"$out" 2>"$out.err"
		else
			timeout 20 "$probe_static" raw-openat >"$out" 2>"$out.err"
		fi
		st=$?
		sed -i 's/^raw-openat:/static-binary:/' "$out"
		(exit $st) ;;
	*)
		if [ "$1" = confined ]; then
			timeout 20 "$run" "$probe" "$2" </dev/null >"$out" \
				2>"$out.err" 3</etc/passwd 4</etc
		else
			timeout 20 "$probe" "$2" </dev/null >"$out" \
				2>"$out.err" 3</etc/passwd 4</etc
		fi ;;
	esac
	st=$?
	line=$(grep -m 1 "^$2: " "$out")
	case $line in
	"$2: escaped"*) echo escaped ;;
	"$2: errno "*) echo "errno:${line#*: errno }" ;;
	"$2: contained"*) echo contained ;;
	"$2: ok"*) echo ok ;;
	*)
		case $st in
		159) echo killed ;;
		126) echo refused ;;
		139) echo segv ;;
		*) echo "status:$st" ;;
		esac ;;
	esac
}

matches() { # got alternatives
	old_ifs=$IFS
	IFS='|'
	for want in $2; do
		IFS=$old_ifs
		[ "$1" = "$want" ] && return 0
		if [ "$want" = contained ]; then
			case $1 in errno:*|contained) return 0 ;; esac
		fi
	done
	IFS=$old_ifs
	return 1
}

fail=0 n=0 notes=0
rows=$(grep -v '^#' "$table" | grep -v '^[[:space:]]*$')
echo "$rows" | while read -r mode confined native rest; do
	[ -z "$only" ] || case " $only " in *" $mode "*) ;; *) continue ;; esac
	for also in ${ESCAPE_ALSO:-}; do
		[ "${also%%=*}" = "$mode" ] && confined="$confined|${also#*=}"
	done
	got=$(outcome confined "$mode")
	if [ "$got" = escaped ] || ! matches "$got" "$confined"; then
		echo "FAIL $mode: confined gave $got, expected $confined"
		sed 's/^/    /' "$tmp/out.$mode" "$tmp/out.$mode.err" | head -5
		echo fail >>"$tmp/failed"
	else
		echo "ok   $mode: $got"
	fi
done
exec 3>&-
wait_listener_count=$(i=0; while ! grep -q '^connections' "$tmp/l1.out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done; tail -n 1 "$tmp/l1.out")
if [ "$wait_listener_count" != "connections 0" ]; then
	echo "FAIL: the host's listener saw a confined probe: $wait_listener_count"
	echo fail >>"$tmp/failed"
fi

if [ -n "${ESCAPE_NO_SELFTEST:-}" ]; then
	if [ -s "$tmp/failed" ]; then
		echo "$(wc -l <"$tmp/failed") failure(s)"
		exit 1
	fi
	echo "all probes contained"
	exit 0
fi

# The self-test: unconfined, each probe must get out (a fresh listener).
start_listener l2
echo "$rows" | while read -r mode confined native rest; do
	[ -z "$only" ] || case " $only " in *" $mode "*) ;; *) continue ;; esac
	[ "$native" = - ] && { echo "--   $mode: not expected to escape unconfined $rest"; continue; }
	got=$(outcome native "$mode")
	if [ "$got" = escaped ]; then
		echo "ok   $mode (unconfined): escaped"
	elif [ "$native" = "escaped?" ]; then
		echo "note $mode (unconfined): $got: this machine does not let it escape $rest"
	else
		echo "FAIL $mode (unconfined): $got: the probe proves nothing"
		echo fail >>"$tmp/failed"
	fi
done
if [ -s "$tmp/failed" ]; then
	echo "$(wc -l <"$tmp/failed") failure(s)"
	exit 1
fi
echo "all probes contained; unconfined, they escape"
exit 0
