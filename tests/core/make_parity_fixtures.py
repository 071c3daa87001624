#!/usr/bin/env python3
"""Makes the parity fixtures for tst_model_parity: for each architecture, torchvision's model with random
weights (BatchNorm running statistics randomised too, so eval mode is a real test), saved as a state dict
in torch.save's zip format (and, for the small architectures of LEGACY, its legacy format too: the reader
is the same for every architecture, and the VGGs' 0.55 GB each would only fill the disk), plus inputs and
torchvision's outputs.

usage: make_parity_fixtures.py OUT_DIR [ARCH ...]   (default: every architecture)
Writes OUT_DIR/ARCH/{state_dict.pt, state_dict_legacy.pt (LEGACY only), io.pt}; an architecture
whose io.pt exists already is skipped."""
import os
import sys

import torch
import torchvision

ARCHS = ["vgg16", "vgg16_bn", "vgg19", "resnet18", "resnet50", "inception_v3", "mobilenet_v2",
         "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0"]
# Kept in step with legacyArchs() in tst_model_parity.cpp.
LEGACY = {"resnet18", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0"}
HEAD = {"vgg": "classifier.6", "resnet": "fc", "inception": "fc", "mobilenet_v2": "classifier.1",
        "mobilenet_v3": "classifier.3", "efficientnet": "classifier.1"}


def head_path(arch):
    for prefix, path in HEAD.items():
        if arch.startswith(prefix):
            return path
    raise KeyError(arch)


def build(arch):
    kwargs = {"weights": None}
    if arch == "inception_v3":
        kwargs.update(aux_logits=True, init_weights=True)
    return getattr(torchvision.models, arch)(**kwargs)


def randomise_running_stats(model, gen):
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.2)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
            m.num_batches_tracked.fill_(7)


def train_mode_without_randomness(model):
    """BatchNorm uses batch statistics; dropout and stochastic depth are off, so outputs are comparable."""
    model.train()
    for m in model.modules():
        if isinstance(m, torch.nn.Dropout) or type(m).__name__ == "StochasticDepth":
            m.eval()


def make(out_dir, arch):
    target = os.path.join(out_dir, arch)
    if os.path.exists(os.path.join(target, "io.pt")):
        return
    os.makedirs(target, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = build(arch)
    with torch.no_grad():
        randomise_running_stats(model, gen)
    size = 299 if arch == "inception_v3" else 224
    x = torch.randn(2, 3, size, size, generator=gen)

    captured = {}
    head = model.get_submodule(head_path(arch))
    head.register_forward_hook(lambda m, inp, out: captured.__setitem__("features", inp[0].detach().clone()))

    model.eval()
    with torch.no_grad():
        eval_logits = model(x)
    eval_features = captured["features"]

    sd = model.state_dict()
    torch.save(sd, os.path.join(target, "state_dict.pt"))
    if arch in LEGACY:
        torch.save(sd, os.path.join(target, "state_dict_legacy.pt"), _use_new_zipfile_serialization=False)

    train_mode_without_randomness(model)
    with torch.no_grad():
        out = model(x)
    io = {"input": x, "eval_logits": eval_logits, "eval_features": eval_features,
          "param_count": torch.tensor(sum(p.numel() for p in model.parameters()))}
    if isinstance(out, tuple):  # Inception in training mode: (logits, aux_logits)
        io["train_logits"], io["train_aux"] = out[0], out[1]
    else:
        io["train_logits"] = out
    tmp = os.path.join(target, "io.pt.tmp")
    torch.save(io, tmp)
    os.replace(tmp, os.path.join(target, "io.pt"))


def main():
    out_dir = sys.argv[1]
    archs = sys.argv[2:] or ARCHS
    torch.set_num_threads(os.cpu_count() or 1)
    for arch in archs:
        make(out_dir, arch)
        print("fixtures:", arch, flush=True)


if __name__ == "__main__":
    main()
