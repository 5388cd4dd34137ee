"""Training task: str and bytes, unicode, formatting and f-strings, regular
expressions, encoding and decoding."""
import re
import string
import sys
import textwrap

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
         "naïve café Straße 東京 данные ελληνικά").split()
LOG = re.compile(r"(?P<ip>\d+\.\d+\.\d+\.\d+) - - \[(?P<day>\d+)/(?P<mon>\w+)/\d+\] "
                 r'"(?P<verb>GET|POST) (?P<path>/\S*) HTTP/1\.[01]" (?P<code>\d{3}) (?P<size>\d+)')


def make_lines(n):
    out = []
    for i in range(n):
        out.append('10.0.%d.%d - - [%02d/Nov/2026] "%s /p/%s/%d HTTP/1.1" %d %d' % (
            i % 256, i * 7 % 256, i % 28 + 1, "GET" if i % 3 else "POST", WORDS[i % len(WORDS)],
            i, 200 if i % 11 else 404, i * 13 % 5000))
    return out


def main(scale):
    acc = 0
    for _ in range(scale):
        lines = make_lines(8000)
        codes = {}
        for line in lines:
            m = LOG.match(line)
            if m:
                codes[m.group("code")] = codes.get(m.group("code"), 0) + int(m["size"])
        acc += sum(codes.values())
        text = "\n".join(lines)
        acc += len(re.findall(r"/p/(\w+)/", text))
        acc += len(re.sub(r"\d+", "#", text[:200000]))
        acc += len(re.split(r"[\s/]+", text[:100000]))
        for i, w in enumerate(WORDS * 400):
            s = f"{w:>12}|{i:06d}|{i / 7:.3f}|{w!r}|{i:#x}"
            acc += len(s.upper()) + len(s.casefold()) + s.count("a") + s.find("|")
            acc += len("{0}-{1:>5}-{name}".format(w, i, name=w.title()))
            acc += len("%s:%5.2f:%-4d" % (w, i * 0.5, i))
        joined = ",".join(WORDS * 1000)
        parts = joined.split(",")
        acc += len(parts) + sum(p.startswith("e") for p in parts) + sum(p.isalpha() for p in parts)
        acc += len(joined.replace("a", "AA")) + len(joined.strip(",")) + joined.rfind("mu")
        enc = joined.encode("utf-8")
        acc += len(enc) + len(enc.decode("utf-8")) + len(joined.encode("utf-16"))
        acc += len(joined.encode("latin-1", errors="replace")) + len(enc.hex())
        b = bytearray(enc)
        b.extend(b"xyz" * 100)
        acc += b.count(b"a") + len(bytes(b).upper()) + len(b"-".join([b"ab"] * 1000))
        # the everyday text pass: lowercase, whitespace split, strip,
        # partition, counting into a dict, joining a generator
        prose = " ".join(WORDS[(i * 5) % len(WORDS)].title() + (",." [i % 2] if i % 4 == 0 else "")
                         for i in range(6000))
        counts = {}
        for tok in prose.lower().split():
            tok = tok.strip(".,;").rstrip("s")
            counts[tok] = counts.get(tok, 0) + 1
        acc += len(counts) + sum(len(k) for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        for ln in text[:60000].splitlines():
            head, sep, tail = ln.partition(" - - ")
            acc += len(head.lstrip("1").lower()) + ("POST" in tail) + tail[-4:].isdigit()
            acc += len(head.ljust(16)) + len(tail.split()[2].zfill(8) if tail.count(" ") > 2 else "")
        acc += len("".join(w.upper() for w in prose.split()[:3000]))
        acc += len(textwrap.fill(joined[:20000], 60))
        acc += len(string.Template("$a and $b").substitute(a="x", b="y"))
        acc += sum(ord(c) for c in "".join(WORDS)) + len(str(list(range(2000))))
    print("text", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
