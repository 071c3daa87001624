#!/usr/bin/env python3
"""Seed inputs for the fuzz harnesses that the fixture scripts do not make as they are: small real files of each
format (torch.save zip and legacy state dicts of a tiny torchvision-shaped module, safetensors, a few odd
images), and small copies of big fixtures (a model file's metadata with one-element tensors, a run's
checkpoint.safetensors with its tensors cut to two elements), and run checkpoints shaped as the run_dir harness's
own network (train/checkpoint.h's layout), so that the fuzzer starts past the shape checks. Called by
scripts/fuzz/make-corpora.sh.

usage: make_seeds.py generate CORPUS_DIR
       make_seeds.py shrink-model-file IN OUT        (same metadata and tensor names, every tensor 1 element)
       make_seeds.py shrink-run-checkpoint IN OUT    (a run's checkpoint.safetensors, every tensor cut to 2 elements)"""
import collections
import io
import json
import os
import struct
import sys


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def safetensors_bytes(tensors, metadata=None):
    """tensors: list of (name, dtype name, shape, raw bytes)."""
    header = collections.OrderedDict()
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in tensors)


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n))


ELEMENT_BYTES = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def shrink_safetensors(src, out, shrunk):
    """A copy of a safetensors file with the same metadata and tensor names; shrunk(name, dtype) gives each
    tensor's new (shape, raw bytes)."""
    header = read_safetensors(src)
    tensors = [(name, entry["dtype"]) + shrunk(name, entry["dtype"]) for name, entry in header.items() if name != "__metadata__"]
    write(out, safetensors_bytes(tensors, header.get("__metadata__")))


def shrink_model_file(src, out):
    shrink_safetensors(src, out, lambda name, dtype: ([1], b"\0" * ELEMENT_BYTES.get(dtype, 4)))


def shrink_run_checkpoint(src, out):
    def shrunk(name, dtype):
        if name.endswith(".step"):  # a step count: one int64, kept small
            return [1], struct.pack("<q", 1)
        return [2], bytes(range(1, 1 + 2 * ELEMENT_BYTES.get(dtype, 4)))

    shrink_safetensors(src, out, shrunk)


def pack(parts):
    """The run_dir harness's input: each part a 4-byte little-endian length and its bytes (scripts/fuzz/pack.py)."""
    return b"".join(struct.pack("<I", len(p)) + p for p in parts)


def harness_run_checkpoint(optimizer):
    """A checkpoint of the run_dir harness's network and head (each one Linear(2, 2) in a Sequential) and of its
    SGD (momentum) or Adam optimizer, with a valid position and torch's random-number state."""
    import torch

    f32 = lambda *v: struct.pack("<%df" % len(v), *v)
    tensors = []
    for part in ("net", "head"):
        tensors.append((part + ".0.weight", "F32", [2, 2], f32(0.5, -0.5, 0.25, 1.0)))
        tensors.append((part + ".0.bias", "F32", [2], f32(0.1, -0.1)))
    for i, shape in enumerate([[2, 2], [2]]):
        n = 4 if len(shape) == 2 else 2
        prefix = "optimizer.0.%d." % i
        if optimizer == "sgd":
            tensors.append((prefix + "momentum_buffer", "F32", shape, f32(*[0.01] * n)))
        else:
            tensors.append((prefix + "step", "I64", [1], struct.pack("<q", 3)))
            tensors.append((prefix + "exp_avg", "F32", shape, f32(*[0.01] * n)))
            tensors.append((prefix + "exp_avg_sq", "F32", shape, f32(*[0.001] * n)))
    tensors.append(("rng", "U8", [5056], torch.get_rng_state().numpy().tobytes()))
    position = {"phase_index": 0, "epoch_in_phase": 1, "epoch": 1, "step": 4, "best": 0.5, "best_epoch": 1,
                "best_in_phase": 0.5, "since_best": 0, "early_stopped": False,
                "metrics_row": "1,1,0.5,0.5,0.5,0.5,0.5,0.001,1.000,1.00\n"}
    return safetensors_bytes(tensors, {"format": "transfer-studio run checkpoint", "version": "1", "optimizer": optimizer,
                                       "position": json.dumps(position)})


