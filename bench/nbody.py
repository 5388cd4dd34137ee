"""Benchmark: a small n-body simulation (float arithmetic, tuples, lists)."""
from _harness import run


def make_bodies():
    bodies = []
    for i in range(5):
        bodies.append([[i * 1.1, i * -0.7, i * 0.3], [0.01 * i, 0.02, -0.01 * i], 1.0 + i * 0.5])
    return bodies


def advance(bodies, dt, steps):
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    for _ in range(steps):
        for (p1, v1, m1), (p2, v2, m2) in pairs:
            dx = p1[0] - p2[0]
            dy = p1[1] - p2[1]
            dz = p1[2] - p2[2]
            d2 = dx * dx + dy * dy + dz * dz + 0.01
            mag = dt / (d2 * d2 ** 0.5)
            b1 = m1 * mag
            b2 = m2 * mag
            v1[0] -= dx * b2
            v1[1] -= dy * b2
            v1[2] -= dz * b2
            v2[0] += dx * b1
            v2[1] += dy * b1
            v2[2] += dz * b1
        for p, v, _ in bodies:
            p[0] += dt * v[0]
            p[1] += dt * v[1]
            p[2] += dt * v[2]


def work():
    b = make_bodies()
    advance(b, 0.01, 6000)
    return b[0][0][0]


run(work, 21)
