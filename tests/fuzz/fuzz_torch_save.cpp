// torch.save files (zip and legacy formats, their pickles) as the app reads weights: the bytes are written to a
// file, which weights::readCheckpoint maps and tells apart by content (readCheckpoint also reads safetensors,
// fuzz_safetensors.cpp aims at those). Every tensor it returns is read in full; inspectCheckpoint
// (transfer-studio-cli summary) reads the file again.

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = tl::fuzz::writeScratch("weights.pt", {reinterpret_cast<const char*>(data), size});
    tl::fuzz::readWeightsFile(path);
    return 0;
}
