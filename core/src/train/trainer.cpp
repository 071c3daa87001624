#include "tl/trainer.h"

#include "compat/torch_compat.h"
#include "io/atomic_file.h"
#include "models/model_impl.h"
#include "models/network.h"
#include "train/checkpoint.h"
#include "train/feature_cache.h"
#include "train/loss_scaler.h"
#include "train/metrics.h"
#include "train/run_events.h"
#include "train/run_files.h"
#include "train/schedule.h"
#include "tl/catalog.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/freeze.h"
#include "tl/image.h"
#include "tl/loader.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"
#include "tl/weight_store.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace tl {

using train::LrSchedule;
using train::RunFiles;
using train::makeOptimizer;
using train::setFrozenBatchNormEval;
using train::setLearningRates;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string resolveWeights(const ModelSpec& spec, const std::string& given) {
    if (!given.empty()) return given;
    return WeightStore().require(spec, "download or import them first, or give a weights file");
}

}  // namespace

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
    const ModelSpec& spec = Catalog::builtin().get(c.model);
    const Preprocessing recipe = c.imageSize > 0 ? recipeAtSize(spec.preprocessing, c.imageSize) : spec.preprocessing;

    // ---- the dataset ----
    ScanOptions scanOptions;
    scanOptions.validationFraction = c.validationFraction;
    scanOptions.seed = c.splitSeed;
    d.obs().onLog("scanning " + c.dataset);
    const Dataset dataset = scanDataset(c.dataset, scanOptions, [&d](const ScanProgress&) { return !d.stopRequested.load(); });
    for (const auto& w : dataset.warnings) d.obs().onLog("dataset: " + w);
    if (!dataset.skipped.empty()) d.obs().onLog("dataset: " + std::to_string(dataset.skipped.size()) + " file(s) skipped (see dataset.json)");
    const auto trainCounts = dataset.counts(Split::Train);
    for (std::size_t i = 0; i < trainCounts.size(); ++i)
        if (trainCounts[i] == 0) throw Error(c.dataset, "class '" + dataset.classes[i] + "' has no training images");
    if (dataset.classes.size() < 2) throw Error(c.dataset, "a classifier needs at least two classes");
    if (dataset.classes.size() > static_cast<std::size_t>(kMaxModelClasses))  // its model file would not read back
        throw Error(c.dataset, "has " + std::to_string(dataset.classes.size()) + " classes; a model has at most " + std::to_string(kMaxModelClasses));
    const auto classes = static_cast<std::int64_t>(dataset.classes.size());

    // ---- the run directory ----
    RunFiles files(c.outputDir, d.resuming);
    const std::string checkpointPath = files.path(train::kCheckpointFile);
    if (!d.resuming) files.writeJson("config.json", trainConfigJson(c));
    files.writeJson("classes.json", dataset.classMapJson());
    files.writeJson("dataset.json", dataset.reportJson());

    // ---- the model ----
    const bool fromScratch = c.weights == kNoWeights;
    const std::string weightsPath = fromScratch ? std::string() : resolveWeights(spec, c.weights);
    torch::manual_seed(c.seed);  // first: the new head's (or the whole network's) initial weights come from the seed too
    Model model = fromScratch ? Model::create(spec.arch, static_cast<int>(classes)) : Model::fromCatalog(spec, weightsPath, static_cast<int>(classes));
    d.obs().onLog(fromScratch ? "weights: none, random initialisation (training from scratch)" : "weights: " + model.weightsLoad().message);
    const torch::Device device = compat::parseDevice(c.device);
    auto& net = *model.impl()->net;
    if (model.classes() != classes) model.replaceHead(static_cast<int>(classes));
    if (c.head.kind == "mlp") model.setMlpHead(c.head.hidden, c.head.dropout);
    torch::nn::Sequential mlp = model.impl()->mlp;
    train::RunPosition position;
    if (d.resuming) {
        position = train::readRunPosition(checkpointPath);
        std::vector<int> phaseEpochs;
        for (const auto& p : c.phases) phaseEpochs.push_back(p.epochs);
        train::checkRunPosition(position, phaseEpochs, checkpointPath);
        train::loadWeights(checkpointPath, net, mlp ? mlp.ptr().get() : nullptr);
        files.restoreMetrics(position.epoch, position.metricsRow);
        d.obs().onLog("resuming after epoch " + std::to_string(position.epoch) + " (phase " + std::to_string(position.phaseIndex + 1) + ")");
    }
    model.setDevice(device.str());
    const bool cuda = device.is_cuda();
    if (cuda) at::globalContext().setBenchmarkCuDNN(true);  // fixed input sizes: let cuDNN pick its fastest kernels
    if (!cuda && c.precision != "fp32") d.obs().onLog("precision " + c.precision + " applies on a GPU; the CPU trains in fp32");
    if (cuda && c.channelsLast) {
        torch::NoGradGuard noGrad;
        for (auto& p : net.parameters(true))
            if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    }

    const auto forward = [&](const torch::Tensor& x) { return model.impl()->forward(x); };
    const auto headParameters = [&]() {
        std::vector<torch::Tensor> out;
        if (mlp) return mlp->parameters();
        const std::string prefix = net.headPrefix();
        for (const auto& item : net.named_parameters(true))
            if (item.key().rfind(prefix, 0) == 0) out.push_back(item.value());
        return out;
    };

    // ---- the loaders ----
    LoaderOptions trainOptions;
    trainOptions.recipe = recipe;
    trainOptions.augment = c.augment;
    trainOptions.augmentation = c.augmentation;
    trainOptions.batchSize = c.batchSize;
    trainOptions.seed = c.seed;
    trainOptions.workers = c.workers;
    trainOptions.cacheBytes = c.cacheMiB << 20;
    BatchLoader trainLoader(dataset.paths(Split::Train), dataset.labels(Split::Train), trainOptions);
    LoaderOptions valOptions = trainOptions;
    valOptions.augment = false;
    valOptions.shuffle = false;
    const bool hasValidation = dataset.size(Split::Validation) > 0;
    std::unique_ptr<BatchLoader> valLoader;
    if (hasValidation) valLoader = std::make_unique<BatchLoader>(dataset.paths(Split::Validation), dataset.labels(Split::Validation), valOptions);
    else d.obs().onLog("no validation images: accuracy is reported on the training split only");

    torch::Tensor classWeights;
    if (c.classWeights) {
        std::vector<float> w;
        const double n = static_cast<double>(dataset.size(Split::Train));
        for (const auto count : trainCounts) w.push_back(static_cast<float>(n / (static_cast<double>(classes) * static_cast<double>(count))));
        classWeights = torch::tensor(w).to(device);
    }
    const auto lossOf = [&](const torch::Tensor& logits, const torch::Tensor& target) {
        auto options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(c.labelSmoothing);
        if (classWeights.defined()) options.weight(classWeights);
        return torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), target, options);
    };

    const auto toDevice = [&](const Batch& b) {
        torch::Tensor x = torch::from_blob(const_cast<float*>(b.data.data()), {b.count, 3, b.height, b.width}, torch::kFloat32).to(device);
        if (cuda && c.channelsLast) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        torch::Tensor y = torch::from_blob(const_cast<std::int64_t*>(b.labels.data()), {b.count}, torch::kInt64).to(device);
        return std::pair{x, y};
    };

    // ---- bottleneck features: computed once by the frozen network, cached on disk ----
    const auto headForward = [&](const torch::Tensor& f) { return mlp ? mlp->forward(f) : net.head(f); };
    const auto labelTensor = [](const std::vector<int>& labels) {
        std::vector<std::int64_t> v(labels.begin(), labels.end());
        return torch::tensor(v, torch::kInt64);
    };
    const torch::Tensor trainLabels = labelTensor(dataset.labels(Split::Train));
    const torch::Tensor valLabels = labelTensor(dataset.labels(Split::Validation));
    std::optional<train::Features> trainFeatures, valFeatures;
    const auto extract = [&](Split split) {
        const auto paths = dataset.paths(split);
        const std::string key = train::featureCacheKey(spec.arch, weightsPath, recipe, paths);
        if (auto cached = train::loadFeatures(key, static_cast<std::int64_t>(paths.size()), net.featureDim())) {
            d.obs().onLog(std::string("bottleneck features of the ") + splitName(split) + " split reused from " + train::featureCachePath(key));
            return *cached;
        }
        const auto started = Clock::now();
        BatchLoader loader(paths, dataset.labels(split), valOptions);
        train::Features f;
        f.values = torch::zeros({static_cast<std::int64_t>(paths.size()), net.featureDim()}, torch::kFloat32);
        f.present = torch::zeros({static_cast<std::int64_t>(paths.size())}, torch::kUInt8);
        torch::NoGradGuard noGrad;
        net.eval();
        loader.startEpoch(0);
        Batch b;
        while (loader.next(b)) {
            if (b.count == 0) continue;
            auto [x, y] = toDevice(b);
            const torch::Tensor rows = net.features(x).to(torch::kCPU, torch::kFloat32);
            for (int i = 0; i < b.count; ++i) {
                f.values[static_cast<std::int64_t>(b.samples[static_cast<std::size_t>(i)])].copy_(rows[i]);
                f.present[static_cast<std::int64_t>(b.samples[static_cast<std::size_t>(i)])] = 1;
            }
            if (d.stopRequested) throw Cancelled(c.dataset, "stopped while computing bottleneck features");
        }
        train::saveFeatures(key, f);
        std::ostringstream m;
        m.precision(3);
        m << "bottleneck features of " << paths.size() << " " << splitName(split) << " images computed in " << secondsSince(started)
          << " s and cached at " << train::featureCachePath(key);
        d.obs().onLog(m.str());
        return f;
    };
    bool useFeatures = false;

    const auto evaluate = [&]() {
        EvaluationAccumulator acc(static_cast<int>(classes));
        torch::NoGradGuard noGrad;
        net.eval();
        if (mlp) mlp->eval();
        if (useFeatures) {
            const auto present = valFeatures->present.nonzero().squeeze(1);
            for (std::int64_t begin = 0; begin < present.numel(); begin += c.batchSize) {
                const auto idx = present.narrow(0, begin, std::min<std::int64_t>(c.batchSize, present.numel() - begin));
                train::addBatch(acc, headForward(valFeatures->values.index_select(0, idx).to(device)), valLabels.index_select(0, idx).to(device));
            }
            return acc.result();
        }
        valLoader->startEpoch(0);
        Batch b;
        while (valLoader->next(b)) {
            if (b.count == 0) continue;
            auto [x, y] = toDevice(b);
            train::addBatch(acc, forward(x), y);
        }
        return acc.result();
    };

    RunStart start;
    start.runDir = files.dir();
    start.classes = dataset.classes;
    start.trainImages = dataset.size(Split::Train);
    start.validationImages = dataset.size(Split::Validation);
    start.device = device.str();
    start.inputSize = recipe.inputSize;
    d.obs().onRunStart(start);
    // What another run must share to repeat this one exactly (docs/user-guide.md, "Reproducible runs").
    const RuntimeInfo runtime = runtimeInfo();
    d.obs().onLog("seed " + std::to_string(c.seed) + ", " + std::to_string(runtime.intraOpThreads) + " thread(s) on " + runtime.deviceName + ", LibTorch " +
                  runtime.torchVersion);
    nlohmann::json started = train::runStartEvent(start);
    started.update({{"event", d.resuming ? "run_resumed" : "run_start"}, {"epoch", position.epoch}, {"seed", c.seed},
                    {"threads", runtime.intraOpThreads}, {"device_name", runtime.deviceName}, {"torch_version", runtime.torchVersion}});
    files.event(started);

    RunResult result;
    result.runDir = files.dir();
    result.status = "completed";
    std::int64_t totalSteps = 0;
    for (const auto& p : c.phases) totalSteps += static_cast<std::int64_t>(p.epochs) * static_cast<std::int64_t>(trainLoader.batchesPerEpoch());
    std::int64_t step = position.step;
    const std::int64_t resumedAtStep = step;
    const auto runStarted = Clock::now();
    int epoch = position.epoch;
    result.epochs = epoch;
    result.bestEpoch = position.bestEpoch;
    result.bestValidationAccuracy = position.best;
    bool stopped = false;
    // Where to begin: after the checkpoint's epoch, in its phase or at the start of the next one.
    std::size_t firstPhase = static_cast<std::size_t>(position.phaseIndex);
    int firstEpochInPhase = position.epochInPhase + 1;
    if (d.resuming && firstEpochInPhase > c.phases[firstPhase].epochs) {
        ++firstPhase;
        firstEpochInPhase = 1;
    }
    if (d.resuming && position.earlyStopped) {
        firstPhase = static_cast<std::size_t>(position.phaseIndex) + 1;
        firstEpochInPhase = 1;
        result.status = "early_stopped";
    }

    try {
        // Whether an earlier phase trained anything below the head (then cached features would be stale).
        bool backboneTrained = false;
        for (std::size_t i = 0; i < firstPhase; ++i) {
            applyFreezePlan(model, c.phases[i].freeze);
            for (const auto& item : net.named_parameters(true))
                if (item.value().requires_grad() && item.key().rfind(net.headPrefix(), 0) != 0) backboneTrained = true;
        }
        // fp16 autocast needs loss scaling (bf16 has fp32's exponent range and does not).
        train::LossScaler scaler(cuda && c.precision == "fp16");
        std::int64_t skippedSteps = 0;
        for (std::size_t phaseIndex = firstPhase; phaseIndex < c.phases.size() && !stopped; ++phaseIndex) {
            const PhaseConfig& phase = c.phases[phaseIndex];
            const int phaseNo = static_cast<int>(phaseIndex) + 1;
            result.status = "completed";
            const FreezeResult freeze = applyFreezePlan(model, phase.freeze);
            // The head always trains (a fresh head is the point of fine-tuning).
            std::vector<torch::Tensor> head = headParameters();
            for (auto& t : head) t.set_requires_grad(true);
            std::vector<torch::Tensor> backbone;
            for (const auto& item : net.named_parameters(true)) {
                if (item.key().rfind(net.headPrefix(), 0) == 0) {
                    if (mlp) item.value().set_requires_grad(false);  // the network's own head is not used
                    continue;
                }
                if (item.value().requires_grad()) backbone.push_back(item.value());
            }
            std::int64_t trainable = 0, frozenCount = 0;
            for (const auto& t : head) trainable += t.numel();
            for (const auto& t : backbone) trainable += t.numel();
            for (const auto& item : net.named_parameters(true))
                if (!item.value().requires_grad() && !(mlp && item.key().rfind(net.headPrefix(), 0) == 0)) frozenCount += item.value().numel();

            auto optimizer = makeOptimizer(phase.optimizer, head, backbone);
            const int startEpoch = phaseIndex == firstPhase ? firstEpochInPhase : 1;
            if (startEpoch > 1) train::loadOptimizer(checkpointPath, *optimizer);
            const LrSchedule schedule(phase.schedule, phase.optimizer.lr,
                                      static_cast<std::int64_t>(phase.epochs) * static_cast<std::int64_t>(trainLoader.batchesPerEpoch()),
                                      static_cast<std::int64_t>(trainLoader.batchesPerEpoch()));
            PhaseStart ps;
            ps.phase = phaseNo;
            ps.epochs = phase.epochs;
            ps.trainable = trainable;
            ps.frozen = frozenCount;
            std::ostringstream desc;
            desc << "phase " << phaseNo << ": " << freeze.description << "; " << phase.optimizer.name << " lr " << phase.optimizer.lr;
            if (!backbone.empty() && phase.optimizer.backboneLrScale != 1.0) desc << " (backbone × " << phase.optimizer.backboneLrScale << ")";
            desc << ", " << phase.schedule.name << " schedule, " << phase.epochs << " epoch(s)";
            ps.description = desc.str();
            d.obs().onPhaseStart(ps);
            d.obs().onLog(ps.description);
            files.event(train::phaseStartEvent(ps));

            // Bottleneck mode: nothing below the head trains and images are not augmented, so each image's
            // features never change: compute them once and train the head on them.
            useFeatures = c.bottleneck && !c.augment && backbone.empty() && !backboneTrained;
            if (useFeatures) {
                if (!trainFeatures) trainFeatures = extract(Split::Train);
                if (hasValidation && !valFeatures) valFeatures = extract(Split::Validation);
                d.obs().onLog("bottleneck mode: the head trains on cached features (nothing below it trains, no augmentation)");
            }
            files.event({{"event", "bottleneck"}, {"phase", phaseNo}, {"on", useFeatures}});

            double bestInPhase = startEpoch > 1 ? position.bestInPhase : -1.0;
            int sinceBest = startEpoch > 1 ? position.sinceBest : 0;
            std::int64_t phaseStep = static_cast<std::int64_t>(startEpoch - 1) * static_cast<std::int64_t>(trainLoader.batchesPerEpoch());
            if (!backbone.empty()) backboneTrained = true;
            for (int e = startEpoch; e <= phase.epochs && !stopped; ++e) {
                ++epoch;
                const auto epochStarted = Clock::now();
                net.train();
                if (mlp) mlp->train();
                setFrozenBatchNormEval(net);
                if (backbone.empty()) net.eval();  // a frozen network gives fixed features (no dropout), as in bottleneck mode
                std::vector<std::size_t> order;
                std::size_t cursor = 0;
                if (useFeatures) order = trainLoader.order(epoch - 1);
                else trainLoader.startEpoch(epoch - 1);
                // The next batch: images from the loader, or rows of the cached features in the loader's order.
                Batch b;  // outlives each step: on the CPU the input tensors are views of its buffers
                const auto fetch = [&](torch::Tensor& x, torch::Tensor& y, int& count) {
                    if (!useFeatures) {
                        if (!trainLoader.next(b)) return false;
                        count = b.count;
                        if (count > 0) std::tie(x, y) = toDevice(b);
                        return true;
                    }
                    if (cursor >= order.size()) return false;
                    const std::size_t end = std::min(order.size(), cursor + static_cast<std::size_t>(c.batchSize));
                    std::vector<std::int64_t> rows;
                    const auto* present = trainFeatures->present.data_ptr<std::uint8_t>();
                    for (; cursor < end; ++cursor)
                        if (present[order[cursor]]) rows.push_back(static_cast<std::int64_t>(order[cursor]));
                    count = static_cast<int>(rows.size());
                    if (count > 0) {
                        const torch::Tensor idx = torch::tensor(rows, torch::kInt64);
                        x = trainFeatures->values.index_select(0, idx).to(device);
                        y = trainLabels.index_select(0, idx).to(device);
                    }
                    return true;
                };
                double lossSum = 0.0;
                std::int64_t correct = 0, seen = 0;
                int batchNo = 0;
                const int batches = static_cast<int>(trainLoader.batchesPerEpoch());
                double lr = phase.optimizer.lr;
                torch::Tensor x, y;
                int count = 0;
                while (fetch(x, y, count)) {
                    ++batchNo;
                    if (count == 0) continue;
                    lr = schedule.at(phaseStep);
                    setLearningRates(*optimizer, lr, phase.optimizer.backboneLrScale, !backbone.empty());
                    torch::Tensor logits;
                    {
                        compat::AutocastGuard autocast(device.type(), cuda && c.precision != "fp32",
                                                       c.precision == "fp16" ? torch::kHalf : torch::kBFloat16);
                        logits = useFeatures ? headForward(x) : forward(x);
                    }
                    const torch::Tensor loss = lossOf(logits, y);
                    optimizer->zero_grad();
                    scaler.scaled(loss).backward();
                    std::vector<torch::Tensor> all = head;
                    all.insert(all.end(), backbone.begin(), backbone.end());
                    if (scaler.unscale(all)) {
                        if (c.gradClipNorm > 0) torch::nn::utils::clip_grad_norm_(all, c.gradClipNorm);
                        optimizer->step();
                    } else if (++skippedSteps == 1 || skippedSteps % 100 == 0) {
                        d.obs().onLog("fp16: gradients overflowed, step skipped, loss scale now " + std::to_string(scaler.scale()) + " (" +
                                      std::to_string(skippedSteps) + " skipped so far)");
                    }
                    ++step;
                    ++phaseStep;
                    const double batchLoss = loss.item<double>();
                    const std::int64_t batchCorrect = logits.argmax(1).eq(y).sum().item<std::int64_t>();
                    lossSum += batchLoss * count;
                    correct += batchCorrect;
                    seen += count;
                    BatchEnd be;
                    be.phase = phaseNo;
                    be.epoch = epoch;
                    be.batch = batchNo;
                    be.batches = batches;
                    be.step = step;
                    be.loss = batchLoss;
                    be.accuracy = static_cast<double>(batchCorrect) / count;
                    be.lr = lr;
                    const double elapsed = secondsSince(epochStarted);
                    be.imagesPerSecond = elapsed > 0 ? static_cast<double>(seen) / elapsed : 0.0;
                    be.etaSeconds = secondsSince(runStarted) / static_cast<double>(step - resumedAtStep) * static_cast<double>(totalSteps - step);
                    d.obs().onBatch(be);
                    files.event(train::batchEvent(be));
                    if (d.checkpointControl()) {
                        stopped = true;
                        break;
                    }
                }
                if (stopped && seen < static_cast<std::int64_t>(trainLoader.size()) / 2) {
                    --epoch;  // an epoch cut short is not reported as one
                    break;
                }
                EpochEnd ee;
                ee.phase = phaseNo;
                ee.epoch = epoch;
                ee.epochInPhase = e;
                ee.trainLoss = seen ? lossSum / static_cast<double>(seen) : 0.0;
                ee.trainAccuracy = seen ? static_cast<double>(correct) / static_cast<double>(seen) : 0.0;
                ee.lr = lr;
                if (hasValidation) ee.validation = evaluate();
                ee.seconds = secondsSince(epochStarted);
                ee.imagesPerSecond = ee.seconds > 0 ? static_cast<double>(seen) / ee.seconds : 0.0;
                const double score = hasValidation ? ee.validation.accuracy : ee.trainAccuracy;
                ee.best = epoch == 1 || score > result.bestValidationAccuracy;
                if (ee.best) {
                    result.bestValidationAccuracy = score;
                    result.bestEpoch = epoch;
                }
                result.epochs = epoch;
                result.last = ee.validation;
                bool stopEarly = false;
                if (score > bestInPhase) {
                    bestInPhase = score;
                    sinceBest = 0;
                } else if (c.earlyStoppingPatience > 0 && ++sinceBest >= c.earlyStoppingPatience) {
                    stopEarly = true;
                }
                // The checkpoint first (it carries the epoch's row), then the row: a crash between the two
                // is mended on resume.
                train::RunPosition at;
                at.phaseIndex = static_cast<int>(phaseIndex);
                at.epochInPhase = e;
                at.epoch = epoch;
                at.step = step;
                at.best = result.bestValidationAccuracy;
                at.bestEpoch = result.bestEpoch;
                at.bestInPhase = bestInPhase;
                at.sinceBest = sinceBest;
                at.earlyStopped = stopEarly;
                at.metricsRow = files.formatRow(ee);
                if (!stopped) train::saveCheckpoint(checkpointPath, net, mlp ? mlp.ptr().get() : nullptr, *optimizer, at);
                files.epochRow(ee);
                files.event(train::epochEvent(ee));
                d.obs().onEpoch(ee);
                if (stopEarly) {
                    d.obs().onLog("early stopping: no better validation accuracy for " + std::to_string(sinceBest) + " epoch(s)");
                    result.status = "early_stopped";  // this phase ends; a next phase still runs (as Keras' fit() per phase)
                    break;
                }
            }
        }
    } catch (const c10::Error& e) {
        const std::string what = e.what_without_backtrace();
        if (what.find("out of memory") != std::string::npos)
            throw Error(device.str(), "out of memory at batch size " + std::to_string(c.batchSize) + "; try a smaller batch size or image size");
        throw Error(c.model, "training failed: " + what);
    }
    if (stopped) result.status = "stopped";

    // ---- the trained model ----
    net.eval();
    if (mlp) mlp->eval();
    ModelFileInfo info;
    info.arch = spec.arch;
    info.baseModel = spec.id;
    info.classes = dataset.classes;
    info.preprocessing = recipe;
    info.head = c.head;
    info.epochs = result.epochs;
    result.modelPath = files.path("model.safetensors");
    saveModelFile(model, result.modelPath, info);
    files.event(train::runEndEvent(result));
    d.obs().onLog("saved " + result.modelPath);
    return result;
}

}  // namespace tl
