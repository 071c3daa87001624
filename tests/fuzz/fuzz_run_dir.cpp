// A run directory read back (train/trainer.cpp's resume, train/checkpoint.cpp, train/run_files.cpp): one input is
// split (fuzz_support.h, splitParts) into config.json, checkpoint.safetensors, events.jsonl and metrics.csv, written into
// an empty folder, which is then read as `transfer-studio-cli train --resume` reads it: the config, the
// checkpoint's position, weights and optimizer state (the safetensors reader, train/checkpoint.cpp), the logs reopened and
// metrics.csv restored. An empty part leaves its file out.
//
// The Train panel's runs list and run viewer (ui/train/trainpanel.cpp: refreshRuns, loadRun) parse events.jsonl
// and config.json themselves, inside the widget, with QJsonDocument: they cannot be called without widgets, so
// they are not fuzzed here.

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
