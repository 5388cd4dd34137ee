"""Benchmark: regular expressions over generated configuration text."""
import re
import sys
import time

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


def main():
    loops = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    work()
    t0 = time.perf_counter()
    for _ in range(loops):
        work()
    print("optpy-bench %.6f" % (time.perf_counter() - t0))


main()