def generate(corpus):
    import torch
    from torch import nn

    torch.manual_seed(0)

    # ---- torch.save: a tiny network with torchvision's kinds of keys, in both formats, plain and wrapped ----
    class Tiny(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 4, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(4)
            self.fc = nn.Linear(4, 3)

    state = Tiny().state_dict()
    ts = os.path.join(corpus, "torch_save")
    os.makedirs(ts, exist_ok=True)
    variants = {
        "tiny": state,
        "wrapped_state_dict": {"state_dict": state, "epoch": 3},
        "wrapped_model": {"model": state, "optimizer": {"lr": 0.1}},
        "dtypes": collections.OrderedDict(
            [("f16", torch.arange(6, dtype=torch.float16)), ("bf16", torch.ones(2, 3, dtype=torch.bfloat16)),
             ("f64", torch.zeros(2, dtype=torch.float64)), ("i64", torch.arange(4)), ("i32", torch.arange(3, dtype=torch.int32)),
             ("i16", torch.arange(2, dtype=torch.int16)), ("i8", torch.arange(2, dtype=torch.int8)),
             ("u8", torch.arange(2, dtype=torch.uint8)), ("bool", torch.tensor([True, False])), ("scalar", torch.tensor(1.5)),
             ("empty", torch.zeros(0, 3))]),
    }
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    variants["views"] = collections.OrderedDict(
        [("whole", base), ("transposed", base.t()), ("row", base[1]), ("column", base[:, 2]), ("offset", base[2:])])
    variants["parameters"] = collections.OrderedDict([("w", nn.Parameter(torch.ones(2, 2)))])
    for name, obj in variants.items():
        torch.save(obj, os.path.join(ts, name + "_zip.pt"))
        torch.save(obj, os.path.join(ts, name + "_legacy.pt"), _use_new_zipfile_serialization=False)

    # ---- safetensors ----
    st = os.path.join(corpus, "safetensors")
    f32 = struct.pack("<6f", *range(6))
    write(os.path.join(st, "gen_small.safetensors"),
          safetensors_bytes([("a", "F32", [2, 3], f32), ("b", "I64", [2], struct.pack("<2q", 1, -1)),
                             ("c", "BOOL", [2], b"\x01\x00"), ("d", "F16", [0], b""), ("e", "BF16", [], b"\x80\x3f")],
                            {"format": "pt", "note": "seed"}))
    write(os.path.join(st, "gen_dtypes.safetensors"),
          safetensors_bytes([(d, d, [2], b"\x01" * (2 * s)) for d, s in
                             [("F64", 8), ("I32", 4), ("I16", 2), ("I8", 1), ("U8", 1), ("F16", 2)]]))

    # ---- run_dir: a run directory whose checkpoint fits the harness's network, with each optimizer it tries ----
    config = json.dumps({"model": "resnet18", "dataset": "data", "output_dir": "run",
                         "phases": [{"epochs": 2, "optimizer": {"name": "sgd"}}]}).encode()
    lines = [{"event": "run_start", "run_dir": "run", "classes": ["a", "b"], "train_images": 8, "validation_images": 2,
              "device": "cpu", "input_size": 48},
             {"event": "phase_start", "phase": 1, "epochs": 2, "trainable": 6, "frozen": 0, "description": "head only"},
             {"event": "batch", "phase": 1, "epoch": 1, "batch": 1, "batches": 2, "step": 1, "loss": 0.7, "accuracy": 0.5,
              "lr": 0.001, "images_per_s": 10.0, "eta_s": 3.0},
             {"event": "epoch", "phase": 1, "epoch": 1, "epoch_in_phase": 1, "train_loss": 0.5, "train_accuracy": 0.5,
              "lr": 0.001, "seconds": 1.0, "images_per_s": 8.0, "best": True,
              "validation": {"loss": 0.5, "accuracy": 0.5, "top5": 1.0, "images": 2, "confusion": [[1, 0], [1, 0]],
                             "precision": [0.5, 0.0], "recall": [1.0, 0.0], "f1": [0.67, 0.0], "support": [1, 1]}},
             {"event": "run_end", "status": "stopped", "epochs": 1, "best_epoch": 1, "best_accuracy": 0.5,
              "model": "run/model.safetensors", "run_dir": "run"}]
    events = b"".join(json.dumps(e).encode() + b"\n" for e in lines)
    metrics = (b"phase,epoch,train_loss,train_accuracy,val_loss,val_accuracy,val_top5,lr,seconds,images_per_s\n"
               b"1,1,0.5,0.5,0.5,0.5,0.5,0.001,1.000,1.00\n")
    for optimizer in ("sgd", "adam"):
        write(os.path.join(corpus, "run_dir", "gen_" + optimizer + ".bin"),
              pack([config, harness_run_checkpoint(optimizer), events, metrics]))

    # ---- images: a few decodings the fixtures do not have ----
    from PIL import Image
    import numpy as np

    im = os.path.join(corpus, "image")
    os.makedirs(im, exist_ok=True)
    rgb = Image.fromarray((np.arange(8 * 6 * 3) % 251).astype(np.uint8).reshape(8, 6, 3))
    Image.fromarray((np.arange(48) * 5 % 256).astype(np.uint8).reshape(8, 6)).convert("LA").save(os.path.join(im, "gen_gray_alpha.png"))
    rgb.convert("1").save(os.path.join(im, "gen_1bit.bmp"))
    rgb.convert("P").save(os.path.join(im, "gen_palette.bmp"))
    rgb.save(os.path.join(im, "gen_progressive.jpg"), progressive=True, quality=80)
    rgb.save(os.path.join(im, "gen_small.webp"), lossless=True)
    rgb.convert("RGBA").save(os.path.join(im, "gen_rgba.tif"), compression="tiff_deflate")
    Image.fromarray(np.linspace(0, 1, 48, dtype=np.float32).reshape(8, 6), mode="F").save(os.path.join(im, "gen_float.tif"))
    Image.fromarray((np.arange(48, dtype=np.uint16) * 1000).reshape(8, 6)).save(os.path.join(im, "gen_gray16.png"))
    exif = Image.Exif()
    exif[0x0112] = 6
    rgb.save(os.path.join(im, "gen_exif6.png"), exif=exif.tobytes())
    rgb.save(os.path.join(im, "gen_exif6.webp"), exif=exif.tobytes())


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "generate":
        generate(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "shrink-model-file":
        shrink_model_file(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "shrink-run-checkpoint":
        shrink_run_checkpoint(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
