#!/usr/bin/env python3
"""The Python side of the training benchmark: what a torchvision user writes to fine-tune — ImageFolder with
RandomResizedCrop(SIZE) + RandomHorizontalFlip + normalisation in a DataLoader (num_workers = cores), SGD
momentum 0.9 — timed per epoch.
  default: mobilenet_v2's head and last block (features[17], features[18], a new classifier) on the CPU,
           frozen BatchNorm layers in eval mode
  --gpu:   resnet50, every layer training, on CUDA with bf16 autocast, channels_last, pinned memory and
           cudnn.benchmark (what an informed user turns on); WEIGHTS may be "none"

usage: train_reference.py DATASET WEIGHTS EPOCHS BATCH SIZE [--gpu]"""
import json
import os
import sys
import time

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms


def main():
    root, weights, epochs, batch, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    gpu = "--gpu" in sys.argv[6:]
    torch.set_num_threads(os.cpu_count())
    torch.manual_seed(0)
    tf = transforms.Compose([transforms.RandomResizedCrop(size), transforms.RandomHorizontalFlip(), transforms.ToTensor(),
                             transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    data = datasets.ImageFolder(root, transform=tf)
    loader = DataLoader(data, batch_size=batch, shuffle=True, num_workers=os.cpu_count(), persistent_workers=True, pin_memory=gpu)
    if gpu:
        torch.backends.cudnn.benchmark = True
        model = models.resnet50()
        if weights != "none":
            model.load_state_dict(torch.load(weights))
        model.fc = torch.nn.Linear(2048, len(data.classes))
        device = torch.device("cuda")
        model = model.to(device, memory_format=torch.channels_last)
    else:
        device = torch.device("cpu")
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
            if gpu:
                x = x.to(device, non_blocking=True).contiguous(memory_format=torch.channels_last)
                y = y.to(device, non_blocking=True)
            opt.zero_grad(set_to_none=gpu)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=gpu):
                loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            images += x.shape[0]
        if gpu:
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        out.append({"seconds": seconds, "images_per_s": images / seconds, "loss": float(loss)})
    print(json.dumps({"epochs": out}))


if __name__ == "__main__":
    main()
