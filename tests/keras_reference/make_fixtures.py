#!/usr/bin/python3
"""Build the Keras reference fixtures.

    /usr/bin/python3 tests/keras_reference/make_fixtures.py OUTDIR [--check] [--jobs N] [CASE...]

1. npm ci (exact versions from package-lock.json) into OUTDIR/.npm/node_modules
   (package.json and the lock file are copied there; nothing is written into the source tree);
2. node make_reference.js for every case (or the CASEs given), one process per case,
   up to --jobs in parallel (default: min(2, CPUs));
3. write_keras_h5.py for each case (plus chunked-attribute and h5py-3 string variants
   for the cases in VARIANT_CASES);
4. with --check, check_reference.py (independent numpy forward pass) for each case.

Exit status: 0 success, 77 when Node.js/npm/h5py are unavailable; npm ci failing is an error
the packages (message starts with 'SKIP:'), 1 on failure.
A second run only redoes cases whose OUTDIR/CASE/.stamp (hash of the scripts and lock file)
is missing or stale, or whose files are incomplete; --force redoes everything.
Environment: NODE, NPM (executables), KERAS_REF_NODE_MODULES (use an existing node_modules
folder instead of npm ci), KERAS_REF_JOBS.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = ['make_reference.js', 'write_keras_h5.py', 'check_reference.py', 'make_fixtures.py',
           'package.json', 'package-lock.json']
BASE_FILES = ['case.json', 'model_config.json', 'input.f32', 'output.f32', 'weights.json', 'weights.bin',
              'weights.h5', 'model.h5']
# Cases that also get the attribute-format variants (*_chunked.h5, *_vlen.h5); small on purpose.
VARIANT_CASES = {'mobilenet_025_128', 'mobilenet_050_128'}
SKIP = 77


def skip(msg):
    print('SKIP: ' + msg, flush=True)
    sys.exit(SKIP)


def run(cmd, **kw):
    return subprocess.run(cmd, check=False, **kw)


def expected_files(case):
    files = list(BASE_FILES)
    if case.startswith('vgg') and not case.endswith('_top'):
        files.append('weights_legacy.h5')
    if case in VARIANT_CASES:
        files += ['weights_chunked.h5', 'model_chunked.h5', 'weights_vlen.h5', 'model_vlen.h5']
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('outdir')
    ap.add_argument('cases', nargs='*')
    ap.add_argument('--check', action='store_true', help='verify every case with check_reference.py')
    ap.add_argument('--jobs', type=int, default=int(os.environ.get('KERAS_REF_JOBS', '0')) or
                    min(2, os.cpu_count() or 1))
    ap.add_argument('--force', action='store_true', help='ignore the stamp files')
    args = ap.parse_intermixed_args()
    t_all = time.time()

    node = os.environ.get('NODE') or shutil.which('node')
    npm = os.environ.get('NPM') or shutil.which('npm')
    modules_override = os.environ.get('KERAS_REF_NODE_MODULES')
    if not node or (not npm and not modules_override):
        skip('Node.js not found')
    try:
        import h5py  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as e:
        skip('%s lacks h5py/numpy (%s); use /usr/bin/python3' % (sys.executable, e))

    outdir = os.path.abspath(args.outdir)
    os.makedirs(outdir, exist_ok=True)

    # Case list from the generator itself.
    all_cases = subprocess.run([node, os.path.join(HERE, 'make_reference.js'), '--list'],
                               check=True, capture_output=True, text=True).stdout.split()
    cases = args.cases or all_cases
    unknown = [c for c in cases if c not in all_cases]
    if unknown:
        print('unknown case(s): %s (known: %s)' % (' '.join(unknown), ' '.join(all_cases)))
        return 1

    # Per-case stamp OUTDIR/CASE/.stamp: hash of the scripts and lock file (+ a 'checked' line).
    h = hashlib.sha256()
    for name in SCRIPTS:
        with open(os.path.join(HERE, name), 'rb') as f:
            h.update(name.encode() + b'\0' + f.read() + b'\0')
    scripts_hash = h.hexdigest()

    def case_state(case):
        """'fresh' (complete, same scripts), 'checked' (and verified), or None (rebuild)."""
        try:
            with open(os.path.join(outdir, case, '.stamp')) as f:
                lines = f.read().split()
        except OSError:
            return None
        if not lines or lines[0] != scripts_hash:
            return None
        if not all(os.path.exists(os.path.join(outdir, case, fn)) for fn in expected_files(case)):
            return None
        return 'checked' if 'checked' in lines[1:] else 'fresh'

    states = {} if args.force else {c: case_state(c) for c in cases}
    todo = [c for c in cases if states.get(c) is None]
    to_check = [c for c in cases if args.check and states.get(c) == 'fresh']
    if not todo and not to_check:
        print('keras fixtures in %s are up to date (%d cases)' % (outdir, len(cases)))
        return 0

    # 1. npm ci into OUTDIR/.npm
    if not todo:
        node_modules = ''
    elif modules_override:
        node_modules = os.path.abspath(modules_override)
        print('[npm] using KERAS_REF_NODE_MODULES=%s' % node_modules)
    else:
        npm_dir = os.path.join(outdir, '.npm')
        node_modules = os.path.join(npm_dir, 'node_modules')
        lock_hash = hashlib.sha256(open(os.path.join(HERE, 'package-lock.json'), 'rb').read()).hexdigest()
        lock_stamp = os.path.join(npm_dir, '.lock.sha256')
        if (os.path.isdir(node_modules) and os.path.exists(lock_stamp)
                and open(lock_stamp).read().strip() == lock_hash):
            print('[npm] %s up to date' % node_modules)
        else:
            t = time.time()
            os.makedirs(npm_dir, exist_ok=True)
            for fn in ('package.json', 'package-lock.json'):
                shutil.copyfile(os.path.join(HERE, fn), os.path.join(npm_dir, fn))
            r = run([npm, 'ci', '--prefix', npm_dir, '--ignore-scripts', '--no-audit', '--no-fund',
                     '--loglevel=error'], cwd=npm_dir)
            if r.returncode != 0:
                # Node is here, so the reference is expected: a failed install is a failure, not a skip.
                sys.exit('npm ci failed (exit %d; no access to the npm registry?)' % r.returncode)
            with open(lock_stamp, 'w') as f:
                f.write(lock_hash + '\n')
            print('[npm] npm ci: %.1fs' % (time.time() - t), flush=True)

    env = dict(os.environ)
    env['NODE_PATH'] = node_modules
    env['PYTHONDONTWRITEBYTECODE'] = '1'

    # 2-4. per case, in parallel
    def do_case(case):
        lines = []
        case_dir = os.path.join(outdir, case)
        steps = []
        if case in todo:
            if os.path.isdir(case_dir):
                shutil.rmtree(case_dir)
            steps.append(('node', [node, os.path.join(HERE, 'make_reference.js'), outdir] +
                          (['--dump', 'conv1_relu'] if case == 'mobilenet_025_128' else []) + [case]))
            h5cmd = [sys.executable, os.path.join(HERE, 'write_keras_h5.py'), case_dir]
            if case in VARIANT_CASES:
                h5cmd += ['--chunk-attrs', '--vlen-strings']
            steps.append(('h5', h5cmd))
        if args.check:
            steps.append(('check', [sys.executable, os.path.join(HERE, 'check_reference.py'), case_dir]))
        for label, cmd in steps:
            t = time.time()
            r = run(cmd, env=env, capture_output=True, text=True)
            out = (r.stdout + r.stderr).strip()
            lines.append('[%s] %s %.1fs: %s' % (case, label, time.time() - t, out))
            if r.returncode != 0:
                return False, lines
        with open(os.path.join(case_dir, '.stamp'), 'w') as f:
            f.write(scripts_hash + ('\nchecked\n' if args.check else '\n'))
        return True, lines

    ok = True
    t = time.time()
    work = todo + to_check
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        # Longest first so that the big case overlaps with the rest.
        order = sorted(work, key=lambda c: c != 'vgg16_top')
        for good, lines in ex.map(do_case, order):
            print('\n'.join(lines), flush=True)
            ok &= good
    print('[cases] %d built, %d checked only, %d up to date, %d jobs: %.1fs' % (
        len(todo), len(to_check), len(cases) - len(work), args.jobs, time.time() - t))
    if not ok:
        print('FAILED')
        return 1

    total = 0
    for c in cases:
        for fn in os.listdir(os.path.join(outdir, c)):
            total += os.path.getsize(os.path.join(outdir, c, fn))
    print('keras fixtures in %s: %d cases, %.0f MB, %.1fs' % (outdir, len(cases), total / 1e6,
                                                              time.time() - t_all))
    return 0


if __name__ == '__main__':
    sys.exit(main())
