# A POSIX shell script whose commands come from the tree (PATH=/bin: a
# directory of busybox applets): pipes, subshells, redirections, command
# substitution, background jobs, find | xargs, here-documents, scripts
# run by their #! line. Run by busybox sh and by bash alike.
PATH=/bin
export PATH
cd /tmp/work || exit 1

echo "== pipes"
printf '%s\n' pear apple fig banana | sort | tr a-z A-Z | head -n 3
seq 1 1000 | grep 7 | wc -l
cat /tmp/data/words | sort -r | uniq | sed -n '1p;$p'

echo "== command substitution"
n=$(ls /tmp/data | wc -l)
echo "entries: $n"
x=$(echo outer $(echo inner $(echo innermost)))
echo "$x"
echo "arith: $(( $(seq 1 10 | wc -l) * 3 ))"

echo "== redirections"
echo first > out.txt
echo second >> out.txt
cat out.txt
ls /nonexistent > err.txt 2>&1
echo "ls status: $?"
sed 's/:.*//' err.txt
{ echo block; echo lines; } > block.txt; wc -l < block.txt
exec 3> fd3.txt
echo "via fd 3" >&3
exec 3>&-
cat fd3.txt
cat < out.txt | tail -n 1
: > empty.txt; test -s empty.txt || echo "empty is empty"

echo "== subshells"
(cd /tmp && echo "subshell in $(pwd)")
echo "parent in $(pwd)"
(echo "written by a subshell" > sub.txt)
read line < sub.txt
echo "parent read: $line"
v=outer; (v=inner; echo "sub sees $v"); echo "parent keeps $v"
(exit 7); echo "subshell status $?"

echo "== background jobs"
(sleep 0.2; echo slow > slow.txt) &
p1=$!
(echo fast > fast.txt) &
p2=$!
wait "$p2"; echo "fast status $?"
wait "$p1"; echo "slow status $?"
cat fast.txt slow.txt
(exit 5) & wait $!; echo "background status $?"
for i in 1 2 3; do (echo "job $i" > "job$i.txt") & done
wait
cat job1.txt job2.txt job3.txt

echo "== find | xargs"
mkdir -p tree/a/b tree/c
for f in tree/a/one tree/a/b/two tree/c/three; do
	echo "$f" > "$f.txt"
done
find tree -name '*.txt' | sort | xargs cat
find tree -type f | sort | xargs wc -c
find tree -type d | sort | xargs -n 1 basename
find tree -name '*.txt' -exec grep -l two {} \;

echo "== here-documents"
cat <<END
in $(pwd), 6 * 7 = $((6 * 7)), \$escaped
END
cat <<'END'
quoted: $HOME $(not run) `nor this`
END
sort <<END | head -n 1
zulu
alpha
mike
END
while read a b; do echo "$b-$a"; done <<END
1 one
2 two
END

echo "== cmd > f; cat f"
sha256sum /tmp/data/a.txt > sum.txt; cat sum.txt
tar -cf t.tar tree && tar -tf t.tar | sort > list.txt; cat list.txt
rm -rf tree; test -d tree || echo "tree removed"

echo "== scripts and shells inside"
cat > hello.sh <<'END'
#!/bin/sh
echo "hello from $0 with $# args: $*"
exit 3
END
chmod +x hello.sh
./hello.sh a b; echo "script status $?"
sh -c 'echo "sh -c sees $1"; exit 4' x arg; echo "sh -c status $?"
echo 'echo sourced $1' > lib.sh; . ./lib.sh; echo after source
nosuchcommand 2>/dev/null; echo "missing command status $?"
/tmp/data/a.txt 2>/dev/null; echo "not executable status $?"
echo done
