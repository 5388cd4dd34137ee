"""Benchmark: regular expressions over generated configuration text."""
import re

from _harness import run

TEXT = "\n".join("key%d = value_%d # note %s" % (i, i * 3, "x" * (i % 7)) for i in range(4000))
PAIR = re.compile(r"^(\w+)\s*=\s*(\w+)(?:\s*#\s*(.*))?$", re.M)
NUM = re.compile(r"\d+")


def work():
    n = 0
    for m in PAIR.finditer(TEXT):
        n += len(m.group(1)) + len(m.group(3) or "")
    n += len(NUM.findall(TEXT))
    n += len(NUM.sub("N", TEXT))
    return n


run(work, 120)
