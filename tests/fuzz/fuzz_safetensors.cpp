// safetensors files: the bytes are written to a file, mapped, and read by weights::readSafetensors when
// weights::looksLikeSafetensors says they are one (as weights::readCheckpoint decides). Every tensor is read.

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = tl::fuzz::writeScratch("weights.safetensors", {reinterpret_cast<const char*>(data), size});
    tl::fuzz::readSafetensorsFile(path);
    return 0;
}
