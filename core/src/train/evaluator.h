#pragma once
// The validation pass of a run: the network (or, in bottleneck mode, the head on cached features) in eval
// mode over the validation split, into an Evaluation (accuracy, top-5, loss, confusion matrix).

#include "train/feature_cache.h"
#include "train/run_setup.h"
#include "tl/evaluation.h"
#include "tl/loader.h"

#include <torch/torch.h>

namespace tl::train {

class Evaluator {
public:
    Evaluator(RunModel& model, int classes, int batchSize) : model_(model), classes_(classes), batchSize_(batchSize) {}

    /// The whole network over one epoch of `loader` (empty batches skipped).
    Evaluation onImages(BatchLoader& loader);
    /// The head alone over the rows of `features` whose image was read, `batchSize` at a time; `labels`
    /// row for row.
    Evaluation onFeatures(const Features& features, const torch::Tensor& labels);

private:
    RunModel& model_;
    int classes_;
    int batchSize_;
};

}  // namespace tl::train
