#!/usr/bin/env bash
# Packs what the GPU build needs besides Python's torch into one folder (default build/gpu-deps, at most
# 64 MiB, ignored by git), for a GPU machine that has CUDA and Python torch 2.x but no Qt, no OpenCV
# development files and no network. Run it here, on a Debian 12 machine that reaches Debian's archive;
# scripts/gpu/build.sh on the GPU machine builds from it.
#   - sources from Debian's archive: OpenCV (core, imgproc, imgcodecs only), zlib, libpng, libjpeg-turbo
#   - header-only libraries as installed here: nlohmann-json and CLI11 (with their CMake package files)
#   - OpenSSL's headers (libcrypto itself is the GPU machine's own: every Python there links it)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-build/gpu-deps}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SECONDS=0

need=(nlohmann-json3-dev libcli11-dev libssl-dev xz-utils dpkg-dev)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's source packages through a private deb-src list (the machine's own apt configuration is untouched).
mkdir -p "$WORK/apt/lists/partial"
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
cat > "$WORK/apt/src.sources" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_src=(-o "Dir::Etc::sourcelist=$WORK/apt/src.sources" -o Dir::Etc::sourceparts=/dev/null -o "Dir::State::Lists=$WORK/apt/lists")
apt-get "${apt_src[@]}" update -qq
(cd "$WORK" && apt-get "${apt_src[@]}" source --download-only -qq opencv zlib libpng1.6 libjpeg-turbo 2>&1 | grep -v "unsandboxed" || true)

rm -rf "$OUT"
mkdir -p "$OUT/src" "$OUT/prefix/include" "$OUT/prefix/share/cmake"
# OpenCV: the top-level build files and the three modules the project uses.
opencv_tar=$(ls "$WORK"/opencv_*.orig.tar.xz)
mkdir "$WORK/opencv"
tar -xJf "$opencv_tar" -C "$WORK/opencv"
top=$(ls "$WORK/opencv")
out_abs=$(cd "$OUT" && pwd)
(cd "$WORK/opencv/$top" && tar -cJf "$out_abs/src/opencv.tar.xz" --transform "s,^,opencv/," \
    CMakeLists.txt LICENSE cmake include doc/CMakeLists.txt data/CMakeLists.txt platforms/scripts modules/core modules/imgproc modules/imgcodecs)
for name in zlib libpng1.6 libjpeg-turbo; do
    f=$(ls "$WORK/${name}"_*.orig.tar.* | grep -v '\.asc$' | head -1)
    cp "$f" "$OUT/src/$name.tar.${f##*.tar.}"
done
# Header-only libraries and OpenSSL's headers, as installed here.
cp -r /usr/include/nlohmann /usr/include/CLI "$OUT/prefix/include/"
cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$OUT/prefix/share/cmake/"
mkdir -p "$OUT/openssl/include"
cp -r /usr/include/openssl "$OUT/openssl/include/"
cp /usr/include/x86_64-linux-gnu/openssl/*.h "$OUT/openssl/include/openssl/"
{
    echo "packed $(date -u +%FT%TZ) on $(. /etc/os-release && echo "$PRETTY_NAME")"
    for p in nlohmann-json3-dev libcli11-dev libssl-dev; do dpkg-query -W -f '${Package} ${Version}\n' "$p"; done
    ls -l "$OUT/src"
} > "$OUT/MANIFEST"
size=$(du -sm "$OUT" | cut -f1)
echo "gpu deps: $OUT, ${size} MiB, ${SECONDS} s"
if ((size > 64)); then echo "error: $OUT is over 64 MiB (the device carries at most 64 MiB)" >&2; exit 1; fi
