# SPDX-License-Identifier: BSD-3-Clause
# A host internet socket the sandboxed program inherits is cut off even
# when TAMAGO_KEEP_FDS keeps it: a UDP socket on fd 3, aimed by the program
# at a loopback listener this test starts, which must see nothing. A kept
# AF_UNIX socket (fd 4) is the user's channel and works; an inherited
# socket not kept (fd 5) is closed. Exits 0, 1 on failure, 77 when seccomp
# is unavailable.
#   python3 net-inherited.py TAMAGO_RUN NET_INHERITED
import os
import socket
import subprocess
import sys

run, prog = sys.argv[1], sys.argv[2]
# Hold fds 3 to 5 so that no socket of this test lands there.
for fd in (3, 4, 5):
    os.dup2(2, fd)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
pair = socket.socketpair()
udp2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for fd, s in zip((3, 4, 5), (udp, pair[0], udp2)):
    os.dup2(s.fileno(), fd)
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener.bind(("127.0.0.1", 0))
listener.setblocking(False)
pair[1].setblocking(False)
port = listener.getsockname()[1]
env = dict(os.environ, TAMAGO_KEEP_FDS="3,4")
p = subprocess.run([run, prog, str(port)], pass_fds=(3, 4, 5), env=env,
                   capture_output=True, text=True)
print("status", p.returncode)
print("--- stdout\n" + p.stdout + "--- stderr\n" + p.stderr)
fail = p.returncode != 0 or "net-inherited: ok" not in p.stdout
try:
    print("FAIL: the host listener received %r" % (listener.recv(64),))
    fail = True
except BlockingIOError:
    print("the host listener received nothing")
try:
    got = pair[1].recv(64)
except BlockingIOError:
    got = b""
print("the kept AF_UNIX peer received %r" % (got,))
fail = fail or got != b"kept"
sys.exit(1 if fail else 0)
