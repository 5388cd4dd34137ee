"""Training task: int, big int, float, complex, decimal and fractions
arithmetic, math functions."""
import decimal
import fractions
import math
import sys


def main(scale):
    acc = 0
    for _ in range(scale):
        total = 0
        for i in range(1, 60000):
            total += (i * i) % 97 - (i // 3) + (i << 2) - (i >> 1) ^ (i & 0xFF) | 3
        acc += total
        big = 1
        for i in range(1, 800):
            big *= i
        acc += len(str(big)) + big % 1000003 + (big // (3 ** 200)) % 97
        acc += pow(3, 10000, 10 ** 9 + 7) + math.gcd(big, 2 ** 300) % 1000
        acc += int(str(7 ** 1500)[:8]) + (2 ** 4000).bit_length()
        # big integers against each other and against small ones: sums of
        # series, division by a machine-size int, products, decimal strings
        scale_ = 10 ** 1200
        series = term = scale_
        for k in range(1, 500):
            term = term * 3 // (k + 2)
            series += term - (term >> 7)
        acc += len(str(series)) + int(str(series)[:6]) + (series * series // scale_) % 10007
        acc += int(str(3 ** 2000)) % 999983 + divmod(series, 10 ** 600 + 7)[1] % 97
        # big integers to text and back, 2400-3900 digits (under the
        # 4300-digit default limit): these loops run once per digit pair, and
        # the far more frequent small ints must not make them look short
        for k in range(100):
            n = 3 ** (5000 + k * 197 % 3200) + k
            s = str(n)
            acc += len(s) + (int(s) - n) + len(f"{n >> 3}") % 7 + len(hex(n)) % 5
        f = 0.0
        for i in range(1, 50000):
            x = i * 0.001
            f += math.sin(x) * math.cos(x) + math.sqrt(x) / (1.0 + x * x) - math.log1p(x)
        acc += int(f)
        acc += int(math.fsum(1 / k for k in range(1, 20000)) * 1000)
        acc += int(abs(sum(complex(i, -i) ** 2 for i in range(2000))))
        decimal.getcontext().prec = 40
        d = decimal.Decimal(0)
        for i in range(1, 6000):
            d += decimal.Decimal(1) / decimal.Decimal(i)
        acc += int(d * 1000)
        acc += len(str(decimal.Decimal(2).sqrt()))
        fr = fractions.Fraction(0)
        for i in range(1, 300):
            fr += fractions.Fraction(1, i * i)
        acc += fr.numerator % 10007
        acc += int(float("1.5e10") + float.fromhex("0x1.8p3")) + round(2.675, 2).__hash__() % 7
        acc += sum(divmod(i * 7919, 101)[1] for i in range(20000))
    print("arith", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
