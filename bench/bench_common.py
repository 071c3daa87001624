"""Timing shared by the Python references of the benchmarks (the counterpart of bench_timing.h)."""
import json
import os
import random
import statistics
import subprocess
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


def bootstrap_ci(values, rounds=2000, seed=1):
    """95 % bootstrap confidence interval of the median of `values`."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


def interleaved_ratio(rounds, ours, theirs):
    """Calls ours() and theirs() (each returns a time) alternately, `rounds` times, the first side alternating
    too, so that a slow phase of the machine hits both. Returns (median ours, median theirs, median of the
    per-round ratios, (CI low, CI high))."""
    a, b, ratios = [], [], []
    for i in range(rounds):
        if i % 2 == 0:
            o, t = ours(), theirs()
        else:
            t, o = theirs(), ours()
        a.append(o)
        b.append(t)
        ratios.append(o / t)
    return statistics.median(a), statistics.median(b), statistics.median(ratios), bootstrap_ci(ratios)


PY = "/usr/bin/python3"
TUNED = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "4294967295"}


def run_json(cmd, env_extra=None):
    """Runs a benchmark program (ours or a Python reference) and returns the JSON object on its last line."""
    env = dict(os.environ)
    env.update(env_extra or {})
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])
