"""TF-slim checkpoints (TensorFlow V2 bundles) of the Keras reference models, for tst_keras.

Keras Applications' VGG16 and InceptionV3 are ports of TF-slim's vgg_16 and inception_v3. This script
takes the random weights of two TensorFlow.js reference cases (tests/keras_reference: vgg16_top at 224 px,
inception_v3_top at 75 px), renames every weight to its TF-slim variable (fc6 as the 7x7 convolution
TF-slim stores, fc7/fc8 and the Inception logits as 1x1 convolutions, Inception's logits with 1001 classes:
a 'background' class put in front), adds what real TF-slim checkpoints also hold (global_step, optimizer
slots, Inception's auxiliary head), and writes the bundle with make_tf_bundle.py's writer. The app must
give the reference outputs from these checkpoints (the background logit aside).

usage: make_slim_fixtures.py KERAS_FIXTURES OUT_DIR   (exit 77 when the Keras fixtures are absent)
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tf_bundle  # noqa: E402


def load_case(case_dir):
    meta = json.load(open(os.path.join(case_dir, "weights.json")))
    blob = open(os.path.join(case_dir, "weights.bin"), "rb").read()
    layers = {}
    for layer in meta["layers"]:
        ws = []
        for w in layer["weights"]:
            a = np.frombuffer(blob, dtype="<f4", count=int(np.prod(w["shape"])), offset=w["offset"]).reshape(w["shape"])
            ws.append((w["name"].split("/")[-1].split(":")[0], a))
        layers[layer["name"]] = dict(ws)
    return layers


def tensor(name, array):
    a = np.ascontiguousarray(array, dtype="<f4")
    return {"name": name, "dtype": "float32", "dims": list(a.shape), "raw": a.tobytes()}


def extras(rng):
    """What a TF-slim training run leaves in a checkpoint besides the model."""
    step = np.array(12345, dtype="<i8")
    return [{"name": "global_step", "dtype": "int64", "dims": [], "raw": step.tobytes()}]


def vgg16(layers, rng):
    out = extras(rng)
    convs = [2, 2, 3, 3, 3]
    for b, n in enumerate(convs, 1):
        for c in range(1, n + 1):
            k = layers["block%d_conv%d" % (b, c)]
            scope = "vgg_16/conv%d/conv%d_%d" % (b, b, c)
            out += [tensor(scope + "/weights", k["kernel"]), tensor(scope + "/biases", k["bias"])]
            if b == 1 and c == 1:  # an optimizer slot beside a variable
                out.append(tensor(scope + "/weights/Momentum", np.zeros_like(k["kernel"])))
    # Keras' Dense after Flatten (channels-last) is TF-slim's 7x7 'VALID' convolution, HWIO.
    out += [tensor("vgg_16/fc6/weights", layers["fc1"]["kernel"].reshape(7, 7, 512, 4096)), tensor("vgg_16/fc6/biases", layers["fc1"]["bias"])]
    out += [tensor("vgg_16/fc7/weights", layers["fc2"]["kernel"].reshape(1, 1, 4096, 4096)), tensor("vgg_16/fc7/biases", layers["fc2"]["bias"])]
    out += [tensor("vgg_16/fc8/weights", layers["predictions"]["kernel"].reshape(1, 1, 4096, 1000)),
            tensor("vgg_16/fc8/biases", layers["predictions"]["bias"])]
    return out


def inception_scopes():
    """TF-slim's inception_v3 convolutions in the order the network creates them (= Keras' conv2d_1..94)."""
    s = ["Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "Conv2d_3b_1x1", "Conv2d_4a_3x3"]
    m5 = ["Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_5x5", "Branch_2/Conv2d_0a_1x1",
          "Branch_2/Conv2d_0b_3x3", "Branch_2/Conv2d_0c_3x3", "Branch_3/Conv2d_0b_1x1"]
    blocks = [("Mixed_5b", m5),
              ("Mixed_5c", ["Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x1", "Branch_1/Conv_1_0c_5x5"] + m5[3:]),
              ("Mixed_5d", m5),
              ("Mixed_6a", ["Branch_0/Conv2d_1a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_3x3", "Branch_1/Conv2d_1a_1x1"])]
    m6 = ["Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x7", "Branch_1/Conv2d_0c_7x1",
          "Branch_2/Conv2d_0a_1x1", "Branch_2/Conv2d_0b_7x1", "Branch_2/Conv2d_0c_1x7", "Branch_2/Conv2d_0d_7x1",
          "Branch_2/Conv2d_0e_1x7", "Branch_3/Conv2d_0b_1x1"]
    blocks += [(b, m6) for b in ("Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e")]
    blocks.append(("Mixed_7a", ["Branch_0/Conv2d_0a_1x1", "Branch_0/Conv2d_1a_3x3", "Branch_1/Conv2d_0a_1x1",
                                "Branch_1/Conv2d_0b_1x7", "Branch_1/Conv2d_0c_7x1", "Branch_1/Conv2d_1a_3x3"]))
    for b, second in (("Mixed_7b", "Conv2d_0b_3x1"), ("Mixed_7c", "Conv2d_0c_3x1")):
        blocks.append((b, ["Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x3", "Branch_1/" + second,
                           "Branch_2/Conv2d_0a_1x1", "Branch_2/Conv2d_0b_3x3", "Branch_2/Conv2d_0c_1x3", "Branch_2/Conv2d_0d_3x1",
                           "Branch_3/Conv2d_0b_1x1"]))
    for name, convs in blocks:
        s += [name + "/" + c for c in convs]
    assert len(s) == 94, len(s)
    return s


def inception(layers, rng):
    out = extras(rng)
    for i, scope in enumerate(inception_scopes(), 1):
        full = "InceptionV3/" + scope
        bn = layers["batch_normalization_%d" % i]
        out += [tensor(full + "/weights", layers["conv2d_%d" % i]["kernel"]), tensor(full + "/BatchNorm/beta", bn["beta"]),
                tensor(full + "/BatchNorm/moving_mean", bn["moving_mean"]),
                tensor(full + "/BatchNorm/moving_variance", bn["moving_variance"])]
    kernel, bias = layers["predictions"]["kernel"], layers["predictions"]["bias"]
    background = rng.standard_normal((kernel.shape[0], 1)).astype("f4") * 0.01
    out += [tensor("InceptionV3/Logits/Conv2d_1c_1x1/weights", np.concatenate([background, kernel], 1).reshape(1, 1, -1, 1001)),
            tensor("InceptionV3/Logits/Conv2d_1c_1x1/biases", np.concatenate([[0.0], bias]).astype("f4"))]
    # The auxiliary head is only used in training: present in the checkpoint, left out by the app.
    out += [tensor("InceptionV3/AuxLogits/Conv2d_1b_1x1/weights", rng.standard_normal((1, 1, 768, 128)) * 0.01),
            tensor("InceptionV3/AuxLogits/Conv2d_2b_1x1/weights", rng.standard_normal((1, 1, 768, 1001)) * 0.01)]
    return out


def main():
    keras, out = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(5)
    made = 0
    for case, name, build in (("vgg16_top", "vgg_16", vgg16), ("inception_v3_top", "inception_v3", inception)):
        case_dir = os.path.join(keras, case)
        if not os.path.exists(os.path.join(case_dir, "weights.bin")):
            continue
        target = os.path.join(out, case)
        os.makedirs(target, exist_ok=True)
        stamp = os.path.join(target, ".stamp")
        source = os.path.getmtime(os.path.join(case_dir, "weights.bin"))
        if os.path.exists(stamp) and open(stamp).read() == str(source):
            made += 1
            continue
        tensors = build(load_case(case_dir), rng)
        make_tf_bundle.write_bundle(os.path.join(target, name + ".ckpt"), tensors, num_shards=2)
        open(stamp, "w").write(str(source))
        print("wrote", os.path.join(target, name + ".ckpt"), "with", len(tensors), "variables in 2 shards")
        made += 1
    if made == 0:
        print("SKIP: no Keras reference fixtures in", keras)
        sys.exit(77)


if __name__ == "__main__":
    main()
