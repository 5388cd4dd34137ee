"""Training task: exceptions, context managers and control flow."""
import contextlib
import sys


class AppError(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code


class Resource:
    opened = 0

    def __enter__(self):
        Resource.opened += 1
        return self

    def __exit__(self, typ, val, tb):
        Resource.opened -= 1
        return typ is KeyError


@contextlib.contextmanager
def guarded(log):
    log.append("in")
    try:
        yield len(log)
    except ValueError:
        log.append("caught")
    finally:
        log.append("out")


def risky(i):
    if i % 5 == 0:
        raise AppError(i)
    if i % 7 == 0:
        raise KeyError(i)
    if i % 11 == 0:
        return int("x%d" % i)
    return i


def gen_with_cleanup(n):
    try:
        for i in range(n):
            yield i
    finally:
        pass


def main(scale):
    acc = 0
    for _ in range(scale):
        for i in range(40000):
            try:
                acc += risky(i)
            except AppError as e:
                acc += e.code
            except (KeyError, ValueError):
                acc += 1
            else:
                acc += 2
            finally:
                acc += 1
        for i in range(20000):
            with Resource():
                if i % 3 == 0:
                    raise KeyError(i)
        log = []
        for i in range(10000):
            with guarded(log) as n:
                if i % 4 == 0:
                    raise ValueError(n)
        acc += len(log)
        for i in range(5000):
            try:
                try:
                    raise AppError(i)
                except AppError as e:
                    raise RuntimeError("wrapped") from e
            except RuntimeError as e:
                acc += isinstance(e.__cause__, AppError)
        g = gen_with_cleanup(10)
        next(g)
        g.close()
        with contextlib.suppress(ZeroDivisionError):
            acc += 1 // 0
        d = {}
        for i in range(20000):
            try:
                acc += d[i]
            except KeyError:
                d[i // 2] = i
    print("exceptions", acc, Resource.opened)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
