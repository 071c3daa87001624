// The project's side of the data-loader benchmark (run_loader_bench.py runs it beside a PyTorch DataLoader):
//   bench_loader DATASET EPOCHS BATCH WORKERS [CACHE_MIB]
// scans DATASET (ImageFolder layout, every image used for training), then times EPOCHS epochs of 224×224
// batches with RandomResizedCrop + horizontal flip + ImageNet normalisation, as torchvision's standard
// training transform. Epoch 1 decodes every JPEG; later epochs read the decoded-image cache.
// Prints one JSON object: images and images per second for each epoch, and the cache statistics.
#include "tl/augment.h"
#include "tl/dataset.h"
#include "tl/loader.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"

#include "bench_timing.h"

#include <nlohmann/json.hpp>

#include <iostream>

int main(int argc, char** argv) {
    tl::initRuntime();
    if (argc < 5) {
        std::cerr << "usage: bench_loader DATASET EPOCHS BATCH WORKERS [CACHE_MIB]\n";
        return 2;
    }
    try {
        tl::ScanOptions scan;
        scan.validationFraction = 0.0;
        scan.detectLeakage = false;
        const tl::Dataset ds = tl::scanDataset(argv[1], scan);
        tl::LoaderOptions options;
        options.recipe = tl::recipeFor("torchvision", 224, 256);
        options.augment = true;
        options.augmentation.randomResizedCrop = true;
        options.augmentation.horizontalFlip = true;
        options.batchSize = std::stoi(argv[3]);
        options.workers = std::stoi(argv[4]);
        if (argc > 5) options.cacheBytes = static_cast<std::size_t>(std::stoll(argv[5])) << 20;
        tl::BatchLoader loader(ds.paths(tl::Split::Train), ds.labels(tl::Split::Train), options);
        nlohmann::json epochs = nlohmann::json::array();
        for (int e = 0; e < std::stoi(argv[2]); ++e) {
            const double start = bench::nowMs();
            loader.startEpoch(e);
            tl::Batch batch;
            std::size_t images = 0;
            double checksum = 0;
            while (loader.next(batch)) {
                images += static_cast<std::size_t>(batch.count);
                checksum += batch.data[0];  // the consumer touches every batch
            }
            const double seconds = (bench::nowMs() - start) / 1000.0;
            epochs.push_back(
                {{"images", images}, {"seconds", seconds}, {"images_per_s", static_cast<double>(images) / seconds}, {"checksum", checksum}});
        }
        const tl::CacheStats c = loader.cacheStats();
        std::cout
            << nlohmann::json{{"epochs", epochs},
                              {"cache",
                               {{"entries", c.entries}, {"mib", static_cast<double>(c.bytes) / 1048576.0}, {"hits", c.hits}, {"misses", c.misses}}},
                              {"failures", loader.failures().size()}}
                   .dump()
            << '\n';
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
