#!/usr/bin/env python3
"""Calibration references for tst_calibration, written from the definitions with NumPy and PyTorch:

- predictions of a deliberately over-confident model: 1000 images, 10 classes; logits drawn so that a calibrated
  model would be right ~70 % of the time, then multiplied by 3 (the over-confidence temperature scaling undoes);
- reliability (15 equal-width bins of the top-1 probability, bin b holding (b/15, (b+1)/15]), ECE (the bins'
  |accuracy - confidence| weighted by their share of images), MCE (the largest over non-empty bins), NLL (mean
  -log p(truth)) and the multi-class Brier score (mean over images of sum_k (p_k - [k = truth])^2), in float64 from the
  float32 probabilities softmax gives;
- the temperature T minimising the NLL of softmax(logits / T) on the first 600 images (PyTorch's LBFGS with
  strong-Wolfe line search, run to convergence from T = 1), and the ECE of the other 400 before and after.

Usage: make_calibration_fixtures.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import torch

BINS = 15


def figures(probs, labels):
    conf = probs.max(1).astype(np.float64)
    pred = probs.argmax(1)
    correct = (pred == labels).astype(np.float64)
    index = np.clip(np.ceil(conf * BINS).astype(np.int64) - 1, 0, BINS - 1)
    bins, ece, mce = [], 0.0, 0.0
    for b in range(BINS):
        mask = index == b
        n = int(mask.sum())
        if n == 0:
            bins.append({"count": 0, "confidence": 0.0, "accuracy": 0.0})
            continue
        c, a = float(conf[mask].mean()), float(correct[mask].mean())
        bins.append({"count": n, "confidence": c, "accuracy": a})
        ece += n / len(labels) * abs(a - c)
        mce = max(mce, abs(a - c))
    p64 = probs.astype(np.float64)
    nll = float(-np.log(np.maximum(p64[np.arange(len(labels)), labels], 1e-12)).mean())
    onehot = np.zeros_like(p64)
    onehot[np.arange(len(labels)), labels] = 1.0
    brier = float(((p64 - onehot) ** 2).sum(1).mean())
    return {"ece": ece, "mce": mce, "nll": nll, "brier": brier, "bins": bins}


def softmax32(logits):
    return torch.softmax(torch.from_numpy(logits), 1).numpy().astype(np.float32)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(11)
    n, k = 1000, 10
    labels = rng.integers(0, k, n)
    logits = rng.normal(0.0, 1.0, (n, k))
    logits[np.arange(n), labels] += 1.8  # right about 70 % of the time at temperature 1
    logits = (3.0 * logits).astype(np.float32)  # over-confident
    logits.tofile(os.path.join(out, "logits.f32"))
    labels.astype("<i4").tofile(os.path.join(out, "labels.i32"))

    fit, held = slice(0, 600), slice(600, n)
    z = torch.from_numpy(logits[fit]).double()
    y = torch.from_numpy(labels[fit])
    t = torch.ones(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([t], lr=1.0, max_iter=500, tolerance_grad=1e-12, tolerance_change=1e-14, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(z / t, y)
        loss.backward()
        return loss
    opt.step(closure)
    temperature = float(t.item())

    whole = figures(softmax32(logits), labels)
    before = figures(softmax32(logits[held]), labels[held])
    after = figures(softmax32(logits[held] / np.float32(temperature)), labels[held])
    json.dump({"images": n, "classes": k, "bins": BINS, "fit_images": 600, "whole": whole, "temperature": temperature,
               "held_out_ece_before": before["ece"], "held_out_ece_after": after["ece"]},
              open(os.path.join(out, "reference.json"), "w"), indent=1)
    print(f"calibration references in {out}: T = {temperature:.6f}, held-out ECE {before['ece']:.4f} -> {after['ece']:.4f}")


if __name__ == "__main__":
    main()
