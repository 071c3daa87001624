#!/usr/bin/env python3
"""Python side of the classification benchmark, as a torchvision user writes it (PIL + transforms):
  classify_reference.py one ARCH WEIGHTS IMAGE REPEAT
  classify_reference.py prep ARCH IMAGE REPEAT
  classify_reference.py folder ARCH WEIGHTS DIR BATCH [WORKERS]   (WORKERS > 0: a DataLoader with workers)
Prints one JSON object like bench_classify."""
import json
import os
import sys
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms as T

from bench_common import time_it

SIZES = {"inception_v3": (342, 299)}
BICUBIC = {"efficientnet_b0"}


def transform(arch):
    resize, crop = SIZES.get(arch, (256, 224))
    interp = T.InterpolationMode.BICUBIC if arch in BICUBIC else T.InterpolationMode.BILINEAR
    return T.Compose([T.Resize(resize, interpolation=interp), T.CenterCrop(crop), T.ToTensor(),
                      T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])


def model(arch, weights):
    net = getattr(torchvision.models, arch)(weights=None, **({"aux_logits": True, "init_weights": False} if arch == "inception_v3" else {}))
    net.load_state_dict(torch.load(weights))
    return net.eval()


class Folder(torch.utils.data.Dataset):
    def __init__(self, files, tf):
        self.files, self.tf = files, tf

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return self.tf(Image.open(self.files[i]).convert("RGB"))


def main():
    torch.set_num_threads(os.cpu_count() or 1)
    mode, arch = sys.argv[1], sys.argv[2]
    tf = transform(arch)
    if mode == "prep":
        image, repeat = sys.argv[3], int(sys.argv[4])
        out = time_it(repeat, lambda: tf(Image.open(image).convert("RGB")))
    elif mode == "one":
        net, image, repeat = model(arch, sys.argv[3]), sys.argv[4], int(sys.argv[5])

        def one():
            with torch.no_grad():
                x = tf(Image.open(image).convert("RGB"))[None]
                torch.topk(torch.softmax(net(x), 1), 5)
        out = time_it(repeat, one)
    else:
        net, folder, batch = model(arch, sys.argv[3]), sys.argv[4], int(sys.argv[5])
        workers = int(sys.argv[6]) if len(sys.argv) > 6 else 0
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.lower().endswith((".jpg", ".png")))
        loader = torch.utils.data.DataLoader(Folder(files, tf), batch_size=batch, num_workers=workers)
        with torch.no_grad():
            net(torch.stack([tf(Image.open(f).convert("RGB")) for f in files[:batch]]))  # warm-up, as ours
            start = time.perf_counter()
            n = 0
            for x in loader:
                torch.topk(torch.softmax(net(x), 1), 5)
                n += x.shape[0]
            seconds = time.perf_counter() - start
        out = {"images": n, "seconds": seconds, "images_per_s": n / seconds}
    out["threads"] = torch.get_num_threads()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
