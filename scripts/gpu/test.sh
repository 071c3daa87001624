#!/usr/bin/env bash
# The CUDA tests (tests/gpu/test_cuda.py) against the build of scripts/gpu/build.sh.
#   PYTHON=python3   BUILD_DIR=build/gpu
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
BUILD_DIR=${BUILD_DIR:-build/gpu}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
exec "$PYTHON" tests/gpu/test_cuda.py "$BUILD_DIR/app/transfer-studio-cli"
