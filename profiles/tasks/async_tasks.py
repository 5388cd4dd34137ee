"""Training task: asyncio coroutines, tasks, queues, gather and async
generators (no network: everything stays in this process)."""
import asyncio
import sys


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        if i % 100 == 0:
            await asyncio.sleep(0)
    await q.put(None)


async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            return total
        total += item


async def ticker(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0)


async def work(i):
    await asyncio.sleep(0)
    return i * 2


async def run():
    acc = 0
    q = asyncio.Queue(maxsize=64)
    prod = asyncio.ensure_future(producer(q, 20000))
    acc += await consumer(q)
    await prod
    acc += sum(await asyncio.gather(*(work(i) for i in range(3000))))
    async for v in ticker(3000):
        acc += v
    lock = asyncio.Lock()
    ev = asyncio.Event()

    async def locked(i):
        async with lock:
            return i
    acc += sum(await asyncio.gather(*(locked(i) for i in range(2000))))
    ev.set()
    await ev.wait()
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.001)
    except asyncio.TimeoutError:
        acc += 1
    return acc


def main(scale):
    acc = 0
    for _ in range(scale):
        acc += asyncio.run(run())
    print("async", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
