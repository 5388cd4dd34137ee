"""The timing harness every benchmark shares: one warm-up call, then LOOPS
calls of work() (LOOPS from argv[1] or the benchmark's default), printing
"optpy-bench SECONDS" for `optpy bench` to read."""
import sys
import time


def run(work, default_loops):
    loops = int(sys.argv[1]) if len(sys.argv) > 1 else default_loops
    work()
    t0 = time.perf_counter()
    for _ in range(loops):
        work()
    print("optpy-bench %.6f" % (time.perf_counter() - t0))
