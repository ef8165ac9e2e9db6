#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The escape suite: runs every mode of expected.txt under tamago-run and
# checks the outcome, then (self-test) runs it unconfined to show that it
# does escape where the machine allows. Nothing leaves the machine: the
# network probes aim at a loopback listener started here, and what runs
# unconfined changes only the scratch directory made here and processes
# started here (a sleeping victim).
#   run.sh TAMAGO_RUN PROBE PROBE_STATIC EARLY LISTENER EXPECTED [MODE...]
# The early programs' other parts come from the environment:
#   ESCAPE_RUNPATH_PROG (DT_RUNPATH "/"), ESCAPE_PATCH (patch-interp);
#   the early program's library is beside it.
# A variant run (other settings in the environment, e.g. a size limit or
# a hooks library) may pass tamago-run options, name outcomes it also
# accepts, and skip the self-test, which does not depend on the settings:
#   ESCAPE_RUN_OPTS="--raw=emulate"  ESCAPE_ALSO="mode=outcome ..."
#   ESCAPE_TRAPS_EMULATED=1 (a "killed" row also accepts "contained")
#   ESCAPE_SKIP="mode ..." (with a reason printed; confined and in the
#   self-test)  ESCAPE_NO_SELFTEST=1
#   ESCAPE_VIA_SH=1 (each plain probe started by sh -c in the sandbox)
#   ESCAPE_FAIL_FAST=1 (stop at the first failing probe)
set -u
run=$1 probe=$2 probe_static=$3 early=$4 listener=$5 table=$6
shift 6
only="$*"
# The probes read their settings from the environment (ESCAPE_*,
# EARLY_MODE): the whole of it goes in.
opts="--keep-env ${ESCAPE_RUN_OPTS:-}"
early_lib=$(dirname "$early")/lib${early##*/}.so
tmp=$(mktemp -d) || exit 2
ESCAPE_TMP=$tmp/mnt
ESCAPE_UNIX=$tmp/sock
ESCAPE_SHM=$(printf '0x7a6d%04x' $(($$ % 65536)))
ESCAPE_DGRAM_VICTIM=$tmp/dvictim
export ESCAPE_TMP ESCAPE_UNIX ESCAPE_SHM ESCAPE_DGRAM_VICTIM
mkdir "$ESCAPE_TMP"
victims=
cleanup() {
	exec 3>&- 4>&- 5>&- 6>&-
	for v in $victims; do kill "$v" 2>/dev/null; done
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
mkfifo "$tmp/unix.ctl" "$tmp/dpeer.ctl" "$tmp/dvictim.ctl"
"$probe" unix-listen <"$tmp/unix.ctl" >"$tmp/unix.out" &
exec 4>"$tmp/unix.ctl"
# Datagram sockets: the peer a kept socket is connected to, and one that
# nobody named.
# (Each helper started here closes the others' control fds, so that
# closing one ends its reader.)
"$probe" dgram-listen "$tmp/dpeer" <"$tmp/dpeer.ctl" >"$tmp/dpeer.out" 4>&- &
exec 5>"$tmp/dpeer.ctl"
"$probe" dgram-listen "$ESCAPE_DGRAM_VICTIM" <"$tmp/dvictim.ctl" \
	>"$tmp/dvictim.out" 4>&- 5>&- &
exec 6>"$tmp/dvictim.ctl"
start_listener l1
# Host processes of ours to aim at: a sleep, and one under a uid of its
# own (root only) for the calls that reach every process of a uid.
sleep 600 3>&- 4>&- 5>&- 6>&- &
ESCAPE_VICTIM=$!
victims=$ESCAPE_VICTIM
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=54321 --regid=54321 --clear-groups sleep 600 \
		3>&- 4>&- 5>&- 6>&- &
	victims="$victims $!"
	ESCAPE_VICTIM_UID=54321
	export ESCAPE_VICTIM_UID
fi
export ESCAPE_VICTIM
# Scratch objects for the early code's metadata reads and writes: its
# program and library copied here, a file with an xattr, a symlink, and
# (root) a device node like /dev/null.
cp "$early" "$tmp/early" && cp "$early_lib" "$tmp/" || exit 2
"$probe" xattr-setup "$ESCAPE_TMP/secret" 2>/dev/null ||
	echo "note: no user xattrs in the scratch directory"
ln -s host-secret-target "$ESCAPE_TMP/link"
if [ -n "${ESCAPE_PATCH:-}" ]; then
	"$ESCAPE_PATCH" "$early" "$tmp/early-interp2" &&
		chmod +x "$tmp/early-interp2" || exit 2
fi
if [ "$(id -u)" = 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
	ESCAPE_NULL=$tmp/null
	export ESCAPE_NULL
fi
# ESCAPE_VIA_SH: an image whose /bin/sh is the host's (dash, which needs
# what the probe needs: the same libc).
if [ -n "${ESCAPE_VIA_SH:-}" ]; then
	command -v bsdtar >/dev/null || { echo "skip: bsdtar missing"; exit 77; }
	mkdir -p "$tmp/shroot/bin" && cp "$(realpath /bin/sh)" "$tmp/shroot/bin/sh" &&
		(cd "$tmp/shroot" && bsdtar --format newc -cf "$tmp/sh.cpio" .) ||
		exit 2
fi
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$tmp/dpeer.out" ] && [ -s "$tmp/dvictim.out" ] && break
	sleep 0.05
done

victim_count() {
	grep -c '^got' "$tmp/dvictim.out"
}

# One mode, confined or not: prints its outcome.
outcome() { # confined|native mode
	out=$tmp/out.$2
	if [ "$1" = confined ]; then
		r="$run $opts"
	else
		r=
	fi
	before=$(victim_count)
	stamp=$(stat -c %z "$tmp/early")
	case $2 in
	early-preinit|early-ifunc|early-libctor|early-thread|early-tiocsti)
		if [ "$1" = confined ]; then
			timeout -k 5 20 $r --lib="$early_lib" "$early" >"$out" 2>"$out.err"
		else
			timeout -k 5 20 "$early" >"$out" 2>"$out.err"
		fi ;;
	early-runpath)
		timeout -k 5 20 $r "$ESCAPE_RUNPATH_PROG" >"$out" 2>"$out.err" ;;
	early-interp2)
		if [ "$1" = confined ]; then r="$r --lib=$early_lib"; fi
		EARLY_MODE=interp2 timeout -k 5 20 $r "$tmp/early-interp2" \
			>"$out" 2>"$out.err" ;;
	early-*)
		# The scratch copy: what it changes of itself is scratch.
		if [ "$1" = confined ]; then r="$r --lib=$tmp/lib${early##*/}.so"; fi
		EARLY_MODE=${2#early-} timeout -k 5 20 $r "$tmp/early" \
			>"$out" 2>"$out.err" ;;
	static-binary)
		timeout -k 5 20 $r "$probe_static" raw-openat >"$out" 2>"$out.err"
		st=$?
		sed -i 's/^raw-openat:/static-binary:/' "$out"
		(exit $st) ;;
	stdio-socket)
		timeout -k 5 20 "$probe" exec-with-udp-stdin $r "$probe" "$2" \
			>"$out" 2>"$out.err" ;;
	procfd-stdout)
		# Another host writer shares the pipe behind stdout. Its
		# reader waits for the probe to end (at most 20 s), so that
		# the line is still there however slowly the probe starts
		# (the kernel runs emulate the machine).
		rm -f "$tmp/procfd.done"
		{ echo host-secret; timeout -k 5 20 $r "$probe" "$2" </dev/null
		  : >"$tmp/procfd.done"; } 2>"$out.err" |
			{ i=0; while [ ! -e "$tmp/procfd.done" ] && [ $i -lt 400 ]; do
				sleep 0.05; i=$((i + 1)); done; cat; } >"$out" ;;
	kept-dgram)
		TAMAGO_KEEP_FDS=5 timeout -k 5 20 "$probe" exec-with-dgram \
			"$tmp/dpeer" $r "$probe" "$2" >"$out" 2>"$out.err" ;;
	kept-dgram-unconnected)
		TAMAGO_KEEP_FDS=5 timeout -k 5 20 "$probe" exec-with-dgram - \
			$r "$probe" kept-dgram >"$out" 2>"$out.err" ;;
	export-fallocate|orphan)
		if [ "$1" = confined ]; then
			timeout -k 5 20 $r --export="$tmp/$2.cpio" "$probe" "$2" \
				</dev/null >"$out" 2>"$out.err"
		else
			timeout -k 5 20 "$probe" "$2" </dev/null >"$out" \
				2>"$out.err" 7>"$tmp/$2.native"
		fi ;;
	*)
		# ESCAPE_VIA_SH: started by a shell inside the sandbox.
		via=
		if [ "$1" = confined ] && [ -n "${ESCAPE_VIA_SH:-}" ]; then
			r="$r --fs=$tmp/sh.cpio"
			via=via-sh
		fi
		timeout -k 5 20 $r "$probe" $via "$2" </dev/null >"$out" \
			2>"$out.err" 3</etc/passwd 4</etc ;;
	esac
	st=$?
	case $2 in
	kept-dgram*)
		# Where the datagram went is the host's to tell.
		sleep 0.2
		if [ "$(victim_count)" != "$before" ]; then
			echo "$2: escaped a host socket nobody named got it" >>"$out"
		fi ;;
	orphan)
		# The tree must have ended with the program: nothing written
		# afterwards, the export as it was when tamago-run returned.
		sum=$(cksum <"$tmp/orphan.cpio" 2>/dev/null)
		sleep 1.5
		[ "$(cksum <"$tmp/orphan.cpio" 2>/dev/null)" = "$sum" ] ||
			echo "orphan: escaped rewrote the export" >>"$out" ;;
	esac
	line=$(grep -m 1 "^$2: escaped" "$out")
	[ -n "$line" ] || line=$(grep -m 1 "^$2: " "$out")
	case $2 in
	early-fchmod|early-fsetxattr|early-utimes|early-setxattrat|\
	early-removexattrat|early-file-setattr)
		# The program changed its own file: the sandbox's copy, unless
		# the host's scratch copy changed too (its ctime tells).
		if [ "$1" = confined ] &&
		   [ "$(stat -c %z "$tmp/early")" = "$stamp" ]; then
			case $line in
			"$2: escaped"*) line="$2: contained (the sandbox's copy)" ;;
			esac
		fi ;;
	esac
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
		if [ "$want" = killed ] && [ -n "${ESCAPE_TRAPS_EMULATED:-}" ]; then
			case $1 in errno:*|contained) return 0 ;; esac
		fi
	done
	IFS=$old_ifs
	return 1
}

