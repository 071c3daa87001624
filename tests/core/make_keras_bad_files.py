"""Broken and foreign HDF5 files for the Keras reader's bad-input tests (tst_keras), written with h5py.

Usage: make_keras_bad_files.py OUTDIR
"""
import os
import sys

import h5py
import numpy as np


def keras_weights(path, layers, extra=None):
    """A weights-only Keras file: `layers` is a list of (name, [(weight name, array)])."""
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n, _ in layers])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for name, weights in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([w.encode() for w, _ in weights], dtype="S64")
            for w, a in weights:
                g.create_dataset(w, data=a)
        if extra:
            extra(f)


def vgg_like(conv1_out=64):
    rng = np.random.default_rng(1)
    conv = lambda i, o: [("kernel:0", rng.standard_normal((3, 3, i, o)).astype("f4")),
                         ("bias:0", np.zeros(o, "f4"))]
    return [("input_1", []), ("block1_conv1", [(f"block1_conv1/{w}", a) for w, a in conv(3, conv1_out)]),
            ("block5_conv3", [(f"block5_conv3/{w}", a) for w, a in conv(512, 512)])]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    # A valid but partial VGG16 (recognised by block5_conv3): the wrong architecture for a MobileNet.
    keras_weights(os.path.join(out, "vgg_partial.h5"), vgg_like())
    # A kernel of the wrong shape in block1_conv1.
    keras_weights(os.path.join(out, "shape_mismatch.h5"), vgg_like(conv1_out=32))
    # HDF5, but not Keras: no layer_names.
    with h5py.File(os.path.join(out, "not_keras.h5"), "w") as f:
        f.create_dataset("data", data=rng.standard_normal((10, 10)).astype("f4"))
    # A listed layer without its group.
    keras_weights(os.path.join(out, "missing_group.h5"), vgg_like(),
                  extra=lambda f: f.attrs.__setitem__("layer_names", np.array([b"input_1", b"block1_conv1", b"block5_conv3", b"fc1"])))
    # A dataset declaring 2^40 floats (never allocated in the file).
    def absurd(f):
        del f["block1_conv1/block1_conv1/kernel:0"]
        f["block1_conv1"].create_dataset("block1_conv1/kernel:0", shape=(1 << 20, 1 << 10, 1, 1), dtype="f4")
    keras_weights(os.path.join(out, "absurd_shape.h5"), vgg_like(), extra=absurd)
    # Integers where a weight should be.
    def integers(f):
        del f["block1_conv1/block1_conv1/bias:0"]
        f["block1_conv1"].create_dataset("block1_conv1/bias:0", data=np.zeros(64, "i4"))
    keras_weights(os.path.join(out, "int_weights.h5"), vgg_like(), extra=integers)
    # A weight name listed but its dataset missing.
    def missing(f):
        del f["block1_conv1/block1_conv1/bias:0"]
    keras_weights(os.path.join(out, "missing_dataset.h5"), vgg_like(), extra=missing)
    # Truncated: the second half of a valid file cut off.
    whole = os.path.join(out, "vgg_partial.h5")
    data = open(whole, "rb").read()
    open(os.path.join(out, "truncated.h5"), "wb").write(data[: len(data) // 2])
    # HDF5's signature, then garbage.
    open(os.path.join(out, "garbage.h5"), "wb").write(b"\x89HDF\r\n\x1a\n" + rng.bytes(4000))
    print("wrote bad Keras files to", out)


if __name__ == "__main__":
    main()
