#!/usr/bin/env bash
# The GPU training benchmark (bench/run_train_bench.py --gpu) against the build of scripts/gpu/build.sh:
# resnet50 at 224×224, every layer training, bf16 autocast, channels_last, from a folder of JPEGs, ours vs
# a torchvision + DataLoader script on the same machine in the same run.
#   PYTHON=python3   BUILD_DIR=build/gpu   extra arguments go to run_train_bench.py (e.g. --count 4000)
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
BUILD_DIR=${BUILD_DIR:-build/gpu}
exec "$PYTHON" bench/run_train_bench.py --gpu --python "$PYTHON" --ours "$BUILD_DIR/bench/bench_train" "$@"
