"""Training task: the regular-expression engine across its features, the
way programs use it: anchors and multi-line mode, alternation, greedy,
lazy and possessive-free repeats of groups, optional and named groups,
back-references, look-ahead and look-behind, character classes and
categories (ASCII and Unicode), IGNORECASE, match objects (group, groups,
groupdict, span, expand), search, match, fullmatch, findall, finditer,
split, sub and subn with a function, bytes patterns, and compiling many
patterns (the cache).  Deterministic, stdlib only, CPython 3.9-3.15."""
import re
import sys

NAMES = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
         "Ærø café Straße 東京 данные ελληνικά").split()


def records(n):
    """Generated text of several shapes: settings, CSV, log-ish lines,
    mixed-case words, dates, numbers, quoted strings, indented blocks."""
    out = []
    for i in range(n):
        w = NAMES[i % len(NAMES)]
        k = i % 6
        if k == 0:
            out.append("%s_%d: %s ; %d" % (w, i, "on" if i % 2 else "OFF", i * 17 % 1000))
        elif k == 1:
            out.append('%d,"%s",%0.2f,%s' % (i, w.upper(), i / 3, "" if i % 5 else "x,y"))
        elif k == 2:
            out.append("  [%04d-%02d-%02d] <%s@host%d.example> said: %r" % (
                2000 + i % 27, i % 12 + 1, i % 28 + 1, w, i % 9, w * (i % 3 + 1)))
        elif k == 3:
            out.append("\t%s%s %s" % (w.title(), w[::-1], "-" * (i % 4)))
        elif k == 4:
            out.append("0x%x %o %d.%03d e%+d" % (i, i, i // 7, i % 1000, i % 9 - 4))
        else:
            out.append("%s %s %s" % (w, w, NAMES[(i * 3) % len(NAMES)]))
    return out


PATTERNS = [
    r"^(\w+)_(\d+):\s*(on|off)\s*;\s*(\d+)$",
    r"(?im)^[a-zæø]+_\d+:\s*(?:on|off)\b",
    r'^(\d+),"([^"]*)",([\d.]+),(.*)$',
    r"\[(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\]\s+<(?P<who>[^@>]+)@(?P<host>[\w.]+)>",
    r"(?<=<)[^>]+(?=>)",
    r"(?<!\w)0x[0-9a-f]+",
    r"\b(\w+) \1\b",
    r"^\t([A-Z]\w*?)(\w*) (-*)$",
    r"(?:\d+\.)?\d+(?:[eE][+-]?\d+)?",
    r"'(?:[^'\\]|\\.)*'",
    r"(?s)<.*?>",
    r"[^\W\d_]+",
    r"(?a)\w+",
    r"\s+|[,;:]",
    r"(a|b|c|d|e)+?(?:z|t|a)",
    r"(?x) (?P<num> \d+ ) \s* (?P<unit> [a-z]{1,3} )? ",
]


def engine(lines, acc):
    text = "\n".join(lines)
    for i, p in enumerate(PATTERNS):
        rx = re.compile(p, re.M)
        acc += len(rx.findall(text))
        for m in rx.finditer(text):
            acc += m.end() - m.start() + len(m.groups()) + len(m.groupdict())
            if m.lastindex:
                acc += len(m.group(m.lastindex) or "")
            if i == 3:
                acc += len(m.expand(r"\g<d>/\g<m>/\g<y>"))
        for line in lines[i::17]:
            m = rx.search(line)
            acc += m.start() if m else 1
            acc += 2 if rx.match(line) else 0
            acc += 3 if rx.fullmatch(line) else 0
    return acc


def rewrite(lines, acc):
    text = "\n".join(lines)
    acc += len(re.sub(r"(\d+)", lambda m: str(int(m.group(1)) * 2), text[:150000]))
    s, n = re.subn(r"(?i)(alpha|beta|gamma)", r"<\1>", text[:150000])
    acc += len(s) + n
    acc += len(re.sub(r"(?P<w>\w+)@(?P<h>[\w.]+)", r"\g<h>!\g<w>", text[:150000]))
    acc += len(re.split(r"\s*[,;]\s*", text[:120000]))
    acc += len(re.split(r"(\n)", text[:60000], maxsplit=500))
    acc += len(re.escape(text[:20000]))
    return acc


def many_patterns(acc):
    """Programs compile patterns built at run time: more than the cache holds."""
    for i in range(700):
        w = NAMES[i % len(NAMES)]
        rx = re.compile(r"%s\d{%d,%d}|[%s]+" % (re.escape(w), i % 3, i % 3 + 2, re.escape(w[:3])))
        acc += len(rx.pattern) + len(rx.findall("%s%d %s" % (w, i, w * 2)))
    return acc


def byte_patterns(lines, acc):
    data = "\n".join(lines).encode("utf-8", "replace")
    for p in (rb"\d+", rb"(?m)^\w+", rb"[\x80-\xff]+", rb"<([^>]*)>", rb"(?i)host\d"):
        acc += sum(len(m) for m in re.findall(p, data))
    acc += len(re.sub(rb"\s+", b" ", data[:100000]))
    return acc


def main(scale):
    acc = 0
    for r in range(scale):
        lines = records(3000 + r % 5 * 200)
        acc = engine(lines, acc)
        acc = rewrite(lines, acc)
        acc = byte_patterns(lines, acc)
        if r % 4 == 0:
            acc = many_patterns(acc)
    print("regex", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
