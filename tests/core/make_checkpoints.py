#!/usr/bin/env python3
"""Makes the checkpoint fixtures for tst_checkpoint in OUT_DIR: good files in every format torch.save
writes (and safetensors written by hand from the format description), an oracle copy as a plain dict that
LibTorch's own reader understands, and bad files, each broken in one way.

usage: make_checkpoints.py OUT_DIR"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import zipfile

import torch


def state_dict():
    g = torch.Generator().manual_seed(3)
    base = torch.randn(6, 4, generator=g)
    sd = collections.OrderedDict()
    sd["conv.weight"] = torch.randn(8, 3, 3, 3, generator=g)
    sd["conv.bias"] = torch.randn(8, generator=g)
    sd["bn.num_batches_tracked"] = torch.tensor(12, dtype=torch.int64)
    sd["half"] = torch.randn(5, generator=g).half()
    sd["bf16"] = torch.randn(3, 2, generator=g).bfloat16()
    sd["double"] = torch.randn(2, 2, generator=g).double()
    sd["mask"] = torch.tensor([True, False, True])
    sd["bytes"] = torch.arange(7, dtype=torch.uint8)
    sd["shared.base"] = base
    sd["shared.transposed"] = base.t()          # a strided view of the same storage
    sd["shared.row"] = base[2]                  # a view with an offset
    sd["empty"] = torch.zeros(0, 5)
    sd["scalar"] = torch.tensor(2.5)
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("conv", {"version": 2})])
    return sd


def write_safetensors(path, tensors, metadata):
    names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
             torch.int64: "I64", torch.bool: "BOOL", torch.uint8: "U8"}
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for key, t in tensors.items():
        t = t.contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[key] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def rewrite_zip(src, dst, drop=None, replace=None):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            if drop and info.filename.endswith(drop):
                continue
            data = zin.read(info.filename)
            if replace and info.filename.endswith(replace[0]):
                data = replace[1]
            zout.writestr(info.filename, data)


class Rebuild:
    """Pickles as a call of torch._utils._rebuild_tensor_v2 with chosen arguments."""
    def __init__(self, storage_id, offset, size, stride):
        self.args = (storage_id, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


class StorageRef:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


def crafted_zip(path, obj, storages, pickler_hook=None):
    """A torch.save-shaped zip whose data.pkl is pickled from `obj` (StorageRef objects become
    persistent ids) with records for `storages` {key: bytes}."""
    buf = io.BytesIO()

    class P(pickle.Pickler):
        def persistent_id(self, o):
            if isinstance(o, StorageRef):
                return ("storage", torch.FloatStorage, o.key, "cpu", o.numel)
            return None

    P(buf, protocol=2).dump(obj)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", buf.getvalue())
        for key, data in storages.items():
            z.writestr("archive/data/" + key, data)
        z.writestr("archive/version", "3\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    sd = state_dict()
    p = lambda name: os.path.join(out, name)
    torch.save(sd, p("zip.pt"))
    torch.save(sd, p("legacy.pt"), _use_new_zipfile_serialization=False)
    torch.save({k: v.clone() for k, v in sd.items()}, p("oracle.pt"))  # plain dict: LibTorch's pickle_load reads it
    params = collections.OrderedDict((k, torch.nn.Parameter(v, requires_grad=v.is_floating_point()))
                                     for k, v in sd.items() if v.is_floating_point())
    torch.save(params, p("parameters.pt"))
    torch.save({"epoch": 3, "state_dict": sd}, p("wrapped.pt"))
    write_safetensors(p("python.safetensors"), {k: sd[k] for k in ["conv.weight", "conv.bias", "half", "bf16", "mask"]},
                      {"arch": "tiny", "classes": "cat,dog"})

    # A small real architecture, with torchvision's logits for a fixed input as raw float32 (read without torch).
    torch.manual_seed(5)
    import torchvision
    net = torchvision.models.resnet18(weights=None).eval()
    torch.save(net.state_dict(), p("resnet18.pt"))
    x = torch.linspace(-2, 2, 2 * 3 * 64 * 64).reshape(2, 3, 64, 64)
    with torch.no_grad():
        logits = net(x)
    x.numpy().astype("<f4").tofile(p("resnet18_input.f32"))
    logits.numpy().astype("<f4").tofile(p("resnet18_logits.f32"))

    # Bad files, each broken in one way.
    data = open(p("zip.pt"), "rb").read()
    open(p("bad_truncated_zip.pt"), "wb").write(data[: len(data) // 2])
    legacy = open(p("legacy.pt"), "rb").read()
    open(p("bad_truncated_legacy.pt"), "wb").write(legacy[: len(legacy) - 100])
    rewrite_zip(p("zip.pt"), p("bad_missing_record.pt"), drop="/data/0")
    evil = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."
    rewrite_zip(p("zip.pt"), p("bad_global.pt"), replace=("data.pkl", evil))
    crafted_zip(p("bad_too_large.pt"), {"w": Rebuild(StorageRef("0", 4), 0, (3, 3), (3, 1))}, {"0": b"\0" * 16})
    crafted_zip(p("bad_negative.pt"), {"w": Rebuild(StorageRef("0", 4), 0, (-2, 2), (2, 1))}, {"0": b"\0" * 16})
    crafted_zip(p("bad_huge.pt"), {"w": Rebuild(StorageRef("0", 4), 0, (2**40, 2**40), (2**40, 1))}, {"0": b"\0" * 16})
    crafted_zip(p("bad_storage_short.pt"), {"w": Rebuild(StorageRef("0", 1000), 0, (4,), (1,))}, {"0": b"\0" * 16})
    crafted_zip(p("bad_huge_storage.pt"), {"w": Rebuild(StorageRef("0", 2**61), 0, (4,), (1,))}, {"0": b"\0" * 16})
    open(p("bad_not_weights.pt"), "wb").write(b"hello, this is not a checkpoint at all\n" * 4)
    open(p("bad_empty.pt"), "wb").write(b"")
    header = json.dumps({"w": {"dtype": "F32", "shape": [4, 4], "data_offsets": [0, 64]}}).encode()
    open(p("bad_offsets.safetensors"), "wb").write(struct.pack("<Q", len(header)) + header + b"\0" * 16)
    header = json.dumps({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}).encode()
    open(p("bad_header_length.safetensors"), "wb").write(struct.pack("<Q", 2**40) + header + b"\0" * 8)
    print("checkpoint fixtures in", out)


if __name__ == "__main__":
    main()
