#pragma once
// The checkpoint of a run, written after every epoch: the network (and an MLP head), the optimizer's state,
// torch's random-number state and where the run stands, in one file written atomically (temporary file,
// fsync, rename), so that a run killed at any moment resumes from its last complete epoch.

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tl::train {

struct RunPosition {
    int phaseIndex = 0;        ///< the phase of the last complete epoch (0-based)
    int epochInPhase = 0;      ///< epochs of that phase complete
    int epoch = 0;             ///< epochs complete over the run
    std::int64_t step = 0;     ///< batches done over the run
    double best = 0.0;         ///< best validation accuracy so far, and its epoch
    int bestEpoch = 0;
    double bestInPhase = -1.0;
    int sinceBest = 0;
    bool earlyStopped = false;
    std::string metricsRow;    ///< the metrics.csv row of the last complete epoch
};

void saveCheckpoint(const std::string& path, torch::nn::Module& net, torch::nn::Module* head, torch::optim::Optimizer& optimizer,
                    const RunPosition& position);
/// Where the checkpoint's run stands. Throws tl::Error naming `path` when it is not a checkpoint of ours, or
/// names the field when a count or accuracy in it is out of range.
RunPosition readRunPosition(const std::string& path);
/// Throws tl::Error naming `path` and the field when `position` lies outside a run whose phases have
/// `phaseEpochs` epochs each (a checkpoint of another run, or damaged).
void checkRunPosition(const RunPosition& position, const std::vector<int>& phaseEpochs, const std::string& path);
/// Restores the network (and head) weights and torch's random-number state. Throws tl::Error naming the
/// tensor when one in the checkpoint has another shape or type than the run's.
void loadWeights(const std::string& path, torch::nn::Module& net, torch::nn::Module* head);
/// Restores the optimizer's state (moments, momentum buffers) into an optimizer built as the run built it.
void loadOptimizer(const std::string& path, torch::optim::Optimizer& optimizer);

}  // namespace tl::train