skipped() { # mode
	case " ${ESCAPE_SKIP:-} " in *" $1 "*) return 0 ;; esac
	return 1
}

rows=$(grep -v '^#' "$table" | grep -v '^[[:space:]]*$')
echo "$rows" | while read -r mode confined native rest; do
	[ -z "$only" ] || case " $only " in *" $mode "*) ;; *) continue ;; esac
	if skipped "$mode"; then
		echo "--   $mode: skipped in this variant (${ESCAPE_SKIP_WHY:-})"
		continue
	fi
	for also in ${ESCAPE_ALSO:-}; do
		[ "${also%%=*}" = "$mode" ] && confined="$confined|${also#*=}"
	done
	got=$(outcome confined "$mode" </dev/null)
	if [ "$got" = escaped ] || ! matches "$got" "$confined"; then
		echo "FAIL $mode: confined gave $got, expected $confined"
		sed 's/^/    /' "$tmp/out.$mode" "$tmp/out.$mode.err" | head -5
		echo fail >>"$tmp/failed"
		# (the oversized-filter check needs only to see it fail)
		[ -z "${ESCAPE_FAIL_FAST:-}" ] || break
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
if [ "$(victim_count)" != 0 ]; then
	echo "FAIL: the unnamed host datagram socket got $(victim_count) from confined probes"
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
	if skipped "$mode"; then
		echo "--   $mode (unconfined): skipped in this variant (${ESCAPE_SKIP_WHY:-})"
		continue
	fi
	got=$(outcome native "$mode" </dev/null)
	if [ "$got" = escaped ]; then
		echo "ok   $mode (unconfined): escaped"
	elif [ "$native" = "escaped?" ]; then
		echo "note $mode (unconfined): $got: this machine does not let it escape $rest"
	else
		echo "FAIL $mode (unconfined): $got: the probe proves nothing"
		sed 's/^/    /' "$tmp/out.$mode" "$tmp/out.$mode.err" | head -5
		echo fail >>"$tmp/failed"
	fi
done
if [ -s "$tmp/failed" ]; then
	echo "$(wc -l <"$tmp/failed") failure(s)"
	exit 1
fi
echo "all probes contained; unconfined, they escape"
exit 0
