"""Timing shared by the Python references of the benchmarks (the counterpart of bench_timing.h)."""
import time


def time_it(repeat, body):
    """One warm-up run, then `repeat` timed runs: median and samples in milliseconds."""
    body()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        body()
        samples.append((time.perf_counter() - start) * 1000.0)
    return {"median_ms": sorted(samples)[len(samples) // 2], "samples_ms": samples}
