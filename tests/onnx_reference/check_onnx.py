#!/usr/bin/env python3
"""ONNX's own checker (python3-onnx, full check with shape inference) on each file given; prints one line per
file ("ok FILE opset N" or "refused FILE: why"); with --classes also "classes N FIRST" from the file's metadata
(transfer_studio.classes). Exits 1 when any file is refused."""
import json
import sys

import onnx

args = sys.argv[1:]
show_classes = '--classes' in args
failed = 0
for path in [a for a in args if a != '--classes']:
    try:
        onnx.checker.check_model(path, full_check=True)
        model = onnx.load(path)
        print('ok %s opset %d' % (path, model.opset_import[0].version))
        if show_classes:
            meta = {p.key: p.value for p in model.metadata_props}
            classes = json.loads(meta['transfer_studio.classes'])
            print('classes %d %s' % (len(classes), classes[0]))
    except Exception as e:  # noqa: BLE001 - every refusal is reported
        failed += 1
        print('refused %s: %s' % (path, e))
sys.exit(1 if failed else 0)
