// A model file's metadata (models/model_file.cpp): what the Classify and Compare areas and the CLI read before
// they load a model file — isModelFile (which must never throw) and readModelFileInfo, on the bytes written to a
// file. Loading the network itself (loadModelFile) is weights::readCheckpoint, which fuzz_safetensors.cpp
// covers, plus building a network of the file's architecture, too slow to do per input.

#include "fuzz_support.h"

#include "tl/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = tl::fuzz::writeScratch("model.safetensors", {reinterpret_cast<const char*>(data), size});
    bool isModel = false;
    tl::fuzz::run("model_file", [&] { isModel = tl::isModelFile(path); });
    tl::fuzz::run("model_file", [&] {
        const tl::ModelFileInfo info = tl::readModelFileInfo(path);
        if (!isModel) tl::fuzz::fail("model_file", "readModelFileInfo read a file that isModelFile refused");
        (void)tl::exportFormatOf(info);
        (void)tl::exportExtensionOf(info);
    });
    return 0;
}
