"""Training task: the everyday builtins over data (min and max with and
without a key, sum, sorted, any and all, zip, enumerate, map, filter,
round, divmod, conversions) and arithmetic that mixes ints and floats
(a float divided by an int, an int compared with a float).  Deterministic;
the argument scales the work."""
import sys


def records(n):
    return [(i * 7919 % 1009, "k%d" % (i % 37), i * 0.25) for i in range(n)]


def main(scale):
    acc = 0
    ints = [i * 7919 % 10007 - 5000 for i in range(4000)]
    floats = [i * 0.37 - 700.0 for i in range(4000)]
    words = ["w%d" % (i * 31 % 997) for i in range(2000)]
    rows = records(3000)
    for _ in range(scale):
        # min and max: of a list, of a generator, of two values, with a
        # key, with a default for an empty input
        acc += max(ints) - min(ints) + max(ints[::3]) + min(ints[1::5])
        acc += int(max(floats) - min(floats))
        acc += len(max(words)) + len(min(words)) + len(max(words, key=len))
        acc += max(rows)[0] + min(rows, key=lambda r: r[2])[0]
        acc += max(x % 97 for x in ints) + min((x for x in ints if x > 0), default=0)
        for i in range(3000):
            acc += max(i, 1500) - min(i, 1500) + max(i % 7, i % 11, 3)
        acc += int(max(0.5, 1)) + min([], default=7)
        # sums of ints, of floats, with a start, of products
        acc += sum(ints) + int(sum(floats)) + sum(range(1000), 5)
        acc += int(sum(a * b for a, b in zip(floats, floats[1:])) / 1000)
        acc += int(sum([r[2] for r in rows]))
        # sorting, reversing, truth of all and any
        acc += sorted(ints)[100] + sorted(ints, reverse=True)[50] + sorted(words)[0].__len__()
        acc += sorted(rows, key=lambda r: (r[1], -r[0]))[0][0]
        acc += sum(reversed(ints[:500])) + all(x > -6000 for x in ints) + any(f > 1e9 for f in floats)
        # the iterator builtins
        for i, (a, b) in enumerate(zip(ints, floats)):
            if i % 400 == 0:
                acc += int(a + b)
        acc += sum(map(lambda a, b: a * 2 - b, ints, ints[1:]))
        acc += len(list(filter(None, [x % 3 for x in ints]))) + len(list(filter(lambda w: "1" in w, words)))
        # ints and floats together: division of a float by an int and of an
        # int by an int, floor division and remainder of floats, comparisons
        f = 0.0
        for i in range(1, 20000):
            f += 1.0 / (i * (i + 1) // 2 + i) + i / 7 - (i * 0.5) // 3 + (i * 1.5) % 4
            if f > i or i < f - 10 or i == 2.0:
                f -= 1
        acc += int(f)
        # rounding, divmod, powers, conversions to and from text
        for i in range(1, 5000):
            x = i / 7
            acc += round(x) + int(round(x, 2) * 100) % 7 + divmod(i, 13)[1] + int(x ** 2) % 5
            acc += abs(-i) % 3 + int(str(i)) % 2 + int(float(i) * 2) % 3 + len(repr(x)) % 4
        acc += pow(7, 300, 10007) + int(float("3.25") * 4) + int("ff", 16) + len(format(1 / 3, ".6f"))
        # attributes looked up by name, types asked
        for r in rows[:2000]:
            acc += isinstance(r, tuple) + isinstance(r[2], (int, float)) + len(getattr(r[1], "upper")())
            acc += hasattr(r, "count") + callable(r.index)
    print("builtins", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
