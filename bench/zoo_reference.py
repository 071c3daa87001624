#!/usr/bin/env python3
"""Python side of the model-zoo benchmark: the same two measurements as bench_zoo, with torchvision.
  zoo_reference.py load ARCH CHECKPOINT REPEAT
  zoo_reference.py forward ARCH BATCH SIZE REPEAT
Prints one JSON object (median and samples in milliseconds)."""
import json
import os
import sys

import torch
import torchvision

from bench_common import time_it


def main():
    torch.set_num_threads(os.cpu_count() or 1)
    mode, arch = sys.argv[1], sys.argv[2]
    net = getattr(torchvision.models, arch)(weights=None).eval()
    if mode == "load":
        path, repeat = sys.argv[3], int(sys.argv[4])
        out = time_it(repeat, lambda: net.load_state_dict(torch.load(path)))
    else:
        batch, size, repeat = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        x = torch.randn(batch, 3, size, size)

        def forward():
            with torch.no_grad():
                net(x)
        out = time_it(repeat, forward)
    out["threads"] = torch.get_num_threads()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
