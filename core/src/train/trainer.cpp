#include "tl/trainer.h"

#include "train/checkpoint.h"
#include "train/epoch_loop.h"
#include "train/evaluator.h"
#include "train/feature_bank.h"
#include "train/run_writer.h"
#include "train/run_setup.h"
#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/image.h"
#include "tl/preprocess.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>

namespace fs = std::filesystem;

namespace tl {

struct Trainer::Impl {
    TrainConfig config;
    bool resuming = false;
    std::atomic<bool> stopRequested{false};
    mutable std::mutex mutex;
    std::condition_variable resumed;
    bool pausedFlag = false;
    TrainObserver* observer = nullptr;
    TrainObserver silent;

    TrainObserver& obs() { return observer ? *observer : silent; }

    /// Blocks while paused; true when the run should stop.
    bool checkpointControl() {
        std::unique_lock lock(mutex);
        if (pausedFlag) {
            lock.unlock();
            obs().onPaused(true);
            lock.lock();
            resumed.wait(lock, [this] { return !pausedFlag || stopRequested.load(); });
            lock.unlock();
            obs().onPaused(false);
        }
        return stopRequested.load();
    }
};

Trainer::Trainer(TrainConfig config) : impl_(std::make_unique<Impl>()) {
    validateTrainConfig(config);
    impl_->config = std::move(config);
}

Trainer::~Trainer() = default;

std::unique_ptr<Trainer> Trainer::resume(const std::string& runDir) {
    const std::string configPath = (fs::path(runDir) / "config.json").string();
    const std::string checkpoint = (fs::path(runDir) / train::kCheckpointFile).string();
    if (!fs::exists(configPath)) throw Error(runDir, "not a run directory (no config.json)");
    if (!fs::exists(checkpoint) && fs::exists(fs::path(runDir) / train::kLegacyCheckpointFile))
        throw Error(runDir, std::string("was saved by a version before 2026-12 (") + train::kLegacyCheckpointFile +
                                "), whose checkpoints are not read any more: their reader, LibTorch's, is not safe on damaged files. "
                                "Its curves and files are kept; start the run again to train further");
    if (!fs::exists(checkpoint))
        throw Error(runDir, std::string("no epoch was completed before the run stopped (no ") + train::kCheckpointFile + "): start it again");
    const auto bytes = readFileBytes(configPath);
    TrainConfig config = parseTrainConfig(std::string(bytes.begin(), bytes.end()), configPath);
    config.outputDir = runDir;
    auto trainer = std::make_unique<Trainer>(std::move(config));
    trainer->impl_->resuming = true;
    return trainer;
}

const TrainConfig& Trainer::config() const { return impl_->config; }

void Trainer::pause() {
    std::lock_guard lock(impl_->mutex);
    impl_->pausedFlag = true;
}

void Trainer::resume() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->pausedFlag = false;
    }
    impl_->resumed.notify_all();
}

void Trainer::stop() {
    impl_->stopRequested = true;
    impl_->resumed.notify_all();
}

bool Trainer::paused() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->pausedFlag;
}

RunResult Trainer::run(TrainObserver* observer) {
    Impl& d = *impl_;
    d.observer = observer;
    const TrainConfig& c = d.config;
    TrainObserver& obs = d.obs();
    const auto stopRequested = [&d] { return d.stopRequested.load(); };
    const ModelSpec& spec = Catalog::builtin().get(c.model);
    const Preprocessing recipe = c.imageSize > 0 ? recipeAtSize(spec.preprocessing, c.imageSize) : spec.preprocessing;

    const Dataset dataset = train::scanRunDataset(c, obs, stopRequested);
    train::RunWriter writer(c, d.resuming, dataset, obs);
    const int classes = static_cast<int>(dataset.classes.size());
    train::RunModel model(spec, c, classes, obs);
    const train::RunPosition position = d.resuming ? writer.resume(c.phases, model) : train::RunPosition{};
    model.placeOnDevice(c, obs);
    train::RunLoaders loaders(c, dataset, recipe, obs);
    const train::RunLoss loss(c, dataset, model.device());
    train::FeatureBank features(dataset, spec.arch, recipe, loaders.validationOptions, obs, stopRequested, c.dataset);
    train::Evaluator evaluator(model, classes, c.batchSize);

    RunStart start;
    start.runDir = writer.dir();
    start.classes = dataset.classes;
    start.trainImages = dataset.size(Split::Train);
    start.validationImages = dataset.size(Split::Validation);
    start.device = model.device().str();
    start.inputSize = recipe.inputSize;
    writer.runStarted(start, c, d.resuming, position.epoch);

    train::EpochLoop loop({c, model, loaders, loss, features, evaluator, writer, [&d] { return d.checkpointControl(); }}, position, d.resuming);
    RunResult result = loop.run();
    writer.finished(model, spec, dataset, recipe, c.head, result);
    return result;
}

}  // namespace tl
