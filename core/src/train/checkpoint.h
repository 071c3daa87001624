#pragma once
// The checkpoint of a run, written after every epoch: the network (and an MLP head), the optimizer's state,
// torch's random-number state and where the run stands, in one safetensors file written atomically
// (temporary file, fsync, rename), so that a run killed at any moment resumes from its last complete epoch.
//
// The file (docs/user-guide.md, "The run directory") is read back with the bounded safetensors reader, which
// is fuzzed, never with LibTorch's own archive reader: a run folder may come from another machine.
//   net.<key>, head.<key>          the network's and the MLP head's parameters and buffers (state-dict keys)
//   optimizer.<group>.<index>.<f>  the optimizer's state of the index-th parameter of a group: momentum_buffer
//                                  (SGD, RMSprop), exp_avg, exp_avg_sq, max_exp_avg_sq (Adam, AdamW),
//                                  square_avg, grad_avg (RMSprop), step (int64, one element)
//   rng                            torch's CPU random-number state (uint8)
//   __metadata__                   format "transfer-studio run checkpoint", version "1", the optimizer's name
//                                  and the position as JSON

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tl::train {

/// The checkpoint's name in a run directory. Runs written before version 1 kept a LibTorch archive,
/// `kLegacyCheckpointFile`, which is not read (its reader is not safe on damaged files).
inline constexpr const char* kCheckpointFile = "checkpoint.safetensors";
inline constexpr const char* kLegacyCheckpointFile = "checkpoint.pt";

struct RunPosition {
    int phaseIndex = 0;     ///< the phase of the last complete epoch (0-based)
    int epochInPhase = 0;   ///< epochs of that phase complete
    int epoch = 0;          ///< epochs complete over the run
    std::int64_t step = 0;  ///< batches done over the run
    double best = 0.0;      ///< best validation accuracy so far, and its epoch
    int bestEpoch = 0;
    double bestInPhase = -1.0;
    int sinceBest = 0;
    bool earlyStopped = false;
    std::string metricsRow;  ///< the metrics.csv row of the last complete epoch
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
/// tensor when one in the checkpoint is missing, unexpected or of another shape than the run's.
void loadWeights(const std::string& path, torch::nn::Module& net, torch::nn::Module* head);
/// Restores the optimizer's state (moments, momentum buffers, step counts) into an optimizer built as the run
/// built it. Throws tl::Error naming the tensor when one does not fit its parameter, or when the checkpoint was
/// written by another optimizer.
void loadOptimizer(const std::string& path, torch::optim::Optimizer& optimizer);

}  // namespace tl::train
