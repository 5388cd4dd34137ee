"""Benchmark: counting n-queens solutions (recursion, sets, generators)."""
from _harness import run


def solve(n, row=0, cols=frozenset(), d1=frozenset(), d2=frozenset()):
    if row == n:
        return 1
    return sum(solve(n, row + 1, cols | {c}, d1 | {row + c}, d2 | {row - c})
               for c in range(n) if c not in cols and row + c not in d1 and row - c not in d2)


def work():
    return solve(8)


run(work, 180)
