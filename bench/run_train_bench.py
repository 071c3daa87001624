#!/usr/bin/env python3
"""Training benchmark, in one run on one machine:
  1. Bottleneck mode: mobilenet_v2's head trained on cached features vs the same head training through the
     full forward path (both ours, head only, no augmentation): time of a later epoch, and the ratio.
  2. CPU fine-tuning: mobilenet_v2 head + last block at SIZE×SIZE with RandomResizedCrop + flip, SGD, from a
     folder of JPEGs — ours (bench_train finetune) vs PyTorch (train_reference.py: torchvision + DataLoader
     with workers = cores), plain and with the tuned allocator; training images per second of epoch 2+.
The photos are the data-loader benchmark's (run_loader_bench.py makes them), the first --count of them.
Weights: torchvision's mobilenet_v2 with random weights, saved by Python (no download).

usage: run_train_bench.py --ours PATH [--data DIR] [--count 400] [--epochs 3] [--batch 32] [--size 160]"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from bench_common import run_json

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
TUNED = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "4294967295"}


def run(cmd, env_extra=None):
    return run_json(cmd, env_extra)


def later(result):
    return statistics.mean(e["images_per_s"] for e in result["epochs"][1:]), statistics.mean(e["seconds"] for e in result["epochs"][1:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.expanduser("~"), ".cache", "transfer-studio-bench", "loader"))
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--size", type=int, default=160)
    args = ap.parse_args()
    source = os.path.join(args.data, "2000")
    if not os.path.exists(os.path.join(source, "COMPLETE")):
        subprocess.run([PY, os.path.join(HERE, "run_loader_bench.py"), "--ours", "/bin/true", "--data", args.data, "--rounds", "0"],
                       check=False, capture_output=True)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        classes = sorted(d for d in os.listdir(source) if os.path.isdir(os.path.join(source, d)))
        files = sorted((c, f) for c in classes for f in os.listdir(os.path.join(source, c)))[: args.count * 10]
        per_class = args.count // len(classes)
        for c in classes:
            os.makedirs(os.path.join(data, c))
            for f in sorted(f for cc, f in files if cc == c)[:per_class]:
                os.symlink(os.path.join(source, c, f), os.path.join(data, c, f))
        weights = os.path.join(tmp, "mobilenet_v2.pth")
        subprocess.run([PY, "-c", "import torch, torchvision, sys; torch.save(torchvision.models.mobilenet_v2().state_dict(), sys.argv[1])",
                        weights], check=True)
        n = per_class * len(classes)
        print(f"Machine: {cpu}, {os.cpu_count()} cores. {n} JPEGs, batch {args.batch}, {args.epochs} epochs (epochs 2+ timed)\n")
        env = {"XDG_CACHE_HOME": os.path.join(tmp, "cache")}
        e, b, s = str(args.epochs), str(args.batch), str(args.size)
        full = run([args.ours, "full", data, weights, e, b, "224"], env)
        neck = run([args.ours, "bottleneck", data, weights, e, b, "224"], env)
        (_, full_s), (_, neck_s) = later(full), later(neck)
        first = neck["epochs"][0]["seconds"]
        print("| mobilenet_v2 head, 224×224 | full forward path | bottleneck (cached features) | ratio |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| seconds per epoch (2+) | {full_s:.2f} s | {neck_s:.4f} s | {full_s / neck_s:.0f}× |")
        print(f"| epoch 1 (features computed) | {full['epochs'][0]['seconds']:.2f} s | {first:.2f} s | |\n")
        ours = later(run([args.ours, "finetune", data, weights, e, b, s]))[0]
        ref = [PY, os.path.join(HERE, "train_reference.py"), data, weights, e, b, s]
        plain = later(run(ref))[0]
        tuned = later(run(ref, TUNED))[0]
        print(f"| mobilenet_v2 head + last block, {s}×{s}, augmented | ours | PyTorch | PyTorch, tuned allocator | ours / PyTorch | ours / tuned |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        print(f"| training images/s (epochs 2+) | {ours:.1f} | {plain:.1f} | {tuned:.1f} | {ours / plain:.2f} | {ours / tuned:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
