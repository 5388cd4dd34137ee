"""Training task: big integers the way programs that need them use them.

Numbers of hundreds to thousands of digits: series summed into a fixed-point
total (a long number plus a shrinking one), products of long numbers,
division by small and by long divisors, modular powers, square roots,
conversions to and from text and bytes, bit operations.  The arith task
covers every operation once; here the operands are long, so that the
training's average length of the digit loops is that of real big-number
work rather than that of two-digit sums."""
import math
import sys


def arctan_inv(x, one):
    """arctan(1/x) in fixed point: a long total and a shrinking term."""
    total = term = one // x
    x2 = x * x
    n = 1
    sign = -1
    while term:
        term //= x2
        n += 2
        if sign < 0:
            total -= term // n
        else:
            total += term // n
        sign = -sign
    return total


def pi_digits(digits):
    one = 10 ** (digits + 10)
    pi = 4 * (4 * arctan_inv(5, one) - arctan_inv(239, one))
    return str(pi // 10 ** 10)


def log2_fixed(digits):
    """ln 2 = 2 atanh(1/3), summed in fixed point."""
    one = 10 ** (digits + 10)
    total = term = one // 3
    k = 1
    while term:
        term //= 9
        k += 2
        total += term // k
    return 2 * total


def fib_pair(n):
    """(F(n), F(n+1)) by doubling: products of long numbers."""
    if n == 0:
        return 0, 1
    a, b = fib_pair(n >> 1)
    c = a * (2 * b - a)
    d = a * a + b * b
    return (d, c + d) if n & 1 else (c, d)


def isqrt_newton(n):
    """Newton's method with long divisors."""
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) >> 1
        if y >= x:
            return x
        x = y


def probable_prime(n, bases=(2, 3, 5, 7, 11, 13)):
    if n < 2:
        return False
    d, s = n - 1, 0
    while not d & 1:
        d >>= 1
        s += 1
    for a in bases:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def continued_fraction(num, den, terms):
    out = []
    while den and len(out) < terms:
        q, r = divmod(num, den)
        out.append(q)
        num, den = den, r
    return out


def main(scale):
    acc = 0
    for rnd in range(scale):
        digits = 1500 + 97 * (rnd % 7)
        p = pi_digits(digits)
        acc += int(p[-12:]) + len(p)
        acc += log2_fixed(digits) % 1000003
        # sums of rows of a long table: long + long, carries far along
        row = [3 ** (700 + i) for i in range(40)]
        total = 0
        for _ in range(30):
            for v in row:
                total += v
            total -= row[rnd % 40]
        acc += total % 999983
        f, g = fib_pair(12000 + rnd)
        acc += (f * g) % 1000033 + (g - f).bit_length()
        fa, fb = 0, 1
        for _ in range(3000):
            fa, fb = fb, fa + fb
        acc += fb % 10007
        fact = math.factorial(900 + rnd)
        acc += fact // (fact >> 1200 | 1) % 97 + isqrt_newton(fact) % 10009
        acc += math.isqrt(fact) % 10007 + math.gcd(fact, fb) % 97
        # modular arithmetic on key-size numbers
        m = (1 << 521) - 1
        base = 0x1234567890ABCDEF ** 7 + rnd
        acc += pow(base, 65537, m) % 1000003
        for k in range(12):
            acc += probable_prime((1 << 255) + 2 * k + 1 + rnd)
        acc += sum(continued_fraction(fb * fb + 1, fa * fb + 7, 60)) % 991
        # text, bytes and bits of long numbers (under 4300 digits)
        for k in range(40):
            n = 7 ** (1500 + 37 * k) + k
            s = str(n)
            acc += len(s) + (int(s) - n) + int(hex(n), 16) % 97
            b = n.to_bytes((n.bit_length() + 7) // 8, "little")
            acc += int.from_bytes(b, "little") % 101
            acc += ((n ^ (n >> 17)) & ~(n << 3) | 0xFF).bit_length()
            acc += (n % 1000000007) + divmod(n, 10 ** 400 + 9)[1] % 89
            acc += (n * n // (n + 1)) % 7 + (-n >> 5) % 11
    print("bigint", acc)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
