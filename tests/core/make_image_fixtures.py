#!/usr/bin/env python3
"""Makes the image fixtures in OUT_DIR, with their Python references (Pillow, torchvision, Keras'
preprocess_input), and writes OUT_DIR/manifest.json describing them:
  decode:     files in every odd case (formats, EXIF orientations, grayscale, palette, alpha, 16-bit, CMYK,
              a Chinese file name) with the RGB pixels Pillow gives for each (orientation applied, alpha
              composited onto white);
  errors:     files that must be refused, with a word the error must contain;
  recipes:    real photos (scikit-image's data folder) through torchvision's transforms and Keras'
              load_img + preprocess_input: the 8-bit crop and the normalised floats;
  classify:   a resnet18 checkpoint (random weights, its classifier scaled so that predictions are
              confident) with torchvision's softmax top-5 for each photo (and the same
              probabilities from the network in float64), and the hub-cache layout the
              weight store looks in (hub/checkpoints/<catalog file name>);
  augment:    a photo through Keras' apply_affine_transform (keras_preprocessing) with fixed parameters, and
              through torchvision's colour adjustments with fixed factors.

usage: make_image_fixtures.py OUT_DIR"""
import importlib.util
import io
import json
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image, ImageOps

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
SKIMAGE = os.path.join(importlib.util.find_spec("skimage").submodule_search_locations[0], "data")
PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png"]


def p(name):
    return os.path.join(OUT, name)


def save_rgb(img, name):
    arr = np.asarray(img.convert("RGB"), dtype=np.uint8)
    arr.tofile(p(name))
    return {"ref": name, "width": arr.shape[1], "height": arr.shape[0]}


def pil_reference(path):
    """What a careful Python user gets: orientation applied, alpha over white, 16-bit reduced, RGB."""
    img = Image.open(path)
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I;16", "I;16B", "I"):
        arr = np.asarray(img, dtype=np.float64)
        img = Image.fromarray(np.round(arr / 257.0).astype(np.uint8), "L")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    return img.convert("RGB")


def exif_with_orientation(o):
    exif = Image.Exif()
    exif[0x0112] = o
    return exif.tobytes()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png16(arr):
    """A 16-bit RGB PNG written by hand (Pillow cannot write one)."""
    h, w, _ = arr.shape
    raw = b"".join(b"\x00" + arr[y].astype(">u2").tobytes() for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)) +
            png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def make_decode_cases():
    base = Image.open(os.path.join(SKIMAGE, "chelsea.png")).convert("RGB").resize((96, 64), Image.BILINEAR)
    cases = []

    def add(name, tolerance=0, **kw):
        entry = {"file": name, "tolerance": tolerance}
        entry.update(save_rgb(pil_reference(p(name)), name + ".rgb"))
        entry.update(kw)
        cases.append(entry)

    base.save(p("rgb.jpg"), quality=90)
    add("rgb.jpg", format="jpeg")
    base.convert("L").save(p("gray.jpg"), quality=90)
    add("gray.jpg", format="jpeg", channels=1)
    base.convert("CMYK").save(p("cmyk.jpg"), quality=95)
    add("cmyk.jpg", tolerance=2, format="jpeg")
    for o in range(2, 9):
        base.save(p(f"orient{o}.jpg"), quality=90, exif=exif_with_orientation(o))
        add(f"orient{o}.jpg", format="jpeg", orientation=o)
    base.save(p("orient6.png"), exif=exif_with_orientation(6))
    add("orient6.png", format="png", orientation=6)
    base.save(p("orient8.webp"), lossless=True, exif=exif_with_orientation(8))
    add("orient8.webp", format="webp", orientation=8)
    base.save(p("rgb.png"))
    add("rgb.png", format="png")
    base.convert("L").save(p("gray.png"))
    add("gray.png", format="png", channels=1)
    base.convert("P", palette=Image.ADAPTIVE, colors=16).save(p("palette.png"))
    add("palette.png", format="png")
    rgba = base.convert("RGBA")
    alpha = Image.linear_gradient("L").resize(base.size)
    rgba.putalpha(alpha)
    rgba.save(p("alpha.png"))
    add("alpha.png", tolerance=1, format="png", channels=4)
    arr16 = (np.asarray(base, dtype=np.uint16) * 257 + np.arange(96, dtype=np.uint16)[None, :, None]).astype(np.uint16)
    with open(p("rgb16.png"), "wb") as f:
        f.write(png16(arr16))
    ref16 = Image.fromarray(np.round(arr16.astype(np.float64) / 257.0).astype(np.uint8), "RGB")
    entry = {"file": "rgb16.png", "tolerance": 1, "format": "png", "bit_depth": 16}
    entry.update(save_rgb(ref16, "rgb16.png.rgb"))
    cases.append(entry)
    base.save(p("rgb.bmp"))
    add("rgb.bmp", format="bmp")
    base.save(p("lossless.webp"), lossless=True)
    add("lossless.webp", format="webp")
    base.save(p("lossy.webp"), quality=90)
    add("lossy.webp", tolerance=3, format="webp")
    rgba.save(p("alpha.webp"), lossless=True)
    add("alpha.webp", tolerance=1, format="webp", channels=4)
    base.save(p("rgb.tif"))
    add("rgb.tif", format="tiff")
    base.save(p("lzw.tif"), compression="tiff_lzw")
    add("lzw.tif", format="tiff")
    # TIFF's own orientation tag: viewers honour it, Pillow 9's exif_transpose does not; the reference is
    # the image turned as orientation 6 says (90° clockwise).
    turned = {2: Image.FLIP_LEFT_RIGHT, 3: Image.ROTATE_180, 4: Image.FLIP_TOP_BOTTOM, 5: Image.TRANSPOSE,
              6: Image.ROTATE_270, 7: Image.TRANSVERSE, 8: Image.ROTATE_90}
    for o, method in turned.items():
        base.save(p(f"orient{o}.tif"), tiffinfo={274: o})
        entry = {"file": f"orient{o}.tif", "tolerance": 0, "format": "tiff", "orientation": o}
        entry.update(save_rgb(base.transpose(method), f"orient{o}.tif.rgb"))
        cases.append(entry)
    base.save(p("猫的照片.jpg"), quality=90)
    add("猫的照片.jpg", format="jpeg")
    return cases


