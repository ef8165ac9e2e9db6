# SPDX-License-Identifier: BSD-3-Clause
# A host socket the sandboxed program inherits is cut off: a UDP socket on
# fd 3 aimed at a loopback listener this test starts, and one end of an
# AF_UNIX pair on fd 4 whose other end this test reads. Neither sees
# anything. Exits 0, 1 on failure, 77 when seccomp is unavailable.
#   python3 net-inherited.py TAMAGO_RUN NET_INHERITED
import os
import socket
import subprocess
import sys

run, prog = sys.argv[1], sys.argv[2]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
pair = socket.socketpair()
os.dup2(udp.fileno(), 3)
os.dup2(pair[0].fileno(), 4)
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener.bind(("127.0.0.1", 0))
listener.setblocking(False)
pair[1].setblocking(False)
port = listener.getsockname()[1]
p = subprocess.run([run, prog, str(port)], pass_fds=(3, 4),
                   capture_output=True, text=True)
print("status", p.returncode)
print("--- stdout\n" + p.stdout + "--- stderr\n" + p.stderr)
if p.returncode == 125 and "tamago: seccomp filter:" in p.stderr:
    print("skip: no seccomp here")
    sys.exit(77)
fail = p.returncode != 0 or "net-inherited: ok" not in p.stdout
for name, s in (("host listener", listener), ("AF_UNIX peer", pair[1])):
    try:
        print("FAIL: the %s received %r" % (name, s.recv(64)))
        fail = True
    except BlockingIOError:
        print("the %s received nothing" % name)
sys.exit(1 if fail else 0)
