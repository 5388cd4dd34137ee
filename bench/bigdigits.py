"""Benchmark: digits of e by a big-integer series (long int arithmetic)."""
from _harness import run


def e_digits(n):
    scale = 10 ** (n + 10)
    total = term = scale
    k = 1
    while term:
        term //= k
        total += term
        k += 1
    return str(total)[:n]


def work():
    return len(e_digits(3000))


run(work, 450)
