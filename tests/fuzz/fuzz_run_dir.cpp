// A run directory read back (train/trainer.cpp's resume, train/checkpoint.cpp, train/run_files.cpp,
// train/run_log.cpp): one input is split (fuzz_support.h, splitParts) into config.json, checkpoint.safetensors,
// events.jsonl and metrics.csv, written into an empty folder, which is then read as `transfer-studio-cli train
// --resume` reads it (the config, the checkpoint's position, weights and optimizer state, the logs reopened and
// metrics.csv restored) and as the Train area's runs list and run viewer read it (readRun: the events and the
// config's model and dataset). An empty part leaves its file out.

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const kFiles[] = {"config.json", "checkpoint.safetensors", "events.jsonl", "metrics.csv"};
    const auto parts = tl::fuzz::splitParts(data, size, 4);
    tl::fuzz::clearScratch();
    const std::string dir = tl::fuzz::makeScratchDir("run");
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (!parts[i].empty()) tl::fuzz::writeScratch(std::string("run/") + kFiles[i], parts[i]);
    tl::fuzz::readRunDirectory(dir);
    return 0;
}
