// The project's side of the classification benchmark (run_classify_bench.py runs it beside Python):
//   bench_classify one MODEL WEIGHTS IMAGE REPEAT      decode, preprocess, forward and top-5 of one image
//   bench_classify prep MODEL IMAGE REPEAT             decode and preprocess only, as classify does them (the
//                                                      model's recipe; large JPEGs decoded at reduced size)
//   bench_classify folder MODEL WEIGHTS DIR BATCH      every image of a folder, classified in batches
// Prints one JSON object: median and samples in milliseconds (one, prep) or images per second (folder).
// Uses only the public, torch-free API: what the GUI and CLI run.
#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/runtime.h"

#include "bench_timing.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

using bench::nowMs;
using bench::timeIt;

int main(int argc, char** argv) {
    const tl::RuntimeInfo info = tl::initRuntime();
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        nlohmann::json out;
        if (args.size() == 5 && args[0] == "one") {
            tl::ClassifierOptions options;
            options.batchSize = 1;
            const tl::Classifier c = tl::Classifier::fromCatalog(tl::Catalog::builtin().get(args[1]), args[2], options);
            const std::vector<std::string> files{args[3]};
            out = timeIt(std::stoi(args[4]), [&] {
                if (!c.classifyFiles(files).front().error.empty()) throw std::runtime_error("the image failed");
            });
        } else if (args.size() == 4 && args[0] == "prep") {
            const tl::Preprocessing& recipe = tl::Catalog::builtin().get(args[1]).preprocessing;
            tl::DecodeOptions decode;
            decode.minShortSide = tl::reducibleShortSide(recipe);  // what Classifier does (ClassifierOptions::fastDecode)
            out = timeIt(std::stoi(args[3]), [&] { tl::prepareImage(tl::readImage(args[2], decode).rgb, recipe); });
        } else if (args.size() == 5 && args[0] == "folder") {
            tl::ClassifierOptions options;
            options.batchSize = std::stoi(args[4]);
            const tl::Classifier c = tl::Classifier::fromCatalog(tl::Catalog::builtin().get(args[1]), args[2], options);
            const std::vector<std::string> files = tl::collectImageFiles({args[3]});
            c.classifyFiles({files.begin(), files.begin() + std::min<std::ptrdiff_t>(options.batchSize, static_cast<std::ptrdiff_t>(files.size()))});
            const double start = nowMs();
            const auto results = c.classifyFiles(files);
            const double seconds = (nowMs() - start) / 1000.0;
            out = {{"images", results.size()}, {"seconds", seconds}, {"images_per_s", static_cast<double>(results.size()) / seconds}};
        } else {
            std::cerr << "usage: bench_classify one MODEL WEIGHTS IMAGE REPEAT | prep MODEL IMAGE REPEAT | folder MODEL WEIGHTS DIR BATCH\n";
            return 2;
        }
        out["threads"] = info.intraOpThreads;
        out["allocator_configured"] = info.allocatorConfigured;
        std::cout << out.dump() << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
