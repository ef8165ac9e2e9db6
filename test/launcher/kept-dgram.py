# SPDX-License-Identifier: BSD-3-Clause
# A kept AF_UNIX datagram socket works as the user's channel: what the
# program sends on it reaches the connected peer, and the peer's answer
# comes back (the supervisor relays both ways); an unconnected one is
# refused before the program starts.
#   python3 kept-dgram.py TAMAGO_RUN TREE
import os
import socket
import subprocess
import sys
import threading

run, tree = sys.argv[1], sys.argv[2]
os.dup2(2, 3)
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
os.dup2(theirs.fileno(), 3)
got = []


def answer():
    ours.settimeout(10)
    try:
        got.append(ours.recv(64))
        ours.send(b"pong")
    except OSError as e:
        got.append(repr(e).encode())


t = threading.Thread(target=answer)
t.start()
env = dict(os.environ, TAMAGO_KEEP_FDS="3")
p = subprocess.run([run, tree, "dgram"], pass_fds=(3,), env=env,
                   stdin=subprocess.DEVNULL, capture_output=True, text=True)
t.join()
print("status", p.returncode, "--- stdout\n" + p.stdout +
      "--- stderr\n" + p.stderr)
print("the peer got %r" % got)
fail = p.returncode != 0 or "dgram: got pong" not in p.stdout or \
    got != [b"ping"]

lone = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
os.dup2(lone.fileno(), 3)
p = subprocess.run([run, tree, "dgram"], pass_fds=(3,), env=env,
                   stdin=subprocess.DEVNULL, capture_output=True, text=True)
print("unconnected: status", p.returncode, p.stderr.strip())
fail = fail or p.returncode != 125 or \
    "unconnected AF_UNIX datagram socket" not in p.stderr
sys.exit(1 if fail else 0)
