#!/usr/bin/env python3
"""Data-loader benchmark: 224×224 training batches (RandomResizedCrop + horizontal flip + normalisation) from a
folder of JPEG photos, for the project (bench_loader: worker threads, reduced-size JPEG decoding, the decoded-
image cache) and for PyTorch (torchvision ImageFolder + DataLoader with num_workers = cores), in one run on one
machine. Epoch 1 is "cold" (every image decoded), later epochs "warm" (ours reads its cache; Python decodes
again, as it always does). Python is timed with glibc's default allocator and with the tuned setting.

The photos (default 2,000 in 10 classes) are made from scikit-image's real photos: random crops at varied
sizes (shorter side 300–1500 px, landscape and portrait) and JPEG qualities 60–95, kept in --data between runs.

usage: run_loader_bench.py --ours PATH [--data DIR] [--count 2000] [--epochs 3] [--batch 32] [--rounds N]"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from bench_common import bootstrap_ci, run_json

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
TUNED = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "4294967295"}

MAKE = r'''
import importlib.util, os, random, sys
from PIL import Image
folder, count = sys.argv[1], int(sys.argv[2])
data = os.path.join(importlib.util.find_spec("skimage").submodule_search_locations[0], "data")
sources = [Image.open(os.path.join(data, n)).convert("RGB") for n in
           ("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png", "retina.jpg")]
rng = random.Random(7)
for i in range(count):
    cls = "class_%02d" % (i % 10)
    os.makedirs(os.path.join(folder, cls), exist_ok=True)
    img = sources[rng.randrange(len(sources))]
    short = rng.randint(300, 1500)
    aspect = rng.choice([4 / 3, 3 / 2, 16 / 9, 1.0])
    w, h = int(short * aspect), short
    if rng.random() < 0.3:
        w, h = h, w
    cw, ch = rng.randint(img.width // 2, img.width), rng.randint(img.height // 2, img.height)
    x, y = rng.randint(0, img.width - cw), rng.randint(0, img.height - ch)
    img.crop((x, y, x + cw, y + ch)).resize((w, h), Image.BICUBIC).save(
        os.path.join(folder, cls, "%05d.jpg" % i), quality=rng.randint(60, 95))
open(os.path.join(folder, "COMPLETE"), "w").write(str(count))
'''


def run(cmd, env_extra=None):
    return run_json(cmd, env_extra)


def cold_warm(result):
    e = result["epochs"]
    return e[0]["images_per_s"], statistics.mean(x["images_per_s"] for x in e[1:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.expanduser("~"), ".cache", "transfer-studio-bench", "loader"))
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    workers = os.cpu_count()
    data = os.path.join(args.data, str(args.count))
    marker = os.path.join(data, "COMPLETE")
    if not os.path.exists(marker):
        print(f"making {args.count} photos in {data} …", flush=True)
        subprocess.run([PY, "-c", MAKE, data, str(args.count)], check=True)
    mib = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(data) for f in fs) / 2**20
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Machine: {cpu}, {workers} cores. Data: {args.count} JPEGs ({mib:.0f} MiB), batch {args.batch}, "
          f"{args.epochs} epochs, {workers} workers each side\n")

    common = [data, str(args.epochs), str(args.batch), str(workers)]
    ours_cmd = [args.ours] + common
    ref_cmd = [PY, os.path.join(HERE, "loader_reference.py")] + common
    rows = {"ours": [], "plain": [], "tuned": []}
    for i in range(args.rounds):
        order = [("ours", ours_cmd, None), ("tuned", ref_cmd, TUNED), ("plain", ref_cmd, None)]
        if i % 2:
            order.reverse()
        for name, cmd, env in order:
            rows[name].append(cold_warm(run(cmd, env)))
    med = {k: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v)) for k, v in rows.items()}
    print("| epoch | ours | Python DataLoader | Python, tuned allocator | ours / Python | ours / tuned |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for j, label in enumerate(("1 (cold: every JPEG decoded)", f"2–{args.epochs} (warm)")):
        o, p, t = med["ours"][j], med["plain"][j], med["tuned"][j]
        print(f"| {label} | {o:.0f} img/s | {p:.0f} img/s | {t:.0f} img/s | {o / p:.2f} | {o / t:.2f} |")
    if args.rounds > 1:
        for j, label in enumerate(("cold", "warm")):
            ratios = [o[j] / t[j] for o, t in zip(rows["ours"], rows["tuned"])]
            lo, hi = bootstrap_ci(ratios)
            print(f"\n{label}: median of {args.rounds} per-round ratios (ours / tuned) {statistics.median(ratios):.2f}, 95 % CI {lo:.2f}–{hi:.2f}")
    print("\nRatios are images per second, ours over Python's (above 1: we are faster).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
