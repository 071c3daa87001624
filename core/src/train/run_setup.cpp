#include "train/run_setup.h"

#include "compat/torch_compat.h"
#include "tl/error.h"
#include "tl/model_file.h"
#include "tl/weight_store.h"

namespace tl::train {

namespace {

std::string resolveWeights(const ModelSpec& spec, const std::string& given) {
    if (given == kNoWeights) return {};
    if (!given.empty()) return given;
    return WeightStore().require(spec, "download or import them first, or give a weights file");
}

Model buildModel(const ModelSpec& spec, const std::string& weightsPath, bool fromScratch, std::uint64_t seed, int classes) {
    torch::manual_seed(seed);  // first: the new head's (or the whole network's) initial weights come from the seed too
    return fromScratch ? Model::create(spec.arch, classes) : Model::fromCatalog(spec, weightsPath, classes);
}

}  // namespace

Dataset scanRunDataset(const TrainConfig& c, TrainObserver& observer, const std::function<bool()>& stopRequested) {
    ScanOptions scanOptions;
    scanOptions.validationFraction = c.validationFraction;
    scanOptions.seed = c.splitSeed;
    observer.onLog("scanning " + c.dataset);
    Dataset dataset = scanDataset(c.dataset, scanOptions, [&stopRequested](const ScanProgress&) { return !stopRequested(); });
    for (const auto& w : dataset.warnings) observer.onLog("dataset: " + w);
    if (!dataset.skipped.empty()) observer.onLog("dataset: " + std::to_string(dataset.skipped.size()) + " file(s) skipped (see dataset.json)");
    const auto trainCounts = dataset.counts(Split::Train);
    for (std::size_t i = 0; i < trainCounts.size(); ++i)
        if (trainCounts[i] == 0) throw Error(c.dataset, "class '" + dataset.classes[i] + "' has no training images");
    if (dataset.classes.size() < 2) throw Error(c.dataset, "a classifier needs at least two classes");
    if (dataset.classes.size() > static_cast<std::size_t>(kMaxModelClasses))  // its model file would not read back
        throw Error(c.dataset, "has " + std::to_string(dataset.classes.size()) + " classes; a model has at most " + std::to_string(kMaxModelClasses));
    return dataset;
}

RunModel::RunModel(const ModelSpec& spec, const TrainConfig& c, int classes, TrainObserver& observer)
    : weightsPath_(resolveWeights(spec, c.weights)), model_(buildModel(spec, weightsPath_, c.weights == kNoWeights, c.seed, classes)) {
    observer.onLog(c.weights == kNoWeights ? "weights: none, random initialisation (training from scratch)"
                                           : "weights: " + model_.weightsLoad().message);
    device_ = compat::parseDevice(c.device);
    if (model_.classes() != classes) model_.replaceHead(classes);
    if (c.head.kind == "mlp") model_.setMlpHead(c.head.hidden, c.head.dropout);
    mlp_ = model_.impl()->mlp;
    channelsLast_ = cuda() && c.channelsLast;
}

void RunModel::placeOnDevice(const TrainConfig& c, TrainObserver& observer) {
    model_.setDevice(device_.str());
    if (cuda()) at::globalContext().setBenchmarkCuDNN(true);  // fixed input sizes: let cuDNN pick its fastest kernels
    if (!cuda() && c.precision != "fp32") observer.onLog("precision " + c.precision + " applies on a GPU; the CPU trains in fp32");
    if (channelsLast_) {
        torch::NoGradGuard noGrad;
        for (auto& p : net().parameters(true))
            if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    }
}

std::vector<torch::Tensor> RunModel::headParameters() {
    if (mlp_) return mlp_->parameters();
    std::vector<torch::Tensor> out;
    for (const auto& item : net().named_parameters(true))
        if (isHeadKey(item.key())) out.push_back(item.value());
    return out;
}

void RunModel::setTraining(bool training) {
    net().train(training);
    if (mlp_) mlp_->train(training);
}

std::pair<torch::Tensor, torch::Tensor> RunModel::toDevice(const Batch& b) const {
    torch::Tensor x = torch::from_blob(const_cast<float*>(b.data.data()), {b.count, 3, b.height, b.width}, torch::kFloat32).to(device_);
    if (channelsLast_) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    torch::Tensor y = torch::from_blob(const_cast<std::int64_t*>(b.labels.data()), {b.count}, torch::kInt64).to(device_);
    return {x, y};
}

RunLoaders::RunLoaders(const TrainConfig& c, const Dataset& dataset, const Preprocessing& recipe, TrainObserver& observer) {
    LoaderOptions trainOptions;
    trainOptions.recipe = recipe;
    trainOptions.augment = c.augment;
    trainOptions.augmentation = c.augmentation;
    trainOptions.batchSize = c.batchSize;
    trainOptions.seed = c.seed;
    trainOptions.workers = c.workers;
    trainOptions.cacheBytes = c.cacheMiB << 20;
    train = std::make_unique<BatchLoader>(dataset.paths(Split::Train), dataset.labels(Split::Train), trainOptions);
    validationOptions = trainOptions;
    validationOptions.augment = false;
    validationOptions.shuffle = false;
    if (dataset.size(Split::Validation) > 0)
        validation = std::make_unique<BatchLoader>(dataset.paths(Split::Validation), dataset.labels(Split::Validation), validationOptions);
    else observer.onLog("no validation images: accuracy is reported on the training split only");
}

std::vector<float> inverseFrequencyWeights(const std::vector<std::size_t>& counts, std::size_t total) {
    std::vector<float> w;
    const double n = static_cast<double>(total);
    const double classes = static_cast<double>(counts.size());
    for (const auto count : counts) w.push_back(static_cast<float>(n / (classes * static_cast<double>(count))));
    return w;
}

RunLoss::RunLoss(const TrainConfig& c, const Dataset& dataset, const torch::Device& device) : smoothing_(c.labelSmoothing) {
    if (c.classWeights) weights_ = torch::tensor(inverseFrequencyWeights(dataset.counts(Split::Train), dataset.size(Split::Train))).to(device);
}

torch::Tensor RunLoss::operator()(const torch::Tensor& logits, const torch::Tensor& target) const {
    auto options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(smoothing_);
    if (weights_.defined()) options.weight(weights_);
    return torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), target, options);
}

StartPoint startPoint(const RunPosition& position, const std::vector<PhaseConfig>& phases, bool resuming) {
    StartPoint s;
    s.phase = static_cast<std::size_t>(position.phaseIndex);
    s.epochInPhase = position.epochInPhase + 1;
    if (resuming && s.epochInPhase > phases[s.phase].epochs) {
        ++s.phase;
        s.epochInPhase = 1;
    }
    if (resuming && position.earlyStopped) {
        s.phase = static_cast<std::size_t>(position.phaseIndex) + 1;
        s.epochInPhase = 1;
        s.earlyStopped = true;
    }
    return s;
}

}  // namespace tl::train
