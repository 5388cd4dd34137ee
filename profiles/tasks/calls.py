"""Training task: calls, recursion, closures, decorators, generators and
comprehensions.  Deterministic; the argument scales the work."""
import functools
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def ackermann_small(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann_small(m - 1, 1)
    return ackermann_small(m - 1, ackermann_small(m, n - 1))


def make_counter(step):
    total = 0

    def bump(times=1, *, scale=1):
        nonlocal total
        total += step * times * scale
        return total
    return bump


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@traced
def combine(a, b=2, *rest, c=3, **extra):
    return a + b + sum(rest) + c + len(extra)


def squares(n):
    for i in range(n):
        yield i * i


def pipeline(n):
    evens = (x for x in squares(n) if x % 2 == 0)
    return sum(x // 3 for x in evens)


def main(scale):
    acc = 0
    for _ in range(scale):
        acc += fib(20)
        acc += ackermann_small(2, 40)
        counter = make_counter(3)
        for i in range(3000):
            counter(i % 5, scale=2)
        acc += counter()
        for i in range(3000):
            acc += combine(i, 1, 2, 3, c=4, k=5)
            acc += (lambda x, y=1: x * y)(i)
        acc += pipeline(20000)
        acc += len([i for i in range(20000) if i % 3])
        acc += len({i: i * 2 for i in range(5000)})
        acc += len({i % 97 for i in range(10000)})
        acc += sum(map(abs, range(-5000, 5000)))
        acc += functools.reduce(lambda a, b: (a + b) % 1000003, range(20000))
        acc += sorted(range(5000), key=lambda v: -v)[0]
    print("calls", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
