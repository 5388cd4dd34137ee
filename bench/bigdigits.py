"""Benchmark: digits of e by a big-integer series (long int arithmetic)."""
import sys
import time


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


def main():
    loops = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    work()
    t0 = time.perf_counter()
    for _ in range(loops):
        work()
    print("optpy-bench %.6f" % (time.perf_counter() - t0))


main()
