#!/usr/bin/env python3
"""Grad-CAM and Grad-CAM++ references for tst_explain, computed with torchvision's resnet18 and forward hooks on
the image fixtures' weights and network inputs (make_image_fixtures.py): for each photo, at layer4 and layer3, for
its top-1 class and its second class. The formulas are the published ones, written here from the papers:

  Grad-CAM   (Selvaraju et al. 2017): w_k = mean_ij dy/dA_k,ij;               map = relu(sum_k w_k A_k)
  Grad-CAM++ (Chattopadhay et al. 2018): a_k,ij = g^2 / (2 g^2 + sum_ij A_k,ij g^3) (0 where g = 0),
             w_k = sum_ij relu(g_k,ij) a_k,ij;                                  map = relu(sum_k w_k A_k)

with y the class's logit and g = dy/dA. Each map is written as little-endian float32 (height x width), in float64
arithmetic from float32 activations and gradients.

Usage: make_gradcam_fixtures.py IMAGE_FIXTURES_DIR OUT_DIR
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision


def maps(activation, gradient):
    a = activation.double()[0]
    g = gradient.double()[0]
    plain = torch.relu((g.mean(dim=(1, 2)).reshape(-1, 1, 1) * a).sum(0))
    g2, g3 = g * g, g * g * g
    denominator = 2 * g2 + a.sum(dim=(1, 2), keepdim=True) * g3
    alpha = torch.where(g != 0, g2 / torch.where(denominator != 0, denominator, torch.ones_like(denominator)), torch.zeros_like(g))
    plus = torch.relu(((torch.relu(g) * alpha).sum(dim=(1, 2)).reshape(-1, 1, 1) * a).sum(0))
    return plain, plus


def main():
    images, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    manifest = json.load(open(os.path.join(images, "manifest.json")))
    net = torchvision.models.resnet18(weights=None)
    net.load_state_dict(torch.load(manifest["classify"]["weights"]))
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    captured = {}

    def keep(name):
        def hook(module, inputs, output):
            output.retain_grad()
            captured[name] = output
        return hook

    net.layer3.register_forward_hook(keep("layer3"))
    net.layer4.register_forward_hook(keep("layer4"))
    cases = []
    recipes = {r["photo"]: r for r in manifest["recipes"]
               if r["mode"] == "torchvision" and r["interpolation"] == "bilinear" and r["size"] == 224}
    for result in manifest["classify"]["results"]:
        chw = os.path.join(images, recipes[result["photo"]]["chw"])
        x = torch.from_numpy(np.fromfile(chw, dtype="<f4").reshape(1, 3, 224, 224).copy()).requires_grad_(True)
        for rank in (0, 1):
            logits = net(x)
            cls = int(torch.topk(logits[0], 2).indices[rank])
            net.zero_grad()
            logits[0, cls].backward()
            for layer in ("layer3", "layer4"):
                plain, plus = maps(captured[layer].detach(), captured[layer].grad.detach())
                stem = f"{result['photo'].split('.')[0]}.{layer}.{cls}"
                for kind, m in (("gradcam", plain), ("gradcampp", plus)):
                    m.numpy().astype("<f4").tofile(os.path.join(out, f"{stem}.{kind}"))
                cases.append({"photo": result["photo"], "chw": chw, "layer": layer, "class": cls, "rank": rank,
                              "height": int(plain.shape[0]), "width": int(plain.shape[1]),
                              "gradcam": f"{stem}.gradcam", "gradcampp": f"{stem}.gradcampp",
                              "probability": float(torch.softmax(logits.detach()[0].double(), 0)[cls])})
            x.grad = None
    json.dump({"weights": manifest["classify"]["weights"], "torch_home": manifest["classify"]["torch_home"], "cases": cases},
              open(os.path.join(out, "manifest.json"), "w"), indent=1)
    print(f"{len(cases)} Grad-CAM references in {out}")


if __name__ == "__main__":
    main()
