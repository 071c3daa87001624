#!/usr/bin/env bash
# What the fuzz preset needs beyond `make`'s packages: Debian's clang-16 and its runtime libraries (libFuzzer,
# ASan, UBSan). Installs only what is missing; run by `make fuzz`.
set -euo pipefail
missing=()
for p in clang-16 libclang-rt-16-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "fuzz deps: clang-16 and libclang-rt-16-dev present"; exit 0; fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
