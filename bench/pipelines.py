"""Benchmark: generator pipelines, closures and builtins over iterables."""
from _harness import run


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def scaled(it, k):
    for x in it:
        yield x * k


def windows(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield tuple(buf)
            buf.pop(0)


def work():
    total = 0
    for w in windows(scaled(numbers(40000), 3), 4):
        total += max(w) - min(w)
    total += sum(filter(lambda v: v % 7 == 0, map(lambda v: v + 1, range(40000))))
    total += len(list(zip(range(20000), reversed(range(20000)))))
    return total


run(work, 18)
