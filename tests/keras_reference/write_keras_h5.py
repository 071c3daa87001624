#!/usr/bin/python3
"""Write a make_reference.js case as Keras 2.x HDF5 files.

    /usr/bin/python3 write_keras_h5.py CASEDIR [--chunk-attrs[=BYTES]] [--vlen-strings]

Reads CASEDIR/{case.json, model_config.json, weights.json, weights.bin} and writes

  weights.h5         model.save_weights() layout (also how keras_applications ships weights)
  model.h5           model.save() layout (root attrs + 'model_weights' group), no optimizer
  weights_legacy.h5  VGG cases without the top only: Keras-1 names 'block1_conv1_W_1:0' / '_b_1:0' as in the
                     distributed vgg16/vgg19 *_tf_dim_ordering_tf_kernels*.h5 (root attr
                     'layer_names' only; no 'keras_version' / 'backend')
  --chunk-attrs[=BYTES]  also weights_chunked.h5 + model_chunked.h5, where the name-list
                     attributes are split as Keras' save_attributes_to_hdf5_group does, but
                     with HDF5_OBJECT_HEADER_LIMIT=BYTES (default 64) instead of 64512, so
                     'layer_names' becomes 'layer_names0', 'layer_names1', ... (and long
                     'weight_names' lists become 'weight_names0', ...)
  --vlen-strings     also weights_vlen.h5 + model_vlen.h5: the same Keras code as run with
                     h5py >= 3, where unchunked name lists become variable-length string arrays

String attribute types (Keras 2.2.4 + h5py 2.x, the default files):
  * scalar attrs ('backend', 'keras_version', 'model_config') are Python bytes, which h5py
    stores as variable-length ASCII strings;
  * name lists ('layer_names', 'weight_names') go through numpy: fixed-length 'S<n>'
    (NULLPAD) string arrays; an empty list (weightless layer) becomes an empty float64 array
    of shape (0,).
"""

import argparse
import json
import os
import sys

import h5py
import numpy as np

KERAS_VERSION = b'2.2.4'
BACKEND = b'tensorflow'
HDF5_OBJECT_HEADER_LIMIT = 64512  # keras/engine/saving.py


class Style:
    def __init__(self, header_limit=HDF5_OBJECT_HEADER_LIMIT, h5py3_lists=False):
        self.header_limit = header_limit
        self.h5py3_lists = h5py3_lists


def _assign(group, name, data, style):
    """group.attrs[name] = data, as h5py 2.x (default) or h5py 3.x would store it."""
    if isinstance(data, list) and not style.h5py3_lists:
        # h5py 2.x: guess_dtype(list) is None -> numpy.asarray -> fixed-length 'S<n>' (or float64 if empty)
        data = np.asarray(data)
    group.attrs[name] = data


def save_attributes_to_hdf5_group(group, name, data, style):
    """keras/engine/saving.py save_attributes_to_hdf5_group (Keras 2.2.4), limit configurable."""
    limit = style.header_limit
    bad_attributes = [x for x in data if len(x) > limit]
    if bad_attributes:
        raise RuntimeError('The following attributes cannot be saved to HDF5 file because they are '
                           'larger than %d bytes: %s' % (limit, b', '.join(bad_attributes)))
    data_npy = np.asarray(data)
    num_chunks = 1
    chunked_data = np.array_split(data_npy, num_chunks)
    while any(x.nbytes > limit for x in chunked_data):
        num_chunks += 1
        chunked_data = np.array_split(data_npy, num_chunks)
    if num_chunks > 1:
        for chunk_id, chunk_data in enumerate(chunked_data):
            group.attrs['%s%d' % (name, chunk_id)] = chunk_data
    else:
        _assign(group, name, data, style)


def load_case(case_dir):
    with open(os.path.join(case_dir, 'case.json')) as f:
        case = json.load(f)
    with open(os.path.join(case_dir, 'weights.json')) as f:
        wj = json.load(f)
    blob = np.fromfile(os.path.join(case_dir, 'weights.bin'), dtype='<f4')
    if blob.nbytes != wj['total_bytes']:
        raise SystemExit('weights.bin has %d bytes, weights.json says %d' % (blob.nbytes, wj['total_bytes']))
    weights = {}
    for layer in wj['layers']:
        vals = []
        for w in layer['weights']:
            n = int(np.prod(w['shape'])) if w['shape'] else 1
            start = w['offset'] // 4
            vals.append((w['name'], blob[start:start + n].reshape(w['shape'])))
        weights[layer['name']] = vals
    return case, weights


