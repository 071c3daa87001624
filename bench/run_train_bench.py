#!/usr/bin/env python3
"""Training benchmark, in one run on one machine:
  1. Bottleneck mode: mobilenet_v2's head trained on cached features vs the same head training through the
     full forward path (both ours, head only, no augmentation): time of a later epoch, and the ratio.
  2. CPU fine-tuning: mobilenet_v2 head + last block at SIZE×SIZE with RandomResizedCrop + flip, SGD, from a
     folder of JPEGs — ours (bench_train finetune) vs PyTorch (train_reference.py: torchvision + DataLoader
     with workers = cores), plain and with the tuned allocator; training images per second of epoch 2+.
The photos are the data-loader benchmark's (run_loader_bench.py makes them), the first --count of them.
Weights: torchvision's mobilenet_v2 with random weights, saved by Python (no download).

With --gpu (scripts/gpu/bench.sh, on a machine with an NVIDIA GPU): resnet50 at 224×224, every layer training,
bf16 autocast, channels_last, from a folder of --count JPEGs that Pillow makes (500×375, 10 classes) — ours
(bench_train gpu) vs train_reference.py --gpu (torchvision + DataLoader, workers = cores); training images/s of
epochs 2+, and the share of the GPU's measured bf16 matrix rate (a training image costs 3 × 4.09 G
multiply-adds = 24.5 GFLOP).

usage: run_train_bench.py --ours PATH [--data DIR] [--count 400] [--epochs 3] [--batch 32] [--size 160]
       run_train_bench.py --gpu --ours PATH [--python python3] [--count 6000] [--epochs 3] [--batch 256]"""
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
    ap.add_argument("--gpu", action="store_true")
    ap.add_argument("--python", default=PY)
    args = ap.parse_args()
    if args.gpu:
        return gpu_bench(args)
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


def bf16_matmul_tflops(python):
    code = """
import json, time, torch
a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
b = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
for _ in range(5): a @ b
torch.cuda.synchronize()
start = time.perf_counter()
for _ in range(50): a @ b
torch.cuda.synchronize()
print(json.dumps({"tflops": 50 * 2 * 8192 ** 3 / (time.perf_counter() - start) / 1e12, "gpu": torch.cuda.get_device_name(0)}))
"""
    return run_json([python, "-c", code])


def make_jpegs(python, root, count):
    code = """
import os, random, sys
from PIL import Image, ImageDraw
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(1)
for i in range(count):
    c = i % 10
    d = os.path.join(root, f"class{c}")
    os.makedirs(d, exist_ok=True)
    img = Image.new("RGB", (500, 375), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(500), rng.randrange(375)
        draw.ellipse((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)), fill=tuple(rng.randrange(256) for _ in range(3)))
    img.save(os.path.join(d, f"{i:05d}.jpg"), quality=90)
"""
    subprocess.run([python, "-c", code, root, str(count)], check=True)


def gpu_bench(args):
    count = args.count if args.count != 400 else 6000
    batch = args.batch if args.batch != 32 else 256
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "jpegs")
        make_jpegs(args.python, data, count)
        rate = bf16_matmul_tflops(args.python)
        e, b = str(args.epochs), str(batch)
        print(f"Machine: {rate['gpu']}, {os.cpu_count()} CPU cores; bf16 matrix rate measured {rate['tflops']:.0f} TFLOP/s. "
              f"{count} JPEGs 500×375, batch {batch}, {args.epochs} epochs (epochs 2+ timed)\n")
        ours = later(run([args.ours, "gpu", data, "none", e, b, "224"], {"XDG_CACHE_HOME": os.path.join(tmp, "cache")}))[0]
        ref = later(run([args.python, os.path.join(HERE, "train_reference.py"), data, "none", e, b, "224", "--gpu"]))[0]
        share = lambda ips: ips * 24.5e9 / (rate["tflops"] * 1e12)
        print("| resnet50 224×224, all layers, bf16, channels_last, from JPEGs | ours | PyTorch | ours / PyTorch |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| training images/s (epochs 2+) | {ours:.0f} | {ref:.0f} | {ours / ref:.2f} |")
        print(f"| share of the measured bf16 matrix rate | {share(ours):.0%} | {share(ref):.0%} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
