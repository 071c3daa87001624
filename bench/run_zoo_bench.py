#!/usr/bin/env python3
"""Model-zoo benchmark: checkpoint load + apply, and CPU forward at batch 1 and 32, for the project
(bench_zoo) and Python torchvision with the same LibTorch, in one run on one machine. Python is timed
with glibc's default allocator and with the allocator setting our executables use. Prints a Markdown
table with the ratios (ours / Python; below 1 means we are faster).

With --rounds N (N > 1) it measures ours and tuned Python alternately, N rounds each, and reports the
median of the per-round ratios with a 95 % bootstrap confidence interval: this machine's timings drift
by tens of percent over minutes, and interleaving spreads that drift over both sides.

usage: run_zoo_bench.py --ours PATH [--models resnet50,mobilenet_v2] [--batches 1,32] [--repeat N] [--rounds N]"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

from bench_common import interleaved_ratio, run_json

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
TUNED = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "4294967295"}


def run(cmd, env_extra=None):
    return run_json(cmd, env_extra)["median_ms"]


def row(name, ours, plain, tuned):
    return f"| {name} | {ours:.1f} | {plain:.1f} | {tuned:.1f} | {ours / plain:.2f} | {ours / tuned:.2f} |"


def interleaved(args, ref, ckpt):
    """Ours vs tuned Python, alternating, `rounds` times per measurement."""
    r = args.repeat
    cases = [("resnet50 checkpoint load + apply", [args.ours, "load", "resnet50", ckpt, str(4 * r)],
              ref + ["load", "resnet50", ckpt, str(4 * r)])]
    for arch in args.models.split(","):
        size = "299" if arch == "inception_v3" else "224"
        for batch in args.batches.split(","):
            reps = str(4 * r if batch == "1" else max(2, r // 2))
            cases.append((f"{arch} forward, batch {batch}", [args.ours, "forward", arch, batch, size, reps],
                          ref + ["forward", arch, batch, size, reps]))
    print("| measurement | ours (median of rounds) | Python, tuned allocator | ratio: median of rounds | 95 % CI | rounds |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for name, ours_cmd, ref_cmd in cases:
        ours, theirs, ratio, (lo, hi) = interleaved_ratio(args.rounds, lambda: run(ours_cmd), lambda: run(ref_cmd, TUNED))
        print(f"| {name} | {ours:.1f} | {theirs:.1f} | {ratio:.2f} | {lo:.2f}–{hi:.2f} | {args.rounds} |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--models", default="resnet50,mobilenet_v2,vgg16,inception_v3,efficientnet_b0")
    ap.add_argument("--batches", default="1,32")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    ref = [PY, os.path.join(HERE, "zoo_reference.py")]
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"Machine: {cpu}, {os.cpu_count()} cores; times are medians in ms\n")
    if args.rounds > 1:
        with tempfile.TemporaryDirectory() as tmp:
            ckpt = os.path.join(tmp, "resnet50.pth")
            subprocess.run([PY, "-c", "import torch, torchvision, sys; "
                            "torch.save(torchvision.models.resnet50(weights=None).state_dict(), sys.argv[1])", ckpt], check=True)
            interleaved(args, ref, ckpt)
        return 0
    print("| measurement | ours | Python | Python, tuned allocator | ratio | ratio (tuned) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = os.path.join(tmp, "resnet50.pth")
        subprocess.run([PY, "-c", "import torch, torchvision, sys; "
                        "torch.save(torchvision.models.resnet50(weights=None).state_dict(), sys.argv[1])", ckpt], check=True)
        r = args.repeat
        n = str(4 * r)
        print(row("resnet50 checkpoint load + apply", run([args.ours, "load", "resnet50", ckpt, n]),
                  run(ref + ["load", "resnet50", ckpt, n]), run(ref + ["load", "resnet50", ckpt, n], TUNED)),
              flush=True)
    for arch in args.models.split(","):
        size = "299" if arch == "inception_v3" else "224"
        for batch in args.batches.split(","):
            # Batch-1 forwards take milliseconds and this machine's timings jitter: more samples for them.
            reps = str(4 * r if batch == "1" else max(2, r // 2))
            print(row(f"{arch} forward, batch {batch}", run([args.ours, "forward", arch, batch, size, reps]),
                      run(ref + ["forward", arch, batch, size, reps]),
                      run(ref + ["forward", arch, batch, size, reps], TUNED)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
