#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# The trap path's dispatch table, from the filter's table: every row of
# seal/policy.c that names an emulation (TRAP, and RULES with one) becomes
# an entry of trap/table.c's switch, under #ifdef for architectures that
# lack the call.
#   traps.py policy.c > traps.h
import re
import sys

src = open(sys.argv[1]).read()
rows = re.findall(r'\b(TRAP|RULES)\(\s*"([a-z0-9_]+)"\s*,\s*'
                  r'(?:(rules_[a-z0-9_]+)\s*,\s*)?([A-Za-z0-9_]+)', src)
print('/* Generated from seal/policy.c by tools/traps.py: do not edit. */')
seen = set()
for kind, name, _rules, fn in rows:
    if fn == 'NULL' or name in seen:
        continue
    seen.add(name)
    print('#ifdef SYS_%s' % name)
    print('TRAP_ROW(SYS_%s, "%s", %s)' % (name, name, fn))
    print('#endif')
