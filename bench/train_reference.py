#!/usr/bin/env python3
"""The Python side of the training benchmark: what a torchvision user writes to fine-tune mobilenet_v2's
head and last block — ImageFolder with RandomResizedCrop(SIZE) + RandomHorizontalFlip + normalisation in a
DataLoader (num_workers = cores), everything frozen but features[17], features[18] and a new classifier,
frozen BatchNorm layers in eval mode, SGD momentum 0.9 — timed per epoch.

usage: train_reference.py DATASET WEIGHTS EPOCHS BATCH SIZE"""
import json
import os
import sys
import time

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms


def main():
    root, weights, epochs, batch, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(os.cpu_count())
    torch.manual_seed(0)
    tf = transforms.Compose([transforms.RandomResizedCrop(size), transforms.RandomHorizontalFlip(), transforms.ToTensor(),
                             transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    data = datasets.ImageFolder(root, transform=tf)
    loader = DataLoader(data, batch_size=batch, shuffle=True, num_workers=os.cpu_count(), persistent_workers=True)
    model = models.mobilenet_v2()
    model.load_state_dict(torch.load(weights))
    model.classifier[1] = torch.nn.Linear(1280, len(data.classes))
    for p in model.parameters():
        p.requires_grad = False
    for m in (model.features[17], model.features[18], model.classifier):
        for p in m.parameters():
            p.requires_grad = True
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=1e-3, momentum=0.9)
    out = []
    for _ in range(epochs):
        model.train()
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d) and not any(p.requires_grad for p in m.parameters()):
                m.eval()
        start, images = time.perf_counter(), 0
        for x, y in loader:
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            images += x.shape[0]
        seconds = time.perf_counter() - start
        out.append({"seconds": seconds, "images_per_s": images / seconds, "loss": float(loss)})
    print(json.dumps({"epochs": out}))


if __name__ == "__main__":
    main()
