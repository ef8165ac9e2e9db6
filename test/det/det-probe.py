# SPDX-License-Identifier: BSD-3-Clause
# What a Python program reads of time and randomness
# (test/det/det-matrix.sh).
import datetime
import os
import random
import tempfile
import time
import uuid

print("time.time", repr(time.time()))
print("datetime.now", datetime.datetime.now().isoformat())
print("monotonic", repr(time.monotonic()))
print("os.urandom", os.urandom(8).hex())
print("uuid4", uuid.uuid4())
print("random", repr(random.random()))
print("hash", hash("tamago"))
fd, name = tempfile.mkstemp()
os.close(fd)
print("tempfile", name)
