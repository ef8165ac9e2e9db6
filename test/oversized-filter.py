#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""In a build whose filter never loads (meson setup -Doversized_filter=true:
the kernel refuses it as too long), every test of the shim suite must FAIL:
a skip would mean some test still decides "no seccomp here" from a failure
instead of from lib/needs-seccomp's probe. The only tests that may pass are
those that end before the seal (bad settings, refused programs and images,
the printed filter).

    oversized-filter.py BUILD_DIR
"""
import json
import os
import subprocess
import sys

# Tests that stop before the shim loads its filter, by design.
BEFORE_SEAL_AREAS = {'config'}
BEFORE_SEAL = {'image-malformed',
               'print-filter', 'print-filter-no-program',
               'print-filter-bpf', 'print-filter-bad'}

build = sys.argv[1]
# The escape suite would try each of its probes in each variant: the
# first failure is all this check needs.
subprocess.run(['meson', 'test', '-C', build, '--no-rebuild',
                '--suite', 'shim', '--logbase', 'oversized',
                '--num-processes', '2'],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
               env=dict(os.environ, ESCAPE_FAIL_FAST='1'), check=False)
with open(os.path.join(build, 'meson-logs', 'oversized.json')) as log:
    results = [json.loads(line) for line in log]

bad = []
counts = {}
for t in results:
    # "project:area+shim / name"
    suites, name = t['name'].split(' / ', 1)
    areas = set(suites.split(':', 1)[-1].split('+'))
    counts[t['result']] = counts.get(t['result'], 0) + 1
    if t['result'] == 'FAIL':
        continue
    if t['result'] == 'OK' and (areas & BEFORE_SEAL_AREAS or
                                name in BEFORE_SEAL):
        continue
    bad.append(f"{name}: {t['result']}, expected FAIL")
print('oversized filter:', ', '.join(f'{n} {r}' for r, n in
                                      sorted(counts.items())))
for line in bad:
    print('FAIL:', line)
if not counts.get('FAIL'):
    print('FAIL: nothing failed: is this an -Doversized_filter=true build?')
    sys.exit(1)
sys.exit(1 if bad else 0)
