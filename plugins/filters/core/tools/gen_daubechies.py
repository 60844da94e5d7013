#!/usr/bin/env python3
# gen_daubechies.py: derives the Daubechies scaling filters db1..db20 for
# wavelet_banks.c from their definition (no tables): the minimum-phase
# spectral factor of P(y) = sum_{k<N} C(N-1+k, k) y^k, y = sin^2(w/2).
# Roots of P by Durand-Kerner in 60-digit decimal arithmetic, each mapped to
# the z-plane root inside the unit circle (z + 1/z = 2 - 4y), times (1+z)^N,
# normalised to sum sqrt(2). Prints C arrays, highest coefficient first as
# PyWavelets orders rec_lo. Usage: python3 gen_daubechies.py > db.txt
from decimal import Decimal as D, getcontext
import math

getcontext().prec = 60


class C:
    """Complex number on Decimal parts (the stdlib has no such type)."""
    __slots__ = ("r", "i")

    def __init__(s, r, i=D(0)):
        s.r, s.i = D(r), D(i)

    def __add__(a, b): return C(a.r + b.r, a.i + b.i)
    def __sub__(a, b): return C(a.r - b.r, a.i - b.i)
    def __mul__(a, b): return C(a.r * b.r - a.i * b.i, a.r * b.i + a.i * b.r)

    def __truediv__(a, b):
        d = b.r * b.r + b.i * b.i
        return C((a.r * b.r + a.i * b.i) / d, (a.i * b.r - a.r * b.i) / d)

    def abs2(a): return a.r * a.r + a.i * a.i

    def sqrt(a):
        m = a.abs2().sqrt()
        re, im = ((m + a.r) / 2).sqrt(), ((m - a.r) / 2).sqrt()
        return C(re, -im if a.i < 0 else im)


def roots(coef):
    """Durand-Kerner on coef[0] + coef[1] y + ... (real coefficients)."""
    n = len(coef) - 1
    a = [C(x / coef[-1]) for x in coef]
    z0, p, zs = C(D("0.4"), D("0.9")), C(D(1)), []
    for _ in range(n):
        zs.append(p)
        p = p * z0
    for _ in range(2000):
        new, delta = [], D(0)
        for i, x in enumerate(zs):
            val, den = C(D(0)), C(D(1))
            for co in reversed(a):
                val = val * x + co
            for j, y in enumerate(zs):
                if i != j:
                    den = den * (x - y)
            step = val / den
            new.append(x - step)
            delta = max(delta, step.abs2())
        zs = new
        if delta < D(10) ** -100:
            break
    return zs


def daubechies(N):
    if N == 1:
        return [D(2).sqrt() / 2] * 2
    inside = []
    for y in roots([D(math.comb(N - 1 + k, k)) for k in range(N)]):
        b = C(D(2)) - C(D(4)) * y
        disc = (b * b - C(D(4))).sqrt()
        z1, z2 = (b + disc) / C(D(2)), (b - disc) / C(D(2))
        inside.append(z1 if z1.abs2() < 1 else z2)
    c = [C(D(1))]
    for r in inside + [C(D(-1))] * N:   # prod (z - r) (z + 1)^N
        nc = c + [C(D(0))]
        for k in range(len(c)):
            nc[k + 1] = nc[k + 1] - c[k] * r
        c = nc
    h = [x.r for x in c]
    s = sum(h)
    return [x * D(2).sqrt() / s for x in h]


if __name__ == "__main__":
    for N in range(1, 21):
        vals = ", ".join(repr(float(x)) for x in daubechies(N))
        print("static const double db%d[%d] = {%s};" % (N, 2 * N, vals))