def make_error_cases():
    errors = []
    with open(p("rgb.jpg"), "rb") as f:
        jpg = f.read()
    # A PNG whose header declares 20000 × 20000 (400 megapixels) with next to no data.
    with open(p("huge.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)) +
                png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))
    errors.append({"file": "huge.png", "contains": "megapixels"})
    with open(p("truncated.jpg"), "wb") as f:
        f.write(jpg[:100])
    errors.append({"file": "truncated.jpg", "contains": "truncated"})
    with open(p("notes.txt.jpg"), "w") as f:
        f.write("this is not an image\n")
    errors.append({"file": "notes.txt.jpg", "contains": "not a supported image"})
    open(p("empty.png"), "wb").close()
    errors.append({"file": "empty.png", "contains": "empty"})
    with open(p("header_only.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)))
    errors.append({"file": "header_only.png", "contains": "could not be decoded"})
    errors.append({"file": "does_not_exist.jpg", "contains": "cannot open"})
    return errors


def make_recipes():
    import torch
    from torchvision import transforms as T
    spec = importlib.util.find_spec("keras_applications")
    recipes = []
    tv = {"torchvision_bilinear": (256, 224, Image.BILINEAR, "bilinear"),
          "torchvision_bicubic": (256, 224, Image.BICUBIC, "bicubic"),
          "torchvision_inception": (342, 299, Image.BILINEAR, "bilinear")}
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    # Camera-sized JPEGs too: the classifier decodes those at reduced size (libjpeg's DCT scaling).
    big = []
    for photo, (w, h) in (("astronaut.png", (1600, 1200)), ("coffee.png", (4032, 3024)), ("chelsea.png", (1200, 1800))):
        name = f"big_{w}x{h}.jpg"
        Image.open(os.path.join(SKIMAGE, photo)).convert("RGB").resize((w, h), Image.BICUBIC).save(p(name), quality=90)
        big.append(name)
    for photo in PHOTOS + big:
        path = p(photo) if photo in big else os.path.join(SKIMAGE, photo)
        img = Image.open(path).convert("RGB")
        stem = photo.split(".")[0]
        for name, (resize, crop, interp, iname) in tv.items():
            if photo in big and name != "torchvision_bilinear" and name != "torchvision_bicubic":
                continue
            cropped = T.CenterCrop(crop)(T.Resize(resize, interpolation=T.InterpolationMode(iname))(img))
            arr = np.asarray(cropped, dtype=np.uint8)
            arr.tofile(p(f"{stem}.{name}.crop"))
            norm = T.Normalize(mean, std)(T.ToTensor()(cropped)).numpy().astype("<f4")
            norm.tofile(p(f"{stem}.{name}.chw"))
            recipes.append({"photo": photo, "path": path, "mode": "torchvision", "interpolation": iname, "resize": resize,
                            "size": crop, "crop": f"{stem}.{name}.crop", "chw": f"{stem}.{name}.chw"})
        if photo in big:
            continue
        # Keras: load_img(target_size=(224, 224)) (nearest), then preprocess_input in each mode.
        resized = img.resize((224, 224), Image.NEAREST)
        arr = np.asarray(resized, dtype=np.uint8)
        arr.tofile(p(f"{stem}.keras.crop"))
        for mode in ("caffe", "tf", "torch"):
            x = arr.astype(np.float32)[None]
            if spec is not None:
                from keras_applications import imagenet_utils

                class Backend:
                    @staticmethod
                    def floatx():
                        return "float32"
                y = imagenet_utils.preprocess_input(x.copy(), data_format="channels_last", mode=mode, backend=Backend,
                                                    layers=None, models=None, utils=None)
            else:
                raise SystemExit("python3-keras-applications is needed for the Keras references")
            chw = np.ascontiguousarray(y[0].transpose(2, 0, 1)).astype("<f4")
            chw.tofile(p(f"{stem}.keras_{mode}.chw"))
            recipes.append({"photo": photo, "path": path, "mode": mode, "interpolation": "nearest", "resize": 224, "size": 224,
                            "crop": f"{stem}.keras.crop", "chw": f"{stem}.keras_{mode}.chw"})
    return recipes


def make_classify():
    import torch
    import torchvision
    from torchvision import transforms as T
    torch.manual_seed(7)
    net = torchvision.models.resnet18(weights=None).eval()
    tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    xs = torch.stack([tf(Image.open(os.path.join(SKIMAGE, photo)).convert("RGB")) for photo in PHOTOS])
    with torch.no_grad():
        # A random network answers the same class for every image (its pooled features share one large mean).
        # Make the classifier blind to that mean so that each photo gets its own, confident answer.
        feats = torch.flatten(torch.nn.Sequential(*list(net.children())[:-1])(xs), 1)
        mean = feats.mean(0)
        mean = mean / mean.norm()
        w = net.fc.weight
        w.sub_(torch.outer(w @ mean, mean)).mul_(80.0)
        net.fc.bias.zero_()
    hub = p("torch_home/hub/checkpoints")
    os.makedirs(hub, exist_ok=True)
    weights = os.path.join(hub, "resnet18-f37072fd.pth")
    torch.save(net.state_dict(), weights)
    results = []
    # The same network in float64: the exact answer (to float32's eyes) that the classifier's float32 error is
    # measured against.
    import copy
    net64 = copy.deepcopy(net).double()
    with torch.no_grad():
        for photo in PHOTOS:
            path = os.path.join(SKIMAGE, photo)
            x = tf(Image.open(path).convert("RGB"))[None]
            logits = net(x)[0]
            prob = torch.softmax(logits, 0)
            top = torch.topk(prob, 5)
            ordered = torch.topk(logits, 6).values
            gaps = (ordered[:-1] - ordered[1:]).min().item()
            assert gaps > 1e-3, f"{photo}: logits of the top-5 too close to order reliably ({gaps})"
            exact = torch.softmax(net64(x.double())[0], 0)
            results.append({"photo": photo, "path": path,
                            "top": [[int(i), float(v)] for v, i in zip(top.values[:5], top.indices[:5])],
                            "top_float64": [float(exact[i]) for i in top.indices[:5]]})
    return {"weights": weights, "torch_home": p("torch_home"), "results": results}


def make_augment():
    from keras_preprocessing.image import apply_affine_transform
    from torchvision.transforms import functional as F
    # Not square, so that a swapped row/column axis shows.
    img = Image.open(os.path.join(SKIMAGE, "chelsea.png")).convert("RGB").resize((128, 96), Image.BILINEAR)
    base = np.asarray(img, dtype=np.uint8)
    base.tofile(p("augment_input.raw"))
    out = {"input": "augment_input.raw", "width": 128, "height": 96, "keras": [], "color": []}
    cases = [{"theta": 30.0}, {"tx": 10.0, "ty": -20.0}, {"shear": 20.0}, {"zx": 0.8, "zy": 1.3},
             {"theta": -15.0, "tx": -6.0, "ty": 9.0, "shear": 10.0, "zx": 1.1, "zy": 0.9}]
    for i, params in enumerate(cases):
        for fill in ("nearest", "constant"):
            y = apply_affine_transform(base.astype(np.float32), row_axis=0, col_axis=1, channel_axis=2,
                                       fill_mode=fill, cval=0.0, order=1, **params)
            name = f"augment_keras_{i}_{fill}.raw"
            np.clip(np.round(y), 0, 255).astype(np.uint8).tofile(p(name))
            out["keras"].append({"params": params, "fill_mode": fill, "ref": name})
    for op, factor in (("brightness", 1.4), ("brightness", 0.6), ("contrast", 1.5), ("contrast", 0.5),
                       ("saturation", 1.8), ("saturation", 0.3), ("hue", 0.1), ("hue", -0.25)):
        fn = {"brightness": F.adjust_brightness, "contrast": F.adjust_contrast,
              "saturation": F.adjust_saturation, "hue": F.adjust_hue}[op]
        name = f"augment_{op}_{factor}.raw"
        np.asarray(fn(img, factor), dtype=np.uint8).tofile(p(name))
        out["color"].append({"op": op, "factor": factor, "ref": name})
    return out


def main():
    manifest = {"skimage": SKIMAGE, "decode": make_decode_cases(), "errors": make_error_cases(),
                "recipes": make_recipes(), "classify": make_classify(), "augment": make_augment()}
    with open(p("manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    print(f"{len(manifest['decode'])} decode cases, {len(manifest['errors'])} error cases, "
          f"{len(manifest['recipes'])} recipe references, {len(manifest['classify']['results'])} classifications in {OUT}")


if __name__ == "__main__":
    main()
