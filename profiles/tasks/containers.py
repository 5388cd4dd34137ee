"""Training task: dict, set, list and tuple operations, sorting, itertools,
collections, heapq and bisect."""
import bisect
import collections
import heapq
import itertools
import random
import sys


def main(scale):
    rnd = random.Random(1234)
    acc = 0
    for _ in range(scale):
        data = [rnd.randrange(100000) for _ in range(40000)]
        words = ["w%d" % (x % 3000) for x in data]
        d = {}
        for w in words:
            d[w] = d.get(w, 0) + 1
        acc += len(d) + max(d.values())
        dd = collections.defaultdict(list)
        for i, w in enumerate(words[:20000]):
            dd[w[:2]].append(i)
        acc += sum(len(v) for v in dd.values())
        c = collections.Counter(words)
        acc += sum(n for _, n in c.most_common(10))
        dq = collections.deque(maxlen=500)
        for x in data:
            dq.append(x)
            if x % 7 == 0:
                dq.popleft()
        acc += len(dq)
        Pair = collections.namedtuple("Pair", "a b")
        pairs = [Pair(x, -x) for x in data[:10000]]
        acc += sum(p.a + p.b for p in pairs)
        s = sorted(data)
        acc += s[len(s) // 2]
        acc += sorted(words, key=len)[0].__len__()
        t = tuple(data[:5000])
        acc += t.index(data[10]) + t.count(data[0])
        st = set(data)
        acc += len(st & set(range(0, 100000, 3))) + len(st - {1, 2, 3})
        fs = frozenset(words[:100])
        acc += len(fs)
        h = []
        for x in data[:20000]:
            heapq.heappush(h, x)
        acc += sum(heapq.heappop(h) for _ in range(100))
        acc += heapq.nlargest(5, data)[0]
        ins = []
        for x in data[:4000]:
            bisect.insort(ins, x)
        acc += bisect.bisect_left(ins, 50000)
        acc += sum(1 for _ in itertools.combinations(range(22), 3))
        acc += sum(a * b for a, b in itertools.product(range(60), repeat=2))
        acc += len(list(itertools.chain.from_iterable([[i] * 3 for i in range(3000)])))
        acc += sum(k for k, g in itertools.groupby(sorted(x % 10 for x in data)))
        acc += len(list(itertools.islice(itertools.cycle("abc"), 10000)))
        acc += len(list(itertools.accumulate(data[:5000])))
        lst = list(data[:10000])
        lst.reverse()
        lst[10:20] = [0] * 5
        del lst[::7]
        lst.extend(range(100))
        acc += len(lst) + lst.pop() + lst.pop(0)
        od = collections.OrderedDict((w, i) for i, w in enumerate(words[:3000]))
        od.move_to_end(words[0])
        acc += len(od)
    print("containers", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
