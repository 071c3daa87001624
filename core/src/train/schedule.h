#pragma once
// Optimizers and learning-rate schedules of a training phase (LibTorch's optimizers; the schedule is ours,
// evaluated per batch so that warm-up and one-cycle are smooth).

#include "tl/train_config.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace tl::train {

/// The phase's optimizer over two parameter groups: the head (group 0) and the trainable backbone (group 1,
/// present when not empty), whose learning rate is scaled by backboneLrScale.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerConfig& config, const std::vector<torch::Tensor>& head,
                                                       const std::vector<torch::Tensor>& backbone);
/// Sets the head group to `lr` and the backbone group to lr × scale.
void setLearningRates(torch::optim::Optimizer& optimizer, double lr, double backboneScale, bool hasBackbone);

/// The learning rate at each batch of a phase.
class LrSchedule {
public:
    LrSchedule(const ScheduleConfig& config, double lr, std::int64_t totalSteps, std::int64_t stepsPerEpoch);
    double at(std::int64_t step) const;

private:
    ScheduleConfig config_;
    double lr_;
    std::int64_t total_, perEpoch_, warmup_;
};

/// Puts every BatchNorm whose parameters are all frozen in eval mode (running statistics unchanged), as
/// Keras does for a non-trainable BatchNormalization layer.
void setFrozenBatchNormEval(torch::nn::Module& net);

}  // namespace tl::train
