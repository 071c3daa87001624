#!/usr/bin/env bash
# Builds core, the CLI and the training benchmark against the LibTorch inside Python's torch (CUDA build),
# on a Linux machine with an NVIDIA GPU, CUDA, Python torch 2.x and no network, without Qt or OpenCV's
# development files: what is missing comes from build/gpu-deps (scripts/gpu/pack-deps.sh, carried along).
# The dependencies are built once into build/gpu-deps/prefix; the project into build/gpu.
#   PYTHON=python3 (the interpreter with torch)   JOBS=$(nproc)   BUILD_DIR=build/gpu
#   IGNORE_SYSTEM_DEV=1: use the packed OpenSSL headers and build without libcurl even where the machine has
#   their development files (to rehearse the GPU machine's situation on a development machine)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
JOBS=${JOBS:-$(nproc)}
DEPS=$ROOT/build/gpu-deps
PREFIX=$DEPS/prefix
BUILD_DIR=${BUILD_DIR:-build/gpu}
phase() { echo "== $1 ($SECONDS s)"; }

phase "torch"
read -r TORCH_CMAKE TORCH_VERSION TORCH_CUDA CXX11_ABI < <("$PYTHON" -c '
import torch
print(torch.utils.cmake_prefix_path, torch.__version__, torch.version.cuda or "none", int(torch._C._GLIBCXX_USE_CXX11_ABI))')
echo "Python torch $TORCH_VERSION (CUDA $TORCH_CUDA), LibTorch CMake files in $TORCH_CMAKE, _GLIBCXX_USE_CXX11_ABI=$CXX11_ABI"
# Everything linked into one program must agree on libstdc++'s string ABI with LibTorch's.
ABI_FLAGS="-D_GLIBCXX_USE_CXX11_ABI=$CXX11_ABI"
GEN=(-G Ninja)
command -v ninja >/dev/null || GEN=(-G "Unix Makefiles")
CMAKE_COMMON=("${GEN[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_PREFIX_PATH="$PREFIX"
              -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_CXX_FLAGS="$ABI_FLAGS")

build_from() {  # NAME ARCHIVE CMAKE_ARGS...: unpack, configure, build, install into $PREFIX once
    local name=$1 archive=$2
    shift 2
    [ -f "$PREFIX/.built-$name" ] && return 0
    [ -f "$archive" ] || { echo "error: $archive is missing: run scripts/gpu/pack-deps.sh on a Debian machine and carry build/gpu-deps" >&2; exit 1; }
    phase "building $name"
    local src=$DEPS/work/$name
    rm -rf "$src" && mkdir -p "$src"
    tar -xf "$archive" -C "$src" --strip-components=1
    if [ "${1:-}" = --configure ]; then  # a plain ./configure && make (zlib: Debian's tarball lacks its CMake's win32 files)
        (cd "$src" && CFLAGS="-O2 -fPIC" ./configure --static --prefix="$PREFIX" > configure.log && make -j "$JOBS" > build.log && make install > /dev/null)
    else
        cmake -S "$src" -B "$src/build" "${CMAKE_COMMON[@]}" "$@" > "$src/configure.log"
        cmake --build "$src/build" -j "$JOBS" > "$src/build.log"
        cmake --install "$src/build" > /dev/null
    fi
    touch "$PREFIX/.built-$name"
}

# OpenCV and its codecs, static, with the same string ABI as LibTorch (a machine's own OpenCV may not have it).
build_from zlib "$(ls "$DEPS"/src/zlib.tar.* 2>/dev/null | head -1)" --configure
build_from libpng "$(ls "$DEPS"/src/libpng1.6.tar.* 2>/dev/null | head -1)" -DPNG_SHARED=OFF -DPNG_TESTS=OFF -DPNG_EXECUTABLES=OFF
build_from libjpeg-turbo "$(ls "$DEPS"/src/libjpeg-turbo.tar.* 2>/dev/null | head -1)" -DENABLE_SHARED=OFF -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF
build_from opencv "$DEPS/src/opencv.tar.xz" -DBUILD_SHARED_LIBS=OFF -DBUILD_LIST=core,imgproc,imgcodecs \
        -DBUILD_ZLIB=OFF -DBUILD_PNG=OFF -DBUILD_JPEG=OFF -DWITH_PNG=ON -DWITH_JPEG=ON -DWITH_TIFF=OFF -DWITH_WEBP=OFF \
        -DWITH_OPENJPEG=OFF -DWITH_JASPER=OFF -DWITH_OPENEXR=OFF -DWITH_IMGCODEC_HDR=OFF -DWITH_IMGCODEC_SUNRASTER=OFF \
        -DWITH_IMGCODEC_PXM=ON -DWITH_IMGCODEC_PFM=OFF -DWITH_GDAL=OFF -DWITH_GDCM=OFF -DWITH_IPP=OFF -DWITH_ITT=OFF \
        -DWITH_OPENCL=OFF -DWITH_CUDA=OFF -DWITH_TBB=OFF -DWITH_OPENMP=OFF -DWITH_PTHREADS_PF=ON -DWITH_LAPACK=OFF \
        -DWITH_EIGEN=OFF -DWITH_PROTOBUF=OFF -DWITH_QUIRC=OFF -DWITH_ADE=OFF -DWITH_VA=OFF -DWITH_GTK=OFF -DWITH_QT=OFF \
        -DBUILD_TESTS=OFF -DBUILD_PERF_TESTS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOCS=OFF -DBUILD_opencv_apps=OFF \
        -DBUILD_JAVA=OFF -DOPENCV_PYTHON_SKIP_DETECTION=ON -DBUILD_opencv_python3=OFF -DBUILD_opencv_python2=OFF -DOPENCV_GENERATE_PKGCONFIG=OFF \
        -DZLIB_ROOT="$PREFIX" -DPNG_ROOT="$PREFIX" -DJPEG_ROOT="$PREFIX"

# OpenSSL (SHA-256 of weights and files): the machine's development files, else the packed headers and the
# libcrypto that this Python's hashlib links.
OPENSSL_ARGS=()
IGNORE_SYSTEM_DEV=${IGNORE_SYSTEM_DEV:-0}
if [ "$IGNORE_SYSTEM_DEV" = 1 ] || [ ! -f /usr/include/openssl/evp.h ]; then
    crypto=$("$PYTHON" -c 'import _hashlib; print(_hashlib.__file__)' | xargs ldd | awk '/libcrypto/ {print $3}' | head -1)
    [ -n "$crypto" ] || { echo "error: no OpenSSL libcrypto found (neither development files nor Python's)" >&2; exit 1; }
    echo "OpenSSL: headers from build/gpu-deps, $crypto"
    OPENSSL_ARGS=(-DOPENSSL_INCLUDE_DIR="$DEPS/openssl/include" -DOPENSSL_CRYPTO_LIBRARY="$crypto" -DOPENSSL_ROOT_DIR="$DEPS/openssl")
fi
# libcurl (downloads): without its development files the build has no downloader (the machine has no network).
CURL_ARGS=()
if [ "$IGNORE_SYSTEM_DEV" = 1 ] || { [ ! -f /usr/include/curl/curl.h ] && [ ! -f /usr/include/x86_64-linux-gnu/curl/curl.h ]; }; then
    echo "libcurl: no development files; building without downloads"
    CURL_ARGS=(-DTL_WITH_CURL=OFF)
fi

phase "configure"
cmake -S . -B "$BUILD_DIR" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$ABI_FLAGS" \
    -DCMAKE_PREFIX_PATH="$TORCH_CMAKE;$PREFIX" -DOpenCV_DIR="$PREFIX/lib/cmake/opencv4" \
    -DPython3_EXECUTABLE="$(command -v "$PYTHON")" -DTL_BUILD_UI=OFF -DTL_BUILD_TESTS=OFF -DTL_BUILD_BENCH=ON \
    "${OPENSSL_ARGS[@]}" "${CURL_ARGS[@]}"
phase "build"
cmake --build "$BUILD_DIR" -j "$JOBS" --target transfer-studio-cli bench_train
phase "done"
"$BUILD_DIR/app/transfer-studio-cli" info
