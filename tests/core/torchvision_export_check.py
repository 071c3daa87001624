"""Loads a state dict exported by transfer-studio into torchvision, the way the export's own Python code says,
and compares its outputs with the app's.

usage: torchvision_export_check.py CODE_FILE IO_FILE
CODE_FILE: the Python code `export` printed (builds `model`, loads the state dict, names `classes`).
IO_FILE:   a torch.save file with "input" (N x 3 x H x W) and "logits" (the app's outputs for it).
Prints one JSON line: max_abs_diff, same_argmax, classes, logits_scale. It asserts nothing: tst_export.cpp
requires max_abs_diff <= 1e-4 * max(1, logits_scale) (justified there) and the same argmax, and logs this line.
"""
import json
import sys

import torch

code = open(sys.argv[1], encoding="utf-8").read()
scope = {}
exec(compile(code, sys.argv[1], "exec"), scope)
model = scope["model"]
io = torch.load(sys.argv[2], weights_only=True)
with torch.no_grad():
    out = model(io["input"])
# The largest absolute difference over all logits, in float32 as both sides computed them; its bound is relative
# to logits_scale (the largest |logit| of the app's), so the check does not depend on the logits' size.
diff = (out - io["logits"]).abs().max().item()
print(json.dumps({
    "max_abs_diff": diff,
    "same_argmax": bool(torch.equal(out.argmax(1), io["logits"].argmax(1))),
    "classes": scope["classes"],
    "logits_scale": io["logits"].abs().max().item(),
}))
