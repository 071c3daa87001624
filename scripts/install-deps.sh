#!/usr/bin/env bash
# Installs what Transfer Studio needs on Debian 12, and only what is missing.
# Idempotent: a second run with everything present makes no apt-get call at all.
set -euo pipefail

# Build and run time (fonts-noto-cjk: the Chinese interface needs a CJK font; a bare Debian has none).
build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
  libqcustomplot-dev
  libtorch-dev libopenblas0
  libopencv-dev libonnx-dev
  nlohmann-json3-dev libcli11-dev libcurl4-openssl-dev libssl-dev libhdf5-dev libbenchmark-dev
  xvfb xauth
  fonts-noto-cjk
)
# Test references only (Python torchvision builds the reference models, skimage has real photos; Node runs
# TensorFlow.js, the Keras reference, installed from the npm registry by the tests).
test_pkgs=(python3-torch python3-torchvision python3-skimage python3-h5py python3-onnx python3-keras-applications python3-keras-preprocessing nodejs)

want=("${build_pkgs[@]}")
if [ "${TL_SKIP_TEST_DEPS:-0}" != "1" ]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
