"""Benchmark: word frequencies (str methods, dicts, sorting)."""
import sys
import time

SYLL = ["ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "ze", "po"]
TEXT = " ".join(SYLL[i % 10] + SYLL[(i * 7) % 10] + SYLL[(i * 3) % 10][: i % 3] for i in range(30000))


def work():
    freq = {}
    for w in TEXT.lower().split():
        w = w.strip(".,")
        freq[w] = freq.get(w, 0) + 1
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    return sum(n for _, n in top) + len("".join(k.upper() for k, _ in top))


def main():
    loops = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    work()
    t0 = time.perf_counter()
    for _ in range(loops):
        work()
    print("optpy-bench %.6f" % (time.perf_counter() - t0))


main()
