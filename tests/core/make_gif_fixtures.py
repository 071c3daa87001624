#!/usr/bin/env python3
"""Makes the GIF fixtures of tst_gif in OUT_DIR, each with the RGB pixels Pillow decodes for its first image,
and writes OUT_DIR/manifest.json describing them.

Two sources of files:
  pillow_*: written by Pillow's own GIF encoder (photos from scikit-image's data folder quantised to a palette):
            a global colour table, interlaced rows, an animation, a transparent index, 256-colour noise whose
            LZW table fills up (Pillow's encoder then sends a clear code);
  own_*:    written by the small encoder below, for what Pillow's encoder does not write: every LZW minimum
            code size 2..8, a local colour table (with and without a global one), an image smaller than the
            logical screen at an offset, a full table kept without a clear code ("deferred clear"), GIF87a.
            Pillow's decoding of each must equal the pixels the encoder was given (checked here).

The reference is Pillow's first frame (Image.open, convert("RGBA")) composited onto white, with the logical
screen outside the first image white: the rule of tl's decoder (transparent and uncovered pixels are
DecodeOptions::background, white by default). Pillow 9.4 fills the uncovered screen with the transparent
index when there is one (white after compositing, as ours) and with palette entry 0 otherwise, which no
browser shows; that area is the only place where the reference is not Pillow's pixels.

Each manifest entry also says what the file's first image descriptor holds (parsed here, independently of
Pillow and of tl): its LZW minimum code size, interlacing, local table, offset and size, transparent index.

usage: make_gif_fixtures.py OUT_DIR"""
import importlib.util
import json
import os
import random
import struct
import sys

import numpy as np
from PIL import Image

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
SKIMAGE = os.path.join(importlib.util.find_spec("skimage").submodule_search_locations[0], "data")


# ---- a minimal GIF encoder (GIF89a specification: LZW with variable-width codes, sub-blocks) ----

KEPT_FULL_TABLE = []  # the images whose table was full and kept (codes sent after it filled, no clear)


def lzw_encode(indices, min_size, defer_clear=False):
    clear = 1 << min_size
    kept_full = False
    out = bytearray()
    state = {"acc": 0, "bits": 0, "width": min_size + 1}

    def put(code):
        state["acc"] |= code << state["bits"]
        state["bits"] += state["width"]
        while state["bits"] >= 8:
            out.append(state["acc"] & 0xFF)
            state["acc"] >>= 8
            state["bits"] -= 8

    def reset():
        state["width"] = min_size + 1
        return {(i,): i for i in range(clear)}, clear + 2

    table, nxt = reset()
    put(clear)
    w = ()
    for k in indices:
        wk = w + (k,)
        if wk in table:
            w = wk
            continue
        put(table[w])
        if nxt < 4096:
            table[wk] = nxt
            # The decoder defines this entry one code later and widens when its next free code reaches 2^width.
            if nxt == (1 << state["width"]) and state["width"] < 12:
                state["width"] += 1
            nxt += 1
        elif not defer_clear:
            put(clear)
            table, nxt = reset()
        else:
            kept_full = True
        w = (k,)
    if w:
        put(table[w])
    put(clear + 1)
    KEPT_FULL_TABLE.append(kept_full)
    if state["bits"]:
        out.append(state["acc"] & 0xFF)
    return bytes(out)


def colour_table(colours):
    n = 0
    while (2 << n) < len(colours):
        n += 1
    padded = list(colours) + [(0, 0, 0)] * ((2 << n) - len(colours))
    return n, b"".join(bytes(c) for c in padded)


def interlaced_rows(h):
    return [r for start, step in ((0, 8), (4, 8), (2, 4), (1, 2)) for r in range(start, h, step)]


def sub_blocks(data):
    out = bytearray()
    for i in range(0, len(data), 255):
        out.append(len(data[i:i + 255]))
        out += data[i:i + 255]
    return bytes(out) + b"\x00"


