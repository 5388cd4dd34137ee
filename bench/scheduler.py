"""Benchmark: an object-oriented job scheduler simulation (classes, method
calls, attribute access, polymorphism)."""
from _harness import run


class Job:
    def __init__(self, ident, cost):
        self.ident = ident
        self.cost = cost
        self.done = 0

    def step(self):
        self.done += 1
        return self.done >= self.cost

    def weight(self):
        return self.cost - self.done


class IOJob(Job):
    def step(self):
        self.done += 2
        return self.done >= self.cost


class Worker:
    def __init__(self):
        self.queue = []
        self.finished = 0

    def submit(self, job):
        self.queue.append(job)

    def tick(self):
        if not self.queue:
            return False
        job = self.queue.pop(0)
        if job.step():
            self.finished += 1
        else:
            self.queue.append(job)
        return True


def work():
    workers = [Worker() for _ in range(4)]
    for i in range(600):
        cls = IOJob if i % 3 == 0 else Job
        workers[i % 4].submit(cls(i, 5 + i % 17))
    busy = True
    while busy:
        busy = False
        for w in workers:
            busy = w.tick() or busy
    return sum(w.finished for w in workers)


run(work, 600)
