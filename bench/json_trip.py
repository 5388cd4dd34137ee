"""Benchmark: JSON encode and decode of nested records."""
import json

from _harness import run

DOC = [{"id": i, "label": "item-%d" % i, "price": i * 0.25, "ok": bool(i % 2),
        "parts": [{"n": j, "s": "p%d" % j} for j in range(5)], "none": None} for i in range(400)]


def work():
    total = 0
    for _ in range(10):
        s = json.dumps(DOC)
        total += len(json.loads(s))
    return total


run(work, 36)
