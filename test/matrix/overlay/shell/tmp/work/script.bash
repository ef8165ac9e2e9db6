# A bash script: what bash adds to a POSIX shell, with commands from the
# tree (PATH=/bin: busybox applets): arrays, [[ ]], process substitution
# (/dev/fd/N), here-strings, coproc, wait -n, /dev/stdout and friends.
PATH=/bin
cd /tmp/work || exit 1
set -o pipefail

echo "== arrays"
fruit=(pear apple fig)
fruit+=(banana)
echo "${#fruit[@]} ${fruit[1]} ${fruit[*]:2}"
declare -A age=([ann]=31 [bob]=27)
for k in $(printf '%s\n' "${!age[@]}" | sort); do echo "$k=${age[$k]}"; done
mapfile -t lines < /tmp/data/words
echo "mapfile: ${#lines[@]} lines, first ${lines[0]}"
read -r -a parts <<< "a b  c"
echo "parts: ${#parts[@]} ${parts[2]}"

echo "== tests and expansions"
v=tamago-1.2
if [[ $v =~ ^([a-z]+)-([0-9.]+)$ ]]; then
	echo "name ${BASH_REMATCH[1]} version ${BASH_REMATCH[2]}"
fi
[[ -d /tmp/data && ! -e /etc/shadow ]] && echo "data yes, shadow no"
echo {1..5} {a,b}{x,y}
printf -v padded '%05d' 42; echo "$padded"
s="Hello World"; echo "${s,,} ${s^^} ${s/World/There} ${#s}"
f() { local x=$1; echo "in f: $x $#"; return 3; }
f one two; echo "f status $?"

echo "== process substitution"
cat <(echo from-procsub)
diff <(printf '1\n2\n3\n') <(printf '1\n3\n'); echo "diff status $?"
while read -r n; do sum=$((sum + n)); done < <(seq 1 100)
echo "sum $sum"
exec {w}> >(tr a-z A-Z > upper.txt)
writer=$!
echo "through an fd of >(...)" >&$w
exec {w}>&-
wait "$writer"; echo "writer status $?"
cat upper.txt
paste <(seq 1 3) <(seq 4 6)

echo "== /dev/stdin, /dev/stdout, /dev/fd"
cat /dev/stdin <<< "here-string via /dev/stdin"
echo "to /dev/stdout" > /dev/stdout
echo "to /dev/stderr" > /dev/stderr
exec {fd}> fd.txt
echo "auto fd" >&$fd
exec {fd}>&-
cat fd.txt
cat /dev/fd/3 3< fd.txt

echo "== pipelines"
false | true; echo "pipefail status $?"
true | false | true; echo "PIPESTATUS ${PIPESTATUS[*]}"
seq 1 5 | { sum=0; while read n; do sum=$((sum + n)); done; echo "sum in group $sum"; }
echo "$(< /tmp/data/a.txt)" | wc -c

echo "== jobs"
(sleep 0.3; exit 4) &
(exit 2) &
wait -n; echo "first done: $?"
wait; echo "all done"
coproc UPPER { tr a-z A-Z; }
upper=$UPPER_PID
echo "coproc input" >&"${UPPER[1]}"
exec {UPPER[1]}>&-
read -r up <&"${UPPER[0]}"
echo "$up"
wait "$upper"; echo "coproc status $?"
(trap 'echo "exit trap ran"' EXIT; echo "in trapped subshell")

echo "== globs"
mkdir -p g/a/b
touch g/a/one.txt g/a/b/two.txt g/three.txt
shopt -s globstar nullglob
echo g/**/*.txt
echo nomatch*
echo done
