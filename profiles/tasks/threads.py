"""Training task: the interpreter under threads, so that a free-threaded
build's profile covers the paths only threads take (per-object locking of
lists and dicts, reference counts shared between threads, the critical
sections around containers) and a default build's covers the GIL's
hand-over and the locks of the threading module.  Work is split over a
few threads that share containers, locks, a queue, events and a thread
pool; the results are checked, so a broken interpreter fails the task.
Deterministic in its results; the argument scales the work."""
import queue
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

THREADS = 4


def shared_containers(rounds):
    shared_list = []
    shared_dict = {}
    counts = [0] * THREADS
    lock = threading.Lock()

    def worker(k):
        local = 0
        for i in range(rounds):
            shared_list.append(i)
            shared_dict[(k, i % 101)] = i
            if i % 3 == 0 and shared_list:
                try:
                    shared_list.pop()
                except IndexError:
                    pass
            local += len(shared_dict) & 1
            with lock:
                counts[k] += 1
        return local

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [rounds] * THREADS, counts
    assert len(shared_dict) == THREADS * 101
    return len(shared_dict)


def objects_between_threads(rounds):
    class Point:
        __slots__ = ("x", "y")

        def __init__(self, x, y):
            self.x = x
            self.y = y

    class Box:
        def __init__(self, v):
            self.v = v

    q = queue.Queue(maxsize=64)
    done = threading.Event()
    total = [0]

    def producer():
        for i in range(rounds):
            q.put((Point(i, i + 1), Box(i)))
        q.put(None)

    def consumer():
        acc = 0
        while True:
            item = q.get()
            if item is None:
                break
            p, b = item
            acc += p.x + p.y + b.v
            b.v = acc
        total[0] = acc
        done.set()

    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    for t in threads:
        t.start()
    done.wait()
    for t in threads:
        t.join()
    assert total[0] == sum(2 * i + 1 + i for i in range(rounds))
    return total[0]


def pool_of_pure_work(rounds):
    def work(n):
        s = 0
        for i in range(n):
            s += (i * i) % 7
            s ^= i
        return s

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(work, [rounds] * (THREADS * 2)))
    assert len(set(results)) == 1
    return results[0]


def conditions_and_locals(rounds):
    cond = threading.Condition()
    state = {"turn": 0}
    local = threading.local()
    seen = []

    def player(k):
        local.name = "p%d" % k
        for _ in range(rounds):
            with cond:
                while state["turn"] % 2 != k:
                    cond.wait()
                state["turn"] += 1
                seen.append(local.name)
                cond.notify_all()

    threads = [threading.Thread(target=player, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen[:2] == ["p0", "p1"] and len(seen) == 2 * rounds
    return len(seen)


def main(scale):
    acc = 0
    for _ in range(scale):
        acc += shared_containers(3000)
        acc += objects_between_threads(3000)
        acc += pool_of_pure_work(3000)
        acc += conditions_and_locals(300)
    print("threads", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
