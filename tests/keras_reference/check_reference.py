#!/usr/bin/python3
"""Independent check of a make_reference.js case (numpy, float64).

    /usr/bin/python3 check_reference.py CASEDIR [--h5 model.h5|weights.h5|...] [--tol 1e-4]

Loads the architecture from the Keras 'model_config' of CASEDIR/model.h5 and the weights
from an HDF5 file (default model.h5; or a weights-only file together with model_config.json),
reading them the way Keras' load_weights does (layer_names / weight_names attributes,
chunked 'layer_names0..' too). Runs the model with a small numpy interpreter of Keras/TF
semantics (TF 'same' padding, pool counting only valid cells, inference-mode BN) and compares
with CASEDIR/output.f32 and any dumped CASEDIR/layer_<name>.f32. It also checks that every
weight read from the HDF5 file is bit-identical to weights.bin.
Exit status 0 when max |ref - tfjs| <= tol * max(1, max|ref|).
"""

import argparse
import json
import os
import sys

import h5py
import numpy as np


# ----------------------------------------------------------------------------- HDF5 reading

def _decode(v):
    if isinstance(v, bytes):
        return v.decode('utf8')
    return str(v)


def load_attributes(group, name):
    """keras load_attributes_from_hdf5_group: plain or chunked (name0, name1, ...)."""
    if name in group.attrs:
        return [_decode(n) for n in group.attrs[name]]
    data = []
    chunk_id = 0
    while '%s%d' % (name, chunk_id) in group.attrs:
        data.extend(_decode(n) for n in group.attrs['%s%d' % (name, chunk_id)])
        chunk_id += 1
    return data


def read_h5(path):
    with h5py.File(path, 'r') as f:
        cfg = None
        if 'model_config' in f.attrs:
            mc = f.attrs['model_config']
            cfg = json.loads(_decode(mc))
        g = f['model_weights'] if 'model_weights' in f else f
        layer_names = load_attributes(g, 'layer_names')
        weights = {}
        for ln in layer_names:
            wn = load_attributes(g[ln], 'weight_names')
            weights[ln] = [(n, np.asarray(g[ln][n])) for n in wn]
        attrs = {k: _decode(g.attrs[k]) for k in ('backend', 'keras_version') if k in g.attrs}
    return cfg, layer_names, weights, attrs


# ----------------------------------------------------------------------------- layers

def _same_pads(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return out, total // 2, total - total // 2


def _pad_for(x, kh, kw, sh, sw, padding, value=0.0):
    if padding == 'same':
        _, t, b = _same_pads(x.shape[1], kh, sh)
        _, l, r = _same_pads(x.shape[2], kw, sw)
        return np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)), constant_values=value)
    assert padding == 'valid', padding
    return x


def _windows(x, kh, kw, sh, sw):
    n, h, w, c = x.shape
    oh = (h - kh) // sh + 1
    ow = (w - kw) // sw + 1
    st = x.strides
    return np.lib.stride_tricks.as_strided(
        x, shape=(n, oh, ow, kh, kw, c),
        strides=(st[0], st[1] * sh, st[2] * sw, st[1], st[2], st[3]), writeable=False)


def conv2d(x, kernel, bias, strides, padding):
    kh, kw, ci, co = kernel.shape
    xp = np.ascontiguousarray(_pad_for(x, kh, kw, strides[0], strides[1], padding))
    win = _windows(xp, kh, kw, strides[0], strides[1])
    n, oh, ow = win.shape[:3]
    y = win.reshape(n * oh * ow, kh * kw * ci) @ kernel.reshape(kh * kw * ci, co)
    y = y.reshape(n, oh, ow, co)
    if bias is not None:
        y = y + bias
    return y


def depthwise_conv2d(x, kernel, bias, strides, padding):
    kh, kw, ci, m = kernel.shape
    assert m == 1
    xp = np.ascontiguousarray(_pad_for(x, kh, kw, strides[0], strides[1], padding))
    win = _windows(xp, kh, kw, strides[0], strides[1])
    y = np.einsum('nhwijc,ijc->nhwc', win, kernel[..., 0])
    if bias is not None:
        y = y + bias
    return y


