#!/usr/bin/env python3
"""Packs several files into one fuzz input for the harnesses that read more than one file (tests/fuzz/
fuzz_support.h, splitParts): each part is a 4-byte little-endian length and the bytes. An empty part ("-" on
the command line) stands for a file left out.

usage: pack.py OUT PART [PART...]
       pack.py --unpack IN DIR NAME [NAME...]   (the parts of IN as DIR/NAME..., to look at a finding)"""
import os
import struct
import sys


def pack(out, parts):
    with open(out, "wb") as f:
        for part in parts:
            data = b""
            if part != "-":
                with open(part, "rb") as p:
                    data = p.read()
            f.write(struct.pack("<I", len(data)))
            f.write(data)


def unpack(src, folder, names):
    with open(src, "rb") as f:
        data = f.read()
    os.makedirs(folder, exist_ok=True)
    at = 0
    for name in names:
        if len(data) - at < 4:
            break
        (n,) = struct.unpack_from("<I", data, at)
        at += 4
        part = data[at:at + n]
        at += len(part)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(part)


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--unpack":
        unpack(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) >= 3:
        pack(sys.argv[1], sys.argv[2:])
    else:
        sys.exit(__doc__)
