#include "train/feature_bank.h"

#include "tl/error.h"

#include <algorithm>
#include <chrono>
#include <sstream>

namespace tl::train {

namespace {

torch::Tensor labelTensor(const std::vector<int>& labels) {
    std::vector<std::int64_t> v(labels.begin(), labels.end());
    return torch::tensor(v, torch::kInt64);
}

}  // namespace

Features computeFeatures(RunModel& model, BatchLoader& loader, std::int64_t rows, const std::function<bool()>& stopRequested,
                         const std::string& where) {
    models::Network& net = model.net();
    Features f;
    f.values = torch::zeros({rows, net.featureDim()}, torch::kFloat32);
    f.present = torch::zeros({rows}, torch::kUInt8);
    torch::NoGradGuard noGrad;
    net.eval();
    loader.startEpoch(0);
    Batch b;
    while (loader.next(b)) {
        if (b.count == 0) continue;
        auto [x, y] = model.toDevice(b);
        const torch::Tensor values = net.features(x).to(torch::kCPU, torch::kFloat32);
        for (int i = 0; i < b.count; ++i) {
            const auto row = static_cast<std::int64_t>(b.samples[static_cast<std::size_t>(i)]);
            f.values[row].copy_(values[i]);
            f.present[row] = 1;
        }
        if (stopRequested()) throw Cancelled(where, "stopped while computing bottleneck features");
    }
    return f;
}

FeatureBank::FeatureBank(const Dataset& dataset, std::string arch, Preprocessing recipe, LoaderOptions options, TrainObserver& observer,
                         std::function<bool()> stopRequested, std::string where)
    : dataset_(dataset),
      arch_(std::move(arch)),
      recipe_(std::move(recipe)),
      options_(std::move(options)),
      observer_(observer),
      stopRequested_(std::move(stopRequested)),
      where_(std::move(where)),
      trainLabels_(labelTensor(dataset.labels(Split::Train))),
      validationLabels_(labelTensor(dataset.labels(Split::Validation))) {}

const Features& FeatureBank::features(Split split, RunModel& model) {
    std::optional<Features>& out = slot(split);
    if (out) return *out;
    const auto paths = dataset_.paths(split);
    // Features are cached by the weights file they come from; a network trained from scratch has none (its random
    // initial weights are this run's alone), so its features are computed and kept in memory only.
    const bool cacheable = !model.weightsPath().empty();
    const std::string key = cacheable ? featureCacheKey(arch_, model.weightsPath(), recipe_, paths) : std::string();
    if (cacheable)
        if (auto cached = loadFeatures(key, static_cast<std::int64_t>(paths.size()), model.net().featureDim())) {
            observer_.onLog(std::string("bottleneck features of the ") + splitName(split) + " split reused from " + featureCachePath(key));
            return out.emplace(std::move(*cached));
        }
    const auto started = std::chrono::steady_clock::now();
    BatchLoader loader(paths, dataset_.labels(split), options_);
    out = computeFeatures(model, loader, static_cast<std::int64_t>(paths.size()), stopRequested_, where_);
    if (cacheable) saveFeatures(key, *out);
    std::ostringstream m;
    m.precision(3);
    m << "bottleneck features of " << paths.size() << " " << splitName(split) << " images computed in "
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s"
      << (cacheable ? " and cached at " + featureCachePath(key) : std::string(" (not cached: random initial weights)"));
    observer_.onLog(m.str());
    return *out;
}

std::vector<std::int64_t> FeatureBank::presentRows(Split split, const std::vector<std::size_t>& order, std::size_t& cursor, int batchSize) const {
    const std::size_t end = std::min(order.size(), cursor + static_cast<std::size_t>(batchSize));
    std::vector<std::int64_t> out;
    const auto* present = slot(split)->present.data_ptr<std::uint8_t>();
    for (; cursor < end; ++cursor)
        if (present[order[cursor]]) out.push_back(static_cast<std::int64_t>(order[cursor]));
    return out;
}

std::pair<torch::Tensor, torch::Tensor> FeatureBank::rows(Split split, const std::vector<std::int64_t>& rows, const torch::Device& device) const {
    const torch::Tensor idx = torch::tensor(rows, torch::kInt64);
    return {slot(split)->values.index_select(0, idx).to(device), labels(split).index_select(0, idx).to(device)};
}

}  // namespace tl::train
