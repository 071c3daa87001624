#!/usr/bin/env python3
"""Small Keras HDF5 files (a few KB each) as h5py and Keras write them, for the Keras fuzz harnesses'
seeds (tests/fuzz/seeds/keras_h5): weights-only and model.save layouts, fixed-length and variable-length
name attributes, names split past HDF5's header limit (layer_names0, layer_names1), chunked and compressed
datasets, float16 and float64 weights, Keras 1 weight names.

usage: make_keras_seeds.py OUTDIR"""
import os
import sys

import h5py
import numpy as np


def layers(rng):
    conv = [("conv1/kernel:0", rng.standard_normal((3, 3, 3, 4)).astype("f4")), ("conv1/bias:0", np.zeros(4, "f4"))]
    bn = [("bn/gamma:0", np.ones(4, "f4")), ("bn/beta:0", np.zeros(4, "f4")),
          ("bn/moving_mean:0", np.zeros(4, "f4")), ("bn/moving_variance:0", np.ones(4, "f4"))]
    dense = [("predictions/kernel:0", rng.standard_normal((4, 3)).astype("f4")), ("predictions/bias:0", np.zeros(3, "f4"))]
    return [("conv1", conv), ("bn", bn), ("pool", []), ("predictions", dense)]


def strings(values, vlen):
    if vlen:
        return np.array(values, dtype=h5py.string_dtype())
    return np.array([v.encode() for v in values])


def write(path, vlen=False, model=False, split=False, chunked=False, dtype="f4", legacy=False):
    rng = np.random.default_rng(7)
    spec = layers(rng)
    if legacy:  # Keras 1: conv1_W_1:0, conv1_b_1:0
        spec = [("conv1", [("conv1_W_1:0", spec[0][1][0][1]), ("conv1_b_1:0", spec[0][1][1][1])])]
    with h5py.File(path, "w") as f:
        g = f.create_group("model_weights") if model else f
        if model:
            f.attrs["model_config"] = '{"class_name": "Functional", "config": {"layers": []}}'
            f.attrs["training_config"] = '{}'
        names = [n for n, _ in spec]
        if split:
            g.attrs["layer_names0"] = strings(names[:2], vlen)
            g.attrs["layer_names1"] = strings(names[2:], vlen)
        else:
            g.attrs["layer_names"] = strings(names, vlen)
        root = f if not model else g
        root.attrs["backend"] = "tensorflow" if vlen else b"tensorflow"
        root.attrs["keras_version"] = "2.11.0" if vlen else b"2.2.4"
        for name, weights in spec:
            lg = g.create_group(name)
            if weights:
                lg.attrs["weight_names"] = strings([w for w, _ in weights], vlen)
            else:
                lg.attrs["weight_names"] = np.zeros(0, "f8")
            for w, a in weights:
                kw = {"chunks": True, "compression": "gzip"} if chunked and a.ndim > 1 else {}
                lg.create_dataset(w, data=a.astype(dtype), **kw)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "weights_fixed.h5"))
    write(os.path.join(out, "weights_vlen.h5"), vlen=True)
    write(os.path.join(out, "model_save.h5"), vlen=True, model=True)
    write(os.path.join(out, "split_names.h5"), split=True)
    write(os.path.join(out, "chunked_gzip.h5"), chunked=True)
    write(os.path.join(out, "float16.h5"), dtype="f2")
    write(os.path.join(out, "float64.h5"), dtype="f8")
    write(os.path.join(out, "keras1_names.h5"), legacy=True)


if __name__ == "__main__":
    main()
