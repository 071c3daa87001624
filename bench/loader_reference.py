#!/usr/bin/env python3
"""The Python side of the data-loader benchmark: torchvision's ImageFolder with the standard training
transform (RandomResizedCrop(224), RandomHorizontalFlip, ToTensor, Normalize) through a DataLoader with
`workers` worker processes, shuffled, batch BATCH; EPOCHS epochs timed one by one. Prints one JSON object
like bench_loader's.

usage: loader_reference.py DATASET EPOCHS BATCH WORKERS"""
import json
import sys
import time

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


def main():
    root, epochs, batch, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.manual_seed(0)
    tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), transforms.ToTensor(),
                             transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    data = datasets.ImageFolder(root, transform=tf)
    loader = DataLoader(data, batch_size=batch, shuffle=True, num_workers=workers, persistent_workers=workers > 0)
    out = []
    for _ in range(epochs):
        start = time.perf_counter()
        images, checksum = 0, 0.0
        for x, _ in loader:
            images += x.shape[0]
            checksum += float(x[0, 0, 0, 0])
        seconds = time.perf_counter() - start
        out.append({"images": images, "seconds": seconds, "images_per_s": images / seconds, "checksum": checksum})
    print(json.dumps({"epochs": out}))


if __name__ == "__main__":
    main()
