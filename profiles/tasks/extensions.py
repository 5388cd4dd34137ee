"""Training task: every extension module the build made, imported and
exercised a little, so that the final build has profile data for the C
code behind them (the workloads reach only the modules they use).

Modules come from the build's own lib directory and the interpreter's
built-in list; the known ones get a small real workload, the rest are
imported and their attributes read.  Nothing here touches the network,
starts threads that outlive a call, or depends on the clock."""
import importlib
import os
import sys
import tempfile

# never imported: they start GUIs, change the terminal, or exist to crash
SKIP = {"_tkinter", "_testcapi_crash", "xxsubtype", "_xxtestfuzz", "_testexternalinspection",
        "_testmultiphase", "_ctypes_test", "_testimportmultiple", "_testsinglephase"}


def built_modules():
    names = set(sys.builtin_module_names)
    for entry in sys.path:
        if "build" in entry and os.path.isdir(entry):
            for f in os.listdir(entry):
                if f.endswith(".so") or f.endswith(".pyd"):
                    names.add(f.split(".")[0])
    return sorted(n for n in names if n not in SKIP)


def ex_codecs(n):
    text = "日本語 中文 한국어 текст " * 20
    for codec in ("shift_jis", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5",
                  "cp950", "euc_kr", "cp949", "johab", "utf-16", "utf-32", "cp1251", "koi8_r"):
        for _ in range(n):
            try:
                data = text.encode(codec, "replace")
                data.decode(codec, "replace")
            except LookupError:
                pass


def ex_compress(n):
    import zlib
    data = (b"abcdefghij" * 500 + bytes(range(256))) * 4
    for _ in range(n):
        zlib.decompress(zlib.compress(data, 6))
        zlib.crc32(data), zlib.adler32(data)
    for name in ("bz2", "lzma", "gzip"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        for _ in range(max(1, n // 4)):
            mod.decompress(mod.compress(data))


def ex_hashes(n):
    import hashlib
    import hmac
    data = b"optpy" * 2000
    for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256",
                 "blake2b", "blake2s"):
        for _ in range(n):
            try:
                hashlib.new(name, data).hexdigest()
            except ValueError:
                pass
    for _ in range(n):
        hmac.new(b"key", data, "sha256").digest()


def ex_data(n):
    import array, bisect, heapq, struct, binascii, math, cmath, random, statistics
    for _ in range(n):
        a = array.array("d", (i * 0.5 for i in range(2000)))
        a.reverse()
        a.tobytes()
        s = sorted(a)
        bisect.bisect_left(s, 100.0)
        h = list(range(2000, 0, -1))
        heapq.heapify(h)
        [heapq.heappop(h) for _ in range(200)]
        struct.unpack("<100i", struct.pack("<100i", *range(100)))
        binascii.unhexlify(binascii.hexlify(bytes(range(256))))
        binascii.b2a_base64(b"x" * 300)
        sum(math.sin(i) * math.log1p(i) for i in range(500))
        sum(abs(cmath.exp(complex(i, i / 7))) for i in range(200))
        r = random.Random(7)
        statistics.fmean(r.random() for _ in range(500))
        statistics.median([r.randint(0, 100) for _ in range(301)])


def ex_text(n):
    import unicodedata, json, csv, io, re
    s = "Ünïcödé ṫëxt ﬁ ①②③ " * 50
    for _ in range(n):
        unicodedata.normalize("NFKD", s)
        [unicodedata.category(c) for c in s[:200]]
        json.loads(json.dumps({"a": [1, 2.5, "x" * 20, None, True], "b": {"c": s[:40]}}))
        buf = io.StringIO()
        csv.writer(buf).writerows([[i, str(i), i * 1.5] for i in range(200)])
        list(csv.reader(io.StringIO(buf.getvalue())))
        re.findall(r"\w+", s)


def ex_objects(n):
    import pickle, copy, datetime, decimal, collections, functools, itertools, operator
    for _ in range(n):
        obj = {"l": list(range(300)), "t": tuple("abc"), "s": set(range(50)),
               "d": datetime.datetime(2026, 11, 24, 8, 0), "q": decimal.Decimal("1.10")}
        pickle.loads(pickle.dumps(obj, protocol=5))
        copy.deepcopy(obj)
        d = datetime.date(2026, 1, 1)
        [d + datetime.timedelta(days=i) for i in range(300)]
        with decimal.localcontext() as ctx:
            ctx.prec = 40
            sum(decimal.Decimal(i) / 7 for i in range(300))
        collections.Counter("abracadabra" * 50).most_common(3)
        functools.reduce(operator.add, itertools.islice(itertools.count(), 500))


def ex_system(n):
    import select, socket, mmap, fcntl, resource, pwd, grp
    for _ in range(n):
        a, b = socket.socketpair()
        a.sendall(b"x" * 4096)
        select.select([b], [], [], 0)
        b.recv(8192)
        a.close(), b.close()
        m = mmap.mmap(-1, 65536)
        m.write(b"optpy" * 100)
        m.seek(0)
        m.read(500)
        m.close()
        resource.getrusage(resource.RUSAGE_SELF)
        pwd.getpwuid(os.getuid())
        grp.getgrgid(os.getgid())
    with tempfile.TemporaryFile() as f:
        fcntl.fcntl(f.fileno(), fcntl.F_GETFL)


def ex_sqlite_ctypes_xml(n):
    try:
        import sqlite3
        con = sqlite3.connect(":memory:")
        con.execute("create table t (a integer, b text)")
        for _ in range(n):
            con.executemany("insert into t values (?, ?)", ((i, str(i)) for i in range(300)))
            con.execute("select count(*), sum(a) from t where b like '1%'").fetchall()
        con.close()
    except ImportError:
        pass
    try:
        import ctypes
        for _ in range(n):
            arr = (ctypes.c_int * 100)(*range(100))
            sum(arr)
            ctypes.sizeof(ctypes.c_double), ctypes.create_string_buffer(100)
    except ImportError:
        pass
    import xml.etree.ElementTree as ET
    doc = "<r>" + "".join("<i n='%d'>%d</i>" % (i, i) for i in range(300)) + "</r>"
    for _ in range(n):
        root = ET.fromstring(doc)
        ET.tostring(root)
        sum(int(e.get("n")) for e in root.iter("i"))


def touch(name):
    """Import a module and read its attributes: its init and type setup."""
    try:
        mod = importlib.import_module(name)
    except Exception:
        return 0
    for attr in dir(mod):
        try:
            getattr(mod, attr)
        except Exception:
            pass
    return 1


def main(scale):
    imported = sum(touch(name) for name in built_modules())
    for ex in (ex_codecs, ex_compress, ex_hashes, ex_data, ex_text, ex_objects, ex_system,
               ex_sqlite_ctypes_xml):
        ex(scale)
    print("extensions", imported)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
