"""Benchmark: word frequencies (str methods, dicts, sorting)."""
from _harness import run


SYLL = ["ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "ze", "po"]
TEXT = " ".join(SYLL[i % 10] + SYLL[(i * 7) % 10] + SYLL[(i * 3) % 10][: i % 3] for i in range(30000))


def work():
    freq = {}
    for w in TEXT.lower().split():
        w = w.strip(".,")
        freq[w] = freq.get(w, 0) + 1
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    return sum(n for _, n in top) + len("".join(k.upper() for k, _ in top))


run(work, 120)