def pool(x, pool_size, strides, padding, mode):
    kh, kw = pool_size
    sh, sw = strides
    if mode == 'max':
        xp = np.ascontiguousarray(_pad_for(x, kh, kw, sh, sw, padding, value=-np.inf))
        return _windows(xp, kh, kw, sh, sw).max(axis=(3, 4))
    xp = np.ascontiguousarray(_pad_for(x, kh, kw, sh, sw, padding, value=0.0))
    ones = np.ascontiguousarray(_pad_for(np.ones_like(x[:1, :, :, :1]), kh, kw, sh, sw, padding, value=0.0))
    s = _windows(xp, kh, kw, sh, sw).sum(axis=(3, 4))
    cnt = _windows(ones, kh, kw, sh, sw).sum(axis=(3, 4))  # TF: padded cells are not counted
    return s / cnt


def activation(x, name):
    if name in ('linear', None):
        return x
    if name == 'relu':
        return np.maximum(x, 0)
    if name == 'softmax':
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise NotImplementedError(name)


def run_layer(cls, c, inputs, w):
    x = inputs[0]
    if cls == 'InputLayer':
        return x
    if cls == 'ZeroPadding2D':
        (t, b), (l, r) = c['padding']
        return np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)))
    if cls == 'Conv2D':
        assert c['data_format'] == 'channels_last' and list(c['dilation_rate']) == [1, 1]
        y = conv2d(x, w[0], w[1] if c['use_bias'] else None, c['strides'], c['padding'])
        return activation(y, c['activation'])
    if cls == 'DepthwiseConv2D':
        y = depthwise_conv2d(x, w[0], w[1] if c['use_bias'] else None, c['strides'], c['padding'])
        return activation(y, c['activation'])
    if cls == 'BatchNormalization':
        assert c['axis'] in (-1, 3, [3], [-1])
        i = 0
        gamma = beta = None
        if c['scale']:
            gamma = w[i]; i += 1
        if c['center']:
            beta = w[i]; i += 1
        mean, var = w[i], w[i + 1]
        y = (x - mean) / np.sqrt(var + c['epsilon'])
        if gamma is not None:
            y = y * gamma
        if beta is not None:
            y = y + beta
        return y
    if cls == 'ReLU':
        y = np.maximum(x, 0)
        if c.get('max_value') is not None:
            y = np.minimum(y, c['max_value'])
        return y
    if cls == 'Activation':
        return activation(x, c['activation'])
    if cls == 'MaxPooling2D':
        return pool(x, c['pool_size'], c['strides'], c['padding'], 'max')
    if cls == 'AveragePooling2D':
        return pool(x, c['pool_size'], c['strides'], c['padding'], 'avg')
    if cls == 'GlobalAveragePooling2D':
        return x.mean(axis=(1, 2))
    if cls == 'GlobalMaxPooling2D':
        return x.max(axis=(1, 2))
    if cls == 'Reshape':
        return x.reshape((x.shape[0],) + tuple(c['target_shape']))
    if cls == 'Dropout':
        return x
    if cls == 'Flatten':
        return x.reshape(x.shape[0], -1)
    if cls == 'Dense':
        y = x @ w[0]
        if c['use_bias']:
            y = y + w[1]
        return activation(y, c['activation'])
    if cls == 'Add':
        return sum(inputs[1:], inputs[0])
    if cls == 'Concatenate':
        return np.concatenate(inputs, axis=c['axis'])
    raise NotImplementedError(cls)