def write_gif(width, height, frames, gct=None, bg=0, version=b"GIF89a"):
    """frames: dicts with w, h, indices (rows in order), and optionally left, top, lct, interlace, transparent,
    min_size (default 8), defer (no clear code when the table is full)."""
    out = bytearray(version)
    packed, table = 0, b""
    if gct is not None:
        n, table = colour_table(gct)
        packed = 0x80 | (7 << 4) | n
    out += struct.pack("<HHBBB", width, height, packed, bg, 0) + table
    if version == b"GIF89a":  # a looping application extension and a comment: skipped by the decoder
        out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
        out += b"\x21\xfe" + sub_blocks(b"written by make_gif_fixtures.py")
    for f in frames:
        t = f.get("transparent")
        if version == b"GIF89a":
            out += b"\x21\xf9\x04" + bytes([1 if t is not None else 0]) + struct.pack("<H", 10) + bytes([t or 0]) + b"\x00"
        w, h = f["w"], f["h"]
        packed, lct = 0, b""
        if f.get("lct") is not None:
            n, lct = colour_table(f["lct"])
            packed = 0x80 | n
        idx = list(f["indices"])
        if f.get("interlace"):
            packed |= 0x40
            idx = [p for r in interlaced_rows(h) for p in idx[r * w:(r + 1) * w]]
        out += b"\x2c" + struct.pack("<HHHHB", f.get("left", 0), f.get("top", 0), w, h, packed) + lct
        min_size = f.get("min_size", 8)
        out.append(min_size)
        out += sub_blocks(lzw_encode(idx, min_size, f.get("defer", False)))
    return bytes(out + b"\x3b")


# ---- what a file's first image descriptor holds (an independent little parser) ----

def first_image(data):
    pos = 13
    if data[10] & 0x80:
        pos += 3 * (2 << (data[10] & 7))
    transparent = None
    while data[pos] == 0x21:
        label = data[pos + 1]
        pos += 2
        if label == 0xF9 and data[pos + 1] & 1:
            transparent = data[pos + 4]
        while data[pos]:
            pos += 1 + data[pos]
        pos += 1
    assert data[pos] == 0x2C, "no image descriptor"
    left, top, w, h, flags = struct.unpack("<HHHHB", data[pos + 1:pos + 10])
    pos += 10
    if flags & 0x80:
        pos += 3 * (2 << (flags & 7))
    return {"min_code_size": data[pos], "interlaced": bool(flags & 0x40), "local_table": bool(flags & 0x80),
            "global_table": bool(data[10] & 0x80), "box": [left, top, w, h], "transparent": transparent,
            "screen": list(struct.unpack("<HH", data[6:10]))}


# ---- the reference: Pillow's first frame, transparent and uncovered pixels white ----

def reference(path, info):
    img = Image.open(path)
    assert img.tell() == 0
    rgba = np.asarray(img.convert("RGBA"), dtype=np.uint8)
    rgb = rgba[:, :, :3].copy()
    rgb[rgba[:, :, 3] == 0] = 255
    left, top, w, h = info["box"]
    covered = np.zeros(rgb.shape[:2], dtype=bool)
    covered[top:top + h, left:left + w] = True
    rgb[~covered] = 255
    return rgb, getattr(img, "n_frames", 1)


cases = []


def add(name, data=None, expected=None, note=""):
    path = os.path.join(OUT, name)
    if data is not None:
        with open(path, "wb") as f:
            f.write(data)
    with open(path, "rb") as f:
        info = first_image(f.read())
    rgb, frames = reference(path, info)
    if expected is not None:  # own_*: Pillow must decode exactly what was encoded
        assert np.array_equal(rgb, expected), f"{name}: Pillow's decoding differs from the encoded pixels"
    ref = name.rsplit(".", 1)[0] + ".rgb"
    rgb.tofile(os.path.join(OUT, ref))
    assert [rgb.shape[1], rgb.shape[0]] == info["screen"], f"{name}: Pillow's size is not the logical screen"
    cases.append(dict(file=name, ref=ref, width=rgb.shape[1], height=rgb.shape[0], frames=frames, note=note, **info))


def expected_pixels(width, height, frame, palette, background=(255, 255, 255)):
    """The screen as tl draws the first image: background, the image's pixels at its offset, transparent → background."""
    out = np.zeros((height, width, 3), dtype=np.uint8)
    out[:] = background
    pal = np.array(list(palette) + [(0, 0, 0)] * (256 - len(palette)), dtype=np.uint8)
    idx = np.array(frame["indices"], dtype=np.int64).reshape(frame["h"], frame["w"])
    colours = pal[idx]
    if frame.get("transparent") is not None:
        colours[idx == frame["transparent"]] = background
    left, top = frame.get("left", 0), frame.get("top", 0)
    out[top:top + frame["h"], left:left + frame["w"]] = colours[:height - top, :width - left]
    return out


def photo(name, size):
    img = Image.open(os.path.join(SKIMAGE, name)).convert("RGB")
    return img.resize(size, Image.BILINEAR)


def save_pillow(img, name, **kw):
    img.save(os.path.join(OUT, name), "GIF", **kw)
    add(name, note="Pillow's encoder")


rng = random.Random(20240601)


def random_palette(n):
    return [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(n)]


