#include "train/run_writer.h"

#include "train/run_events.h"
#include "tl/model_file.h"
#include "tl/runtime.h"

#include <nlohmann/json.hpp>

namespace tl::train {

RunWriter::RunWriter(const TrainConfig& c, bool resuming, const Dataset& dataset, TrainObserver& observer)
    : files_(c.outputDir, resuming), checkpointPath_(files_.path(kCheckpointFile)), observer_(observer), name_(c.name) {
    if (!resuming) files_.writeJson("config.json", trainConfigJson(c));
    files_.writeJson("classes.json", dataset.classMapJson());
    files_.writeJson("dataset.json", dataset.reportJson());
}

RunPosition RunWriter::resume(const std::vector<PhaseConfig>& phases, RunModel& model) {
    const RunPosition position = readRunPosition(checkpointPath_);
    std::vector<int> phaseEpochs;
    for (const auto& p : phases) phaseEpochs.push_back(p.epochs);
    checkRunPosition(position, phaseEpochs, checkpointPath_);
    loadWeights(checkpointPath_, model.net(), model.mlpModule());
    files_.restoreMetrics(position.epoch, position.metricsRow);
    observer_.onLog("resuming after epoch " + std::to_string(position.epoch) + " (phase " + std::to_string(position.phaseIndex + 1) + ")");
    return position;
}

void RunWriter::runStarted(const RunStart& start, const TrainConfig& c, bool resuming, int epoch) {
    observer_.onRunStart(start);
    // What another run must share to repeat this one exactly (docs/user-guide.md, "Reproducible runs").
    const RuntimeInfo runtime = runtimeInfo();
    observer_.onLog("seed " + std::to_string(c.seed) + ", " + std::to_string(runtime.intraOpThreads) + " thread(s) on " + runtime.deviceName +
                    ", LibTorch " + runtime.torchVersion);
    nlohmann::json started = runStartEvent(start);
    started.update({{"event", resuming ? "run_resumed" : "run_start"},
                    {"epoch", epoch},
                    {"seed", c.seed},
                    {"threads", runtime.intraOpThreads},
                    {"device_name", runtime.deviceName},
                    {"torch_version", runtime.torchVersion}});
    files_.event(started);
}

void RunWriter::phaseStarted(const PhaseStart& phase) {
    observer_.onPhaseStart(phase);
    observer_.onLog(phase.description);
    files_.event(phaseStartEvent(phase));
}

void RunWriter::bottleneck(int phase, bool on) { files_.event({{"event", "bottleneck"}, {"phase", phase}, {"on", on}}); }

void RunWriter::batchEnded(const BatchEnd& batch) {
    observer_.onBatch(batch);
    files_.event(batchEvent(batch));
}

void RunWriter::epochEnded(const EpochEnd& epoch, RunPosition position, RunModel& model, torch::optim::Optimizer& optimizer, bool checkpoint) {
    position.metricsRow = RunFiles::formatRow(epoch);
    if (checkpoint) saveCheckpoint(checkpointPath_, model.net(), model.mlpModule(), optimizer, position);
    files_.epochRow(epoch);
    files_.event(epochEvent(epoch));
    observer_.onEpoch(epoch);
}

void RunWriter::finished(RunModel& model, const ModelSpec& spec, const Dataset& dataset, const Preprocessing& recipe, const HeadConfig& head,
                         RunResult& result) {
    model.setTraining(false);
    ModelFileInfo info;
    info.arch = spec.arch;
    info.baseModel = spec.id;
    info.classes = dataset.classes;
    info.preprocessing = recipe;
    info.head = head;
    info.epochs = result.epochs;
    info.name = name_;
    result.modelPath = files_.path("model.safetensors");
    saveModelFile(model.model(), result.modelPath, info);
    files_.event(runEndEvent(result));
    observer_.onLog("saved " + result.modelPath);
}

}  // namespace tl::train
