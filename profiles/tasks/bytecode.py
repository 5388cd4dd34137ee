"""Training task: the everyday statements the other tasks run rarely, one
kernel each: indexing and storing into lists and strings, unpacking,
extended slices and slice assignment, deleting items, closures, type checks,
string comparisons, membership in sequences, bound methods passed around as
callbacks, class attributes, objects whose __dict__ is in use, starred
assignment and (3.10+) match statements."""
import sys


def index_store(n):
    # a[i] = x and s[i] over lists and strings; del a[i], del d[k]
    grid = [0] * 64
    acc = 0
    for i in range(n):
        j = i & 63
        grid[j] = grid[j - 1] + (i & 7)
        grid[63 - j] -= 1
    text = "the quick brown fox jumps over the lazy dog " * 8
    for _ in range(n // 2000):
        for i in range(len(text)):
            c = text[i]
            if c == " " or c == text[i - 1]:
                acc += 1
            elif c < "m":
                acc += 2
    scratch = list(range(200))
    while scratch:
        del scratch[len(scratch) // 2]
        del scratch[-1:]
    d = {k: k for k in range(300)}
    for k in range(0, 300, 3):
        del d[k]
    return acc + sum(grid) + len(d)


def unpack(n):
    # tuple, list and starred targets
    acc = 0
    rows = [(i, i * 2, i * 3) for i in range(n)]
    for row in rows:
        a, b, c = row
        acc += a - b + c
    for i in range(n // 2):
        x, y, z = [i, i + 1, i + 2]
        head, *rest = rows[i]
        *init, last = rows[i]
        acc += x + z - y + head + len(rest) + last + len(init)
    return acc


def slices(n):
    # extended slices, slice assignment and deletion
    base = list(range(120))
    word = "abcdefghijklmnopqrstuvwxyz" * 4
    acc = 0
    for i in range(n):
        k = i % 5 + 1
        acc += len(base[::k]) + len(word[i % 7::k]) + len(base[-1::-k])
        tmp = base[:]
        tmp[10:20] = [i, i + 1]
        tmp[::4] = tmp[::4]
        del tmp[5:9]
        acc += tmp[10] + len(tmp)
    return acc


def closures(n):
    # cells made per call, read and written from nested functions
    def counter(start):
        total = start

        def add(x):
            nonlocal total
            total += x
            return total

        def get():
            return total
        return add, get

    acc = 0
    for i in range(n):
        add, get = counter(i)
        add(1)
        add(i & 3)
        acc += get()
        sq = [v * v for v in range(i & 15)]
        acc += sum(sq)
    return acc


class Node:
    kind = "node"
    factory = list
    LIMIT = 10

    def __init__(self, value, **extra):
        self.value = value
        if extra:
            # a dict of its own, as objects restored from a mapping have
            self.__dict__ = dict(extra, value=value)

    def visit(self, fn, *args, scale=1):
        return fn(self.value, *args) * scale

    def nudge(self, x, by=1):
        return self.value + x * by

    def step(self, x):
        return self.value + x


class Bag(Node):
    def __getitem__(self, i):
        return self.value + i

    def __len__(self):
        return 3


def kinds(n):
    # isinstance/type checks, str/tuple/int/float builtins, membership in
    # lists, tuples and strings, string comparison, bound methods as callbacks
    values = [1, 2.5, "three", (4,), [5], None, b"six", {7: 7}] * 8
    names = ["alpha", "beta", "gamma", "delta", "epsilon"]
    acc = 0
    for i in range(n):
        v = values[i % len(values)]
        if isinstance(v, (int, float)):
            acc += int(v) + float(v) > 2.0
        elif type(v) is str:
            acc += len(tuple(v)) + (v in "one two three") + ("e" in v)
        elif isinstance(v, list):
            acc += (5 in v) + (i in v)
        else:
            acc += str(v) != "None"
        name = names[i % 5]
        if name < "c" or name == "gamma" or name >= "e":
            acc += 1
        acc += name in names[:3]
        acc += (i % 9) in (1, 3, 5, 7)
        acc += ~i & 3
    node = Node(3)
    bag = Bag(2)
    calls = [node.step, bag.step, node.visit, node.nudge]
    for i in range(n):
        f = calls[i % 2]
        acc += f(i) + calls[3](i)
        acc += calls[2](max, i) + calls[2](min, i, scale=2) + bag[i & 7] + len(bag)
        acc += Node.LIMIT + len(node.factory()) + (node.kind == "node") + Bag.LIMIT
    return acc


def dicts_in_use(n):
    # instances whose attributes live in a dict of their own (set through
    # __dict__), read and written by name
    objs = [Node(i, colour="red", size=i % 5) for i in range(64)]
    acc = 0
    for i in range(n):
        o = objs[i & 63]
        o.size = o.size + 1
        acc += o.size + len(o.colour) + o.value
        o.colour = "blue" if o.colour == "red" else "red"
    return acc


MATCH_SRC = '''
def shapes(n):
    acc = 0
    items = [(1, 2), [3, 4, 5], {"x": 1, "y": 2}, Node(7), "text", 4.0, None]
    for i in range(n):
        match items[i % len(items)]:
            case (a, b):
                acc += a + b
            case [a, *rest]:
                acc += a + len(rest)
            case {"x": x, **others}:
                acc += x + len(others)
            case Node(value=v) if v > 3:
                acc += v
            case str() as s:
                acc += len(s)
            case float(f):
                acc += int(f)
            case _:
                acc += 1
    return acc
'''


def main(scale):
    acc = 0
    scope = {"Node": Node}
    if sys.version_info >= (3, 10):
        exec(compile(MATCH_SRC, "<match>", "exec"), scope)
    for _ in range(scale):
        acc += index_store(20000) + unpack(15000) + slices(3000) + closures(4000)
        acc += kinds(15000) + dicts_in_use(2000)
        if "shapes" in scope:
            acc += scope["shapes"](10000)
    print("bytecode", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
