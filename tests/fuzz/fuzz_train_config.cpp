// A training config JSON (tl/train_config.h): what `transfer-studio-cli train --config` reads and a resumed run
// reads back from its config.json. parseTrainConfig takes the text itself. A config it accepts must also survive
// the trip a run makes it take: written by trainConfigJson, read again by parseTrainConfig.

#include "fuzz_support.h"

#include "tl/train_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    tl::TrainConfig config;
    if (!tl::fuzz::run("train_config", [&] { config = tl::parseTrainConfig(text, "config.json"); })) return 0;
    std::string written;
    tl::fuzz::run("train_config", [&] { written = tl::trainConfigJson(config); });
    try {
        (void)tl::parseTrainConfig(written, "config.json (written back)");
    } catch (const tl::Error& e) {
        tl::fuzz::fail("train_config", std::string("a config that was read cannot be read back once written: ") + e.what());
    } catch (...) {
        tl::fuzz::abortOnUnexpected("train_config");
    }
    return 0;
}
