#pragma once
// Validation metrics accumulated batch by batch: loss, top-1 and top-5 accuracy, the confusion matrix,
// and per-class precision, recall and F1 from it.

#include "tl/trainer.h"

#include <torch/torch.h>

namespace tl::train {

class ConfusionAccumulator {
public:
    explicit ConfusionAccumulator(std::int64_t classes);
    /// `logits` [N, C] and `target` [N] on the CPU; `meanLoss` the batch's mean loss.
    void add(const torch::Tensor& logits, const torch::Tensor& target, double meanLoss);
    Evaluation result() const;

private:
    std::int64_t classes_;
    std::vector<std::vector<std::int64_t>> confusion_;
    double lossSum_ = 0.0;
    std::size_t images_ = 0;
    std::size_t top5_ = 0;
};

}  // namespace tl::train
