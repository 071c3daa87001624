// The project's side of the training benchmark (run_train_bench.py runs it beside PyTorch):
//   bench_train MODE DATASET WEIGHTS EPOCHS BATCH SIZE
// MODE: "bottleneck" or "full" (mobilenet_v2, head only, no augmentation: the same head training with and
// without cached features), "finetune" (mobilenet_v2, head + last block, RandomResizedCrop + flip, SGD) or
// "gpu" (resnet50, every layer, RandomResizedCrop + flip, SGD, CUDA with bf16 autocast and channels_last;
// WEIGHTS may be "none").
// Every image of DATASET trains (no validation split). Prints one JSON object: seconds and training images
// per second of each epoch.
#include "tl/runtime.h"
#include "tl/trainer.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <iostream>

namespace {

struct Timings : tl::TrainObserver {
    nlohmann::json epochs = nlohmann::json::array();
    void onEpoch(const tl::EpochEnd& e) override {
        epochs.push_back({{"epoch", e.epoch}, {"seconds", e.seconds}, {"images_per_s", e.imagesPerSecond}, {"loss", e.trainLoss}});
    }
};

}  // namespace

int main(int argc, char** argv) {
    tl::initRuntime();
    if (argc != 7) {
        std::cerr << "usage: bench_train bottleneck|full|finetune|gpu DATASET WEIGHTS EPOCHS BATCH SIZE\n";
        return 2;
    }
    try {
        const std::string mode = argv[1];
        tl::TrainConfig c;
        c.model = "mobilenet_v2";
        c.dataset = argv[2];
        c.weights = argv[3];
        c.validationFraction = 0.0;
        c.phases[0].epochs = std::stoi(argv[4]);
        c.batchSize = std::stoi(argv[5]);
        c.imageSize = std::stoi(argv[6]);
        c.device = "cpu";
        c.outputDir = "/tmp/tl_bench_train_" + mode + "_" + std::to_string(::getpid());
        c.bottleneck = mode == "bottleneck";
        if (mode == "gpu") {
            c.model = "resnet50";
            c.device = "cuda";
            c.precision = "bf16";
            c.channelsLast = true;
        }
        if (mode == "finetune" || mode == "gpu") {
            c.phases[0].freeze.preset = mode == "gpu" ? "all" : "last_block";
            c.phases[0].optimizer.name = "sgd";
            c.phases[0].optimizer.momentum = 0.9;
            c.phases[0].optimizer.lr = 1e-3;
            c.augment = true;
            c.augmentation.randomResizedCrop = true;
            c.augmentation.horizontalFlip = true;
        }
        tl::Trainer trainer(c);
        Timings t;
        trainer.run(&t);
        std::filesystem::remove_all(c.outputDir);
        std::cout << nlohmann::json{{"mode", mode}, {"epochs", t.epochs}}.dump() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
