#!/usr/bin/env python3
"""Classification benchmark: decode + preprocess, one image end to end, and a folder of photos in batches,
for the project (bench_classify) and Python (PIL + torchvision.transforms + torchvision models, the same
LibTorch) in one run on one machine. Python is timed with glibc's default allocator and with the allocator
setting our executables use. The photos are made from scikit-image's real photos at camera-like sizes.

With --rounds N (N > 1) it times only the decode and one-image rows, ours and tuned Python alternately,
N rounds each, and reports the median of the per-round ratios with a 95 % bootstrap confidence interval.

usage: run_classify_bench.py --ours PATH [--models resnet50,mobilenet_v2] [--repeat N] [--folder-size 200] [--rounds N]"""
import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile

from bench_common import interleaved_ratio, run_json

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
TUNED = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "4294967295"}
SIZES = [(640, 480), (1024, 768), (1600, 1200), (2048, 1536), (3000, 2000), (4032, 3024)]


def run(cmd, env_extra=None):
    return run_json(cmd, env_extra)


def make_photos(folder, count):
    make = r'''
import importlib.util, os, random, sys
from PIL import Image
folder, count = sys.argv[1], int(sys.argv[2])
data = os.path.join(importlib.util.find_spec("skimage").submodule_search_locations[0], "data")
sources = [Image.open(os.path.join(data, n)).convert("RGB") for n in
           ("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png", "retina.jpg")]
sizes = %r
rng = random.Random(1)
os.makedirs(os.path.join(folder, "photos"), exist_ok=True)
for i in range(count):
    img = sources[i %% len(sources)]
    w, h = sizes[i %% len(sizes)]
    if rng.random() < 0.3:
        w, h = h, w
    box = (rng.randint(0, img.width // 8), rng.randint(0, img.height // 8), img.width - rng.randint(0, img.width // 8), img.height - rng.randint(0, img.height // 8))
    img.crop(box).resize((w, h), Image.BICUBIC).save(os.path.join(folder, "photos", "%%04d.jpg" %% i), quality=90)
for w, h in ((1600, 1200), (4032, 3024)):
    sources[0].resize((w, h), Image.BICUBIC).save(os.path.join(folder, "single_%%dx%%d.jpg" %% (w, h)), quality=90)
''' % (SIZES,)
    subprocess.run([PY, "-c", make, folder, str(count)], check=True)


def ms_row(name, ours, plain, tuned):
    o, p, t = ours["median_ms"], plain["median_ms"], tuned["median_ms"]
    return f"| {name} | {o:.1f} ms | {p:.1f} ms | {t:.1f} ms | {o / p:.2f} | {o / t:.2f} |"


def save_weights(arch, path):
    subprocess.run([PY, "-c", "import torch, torchvision, sys; "
                    f"torch.save(torchvision.models.{arch}(weights=None).state_dict(), sys.argv[1])", path], check=True)


def rounds(args, ref):
    r = str(args.repeat)
    print("| measurement | ours (median of rounds) | Python, tuned allocator | ratio: median of rounds | 95 % CI | rounds |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        make_photos(tmp, 0)
        cases = []
        for size in ("1600x1200", "4032x3024"):
            image = os.path.join(tmp, f"single_{size}.jpg")
            cases.append((f"decode + preprocess, {size} JPEG", [args.ours, "prep", "resnet50", image, r], ref + ["prep", "resnet50", image, r]))
        for arch in args.models.split(","):
            weights = os.path.join(tmp, f"{arch}.pth")
            save_weights(arch, weights)
            for size in ("1600x1200", "4032x3024"):
                image = os.path.join(tmp, f"single_{size}.jpg")
                cases.append((f"{arch}: one {size} JPEG end to end", [args.ours, "one", arch, weights, image, r],
                              ref + ["one", arch, weights, image, r]))
        for name, ours_cmd, ref_cmd in cases:
            ours, theirs, ratio, (lo, hi) = interleaved_ratio(
                args.rounds, lambda: run(ours_cmd)["median_ms"], lambda: run(ref_cmd, TUNED)["median_ms"])
            print(f"| {name} | {ours:.1f} ms | {theirs:.1f} ms | {ratio:.2f} | {lo:.2f}–{hi:.2f} | {args.rounds} |", flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--models", default="resnet50,mobilenet_v2")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--folder-size", type=int, default=200)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    ref = [PY, os.path.join(HERE, "classify_reference.py")]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Machine: {cpu}, {os.cpu_count()} cores\n")
    if args.rounds > 1:
        return rounds(args, ref)
    print("| measurement | ours | Python | Python, tuned allocator | ratio | ratio (tuned) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    r = str(args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        make_photos(tmp, args.folder_size)
        for size in ("1600x1200", "4032x3024"):
            image = os.path.join(tmp, f"single_{size}.jpg")
            print(ms_row(f"decode + preprocess, {size} JPEG", run([args.ours, "prep", "resnet50", image, r]),
                         run(ref + ["prep", "resnet50", image, r]), run(ref + ["prep", "resnet50", image, r], TUNED)), flush=True)
        for arch in args.models.split(","):
            weights = os.path.join(tmp, f"{arch}.pth")
            save_weights(arch, weights)
            for size in ("1600x1200", "4032x3024"):
                image = os.path.join(tmp, f"single_{size}.jpg")
                print(ms_row(f"{arch}: one {size} JPEG end to end", run([args.ours, "one", arch, weights, image, r]),
                             run(ref + ["one", arch, weights, image, r]), run(ref + ["one", arch, weights, image, r], TUNED)),
                      flush=True)
            folder = os.path.join(tmp, "photos")
            b = str(args.batch)
            ours = run([args.ours, "folder", arch, weights, folder, b])["images_per_s"]
            plain = run(ref + ["folder", arch, weights, folder, b])["images_per_s"]
            tuned = run(ref + ["folder", arch, weights, folder, b, "2"], TUNED)["images_per_s"]
            print(f"| {arch}: {args.folder_size} photos, batch {b} | {ours:.1f} img/s | {plain:.1f} img/s | {tuned:.1f} img/s "
                  f"(DataLoader, 2 workers) | {plain / ours:.2f} | {tuned / ours:.2f} |", flush=True)
    print("\nRatios are ours / Python in time (below 1: we are faster); for the folder rows, Python's images/s over ours.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
