#pragma once
// Feeding a batch of logits into an EvaluationAccumulator (evaluation.h): per image the top-1 class,
// whether the truth is among the top five, and its cross-entropy.

#include "tl/evaluation.h"

#include <torch/torch.h>

namespace tl::train {

/// `logits` [N, C] and `target` [N] (int64), on any device.
void addBatch(EvaluationAccumulator& acc, const torch::Tensor& logits, const torch::Tensor& target);

}  // namespace tl::train
