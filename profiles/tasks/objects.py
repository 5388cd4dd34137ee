"""Training task: classes, attributes, methods, properties, dataclasses,
slots, inheritance and dunder methods."""
import dataclasses
import sys


class Shape:
    sides = 0

    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0

    def describe(self):
        return "%s with %d sides" % (self.name, self.sides)


class Rect(Shape):
    sides = 4

    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    @property
    def perimeter(self):
        return 2 * (self.w + self.h)

    @perimeter.setter
    def perimeter(self, value):
        self.w = value / 4
        self.h = value / 4


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)

    def __eq__(self, other):
        return isinstance(other, Square) and other.w == self.w

    def __hash__(self):
        return hash(self.w)

    def __lt__(self, other):
        return self.w < other.w

    def __repr__(self):
        return "Square(%r)" % self.w


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __len__(self):
        return 2

    def __iter__(self):
        yield self.x
        yield self.y


@dataclasses.dataclass(order=True)
class Item:
    priority: int
    name: str = dataclasses.field(compare=False)
    tags: list = dataclasses.field(default_factory=list, compare=False)


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float


def main(scale):
    acc = 0.0
    for _ in range(scale):
        shapes = [Rect(i % 7 + 1, i % 5 + 1) if i % 3 else Square(i % 11 + 1) for i in range(6000)]
        for s in shapes:
            acc += s.area() + s.perimeter
            if isinstance(s, Square):
                acc += len(repr(s))
            s.perimeter = 8
            acc += getattr(s, "w", 0)
            acc += hasattr(s, "missing")
        acc += len(set(s for s in shapes if type(s) is Square))
        acc += len(sorted(s for s in shapes if isinstance(s, Square)))
        v = Vec(0, 0)
        for i in range(30000):
            v = v + Vec(i % 3, 1) * 2
        acc += sum(v)
        items = sorted(Item(i % 50, "n%d" % i) for i in range(6000))
        acc += items[0].priority + len(dataclasses.asdict(items[-1]))
        pts = {Point(i % 30, i % 20) for i in range(8000)}
        acc += len(pts)
        acc += len(shapes[1].describe())
    print("objects", round(acc, 3))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