# Pillow's encoder.
astronaut = photo("astronaut.png", (64, 48)).quantize(colors=256)
save_pillow(astronaut, "pillow_global.gif", interlace=False)
save_pillow(photo("coffee.png", (53, 41)).quantize(colors=64), "pillow_interlaced.gif", interlace=True)
frames = [photo(n, (48, 36)).quantize(colors=128) for n in ("chelsea.png", "rocket.jpg", "coffee.png")]
frames[0].save(os.path.join(OUT, "pillow_animated.gif"), "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
add("pillow_animated.gif", note="3 frames; the first is compared")
transparent = photo("chelsea.png", (40, 30)).quantize(colors=32)
t_index = transparent.getpixel((3, 3))
save_pillow(transparent, "pillow_transparent.gif", transparency=t_index)
noise = Image.frombytes("P", (96, 96), bytes(rng.randrange(256) for _ in range(96 * 96)))
noise.putpalette([v for c in random_palette(256) for v in c])
save_pillow(noise, "pillow_noise256.gif", interlace=False, optimize=False)

# Our encoder: every minimum code size, with a palette of as many colours as the code size allows.
for size in range(2, 9):
    colours = random_palette(1 << size)
    w, h = 23 + size, 17 + size
    # Runs of one index (long LZW strings, the code == next case) and noise (short ones).
    idx = [(x // 3 + y) % len(colours) if y % 4 else rng.randrange(len(colours)) for y in range(h) for x in range(w)]
    if size == 2:
        idx = [i % 2 for i in idx]  # a 2-colour image still needs code size 2 (1 is not allowed)
        colours = colours[:2]
    frame = dict(w=w, h=h, indices=idx, min_size=size)
    add(f"own_code{size}.gif", write_gif(w, h, [frame], gct=colours), expected_pixels(w, h, frame, colours),
        note=f"LZW minimum code size {size}")

colours = random_palette(16)
idx = [rng.randrange(16) for _ in range(30 * 20)]
frame = dict(w=30, h=20, indices=idx, lct=colours, min_size=4)
add("own_local.gif", write_gif(30, 20, [frame]), expected_pixels(30, 20, frame, colours), note="a local table, no global one")
frame = dict(w=30, h=20, indices=idx, lct=colours, min_size=4, interlace=True)
add("own_local_over_global.gif", write_gif(30, 20, [frame], gct=random_palette(16)), expected_pixels(30, 20, frame, colours),
    note="a local table overriding a global one; interlaced")

colours = random_palette(8)
frame = dict(left=7, top=5, w=20, h=10, indices=[rng.randrange(8) for _ in range(200)], min_size=3)
add("own_offset.gif", write_gif(40, 30, [frame], gct=colours, bg=3), expected_pixels(40, 30, frame, colours),
    note="a 20×10 image at (7, 5) on a 40×30 screen")
frame = dict(left=3, top=2, w=21, h=19, indices=[rng.randrange(8) for _ in range(21 * 19)], min_size=3, interlace=True, transparent=5)
add("own_offset_interlaced_transparent.gif", write_gif(30, 25, [frame], gct=colours, bg=1), expected_pixels(30, 25, frame, colours),
    note="an interlaced 21×19 image at (3, 2) with a transparent index")

colours = random_palette(256)
idx = [rng.randrange(256) for _ in range(80 * 80)]
frame = dict(w=80, h=80, indices=idx, defer=True)
add("own_deferred_clear.gif", write_gif(80, 80, [frame], gct=colours), expected_pixels(80, 80, frame, colours),
    note="the table fills up and is kept: no clear code")
assert KEPT_FULL_TABLE[-1], "own_deferred_clear.gif: the LZW table never filled up"
frame2 = dict(w=80, h=80, indices=[255 - i for i in idx])
add("own_animated.gif", write_gif(80, 80, [dict(frame, defer=False), frame2], gct=colours), expected_pixels(80, 80, frame, colours),
    note="2 frames, the table cleared when full; the first is compared")

colours = random_palette(4)
frame = dict(w=12, h=9, indices=[rng.randrange(4) for _ in range(108)], min_size=2)
add("own_87a.gif", write_gif(12, 9, [frame], gct=colours, version=b"GIF87a"), expected_pixels(12, 9, frame, colours),
    note="GIF87a, no extensions")

# What the suite must have covered.
assert {2, 8} <= {c["min_code_size"] for c in cases}
assert any(c["interlaced"] for c in cases) and any(c["local_table"] and not c["global_table"] for c in cases)
assert any(c["transparent"] is not None for c in cases) and any(c["frames"] > 1 for c in cases)
assert any(c["box"][:2] != [0, 0] and c["box"][2:] != c["screen"] for c in cases)

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump({"decode": cases}, f, indent=1)
print(f"{len(cases)} GIF fixtures in {OUT}")
