#pragma once
// The feature bank of bottleneck mode: each split's penultimate features, computed once by the frozen network
// (or read back from the disk cache, feature_cache.h) the first time a phase asks for them, with the split's
// labels, served to the head in batches of rows.

#include "train/feature_cache.h"
#include "train/run_setup.h"
#include "tl/dataset.h"
#include "tl/loader.h"
#include "tl/trainer.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tl::train {

/// The features of every image of `loader` (in its order, one epoch), by `model`'s network in eval mode;
/// rows of images that could not be read stay zero with present = 0. Throws tl::Cancelled naming `where`
/// when `stopRequested` says so after a batch.
Features computeFeatures(RunModel& model, BatchLoader& loader, std::int64_t rows, const std::function<bool()>& stopRequested,
                         const std::string& where);

class FeatureBank {
public:
    /// `options` load the images to compute features from (the validation loader's: in order, not augmented);
    /// `arch` and `recipe` are part of the cache key; `where` names the dataset in a tl::Cancelled.
    FeatureBank(const Dataset& dataset, std::string arch, Preprocessing recipe, LoaderOptions options, TrainObserver& observer,
                std::function<bool()> stopRequested, std::string where);

    /// The features of `split`: computed by `model` (or read from the cache) on the first call, logged.
    const Features& features(Split split, RunModel& model);
    bool has(Split split) const { return slot(split).has_value(); }
    /// The split's labels (int64, on the CPU), row for row with its features.
    const torch::Tensor& labels(Split split) const { return split == Split::Train ? trainLabels_ : validationLabels_; }
    /// The rows of `order` from `cursor` up to `batchSize` of them whose image was read (features present);
    /// moves `cursor` past them. The split's features must be computed.
    std::vector<std::int64_t> presentRows(Split split, const std::vector<std::size_t>& order, std::size_t& cursor, int batchSize) const;
    /// The features and labels of `rows` on `device`.
    std::pair<torch::Tensor, torch::Tensor> rows(Split split, const std::vector<std::int64_t>& rows, const torch::Device& device) const;

private:
    std::optional<Features>& slot(Split split) { return split == Split::Train ? train_ : validation_; }
    const std::optional<Features>& slot(Split split) const { return split == Split::Train ? train_ : validation_; }

    const Dataset& dataset_;
    std::string arch_;
    Preprocessing recipe_;
    LoaderOptions options_;
    TrainObserver& observer_;
    std::function<bool()> stopRequested_;
    std::string where_;
    torch::Tensor trainLabels_, validationLabels_;
    std::optional<Features> train_, validation_;
};

}  // namespace tl::train
