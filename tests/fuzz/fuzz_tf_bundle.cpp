// TF-slim V2 checkpoints (weights/tf_bundle.cpp): one input is split (fuzz_support.h, splitParts) into the index
// and up to three data shards, written as model.ckpt.index and model.ckpt.data-0000S-of-0000N (N: the number of
// shard parts, so a bundle header that names N shards finds them all), then read as an import reads them:
// weights::readTfBundle on the prefix, then the variables mapped onto a TF-slim network.
//
// The fuzz preset defines FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, under which the reader reports CRC-32C
// mismatches but goes on (libFuzzer cannot forge checksums); every other build refuses them as before.

#include "fuzz_support.h"

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t kMaxShards = 3;
    const auto parts = tl::fuzz::splitParts(data, size, 1 + kMaxShards);
    tl::fuzz::clearScratch();
    const std::string prefix = tl::fuzz::scratchDir() + "/model.ckpt";
    tl::fuzz::writeScratch("model.ckpt.index", parts.empty() ? std::string_view() : parts[0]);
    const std::size_t shards = parts.size() > 1 ? parts.size() - 1 : 0;
    for (std::size_t s = 0; s < shards; ++s) {
        char name[64];
        std::snprintf(name, sizeof name, "model.ckpt.data-%05zu-of-%05zu", s, shards);
        tl::fuzz::writeScratch(name, parts[1 + s]);
    }
    tl::fuzz::readTfBundleFiles(prefix);
    return 0;
}
