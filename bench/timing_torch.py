"""Timing for the PyTorch side of the benchmarks, the same protocol as bench/timing.mjs: a call is
repeated enough times per sample to last target_ms, and the median of the samples is reported."""
import statistics
import time

now = time.perf_counter


def per_call_ms(fn, target_ms=300.0, repeats=5):
    """Milliseconds per call of fn: after three warm-up calls, the median of `repeats` samples."""
    single = 0.0
    for _ in range(3):
        t0 = now()
        fn()
        single = max((now() - t0) * 1000, 1e-4)
    inner = max(1, round(target_ms / single))
    samples = []
    for _ in range(repeats):
        t0 = now()
        for _ in range(inner):
            fn()
        samples.append((now() - t0) * 1000 / inner)
    return statistics.median(samples)


def whole_ms(once, repeats=5, warmups=1):
    """The median of `repeats` runs of once(), which returns its own time in milliseconds."""
    for _ in range(warmups):
        once()
    return statistics.median([once() for _ in range(repeats)])