def save_weights_to_hdf5_group(group, case, weights, style, legacy=False):
    """keras/engine/saving.py save_weights_to_hdf5_group (Keras 2.2.4)."""
    layer_names = [l['name'].encode('utf8') for l in case['layers']]
    save_attributes_to_hdf5_group(group, 'layer_names', layer_names, style)
    if not legacy:
        group.attrs['backend'] = BACKEND
        group.attrs['keras_version'] = KERAS_VERSION
    for l in case['layers']:
        g = group.create_group(l['name'])
        vals = weights.get(l['name'], [])
        names = []
        for wname, _ in vals:
            if legacy:
                short = wname.split('/')[-1]
                letter = {'kernel:0': 'W', 'bias:0': 'b'}[short]
                wname = '%s_%s_1:0' % (l['name'], letter)
            names.append(wname.encode('utf8'))
        save_attributes_to_hdf5_group(g, 'weight_names', names, style)
        for name, (_, val) in zip(names, vals):
            dset = g.create_dataset(name.decode('utf8'), val.shape, dtype=val.dtype)
            if not val.shape:
                dset[()] = val
            else:
                dset[:] = val


def write_weights_file(path, case, weights, style, legacy=False):
    tmp = path + '.tmp'
    with h5py.File(tmp, 'w') as f:
        save_weights_to_hdf5_group(f, case, weights, style, legacy=legacy)
        f.flush()
    os.replace(tmp, path)


def write_model_file(path, case, weights, model_config, style):
    tmp = path + '.tmp'
    with h5py.File(tmp, 'w') as f:
        f.attrs['keras_version'] = KERAS_VERSION
        f.attrs['backend'] = BACKEND
        f.attrs['model_config'] = json.dumps(model_config).encode('utf-8')
        g = f.create_group('model_weights')
        save_weights_to_hdf5_group(g, case, weights, style)
        f.flush()
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('case_dir')
    ap.add_argument('--chunk-attrs', nargs='?', const=64, type=int, default=None, metavar='BYTES',
                    help='also write *_chunked.h5 with name lists chunked at BYTES (default 64)')
    ap.add_argument('--vlen-strings', action='store_true',
                    help='also write *_vlen.h5 (name lists as h5py>=3 stores them)')
    args = ap.parse_args()

    case, weights = load_case(args.case_dir)
    with open(os.path.join(args.case_dir, 'model_config.json')) as f:
        model_config = json.load(f)
    d = args.case_dir
    out = []
    std = Style()
    write_weights_file(os.path.join(d, 'weights.h5'), case, weights, std)
    write_model_file(os.path.join(d, 'model.h5'), case, weights, model_config, std)
    out += ['weights.h5', 'model.h5']
    if case['arch'] in ('vgg16', 'vgg19') and not case['include_top']:  # the 0.55 GB vgg16_top adds nothing
        write_weights_file(os.path.join(d, 'weights_legacy.h5'), case, weights, std, legacy=True)
        out.append('weights_legacy.h5')
    if args.chunk_attrs is not None:
        st = Style(header_limit=args.chunk_attrs)
        write_weights_file(os.path.join(d, 'weights_chunked.h5'), case, weights, st)
        write_model_file(os.path.join(d, 'model_chunked.h5'), case, weights, model_config, st)
        out += ['weights_chunked.h5', 'model_chunked.h5']
    if args.vlen_strings:
        st = Style(h5py3_lists=True)
        write_weights_file(os.path.join(d, 'weights_vlen.h5'), case, weights, st)
        write_model_file(os.path.join(d, 'model_vlen.h5'), case, weights, model_config, st)
        out += ['weights_vlen.h5', 'model_vlen.h5']
    print('%s: wrote %s' % (case['case'], ', '.join(out)))


if __name__ == '__main__':
    sys.exit(main())
