#!/usr/bin/python3
"""Compare the weights of two Keras HDF5 weight files as Keras' load_weights() sees them.

    /usr/bin/python3 compare_h5.py EXPECTED.h5 ACTUAL.h5 [--skip-layer NAME ...]

Keras' HDF5 loader matches layers by order: it reads the root attribute 'layer_names', keeps the layers
whose 'weight_names' attribute is not empty, and loads their datasets in 'weight_names' order. This script
does the same on both files (with h5py, independently of the app's reader) and requires the same layers
with weights in the same order, the same weight names, shapes and values (exactly: the app only permutes
layouts), and the attribute types h5py writes for Keras (fixed-length byte-string name lists).
Prints one line per difference and exits 1 when there is any; 0 and a summary line otherwise.
"""

import argparse
import sys

import h5py
import numpy as np


def names(attrs, key):
    if key in attrs:
        value = attrs[key]
    else:  # chunked as layer_names0, layer_names1, ...
        parts, i = [], 0
        while '%s%d' % (key, i) in attrs:
            parts.extend(attrs['%s%d' % (key, i)])
            i += 1
        value = np.asarray(parts)
    return [v.decode('utf8') if isinstance(v, bytes) else str(v) for v in np.asarray(value).reshape(-1)] if value.size else []


def layers(path, skip):
    out = []
    with h5py.File(path, 'r') as f:
        root = f['model_weights'] if 'layer_names' not in f.attrs and 'model_weights' in f else f
        lnames = names(root.attrs, 'layer_names')
        if 'layer_names' in root.attrs and root.attrs['layer_names'].dtype.kind != 'S':
            print('%s: layer_names is not a fixed-length byte-string array (%s)' % (path, root.attrs['layer_names'].dtype))
            return None
        for name in lnames:
            if name in skip:
                continue
            g = root[name]
            wnames = names(g.attrs, 'weight_names')
            if not wnames:
                continue
            out.append((name, [(w.split('/')[-1], np.array(g[w])) for w in wnames]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('expected')
    ap.add_argument('actual')
    ap.add_argument('--skip-layer', action='append', default=[])
    a = ap.parse_args()
    exp, act = layers(a.expected, set(a.skip_layer)), layers(a.actual, set(a.skip_layer))
    if exp is None or act is None:
        return 1
    problems = []
    if [n for n, _ in exp] != [n for n, _ in act]:
        problems.append('layers with weights differ: %s vs %s' % ([n for n, _ in exp][:5], [n for n, _ in act][:5]))
    tensors = 0
    for (name, ew), (_, aw) in zip(exp, act):
        if [w for w, _ in ew] != [w for w, _ in aw]:
            problems.append('%s: weights %s vs %s' % (name, [w for w, _ in ew], [w for w, _ in aw]))
            continue
        for (w, e), (_, v) in zip(ew, aw):
            tensors += 1
            if e.shape != v.shape:
                problems.append('%s/%s: shape %s vs %s' % (name, w, e.shape, v.shape))
            elif v.dtype != np.float32:
                problems.append('%s/%s: dtype %s' % (name, w, v.dtype))
            # Tolerance 0: the app only copies and permutes the float32 values (no arithmetic), so they must be
            # bit-identical; any difference is a misplaced or re-rounded value.
            elif not np.array_equal(e.astype(np.float32), v):
                problems.append('%s/%s: max |expected - actual| = %g, required 0 (exact)'
                                % (name, w, np.abs(e.astype(np.float64) - v.astype(np.float64)).max()))
    for p in problems:
        print(p)
    if problems:
        return 1
    print('%d layers with weights, %d tensors equal' % (len(exp), tensors))
    return 0


if __name__ == '__main__':
    sys.exit(main())
