#!/usr/bin/env python3
"""ONNX export benchmark: the exported model in ONNX Runtime 1.30 and in OpenCV DNN beside the app's own
classifier, resnet50 and mobilenet_v2, batch 1 and 32, on this machine's cores. The three run alternately (the
first of each round rotating) so that a slow phase of the machine hits all three; the table gives the medians
and each runtime's time over ONNX Runtime's.

Usage: run_onnx_bench.py --ours build/dev/bench/bench_onnx --node-modules DIR [--rounds 3] [--repeat 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import run_json  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--ours', required=True)
    ap.add_argument('--node-modules', required=True)
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--archs', default='mobilenet_v2,resnet50')
    args = ap.parse_args()
    env = {'NODE_PATH': os.path.abspath(args.node_modules)}
    print('machine: %s, %d cores' % (subprocess.run(['uname', '-srm'], capture_output=True, text=True).stdout.strip(), os.cpu_count()))
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for arch in args.archs.split(','):
            made = run_json([args.ours, '--export', arch, tmp])
            size = made['size']
            for batch in (1, 32):
                runners = {
                    'app': lambda: run_json([args.ours, '--ours', made['model'], str(batch), str(args.repeat)])['median_ms'],
                    'OpenCV DNN': lambda: run_json([args.ours, '--opencv', made['onnx'], str(size), str(batch), str(args.repeat)])['median_ms'],
                    'ONNX Runtime': lambda: run_json(['node', os.path.join(HERE, 'onnx_ort_bench.js'), made['onnx'], str(size), str(batch),
                                                      str(args.repeat)], env)['median_ms'],
                }
                names = list(runners)
                times = {n: [] for n in names}
                for r in range(args.rounds):
                    order = names[r % 3:] + names[:r % 3]
                    for n in order:
                        times[n].append(runners[n]())
                medians = {n: statistics.median(t) for n, t in times.items()}
                rows.append((arch, batch, medians))
                print('%-13s batch %2d  ' % (arch, batch) + '  '.join(
                    '%s %.1f ms (%.0f img/s, %.2fx ORT)' % (n, m, 1000.0 * batch / m, m / medians['ONNX Runtime']) for n, m in medians.items()),
                    flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
