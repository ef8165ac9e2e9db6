#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The benchmark: every metric, natively, under the shim and under the peers
a user would pick instead (proot: ptrace; fakechroot: LD_PRELOAD; bubblewrap:
namespaces), in interleaved rounds, so that a noisy machine slows every
runner alike. Prints a table of medians with each runner's ratio to native
(measured in the same run), and writes it as Markdown (bench.md) and a chart
(bench.svg) with the machine and the command.

    bench.py --tamago-run PATH --shim PATH --ops PATH
             [--rounds N] [--out DIR] [--no-install]

It installs proot and fakechroot from Debian with apt-get when they are
missing (bubblewrap is a test dependency already); a peer that cannot be
installed or cannot run here is reported as such. Everything it writes
natively lives in one scratch directory under /dev/shm, removed at the end;
nothing goes to the network but apt-get's own.
"""
import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNNERS = ['native', 'tamago', 'proot', 'fakechroot', 'bwrap']
LABELS = {'native': 'native', 'tamago': 'tamago', 'proot': 'proot',
          'fakechroot': 'fakechroot', 'bwrap': 'bubblewrap'}
MODULES = ('json, csv, re, datetime, decimal, argparse, pathlib, hashlib, '
           'logging, email.message, urllib.parse, tempfile')
SQL_ROWS, SQL_TXNS = 20000, 200
IMAGE_MB = 100
INODES = 10000
OP_MS = 100


class Skip(Exception):
    """A runner that cannot do this job: the cell says why."""


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# The kernel objects a file costs: its inode, its dentry, and (held open,
# as the shim holds a memfd per file) its struct file.
SLABS = ('shmem_inode_cache', 'dentry', 'filp')


def kernel_bytes():
    """Bytes in the slab caches of SLABS (root reads /proc/slabinfo)."""
    total = 0
    with open('/proc/slabinfo') as f:
        for line in f:
            w = line.split()
            if w and w[0] in SLABS:
                total += int(w[1]) * int(w[3])
    return total


def tree_anon(pid):
    """Anonymous resident bytes of pid and every process below it (the
    shim's arena; proot's and bubblewrap's own processes)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f'/proc/{p}/status') as f:
                for line in f:
                    if line.startswith('RssAnon:'):
                        total += int(line.split()[1]) * 1024
            for t in os.listdir(f'/proc/{p}/task'):
                with open(f'/proc/{p}/task/{t}/children') as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return total


class Bench:
    def __init__(self, a):
        self.a = a
        self.scratch = tempfile.mkdtemp(prefix='tamago-bench.',
                                        dir='/dev/shm')
        self.results = {}       # (metric, runner) -> [values]
        self.notes = {}         # (metric, runner) -> why not measured
        self.available = {}     # runner -> None or why not

    # --- set-up -------------------------------------------------------
    def install_peers(self):
        missing = [p for p in ('proot', 'fakechroot', 'bwrap')
                   if not shutil.which(p)]
        pkgs = {'proot': 'proot', 'fakechroot': 'fakechroot',
                'bwrap': 'bubblewrap'}
        if missing and not self.a.no_install and os.geteuid() == 0:
            names = [pkgs[m] for m in missing]
            log('installing from Debian:', ' '.join(names))
            env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
            r = subprocess.run(['apt-get', 'install', '-y',
                                '--no-install-recommends'] + names,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env=env)
            if r.returncode != 0:
                log('apt-get install failed:', r.stderr.strip()[-300:])
        for runner in RUNNERS:
            self.available[runner] = None
        for p in ('proot', 'fakechroot', 'bwrap'):
            if not shutil.which(p):
                self.available[p] = 'not installed'

    def prepare(self):
        s = self.scratch
        self.tmp = {'native': f'{s}/native', 'proot': f'{s}/proot-tmp',
                    'fakechroot': f'{s}/root/tmp'}
        for d in self.tmp.values():
            os.makedirs(d)
            os.chmod(d, 0o1777)
        # fakechroot's root: the host's /usr through absolute symlinks
        # (the kernel follows them to the host), a /tmp of its own.
        root = f'{s}/root'
        for link, to in (('usr', '/usr'), ('bin', 'usr/bin'),
                         ('sbin', 'usr/sbin'), ('lib', 'usr/lib'),
                         ('lib64', 'usr/lib64'), ('etc', '/etc'),
                         ('dev', '/dev'), ('proc', '/proc')):
            os.symlink(to, f'{root}/{link}')
        # One copy of ops that every runner reaches: the build tree may
        # lie under /tmp, which each sandbox replaces with its own.
        self.ops = f'{root}/bench-ops'
        shutil.copy(self.a.ops, self.ops)
        self.sql = f'{s}/insert.sql'
        with open(self.sql, 'w') as f:
            f.write('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n')
            per = SQL_ROWS // SQL_TXNS
            for t in range(SQL_TXNS):
                f.write('BEGIN;\n')
                for i in range(per):
                    f.write(f"INSERT INTO t(v) VALUES('row {t * per + i}');\n")
                f.write('COMMIT;\n')
            f.write('SELECT count(*) FROM t;\n')
        self.make_python_image()
        self.make_big_image()

    def make_python_image(self):
        """The stdlib and the libraries its extension modules load, at
        their own paths, as a cpio image (what the shim needs; the others
        read the host's)."""
        py = '/usr/bin/python3'
        out = subprocess.run(
            [py, '-I', '-c', f'import sys, sysconfig; import {MODULES}\n'
             'print(sysconfig.get_paths()["stdlib"])\n'
             'for m in list(sys.modules.values()):\n'
             '    f = getattr(m, "__file__", None) or ""\n'
             '    if f.endswith(".so"): print(f)'],
            check=True, capture_output=True, text=True).stdout.split()
        stdlib, sos = out[0], out[1:]
        libs = set()
        for so in sos:
            ldd = subprocess.run(['ldd', so], capture_output=True,
                                 text=True).stdout
            for line in ldd.splitlines():
                if '=> /' in line:
                    libs.add(line.split('=> ')[1].split()[0].lstrip('/'))
        with open(f'{self.scratch}/libs', 'w') as f:
            f.write('\n'.join(sorted(libs)) + '\n')
        rel = stdlib.lstrip('/')
        self.py_image = f'{self.scratch}/python.cpio'
        excl = []
        for e in ('test', 'idlelib', 'tkinter', 'turtledemo', 'ensurepip',
                  'lib2to3', 'site-packages', 'config-*'):
            excl += ['--exclude', f'{rel}/{e}']
        subprocess.run(['bsdtar', '--format', 'newc', '-L', '-cf',
                        self.py_image, '-C', '/', '-T',
                        f'{self.scratch}/libs'] + excl +
                       ['--exclude', '*.opt-1.pyc', '--exclude',
                        '*.opt-2.pyc', rel], check=True)
        self.py_argv = [py, '-I', '-c', f'import {MODULES}']

    def make_big_image(self):
        """IMAGE_MB of file contents: 1 MiB files, and 1,000 small ones."""
        tree = f'{self.scratch}/big'
        os.makedirs(f'{tree}/data/small')
        block = os.urandom(1 << 20)
        for i in range(IMAGE_MB):
            with open(f'{tree}/data/blob{i:03d}', 'wb') as f:
                f.write(block[i:] + block[:i])
        for i in range(1000):
            with open(f'{tree}/data/small/f{i:04d}', 'w') as f:
                f.write(f'file {i}\n')
        self.big_image = f'{self.scratch}/big.cpio'
        subprocess.run(['bsdtar', '--format', 'newc', '-cf', self.big_image,
                        '-C', tree, '.'], check=True)
        shutil.rmtree(tree)

    # --- running ------------------------------------------------------
    def tmp_of(self, runner):
        return self.tmp.get(runner, '/tmp')

    def command(self, runner, argv, raw=False, image=None):
        """argv under runner; '{tmp}' becomes the runner's scratch /tmp."""
        t = self.tmp_of(runner)
        argv = [x.replace('{tmp}', t) for x in argv]
        env = dict(os.environ)
        env.pop('LD_PRELOAD', None)
        if runner == 'native':
            return argv, env
        if runner == 'tamago':
            env['TAMAGO_SHIM'] = self.a.shim
            if image:
                env['TAMAGO_FS'] = image
            return ([self.a.tamago_run] +
                    (['--raw=emulate'] if raw else []) + ['--'] + argv, env)
        if runner == 'preload':
            env['LD_PRELOAD'] = self.a.shim
            return argv, env
        if runner == 'proot':
            return ['proot', '-b', f'{self.tmp["proot"]}:/tmp'] + argv, env
        if runner == 'fakechroot':
            argv = ['/bench-ops' if x == self.ops else x for x in argv]
            return (['fakechroot', 'chroot', f'{self.scratch}/root'] +
                    argv, env)
        if runner == 'bwrap':
            return (['bwrap', '--ro-bind', '/usr', '/usr',
                     '--symlink', 'usr/lib', '/lib',
                     '--symlink', 'usr/lib64', '/lib64',
                     '--symlink', 'usr/bin', '/bin',
                     '--symlink', 'usr/sbin', '/sbin',
                     '--ro-bind', '/etc/ld.so.cache', '/etc/ld.so.cache',
                     '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp',
                     '--ro-bind', self.ops, self.ops, '--unshare-all',
                     '--die-with-parent', '--'] + argv, env)
        raise ValueError(runner)

    def clean(self, runner):
        t = self.tmp.get(runner)
        if t:
            for name in os.listdir(t):
                p = os.path.join(t, name)
                if os.path.isdir(p) and not os.path.islink(p):
                    shutil.rmtree(p)
                else:
                    os.unlink(p)

    def run(self, runner, argv, stdin=None, raw=False, image=None,
            check=True):
        """Runs argv under runner; returns (seconds, stdout)."""
        cmd, env = self.command(runner, argv, raw, image)
        self.clean(runner)
        inp = open(stdin, 'rb') if stdin else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            r = subprocess.run(cmd, stdin=inp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
            t = time.perf_counter() - t0
        finally:
            if stdin:
                inp.close()
        if check and r.returncode != 0:
            raise Skip(f'exit {r.returncode}: ' +
                       r.stderr.decode(errors='replace').strip()
                       .splitlines()[-1][:120] if r.stderr.strip() else
                       f'exit {r.returncode}')
        return t, r.stdout.decode(errors='replace')

    def record(self, metric, runner, value):
        self.results.setdefault((metric, runner), []).append(value)

    def attempt(self, metric, runner, fn):
        if (metric, runner) in self.notes:
            return
        why = self.available.get(runner)
        if why:
            self.notes[(metric, runner)] = why
            return
        try:
            fn()
        except Skip as e:
            self.notes[(metric, runner)] = str(e)
            self.results.pop((metric, runner), None)

    # --- the metrics --------------------------------------------------
    def m_startup(self, runner):
        reps = 10
        t = sum(self.run(runner, ['/bin/true'])[0] for _ in range(reps))
        self.record('start', runner, t / reps)
        if runner == 'native':
            self.record('start-preload', 'native', t / reps)
        elif runner == 'tamago':
            t = sum(self.run('preload', ['/bin/true'])[0]
                    for _ in range(reps))
            self.record('start-preload', 'tamago', t / reps)
        else:
            # Preloading is the shim's own way in; the peers have none.
            self.notes.setdefault(('start-preload', runner), 'n/a')

    def m_ops(self, runner):
        _, out = self.run(runner, [self.ops, 'files', '{tmp}',
                                   str(OP_MS)])
        for line in out.splitlines():
            name, ns = line.split()
            self.record(name, runner, float(ns) * 1e-9)

    def m_raw(self, runner):
        if runner == 'fakechroot':
            raise Skip('a raw call bypasses LD_PRELOAD')
        _, out = self.run(runner, [self.ops, 'raw', '{tmp}', str(OP_MS)],
                          raw=True)
        name, ns = out.split()
        self.record(name, runner, float(ns) * 1e-9)

    def m_exec(self, runner):
        _, out = self.run(runner, [self.ops, 'exec', str(OP_MS)])
        if out.startswith('exec refused'):
            raise Skip('n/a (exec refused)')
        self.record('exec', runner, float(out.split()[1]) * 1e-9)

    def m_sqlite(self, runner):
        t, out = self.run(runner, ['sqlite3', '{tmp}/bench.db'],
                          stdin=self.sql)
        if out.strip() != str(SQL_ROWS):
            raise Skip(f'sqlite3 printed {out.strip()[:40]!r}')
        self.record('sqlite', runner, t)

    def m_python(self, runner):
        t, _ = self.run(runner, self.py_argv, image=self.py_image)
        self.record('python', runner, t)

    def m_image(self, runner):
        if runner == 'tamago':
            t, _ = self.run(runner, ['/bin/true'], image=self.big_image)
        elif runner == 'native':
            dest = f'{self.tmp["native"]}/unpacked'
            t0 = time.perf_counter()
            os.mkdir(dest)
            subprocess.run(['bsdtar', '-xf', self.big_image, '-C', dest],
                           check=True)
            subprocess.run(['/bin/true'], check=True)
            t = time.perf_counter() - t0
            self.clean('native')
        else:
            raise Skip('n/a (binds host directories: no image to load)')
        self.record('image', runner, t)

    def m_inodes(self, runner):
        if not os.access('/proc/slabinfo', os.R_OK):
            raise Skip('needs root, to read /proc/slabinfo')
        cmd, env = self.command(runner, [self.ops, 'inodes', '{tmp}',
                                         str(INODES)])
        self.clean(runner)
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True)
        line = ''
        try:
            time.sleep(0.2)
            before = kernel_bytes() + tree_anon(p.pid)
            p.stdin.write('go\n')
            p.stdin.flush()
            line = p.stdout.readline().strip()
            after = kernel_bytes() + tree_anon(p.pid)
        except BrokenPipeError:
            pass
        finally:
            try:
                p.stdin.close()
            except BrokenPipeError:
                pass
            err = p.stderr.read()
            p.wait()
        if line != 'ready':
            raise Skip(f'exit {p.returncode}: {err.strip()[-100:]}')
        self.record('inode', runner, (after - before) / INODES)

    def rounds(self):
        metrics = [('start', self.m_startup), ('ops', self.m_ops),
                   ('raw-stat', self.m_raw), ('exec', self.m_exec),
                   ('sqlite', self.m_sqlite), ('python', self.m_python),
                   ('image', self.m_image), ('inode', self.m_inodes)]
        for r in range(self.a.rounds):
            log(f'round {r + 1} of {self.a.rounds}')
            order = RUNNERS[r % len(RUNNERS):] + RUNNERS[:r % len(RUNNERS)]
            for name, fn in metrics:
                for runner in order:
                    self.attempt(name, runner, lambda: fn(runner))
        # Notes recorded under 'ops' and 'start' belong to their rows.
        for (metric, runner), why in list(self.notes.items()):
            for m in {'ops': OPS_ROWS,
                      'start': ['start-preload']}.get(metric, []):
                self.notes.setdefault((m, runner), why)

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


OPS_ROWS = ['stat', 'open-read', 'create-write', 'list', 'getppid']
# metric, what the row says, its label on the chart, unit, and how a
# runner is shown against native (the difference, or the ratio)
ROWS = [
    ('start-preload', 'start-up: `true`, shim preloaded (`LD_PRELOAD`)',
     'start-up, preloaded', 'ms', 'delta'),
    ('start', 'start-up: `true` in the sandbox (`tamago-run`, `proot`, ...)',
     'start-up, sandboxed', 'ms', 'delta'),
    ('stat', '`stat` of a file', 'stat', 'us', 'ratio'),
    ('open-read', '`open` + `read` 4 KiB + `close`', 'open + read + close',
     'us', 'ratio'),
    ('create-write', 'create + `write` 4 KiB + `close` + `unlink`',
     'create + write + unlink', 'us', 'ratio'),
    ('list', 'list a directory of 1,000 entries', 'list 1,000 entries',
     'us', 'ratio'),
    ('getppid', 'an allowed system call (`getppid`)', 'getppid', 'us',
     'ratio'),
    ('raw-stat', 'a raw `newfstatat` (syscall instruction), emulated',
     'raw stat, emulated', 'us', 'ratio'),
    ('exec', '`fork` + `exec` `/bin/true` + `wait`', 'fork + exec + wait',
     'us', 'ratio'),
    ('sqlite', f'sqlite3: {SQL_ROWS:,} rows in {SQL_TXNS} transactions',
     'sqlite3 inserts', 'ms', 'ratio'),
    ('python', 'python3: import 12 stdlib modules (stdlib in an image)',
     'python3 imports', 'ms', 'ratio'),
    ('image', f'a {IMAGE_MB} MB image, ready (native: unpacked to tmpfs)',
     f'{IMAGE_MB} MB image, ready', 'ms', 'ratio'),
    ('inode', f'memory per inode ({INODES:,} empty files: slab + '
     'anonymous)', 'memory per inode', 'B', 'ratio'),
]
SCALE = {'ms': 1e3, 'us': 1e6, 'B': 1}


def fmt(v, unit):
    x = v * SCALE[unit]
    if unit == 'B':
        return f'{x:,.0f} B'
    unit = 'µs' if unit == 'us' else unit
    return f'{x:.1f} {unit}' if x < 100 else f'{x:,.0f} {unit}'


def table(b):
    """Rows of cells, and for the chart each runner's ratio per metric."""
    head = ['', 'native'] + [LABELS[r] for r in RUNNERS[1:]]
    rows, ratios = [], []
    for metric, what, short, unit, how in ROWS:
        nat = b.results.get((metric, 'native'))
        base = statistics.median(nat) if nat else None
        cells = [what, fmt(base, unit) if base else
                 b.notes.get((metric, 'native'), 'n/a')]
        chart = {}
        for runner in RUNNERS[1:]:
            vals = b.results.get((metric, runner))
            if not vals:
                note = b.notes.get((metric, runner), 'n/a')
                cells.append(note if note.startswith('n/a') else
                             f'n/a ({note})')
                continue
            v = statistics.median(vals)
            if base and how == 'delta':
                cells.append(f'{fmt(v, unit)} (+{fmt(v - base, unit)})')
            elif base:
                cells.append(f'{fmt(v, unit)} ({v / base:.2f}×)')
            else:
                cells.append(fmt(v, unit))
            if base:
                chart[runner] = v / base
        rows.append(cells)
        ratios.append((short, chart))
    return head, rows, ratios


def machine():
    cpu = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    distro = ''
    try:
        with open('/etc/os-release') as f:
            for line in f:
                if line.startswith('PRETTY_NAME='):
                    distro = line.split('=', 1)[1].strip().strip('"')
    except OSError:
        pass
    return (f'{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, '
            f'{distro}')


def markdown(head, rows, info):
    out = ['| ' + ' | '.join(head) + ' |',
           '|' + '---|' * len(head)]
    out += ['| ' + ' | '.join(r) + ' |' for r in rows]
    return '\n'.join(out) + '\n\n' + info + '\n'


COLORS = {'tamago': '#d95f02', 'proot': '#7570b3',
          'fakechroot': '#1b9e77', 'bwrap': '#e7298a'}


def svg(ratios, info):
    """Each metric's time against native, per runner, on a log scale."""
    import math
    left, width, bar, gap = 170, 560, 10, 12
    lo, hi = 0.1, 1000.0
    runners = RUNNERS[1:]
    rows = [(w, c) for w, c in ratios if c]
    height = 70 + len(rows) * (len(runners) * bar + gap) + 30 + 12 * len(info)

    def x(v):
        v = min(max(v, lo), hi)
        return left + width * (math.log10(v) - math.log10(lo)) / \
            (math.log10(hi) - math.log10(lo))

    def esc(s):
        return (s.replace('&', '&amp;').replace('<', '&lt;')
                .replace('`', ''))
    axis = height - 22 - 12 * len(info)
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}"'
         f' height="{height}" font-family="sans-serif" font-size="11">',
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="18" font-size="13" font-weight="bold">Time and '
         'memory against native (native = 1; lower is better; log scale)'
         '</text>']
    for i, r in enumerate(runners):
        o.append(f'<rect x="{10 + i * 110}" y="28" width="10" height="10" '
                 f'fill="{COLORS[r]}"/><text x="{24 + i * 110}" y="37">'
                 f'{LABELS[r]}</text>')
    top = 55
    for v in (0.1, 1, 10, 100, 1000):
        o.append(f'<line x1="{x(v):.1f}" y1="{top - 5}" x2="{x(v):.1f}" '
                 f'y2="{axis - 12}" stroke="#ccc"/>'
                 f'<text x="{x(v):.1f}" y="{axis}" '
                 f'text-anchor="middle">{v:g}×</text>')
    y = top
    for what, chart in rows:
        o.append(f'<text x="{left - 8}" y="{y + len(runners) * bar / 2 + 4}"'
                 f' text-anchor="end">{esc(what)}</text>')
        for r in runners:
            if r in chart:
                v = chart[r]
                x0, x1 = x(1), x(v)
                o.append(f'<rect x="{min(x0, x1):.1f}" y="{y}" '
                         f'width="{max(abs(x1 - x0), 1):.1f}" '
                         f'height="{bar - 1}" fill="{COLORS[r]}"/>')
                label = f'{v:.2g}×' if v < 10 else f'{v:.0f}×'
                if v >= 1:
                    o.append(f'<text x="{x1 + 3:.1f}" y="{y + bar - 2}" '
                             f'font-size="8">{label}</text>')
                else:
                    o.append(f'<text x="{x1 - 3:.1f}" y="{y + bar - 2}" '
                             f'font-size="8" text-anchor="end">{label}'
                             '</text>')
            else:
                o.append(f'<text x="{x(1) + 3:.1f}" y="{y + bar - 2}" '
                         'font-size="8" fill="#888">n/a</text>')
            y += bar
        y += gap
    o.append(f'<line x1="{x(1):.1f}" y1="{top - 5}" x2="{x(1):.1f}" '
             f'y2="{axis - 12}" stroke="black"/>')
    for i, line in enumerate(info):
        o.append(f'<text x="10" y="{axis + 16 + 12 * i}" font-size="9">'
                 f'{esc(line)}</text>')
    o.append('</svg>')
    return '\n'.join(o) + '\n'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--tamago-run', required=True)
    p.add_argument('--shim', required=True)
    p.add_argument('--ops', required=True)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--out', default='.')
    p.add_argument('--no-install', action='store_true')
    a = p.parse_args()
    for k in ('tamago_run', 'shim', 'ops', 'out'):
        setattr(a, k, os.path.abspath(getattr(a, k)))
    started = time.time()
    load = os.getloadavg()[0]
    b = Bench(a)
    try:
        b.install_peers()
        b.prepare()
        b.rounds()
    finally:
        b.close()
    head, rows, ratios = table(b)
    commit = subprocess.run(['git', '-C', os.path.dirname(__file__),
                             'describe', '--always', '--dirty'],
                            capture_output=True, text=True).stdout.strip()
    info = [f'{machine()}, load average {load:.1f} at the start',
            f'{datetime.date.today()}, commit {commit or "?"}: medians of '
            f'{a.rounds} interleaved rounds, {time.time() - started:.0f} s '
            'in all',
            'meson test -C build --benchmark --suite peers --verbose']
    md = markdown(head, rows, '; '.join(info))
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'bench.md'), 'w') as f:
        f.write(md)
    with open(os.path.join(a.out, 'bench.svg'), 'w') as f:
        f.write(svg(ratios, info))
    print(md)
    print(f'written: {a.out}/bench.md, {a.out}/bench.svg')


if __name__ == '__main__':
    main()
