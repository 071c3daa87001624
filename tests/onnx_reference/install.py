#!/usr/bin/env python3
"""Installs ONNX Runtime for Node (onnxruntime-node, exact versions from package-lock.json) into OUTDIR/.npm with
`npm ci --ignore-scripts`: its CPU library ships inside the package, and its install script, which downloads from
elsewhere, is not needed. A second run with the same lock file does nothing.

Usage: install.py OUTDIR     (prints the node_modules folder; exit 77 when Node.js or npm is missing)
"""
import hashlib
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    node, npm = shutil.which('node'), shutil.which('npm')
    if not node or not npm:
        print('Node.js or npm not found: install nodejs and npm (scripts/install-deps.sh does)')
        return 77
    npm_dir = os.path.join(os.path.abspath(sys.argv[1]), '.npm')
    node_modules = os.path.join(npm_dir, 'node_modules')
    lock = open(os.path.join(HERE, 'package-lock.json'), 'rb').read()
    lock_hash = hashlib.sha256(lock).hexdigest()
    stamp = os.path.join(npm_dir, '.lock.sha256')
    if os.path.isdir(node_modules) and os.path.exists(stamp) and open(stamp).read().strip() == lock_hash:
        print('[npm] %s up to date' % node_modules)
        return 0
    os.makedirs(npm_dir, exist_ok=True)
    for name in ('package.json', 'package-lock.json'):
        shutil.copyfile(os.path.join(HERE, name), os.path.join(npm_dir, name))
    subprocess.run([npm, 'ci', '--prefix', npm_dir, '--ignore-scripts', '--no-audit', '--no-fund'], check=True)
    library = os.path.join(node_modules, 'onnxruntime-node', 'bin')
    if not any('libonnxruntime' in f for _, _, files in os.walk(library) for f in files):
        print('onnxruntime-node has no CPU library under %s' % library)
        return 1
    with open(stamp, 'w') as f:
        f.write(lock_hash + '\n')
    print('[npm] onnxruntime-node installed in %s' % node_modules)
    return 0


if __name__ == '__main__':
    sys.exit(main())
