#pragma once
// Inference-time folding of BatchNorm into the convolution before it: y = γ·(conv(x) − μ)/√(σ² + ε) + β is
// one convolution with scaled weights and a bias. A folded BatchNorm is skipped by run() and
// runSequential(), so a folded network does fewer passes over its activations. Irreversible: a folded
// network is for inference only (eval mode; its BatchNorm layers no longer hold their statistics).

#include <torch/torch.h>

namespace tl::models {

/// Folds every BatchNorm2d that directly follows a Conv2d among the children of a module (registration
/// order is application order in every catalog architecture: conv, bn), anywhere under `root`, on the
/// device the weights are on. Returns how many were folded.
int foldBatchNorm(torch::nn::Module& root);

/// True for a BatchNorm2d that foldBatchNorm() has folded into its convolution.
inline bool isFolded(const torch::nn::BatchNorm2dImpl& bn) { return bn.options.eps() < 0.0; }

}  // namespace tl::models
