# SPDX-License-Identifier: BSD-3-Clause
# tamago-run on a terminal (a pty this test makes, standing for the
# user's): the program gets a pty of its own, with the terminal's size,
# and the new size at each SIGWINCH; its own TIOCSWINSZ changes its pty,
# never the host's terminal (whose foreground group would get SIGWINCH);
# typed input reaches it, ^C ends it with SIGINT, and the terminal's modes
# come back afterwards. Natively the same program does change the host's
# terminal: the probe proves something.
#   python3 terminal.py TAMAGO_RUN TREE
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

run, tree = sys.argv[1], sys.argv[2]
fails = []


def setsize(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def getsize(fd):
    rows, cols, _, _ = struct.unpack(
        "HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return rows, cols


class Session:
    def __init__(self, cmd):
        self.master, slave = pty.openpty()
        setsize(slave, 24, 80)
        self.outer = os.ttyname(slave)
        self.modes = termios.tcgetattr(slave)
        self.p = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.buf = b""

    def more(self, what, end):
        """Reads what the program wrote next, until end (a time)."""
        left = end - time.time()
        if left <= 0 or not select.select([self.master], [], [], left)[0]:
            raise TimeoutError("no %r in %r" % (what, self.buf))
        try:
            data = os.read(self.master, 4096)
        except OSError:
            data = b""
        if not data:
            raise TimeoutError("the end before %r: %r" % (what, self.buf))
        self.buf += data

    def expect(self, what, timeout=10):
        end = time.time() + timeout
        while what.encode() not in self.buf:
            self.more(what, end)
        return self.buf

    def line(self, prefix, timeout=10):
        """The first line starting with prefix, once it is whole (the
        terminal may hand it over in pieces)."""
        end = time.time() + timeout
        self.expect(prefix, timeout)
        while b"\n" not in self.buf[self.buf.index(prefix.encode()):]:
            self.more(prefix + "...\n", end)
        rest = self.buf[self.buf.index(prefix.encode()):]
        return rest.split(b"\n")[0].rstrip(b"\r").decode()

    def end(self, timeout=10):
        try:
            return self.p.wait(timeout)
        finally:
            self.modes_after = termios.tcgetattr(self.master)
            os.close(self.master)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def tty_session(cmd, confined):
    s = Session(cmd)
    try:
        check(s.line("tty:") == "tty: tty tty tty", "stdio is a terminal")
        name = s.line("name:")
        if confined:
            check(name != "name: " + s.outer,
                  "a pty of its own (%s, the host's %s)" % (name, s.outer))
        check(s.line("size:") == "size: 24 80", "the terminal's size")
        s.buf = s.buf[s.buf.index(b"size:") + 5:]
        # The user resizes the window: the kernel sends the host's
        # foreground group (tamago-run) SIGWINCH.
        setsize(s.master, 40, 100)
        check(s.line("size:") == "size: 40 100", "the new size passed on")
        s.expect("set")
        time.sleep(0.2)
        outer = getsize(s.master)
        os.write(s.master, b"hello\r")
        check(s.line("read:") == "read: hello", "typed input arrives")
        status = s.end()
        check(status == 0, "status %s" % status)
    except TimeoutError as e:
        s.p.kill()
        s.end()
        check(False, str(e))
        return None
    return outer


outer = tty_session([run, tree, "tty"], True)
check(outer == (40, 100),
      "the program's TIOCSWINSZ left the host's terminal alone (%s)"
      % (outer,))
native = tty_session([tree, "tty"], False)
check(native == (33, 77),
      "unconfined, the same call changes the host's terminal (%s)"
      % (native,))

# ^C on the terminal: SIGINT in the sandbox; the modes come back.
s = Session([run, tree, "wait"])
try:
    s.expect("waiting")
    os.write(s.master, b"\x03")
    status = s.end()
    check(status == -2, "^C ends the program with SIGINT (%s)" % status)
    check(s.modes_after == s.modes, "the terminal's modes are back")
except (TimeoutError, subprocess.TimeoutExpired) as e:
    s.p.kill()
    check(False, "^C: %s" % e)

sys.exit(1 if fails else 0)