def forward(cfg, weights, x, logits_layer=None, keep=()):
    vals = {}
    kept = {}
    for layer in cfg['config']['layers']:
        name, cls, c = layer['name'], layer['class_name'], dict(layer['config'])
        if name == logits_layer:
            c['activation'] = 'linear'
        if cls == 'InputLayer':
            ins = [x]
        else:
            assert len(layer['inbound_nodes']) == 1
            ins = [vals[src] for src, _ni, _ti, _kw in layer['inbound_nodes'][0]]
        w = [v.astype(np.float64) for _, v in weights.get(name, [])]
        vals[name] = run_layer(cls, c, ins, w)
        if name in keep:
            kept[name] = vals[name]
    out = cfg['config']['output_layers'][0][0]
    return vals[out], kept


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('case_dir')
    ap.add_argument('--h5', default='model.h5')
    # The reference here is float64, so the difference is TF.js' own float32 error: reordered float32 sums of up
    # to 4608 products per layer (VGG's 3x3x512), typically sqrt(K)*6e-8 = 4e-6 of the layer's scale. The
    # README records about 1e-6 of max|output| in every case; 1e-4 leaves a wide margin and is far below a
    # wrong layer, padding or weight layout. Each line printed gives the measured error and this bound.
    ap.add_argument('--tol', type=float, default=1e-4)
    args = ap.parse_args()
    d = args.case_dir

    case = json.load(open(os.path.join(d, 'case.json')))
    wj = json.load(open(os.path.join(d, 'weights.json')))
    blob = np.fromfile(os.path.join(d, 'weights.bin'), dtype='<f4')
    cfg, layer_names, weights, attrs = read_h5(os.path.join(d, args.h5))
    if cfg is None:
        cfg = json.load(open(os.path.join(d, 'model_config.json')))

    # Structure and bit-exact weights vs weights.bin.
    assert layer_names == [l['name'] for l in case['layers']], 'layer_names differ from case.json'
    assert [l['name'] for l in cfg['config']['layers']] == layer_names, 'model_config order differs'
    nweights = 0
    for wl in wj['layers']:
        got = weights[wl['name']]
        assert len(got) == len(wl['weights']), wl['name']
        for (hname, hval), w in zip(got, wl['weights']):
            ref = blob[w['offset'] // 4: w['offset'] // 4 + hval.size].reshape(w['shape'])
            assert hval.dtype == np.float32 and list(hval.shape) == w['shape'], (hname, hval.shape, w['shape'])
            # Tolerance 0: h5py must read back the very float32 bytes make_reference.js wrote (no arithmetic).
            assert np.array_equal(hval, ref), '%s: max |h5 - weights.bin| = %g, required 0 (bit-identical)' % (
                hname, float(np.abs(hval.astype(np.float64) - ref.astype(np.float64)).max()))
            nweights += 1
    assert sum(len(v) for v in weights.values()) == nweights

    x = np.fromfile(os.path.join(d, 'input.f32'), dtype='<f4').reshape(case['input_shape']).astype(np.float64)
    tfjs = np.fromfile(os.path.join(d, 'output.f32'), dtype='<f4').reshape(case['output_shape'])
    dumps = [f[len('layer_'):-len('.f32')] for f in sorted(os.listdir(d))
             if f.startswith('layer_') and f.endswith('.f32')]
    ref, kept = forward(cfg, weights, x, case.get('softmax_layer') if case['logits'] else None, keep=dumps)

    ok = True
    report = []
    for name, r, t in [('output', ref, tfjs)] + [
            ('layer ' + n, kept[n], np.fromfile(os.path.join(d, 'layer_%s.f32' % n), dtype='<f4').reshape(kept[n].shape))
            for n in dumps]:
        scale = max(1.0, float(np.abs(r).max()))
        err = float(np.abs(r - t).max())
        bound = args.tol * scale
        good = err <= bound
        ok &= good
        report.append('%s max|ref|=%.4g max|ref-tfjs|=%.3g (rel %.2g), required <= %.3g (tol %g * max(1, max|ref|)) %s'
                      % (name, float(np.abs(r).max()), err, err / scale, bound, args.tol, 'OK' if good else 'FAIL'))
    print('%s [%s, %d weights, attrs %s]: %s' % (case['case'], args.h5, nweights, attrs, '; '.join(report)))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
