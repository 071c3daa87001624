#!/usr/bin/env python3
"""Inference benchmark (issue 23): the app's CPU forward pass (fp32, its compiled inference path), the same app
on its eager path (TL_INFERENCE=eager), PyTorch eager with the tuned allocator (torchvision on Debian's torch 1.13,
the same LibTorch) and ONNX Runtime 1.30 (the app's ONNX export, npm onnxruntime-node), one batch of 224² images,
batch 1 and 32. All four run alternately in each round, the first rotating, so that a slow phase of the machine
hits all of them; the table gives the medians and, for the app, the median of its per-round ratios to each other
runtime with a 95 % bootstrap interval.

Usage: run_infer_bench.py --ours build/dev/bench/bench_onnx --node-modules DIR [--rounds 5] [--repeat 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import PY, TUNED, bootstrap_ci, run_json  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def load_average():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--ours', required=True)
    ap.add_argument('--node-modules', required=True)
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--archs', default='mobilenet_v2,resnet50')
    ap.add_argument('--batches', default='1,32')
    args = ap.parse_args()
    node_env = {'NODE_PATH': os.path.abspath(args.node_modules)}
    print('machine: %s, %d cores; load average at start %s' % (
        subprocess.run(['uname', '-srm'], capture_output=True, text=True).stdout.strip(), os.cpu_count(), load_average()))
    with tempfile.TemporaryDirectory() as tmp:
        table = []
        for arch in args.archs.split(','):
            made = run_json([args.ours, '--export', arch, tmp])
            size = made['size']
            for batch in (int(b) for b in args.batches.split(',')):
                # Batch-1 passes take milliseconds and this machine jitters: more samples for them.
                reps = str(args.repeat * (4 if batch == 1 else 1))
                ours = [args.ours, '--ours', made['model'], str(batch), reps]
                runners = {
                    'app': lambda: run_json(ours)['median_ms'],
                    'app, eager path': lambda: run_json(ours, {'TL_INFERENCE': 'eager'})['median_ms'],
                    'PyTorch eager, tuned': lambda: run_json([PY, os.path.join(HERE, 'zoo_reference.py'), 'forward', arch, str(batch),
                                                              str(size), reps], TUNED)['median_ms'],
                    'ONNX Runtime': lambda: run_json(['node', os.path.join(HERE, 'onnx_ort_bench.js'), made['onnx'], str(size),
                                                      str(batch), reps], node_env)['median_ms'],
                }
                names = list(runners)
                times = {n: [] for n in names}
                for r in range(args.rounds):
                    k = r % len(names)
                    for n in names[k:] + names[:k]:
                        times[n].append(runners[n]())
                medians = {n: statistics.median(t) for n, t in times.items()}
                ratios = {}
                for other in names[1:]:
                    per_round = [a / b for a, b in zip(times['app'], times[other])]
                    ratios[other] = (statistics.median(per_round), bootstrap_ci(per_round))
                table.append((arch, batch, medians, ratios))
                print('%-13s batch %2d  ' % (arch, batch) + '  '.join('%s %.1f ms' % (n, m) for n, m in medians.items()) + '  |  ' +
                      '  '.join('app/%s %.2f (%.2f-%.2f)' % (n, q, lo, hi) for n, (q, (lo, hi)) in ratios.items()) +
                      '  [load %s]' % load_average(), flush=True)
    others = names[1:]
    print('\n| model | batch | ' + ' | '.join(names) + ' | ' + ' | '.join('app / %s (95 %% CI)' % n for n in others) + ' |')
    print('| --- | ---: | ' + ' | '.join('---:' for _ in names) + ' | ' + ' | '.join('---' for _ in others) + ' |')
    for arch, batch, medians, ratios in table:
        print('| %s | %d | ' % (arch, batch) + ' | '.join('%.1f' % medians[n] for n in names) + ' | ' +
              ' | '.join('%.2f (%.2f–%.2f)' % (ratios[n][0], ratios[n][1][0], ratios[n][1][1]) for n in others) + ' |')
    print('rounds: %d; load average at the end %s' % (args.rounds, load_average()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
