#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The program's environment: a minimal one by default (nothing of the
# host's but PATH, HOME, TERM, LANG, LC_*, TZ and the like, and the
# shim's TAMAGO_* settings), --env NAME passes one host variable, --env
# NAME=VALUE sets one, --keep-env passes all.
#   env.sh EXPECT TAMAGO_RUN
set -u
expect=$1 run=$2
fail=0
check() {
	echo "== $1"; shift
	sh "$expect" "$@" || fail=1
}
envp=$(command -v env) || { echo "skip: no env program"; exit 77; }
set -- env SECRET_TOKEN=s3cret CI_JOB_TOKEN=t0k LANG=C.UTF-8 \
	LC_TIME=C TZ=Europe/Berlin HOME=/home/u USER=u TERM=dumb \
	TAMAGO_RECORD_SEED=7

check "minimal by default" --stdout '^LANG=C\.UTF-8$' \
	--stdout '^LC_TIME=C$' --stdout '^TZ=Europe/Berlin$' \
	--stdout '^HOME=/home/u$' --stdout '^USER=u$' --stdout '^TERM=dumb$' \
	--stdout '^PATH=' --stdout '^TAMAGO_RECORD_SEED=7$' \
	--no-stdout 'SECRET_TOKEN|CI_JOB_TOKEN|s3cret|t0k' -- \
	"$@" "$run" "$envp"
check "--env NAME" --stdout '^SECRET_TOKEN=s3cret$' \
	--no-stdout 'CI_JOB_TOKEN' -- "$@" "$run" --env SECRET_TOKEN "$envp"
check "--env=NAME=VALUE" --stdout '^FOO=a=b c$' --stdout '^LANG=C$' -- \
	"$@" "$run" --env 'FOO=a=b c' --env=LANG=C "$envp"
check "--env NAME, not set" --no-stdout '^UNSET_HERE' -- \
	"$@" "$run" --env UNSET_HERE "$envp"
check "--keep-env" --stdout '^SECRET_TOKEN=s3cret$' \
	--stdout '^CI_JOB_TOKEN=t0k$' -- "$@" "$run" --keep-env "$envp"
check "--env, bad" --status 125 --no-stdout . \
	--stderr '^tamago: --env==x: expected NAME or NAME=VALUE$' -- \
	"$@" "$run" --env =x "$envp"
exit $fail
