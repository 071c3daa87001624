#!/usr/bin/env python3
"""CUDA tests of the training engine, run by scripts/gpu/test.sh on a machine with an NVIDIA GPU (the Qt test
suites need Qt, which such a machine does not have; these drive transfer-studio-cli as a user would and
need only Python's standard library and torch).

  1. `info` finds the GPU.
  2. Fine-tuning on the GPU learns (3 colour classes, resnet18 from scratch): fp32, bf16 autocast with
     channels_last, and fp16 autocast with loss scaling each reach >= 90 % validation accuracy.
  3. The GPU and the CPU agree: the first training batch's loss in fp32 (same seed, same data, same
     initial weights) within 1e-3 relative.
  4. A CUDA out-of-memory error is a clear message that names the batch size and suggests a smaller one,
     with exit code 1, not a crash.
  5. The trained model evaluates and classifies on the GPU and on the CPU with the same accuracy.

usage: test_cuda.py CLI
TL_TEST_DEVICE=cpu rehearses the script on a machine without a GPU (the GPU-only checks are left out)."""
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

CLI = sys.argv[1]
DEVICE = os.environ.get("TL_TEST_DEVICE", "cuda")
REHEARSAL = DEVICE == "cpu"
failures = []
checks = []

# Bounds. Each failure message below prints the measured value and its bound.
# Learning outcomes (3 colour classes; 24 validation images, 120 in `evaluate`, 40 red in `classify`): 90 % accuracy
# and 36 of 40 red are unmeasured over seeds, because no GPU has run these tests yet (docs/gpu.md): seed 3 only, the
# margin is unknown. Measure them over at least 20 seeds on the first GPU run.
MIN_ACCURACY = 0.9
MIN_RED = 36
# GPU against CPU, the first batch's loss at the same initial weights: float32 both, but cuDNN may run convolutions in
# TF32 (LibTorch's default; core/src/train/trainer.cpp does not turn it off), operands rounded to 10-bit mantissas
# (2^-11, about 5e-4 relative each), against oneDNN's float32 in another order. The loss of an untrained 3-class net
# (near ln 3) moves less than its logits, and the mean over 16 images averages the rest: a rough estimate gives a few
# 1e-4 relative, so 1e-3 leaves a few times at most. Not yet measured on a GPU either (docs/gpu.md).
LOSS_REL_TOLERANCE = 1e-3


def check(ok, what):
    print(("PASS   : " if ok else "FAIL!  : ") + what, flush=True)
    checks.append(what)
    if not ok:
        failures.append(what)


def png(path, width, height, pixel):
    """An 8-bit RGB PNG of pixel(x, y) -> (r, g, b)."""
    rows = b"".join(b"\0" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def colour_dataset(root, per_class):
    rng = random.Random(7)
    for name, base in (("red", (200, 40, 40)), ("green", (40, 190, 60)), ("blue", (40, 60, 200))):
        os.makedirs(os.path.join(root, name))
        for i in range(per_class):
            noise = [[tuple(min(255, c + rng.randrange(40)) for c in base) for _ in range(48)] for _ in range(40)]
            png(os.path.join(root, name, f"{i:03d}.png"), 48, 40, lambda x, y: noise[y][x])


def cli(*args, check_rc=True):
    p = subprocess.run([CLI, *args], capture_output=True, text=True)
    if check_rc and p.returncode != 0:
        print(p.stdout[-3000:], p.stderr[-3000:], sep="\n")
    return p


def train(run_dir, data, **overrides):
    config = {"model": "resnet18", "weights": "none", "dataset": data, "output_dir": run_dir, "image_size": 64,
              "batch_size": 16, "device": DEVICE, "seed": int(os.environ.get("TL_TEST_SEED", "3")),
              "phases": [{"epochs": 8, "freeze": {"preset": "all"}, "optimizer": {"name": "adam", "lr": 1e-3}}]}
    config.update(overrides)
    path = run_dir + ".json"
    with open(path, "w") as f:
        json.dump(config, f)
    p = cli("train", "--config", path, "--json", check_rc=False)
    events = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    return p, events


def main():
    info = json.loads(cli("info", "--json").stdout)
    if not REHEARSAL:
        check(info.get("cuda_available") is True, f"info finds the GPU ({info.get('device_name')})")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "colours")
        colour_dataset(data, 40)

        for name, extra in (("fp32", {}), ("bf16 + channels_last", {"precision": "bf16", "channels_last": True}),
                            ("fp16 + loss scaling", {"precision": "fp16"})):
            run = os.path.join(tmp, "run_" + name.split()[0])
            p, events = train(run, data, **extra)
            starts = [e for e in events if e["event"] == "run_start"]
            best = max((e.get("validation", {}).get("accuracy", 0) for e in events if e["event"] == "epoch"), default=0)
            check(p.returncode == 0 and starts and starts[0]["device"].startswith(DEVICE) and best >= MIN_ACCURACY,
                  f"fine-tuning on the GPU learns, {name}: best validation accuracy {best:.3f} "
                  f"(required >= {MIN_ACCURACY}), exit {p.returncode} "
                  f"{p.stderr.strip().splitlines()[-1:] if p.returncode else ''}")

        first_loss = {}
        for n, device in enumerate((DEVICE, "cpu")):
            p, events = train(os.path.join(tmp, f"agree_{n}_{device}"), data, device=device,
                              phases=[{"epochs": 1, "freeze": {"preset": "all"}}])
            batches = [e for e in events if e["event"] == "batch"]
            first_loss[n] = batches[0]["loss"] if batches else float("nan")
        rel = abs(first_loss[0] - first_loss[1]) / abs(first_loss[1])
        check(rel < LOSS_REL_TOLERANCE,
              f"GPU and CPU agree on the first batch's loss: {first_loss[0]:.6f} vs {first_loss[1]:.6f}, "
              f"relative difference {rel:.3g} (required < {LOSS_REL_TOLERANCE:g})")

        if REHEARSAL:
            return finish()
        big = os.path.join(tmp, "oom")
        p, _ = train(big, data, model="resnet50", image_size=2048, batch_size=96,
                     phases=[{"epochs": 1, "freeze": {"preset": "all"}}])
        check(p.returncode == 1 and "out of memory at batch size 96" in p.stderr and "smaller batch" in p.stderr,
              f"CUDA out of memory is a clear message (exit {p.returncode}): {p.stderr.strip().splitlines()[-1:] }")

        model = os.path.join(tmp, "run_fp32", "model.safetensors")
        acc = {}
        for device in ("cuda", "cpu"):
            e = cli("evaluate", model, data, "--device", device, "--json")
            acc[device] = json.loads(e.stdout)["accuracy"] if e.returncode == 0 else -1
        # Equal accuracy: argmax counts over the 120 images, exact unless an image sits on a near-tie that TF32 flips.
        check(acc["cuda"] == acc["cpu"] and acc["cuda"] >= MIN_ACCURACY,
              f"evaluate on GPU and CPU: {acc} (required equal and >= {MIN_ACCURACY})")
        c = cli("classify", "-m", model, "--device", "cuda", "--json", os.path.join(data, "red"))
        top = [r["top"][0]["label"] for r in json.loads(c.stdout)["results"]] if c.returncode == 0 else []
        check(len(top) == 40 and top.count("red") >= MIN_RED,
              f"classify on the GPU: {top.count('red')}/{len(top)} red (required 40 results and >= {MIN_RED} red)")

    return finish()


def finish():
    print(f"{len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
