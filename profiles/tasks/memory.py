"""Training task: allocation and garbage collection: cycles, weakrefs,
many short-lived objects."""
import gc
import sys
import weakref


class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
        self.prev = None


class Cache:
    pass


def main(scale):
    acc = 0
    for _ in range(scale):
        for r in range(30):
            nodes = [Node(i) for i in range(3000)]
            for a, b in zip(nodes, nodes[1:]):
                a.next = b
                b.prev = a
            nodes[-1].next = nodes[0]
            acc += nodes[100].next.v
            del nodes
            acc += gc.collect() > 0
        objs = [Cache() for _ in range(20000)]
        refs = [weakref.ref(o) for o in objs]
        acc += sum(1 for r in refs if r() is not None)
        del objs
        acc += sum(1 for r in refs if r() is None)
        wd = weakref.WeakValueDictionary()
        keep = [Cache() for _ in range(1000)]
        for i, o in enumerate(keep):
            wd[i] = o
        acc += len(wd)
        for i in range(200000):
            t = (i, str(i), [i])
            acc += len(t[1])
        acc += len(gc.get_stats())
    print("memory", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
