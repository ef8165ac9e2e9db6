# A python process tree inside the sandbox: subprocess runs programs of
# the tree (busybox applets in /bin), multiprocessing's workers (forked)
# write files the parent reads, and its locks live in /dev/shm.
import concurrent.futures
import multiprocessing
import os
import pathlib
import subprocess
import sys

out = pathlib.Path("/tmp/work/out")
out.mkdir()
env = {"PATH": "/bin"}

# subprocess: output, status, input, a pipeline, a missing program.
r = subprocess.run(["/bin/sh", "-c", "echo from sh; ls /tmp/data | sort"],
                   capture_output=True, text=True, env=env)
print("sh:", r.returncode, r.stdout.split())
r = subprocess.run(["tr", "a-z", "A-Z"], input="upper me\n",
                   capture_output=True, text=True, env=env)
print("tr:", r.stdout.strip())
r = subprocess.run(["sh", "-c", "exit 7"], env=env)
print("status:", r.returncode)
sort = subprocess.Popen(["sort", "-r"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, env=env)
cat = subprocess.Popen(["cat", "/tmp/data/words"], stdout=sort.stdin,
                       env=env)
sort.stdin.close()
print("pipeline:", sort.stdout.read().decode().split(), cat.wait(),
      sort.wait())
try:
    subprocess.run(["/bin/no-such-program"])
except FileNotFoundError as e:
    print("missing:", e.errno == 2)
r = subprocess.run(["sh", "-c", "echo child wrote > /tmp/work/out/sh.txt"],
                   env=env)
print("file from sh:", (out / "sh.txt").read_text().strip())


def square(n):
    (out / ("sq%d.txt" % n)).write_text("%d squared is %d\n" % (n, n * n))
    return n * n


def report(q, name):
    q.put("%s from a process" % name)


if __name__ == "__main__":
    with multiprocessing.Pool(3) as pool:
        print("pool:", pool.map(square, range(8)))
    print("files:", "".join((out / ("sq%d.txt" % n)).read_text()
                            for n in range(8)).count("squared"))
    print((out / "sq7.txt").read_text(), end="")

    q = multiprocessing.Queue()
    ps = [multiprocessing.Process(target=report, args=(q, "p%d" % i))
          for i in range(3)]
    for p in ps:
        p.start()
    got = sorted(q.get() for _ in ps)
    for p in ps:
        p.join()
    print("queue:", got, [p.exitcode for p in ps])

    lock = multiprocessing.Lock()
    counter = multiprocessing.Value("i", 0)

    def bump(n):
        for _ in range(n):
            with lock:
                counter.value += 1

    ws = [multiprocessing.Process(target=bump, args=(200,)) for _ in range(4)]
    for w in ws:
        w.start()
    for w in ws:
        w.join()
    print("shared counter:", counter.value)

    with concurrent.futures.ProcessPoolExecutor(2) as ex:
        print("executor:", list(ex.map(square, [9, 10])))

    pid = os.fork()
    if pid == 0:
        (out / "forked.txt").write_text("written after fork\n")
        os._exit(3)
    _, status = os.waitpid(pid, 0)
    print("fork:", os.waitstatus_to_exitcode(status),
          (out / "forked.txt").read_text().strip())
    print("listing:", sorted(os.listdir(out)))
    sys.stdout.flush()
