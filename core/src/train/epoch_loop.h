#pragma once
// The phases and epochs of a run (Trainer::run after its set-up): per phase the freeze plan, the trainable
// parameters, the optimizer and schedule and whether the head trains on cached features; per epoch the
// batches (forward, loss, backward with loss scaling and clipping, step), the validation pass, the best
// epoch and early stopping; everything reported through the RunWriter.

#include "train/evaluator.h"
#include "train/feature_bank.h"
#include "train/loss_scaler.h"
#include "train/run_writer.h"
#include "train/run_setup.h"
#include "train/schedule.h"
#include "tl/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tl::train {

/// The parameters a phase trains, after its freeze plan.
struct PhaseParameters {
    std::vector<torch::Tensor> head;      ///< always trains (a fresh head is the point of fine-tuning)
    std::vector<torch::Tensor> backbone;  ///< what trains below the head
    std::vector<torch::Tensor> all;       ///< head then backbone
    std::int64_t trainable = 0;           ///< elements of head and backbone
    std::int64_t frozen = 0;              ///< elements that do not train (the network's unused own head left out)
};
/// Sets the head trainable (and the network's own head frozen when an MLP head replaces it) and collects them.
PhaseParameters phaseParameters(RunModel& model);
/// Whether the phases before `firstPhase` trained anything below the head (then cached features would be
/// stale). Applies their freeze plans in turn.
bool backboneTrainedBefore(RunModel& model, const std::vector<PhaseConfig>& phases, std::size_t firstPhase);
/// "phase 2: <freeze plan>; sgd lr 0.0001 (backbone × 0.1), cosine schedule, 5 epoch(s)".
std::string phaseDescription(int phaseNo, const std::string& freeze, const PhaseConfig& phase, bool trainsBackbone);

/// The best score of a phase and the epochs since it, for early stopping.
struct PhaseProgress {
    double best = -1.0;
    int sinceBest = 0;
    /// Records an epoch's score; true when `patience` (> 0) epochs in a row have not beaten the best.
    bool update(double score, int patience);
};

/// The training batches of one epoch: images from the loader, or (bottleneck mode) rows of the cached
/// features in the loader's order for that epoch, rows whose image could not be read left out.
class BatchSource {
public:
    /// `features` null: images. `epoch` is 1-based.
    BatchSource(BatchLoader& loader, const FeatureBank* features, RunModel& model, int epoch, int batchSize);
    /// The next batch on the model's device; false after the last. `count` is 0 for a batch with no image.
    bool next(torch::Tensor& x, torch::Tensor& y, int& count);

private:
    BatchLoader& loader_;
    const FeatureBank* features_;
    RunModel& model_;
    int batchSize_;
    std::vector<std::size_t> order_;
    std::size_t cursor_ = 0;
    Batch batch_;  ///< outlives each step: on the CPU the input tensors are views of its buffers
};

/// What the loop works with, all set up by Trainer::run.
struct RunParts {
    const TrainConfig& config;
    RunModel& model;
    RunLoaders& loaders;
    const RunLoss& loss;
    FeatureBank& features;
    Evaluator& evaluator;
    RunWriter& writer;
    /// Between batches: blocks while the run is paused; true when it should stop.
    std::function<bool()> control;
};

class EpochLoop {
public:
    /// Starts at `position` (a checkpoint's when resuming, else the start).
    EpochLoop(RunParts parts, const RunPosition& position, bool resuming);
    /// Every phase from the start point: status "completed", "early_stopped" or "stopped", the epochs done, the
    /// best epoch. An out-of-memory or other LibTorch failure becomes a tl::Error saying what to do.
    RunResult run();

private:
    struct Phase;
    void runPhases();
    void runPhase(std::size_t phaseIndex);
    /// False when the phase ends after this epoch (stopped or stopped early).
    bool runEpoch(Phase& p, int epochInPhase);
    struct Totals {
        double lossSum = 0.0;
        std::int64_t correct = 0, seen = 0;
        double lr = 0.0;
    };
    Totals trainEpoch(Phase& p, std::chrono::steady_clock::time_point epochStarted);
    /// One optimizer step on a batch; its loss and how many it got right.
    std::pair<double, std::int64_t> trainStep(Phase& p, const torch::Tensor& x, const torch::Tensor& y, double lr);
    EpochEnd epochEnd(Phase& p, int epochInPhase, const Totals& t, std::chrono::steady_clock::time_point epochStarted);

    RunParts parts_;
    const TrainConfig& c_;
    RunPosition position_;
    StartPoint start_;
    RunResult result_;
    LossScaler scaler_;
    std::int64_t totalSteps_ = 0, step_ = 0, resumedAtStep_ = 0, skippedSteps_ = 0;
    std::chrono::steady_clock::time_point runStarted_;
    int epoch_ = 0;
    bool stopped_ = false;
    bool backboneTrained_ = false;
};

}  // namespace tl::train
