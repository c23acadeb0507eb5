#!/usr/bin/env python3
"""Correctly rounded log/sin/cos values for testing src/random/double-math.ts.

Run: python3 scripts/gen_rng_libm_fixtures.py   (needs mpmath; torch is not needed)
Writes test/fixtures/random/correctly_rounded_libm.json: arguments and results as 16-hex-digit
float64 bit patterns. Arguments cover the samplers' domains (1 - u for log, 2*pi*u for sin/cos)
and harder ones: the full exponent range, values next to 1, and angles next to multiples of pi/2.
"""
import math
import random

import mpmath

from fixture_files import f64_hex as hx, fixture_path, write_json

mpmath.mp.prec = 250


def main():
    rng = random.Random(2024)
    logs = []
    for _ in range(700):
        logs.append(1.0 - rng.getrandbits(53) * 2.0 ** -53)
    for _ in range(400):
        logs.append(math.ldexp(rng.random() + 0.5, rng.randint(-1074, 1023)))
    for _ in range(300):
        logs.append(1.0 + (rng.random() - 0.5) * 2.0 ** -rng.randint(1, 52))
    logs += [2.0 ** -1074, 2.0 ** -1022, 0.5, 2.0, math.sqrt(2), 1 / math.sqrt(2), 1.7976931348623157e308]
    logs = [x for x in logs if x > 0]

    angles = []
    for _ in range(700):
        angles.append(2.0 * math.pi * (rng.getrandbits(53) * 2.0 ** -53))
    for _ in range(300):
        angles.append((rng.random() - 0.5) * 2.0 ** rng.randint(-40, 20))
    for _ in range(300):
        k = rng.randint(-600000, 600000)
        angles.append(float(k * mpmath.pi / 2) + (rng.random() - 0.5) * 2.0 ** -rng.randint(0, 45))
    angles += [1e-300, -1e-300, math.pi, math.pi / 2, -math.pi / 4, 1.0, 2.0 ** 20]
    angles = [t for t in angles if abs(t) <= 2 ** 20]

    out = {
        "log": [[hx(x), hx(float(mpmath.log(mpmath.mpf(x))))] for x in logs],
        "sincos": [[hx(t), hx(float(mpmath.sin(mpmath.mpf(t)))), hx(float(mpmath.cos(mpmath.mpf(t))))] for t in angles],
    }
    write_json(fixture_path("random", "correctly_rounded_libm.json"), out)
    print("wrote", len(out["log"]), "logs and", len(out["sincos"]), "angles")


if __name__ == "__main__":
    main()
