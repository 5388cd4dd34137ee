"""Training task: json, pickle, struct, base64, zlib, csv and io."""
import base64
import csv
import io
import json
import pickle
import struct
import sys
import zlib


def records(n):
    return [{"id": i, "name": "user%d" % i, "score": i * 1.5, "tags": ["t%d" % (i % 7), "x"],
             "active": i % 3 == 0, "meta": {"k": i % 11, "v": None}} for i in range(n)]


def main(scale):
    acc = 0
    for _ in range(scale):
        recs = records(5000)
        s = json.dumps(recs)
        back = json.loads(s)
        acc += len(s) + len(back) + back[-1]["id"]
        acc += len(json.dumps(recs[:500], indent=2, sort_keys=True))
        for proto in (2, 4, pickle.HIGHEST_PROTOCOL):
            p = pickle.dumps(recs, protocol=proto)
            acc += len(p) + len(pickle.loads(p))
        packer = struct.Struct("<iqdh8s")
        buf = bytearray()
        for i in range(20000):
            buf += packer.pack(i, i * 3, i / 3, i % 30000, b"abcdefgh")
        acc += sum(packer.unpack_from(buf, k * packer.size)[0] for k in range(0, 20000, 7))
        acc += len(struct.pack(">100I", *range(100)))
        raw = s.encode()
        comp = zlib.compress(raw, 6)
        acc += len(comp) + len(zlib.decompress(comp)) + zlib.crc32(raw) % 1000
        acc += len(base64.b64encode(comp)) + len(base64.b64decode(base64.b64encode(raw[:50000])))
        out = io.StringIO()
        w = csv.writer(out)
        for r in recs:
            w.writerow([r["id"], r["name"], r["score"], r["active"]])
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        acc += len(rows) + len(rows[-1])
        bio = io.BytesIO()
        for i in range(5000):
            bio.write(b"line %d\n" % i)
        bio.seek(0)
        acc += sum(1 for _ in bio)
    print("serialize", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
