// A Keras .h5 file as the app reads it (weights::readKerasFile): libhdf5 parses it in the child process
// transfer-studio-h5read under resource limits, and this process reads back the child's safetensors. Whatever
// the file does to libhdf5 (crash, hang, huge allocation), this process must get a tl::Error or the weights,
// and live on. Slow (one process per input): its regressions are every input that crashes, hangs or exhausts
// libhdf5 in fuzz_keras_h5, replayed by `make test` (with a short wall-clock limit, TL_H5READ_TIMEOUT_MS).

#include "fuzz_support.h"
#include "weights/keras_h5.h"

#include <cstdlib>

namespace {

/// readKerasFile as an import calls it; every tensor handed back is touched.
void readKerasH5File(const std::string& path) {
    const tl::weights::KerasFile file = tl::weights::readKerasFile(path);
    double sum = 0;
    for (const auto& layer : file.layers)
        for (const auto& [name, tensor] : layer.weights) sum += tensor.sum().item<double>();
    static volatile double sink = 0;
    sink = sink + sum;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    setenv("TL_H5READ_TIMEOUT_MS", "5000", 0);  // a hang is stopped after 5 s (the app: 20 s and more)
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = tl::fuzz::writeScratch("weights.h5", {reinterpret_cast<const char*>(data), size});
    tl::fuzz::run("keras_h5_contained", [&] { readKerasH5File(path); });
    return 0;
}
