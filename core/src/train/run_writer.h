#pragma once
// The bookkeeping of a run: what goes to its run directory (run_files.h: config, classes, dataset report,
// events.jsonl, metrics.csv; checkpoint.h: the checkpoint after every epoch; the model file at the end) and
// to its observer, in the order a crash or a reader needs. The event fields are run_events.h's.

#include "train/checkpoint.h"
#include "train/run_files.h"
#include "train/run_setup.h"
#include "tl/dataset.h"
#include "tl/trainer.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace tl::train {

class RunWriter {
public:
    /// Opens the run directory (RunFiles: a new run refuses one that holds a run) and writes config.json (a
    /// new run only), classes.json and dataset.json.
    RunWriter(const TrainConfig& config, bool resuming, const Dataset& dataset, TrainObserver& observer);

    const std::string& dir() const { return files_.dir(); }
    const std::string& checkpointPath() const { return checkpointPath_; }
    TrainObserver& observer() { return observer_; }

    /// Resuming: where the checkpoint's run stands (checked against `phases`), its weights restored into
    /// `model` and metrics.csv cut back to its last complete epoch. Throws tl::Error naming the checkpoint.
    RunPosition resume(const std::vector<PhaseConfig>& phases, RunModel& model);
    /// The checkpoint's optimizer state, into an optimizer built as the run built it.
    void restoreOptimizer(torch::optim::Optimizer& optimizer) const { loadOptimizer(checkpointPath_, optimizer); }

    /// onRunStart, the seed and runtime in the log, and a run_start (run_resumed) event at `epoch`.
    void runStarted(const RunStart& start, const TrainConfig& config, bool resuming, int epoch);
    /// onPhaseStart, its description in the log, a phase_start event.
    void phaseStarted(const PhaseStart& phase);
    /// A bottleneck event: whether the phase trains the head on cached features.
    void bottleneck(int phase, bool on);
    void batchEnded(const BatchEnd& batch);
    /// The epoch's checkpoint first (with its metrics row in `position`; none when `checkpoint` is false: a run
    /// being stopped keeps its last complete epoch's), then its row in metrics.csv, its event, onEpoch: a crash
    /// between the checkpoint and the row is mended on resume.
    void epochEnded(const EpochEnd& epoch, RunPosition position, RunModel& model, torch::optim::Optimizer& optimizer, bool checkpoint);
    /// Saves the trained model as model.safetensors (result.modelPath, named as the run), then a run_end event.
    void finished(RunModel& model, const ModelSpec& spec, const Dataset& dataset, const Preprocessing& recipe, const HeadConfig& head,
                  RunResult& result);

private:
    RunFiles files_;
    std::string checkpointPath_;
    TrainObserver& observer_;
    std::string name_;  // the run's name, into the model file
};

}  // namespace tl::train
