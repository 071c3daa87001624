#include "train/epoch_loop.h"

#include "compat/torch_compat.h"
#include "tl/error.h"
#include "tl/freeze.h"

#include <sstream>

namespace tl::train {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

PhaseParameters phaseParameters(RunModel& model) {
    PhaseParameters out;
    models::Network& net = model.net();
    out.head = model.headParameters();
    for (auto& t : out.head) t.set_requires_grad(true);
    for (const auto& item : net.named_parameters(true)) {
        if (model.isHeadKey(item.key())) {
            if (model.mlp()) item.value().set_requires_grad(false);  // the network's own head is not used
            continue;
        }
        if (item.value().requires_grad()) out.backbone.push_back(item.value());
    }
    for (const auto& t : out.head) out.trainable += t.numel();
    for (const auto& t : out.backbone) out.trainable += t.numel();
    for (const auto& item : net.named_parameters(true))
        if (!item.value().requires_grad() && !(model.mlp() && model.isHeadKey(item.key()))) out.frozen += item.value().numel();
    out.all = out.head;
    out.all.insert(out.all.end(), out.backbone.begin(), out.backbone.end());
    return out;
}

bool backboneTrainedBefore(RunModel& model, const std::vector<PhaseConfig>& phases, std::size_t firstPhase) {
    bool trained = false;
    for (std::size_t i = 0; i < firstPhase; ++i) {
        applyFreezePlan(model.model(), phases[i].freeze);
        for (const auto& item : model.net().named_parameters(true))
            if (item.value().requires_grad() && !model.isHeadKey(item.key())) trained = true;
    }
    return trained;
}

std::string phaseDescription(int phaseNo, const std::string& freeze, const PhaseConfig& phase, bool trainsBackbone) {
    std::ostringstream desc;
    desc << "phase " << phaseNo << ": " << freeze << "; " << phase.optimizer.name << " lr " << phase.optimizer.lr;
    if (trainsBackbone && phase.optimizer.backboneLrScale != 1.0) desc << " (backbone × " << phase.optimizer.backboneLrScale << ")";
    desc << ", " << phase.schedule.name << " schedule, " << phase.epochs << " epoch(s)";
    return desc.str();
}

bool PhaseProgress::update(double score, int patience) {
    if (score > best) {
        best = score;
        sinceBest = 0;
        return false;
    }
    return patience > 0 && ++sinceBest >= patience;
}

BatchSource::BatchSource(BatchLoader& loader, const FeatureBank* features, RunModel& model, int epoch, int batchSize)
    : loader_(loader), features_(features), model_(model), batchSize_(batchSize) {
    if (features_) order_ = loader_.order(epoch - 1);
    else loader_.startEpoch(epoch - 1);
}

bool BatchSource::next(torch::Tensor& x, torch::Tensor& y, int& count) {
    if (!features_) {
        if (!loader_.next(batch_)) return false;
        count = batch_.count;
        if (count > 0) std::tie(x, y) = model_.toDevice(batch_);
        return true;
    }
    if (cursor_ >= order_.size()) return false;
    const std::vector<std::int64_t> rows = features_->presentRows(Split::Train, order_, cursor_, batchSize_);
    count = static_cast<int>(rows.size());
    if (count > 0) std::tie(x, y) = features_->rows(Split::Train, rows, model_.device());
    return true;
}

// ---- the loop ----

struct EpochLoop::Phase {
    std::size_t index = 0;
    int number = 0;  ///< 1-based
    const PhaseConfig* config = nullptr;
    PhaseParameters params;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::unique_ptr<LrSchedule> schedule;
    bool useFeatures = false;
    PhaseProgress progress;
    std::int64_t step = 0;  ///< batches done in the phase
};

EpochLoop::EpochLoop(RunParts parts, const RunPosition& position, bool resuming)
    : parts_(std::move(parts)),
      c_(parts_.config),
      position_(position),
      start_(startPoint(position, c_.phases, resuming)),
      // fp16 autocast needs loss scaling (bf16 has fp32's exponent range and does not).
      scaler_(parts_.model.cuda() && c_.precision == "fp16") {
    result_.runDir = parts_.writer.dir();
    result_.status = start_.earlyStopped ? "early_stopped" : "completed";
    result_.epochs = position.epoch;
    result_.bestEpoch = position.bestEpoch;
    result_.bestValidationAccuracy = position.best;
    const auto perEpoch = static_cast<std::int64_t>(parts_.loaders.train->batchesPerEpoch());
    for (const auto& p : c_.phases) totalSteps_ += static_cast<std::int64_t>(p.epochs) * perEpoch;
    step_ = resumedAtStep_ = position.step;
    epoch_ = position.epoch;
}

RunResult EpochLoop::run() {
    runStarted_ = Clock::now();
    try {
        runPhases();
    } catch (const c10::Error& e) {
        const std::string what = e.what_without_backtrace();
        if (what.find("out of memory") != std::string::npos)
            throw Error(parts_.model.device().str(),
                        "out of memory at batch size " + std::to_string(c_.batchSize) + "; try a smaller batch size or image size");
        throw Error(c_.model, "training failed: " + what);
    }
    if (stopped_) result_.status = "stopped";
    return result_;
}

void EpochLoop::runPhases() {
    backboneTrained_ = backboneTrainedBefore(parts_.model, c_.phases, start_.phase);
    for (std::size_t phaseIndex = start_.phase; phaseIndex < c_.phases.size() && !stopped_; ++phaseIndex) runPhase(phaseIndex);
}

void EpochLoop::runPhase(std::size_t phaseIndex) {
    Phase p;
    p.index = phaseIndex;
    p.number = static_cast<int>(phaseIndex) + 1;
    p.config = &c_.phases[phaseIndex];
    const PhaseConfig& phase = *p.config;
    result_.status = "completed";
    const FreezeResult freeze = applyFreezePlan(parts_.model.model(), phase.freeze);
    p.params = phaseParameters(parts_.model);
    p.optimizer = makeOptimizer(phase.optimizer, p.params.head, p.params.backbone);
    const int startEpoch = phaseIndex == start_.phase ? start_.epochInPhase : 1;
    if (startEpoch > 1) parts_.writer.restoreOptimizer(*p.optimizer);
    const auto perEpoch = static_cast<std::int64_t>(parts_.loaders.train->batchesPerEpoch());
    p.schedule = std::make_unique<LrSchedule>(phase.schedule, phase.optimizer.lr, static_cast<std::int64_t>(phase.epochs) * perEpoch, perEpoch);
    PhaseStart ps;
    ps.phase = p.number;
    ps.epochs = phase.epochs;
    ps.trainable = p.params.trainable;
    ps.frozen = p.params.frozen;
    ps.description = phaseDescription(p.number, freeze.description, phase, !p.params.backbone.empty());
    parts_.writer.phaseStarted(ps);

    // Bottleneck mode: nothing below the head trains and images are not augmented, so each image's
    // features never change: compute them once and train the head on them.
    p.useFeatures = c_.bottleneck && !c_.augment && p.params.backbone.empty() && !backboneTrained_;
    if (p.useFeatures) {
        parts_.features.features(Split::Train, parts_.model);
        if (parts_.loaders.validation) parts_.features.features(Split::Validation, parts_.model);
        parts_.writer.observer().onLog("bottleneck mode: the head trains on cached features (nothing below it trains, no augmentation)");
    }
    parts_.writer.bottleneck(p.number, p.useFeatures);

    if (startEpoch > 1) p.progress = {position_.bestInPhase, position_.sinceBest};
    p.step = static_cast<std::int64_t>(startEpoch - 1) * perEpoch;
    if (!p.params.backbone.empty()) backboneTrained_ = true;
    for (int e = startEpoch; e <= phase.epochs && !stopped_; ++e)
        if (!runEpoch(p, e)) break;
}

bool EpochLoop::runEpoch(Phase& p, int epochInPhase) {
    ++epoch_;
    const auto epochStarted = Clock::now();
    const Totals t = trainEpoch(p, epochStarted);
    if (stopped_ && t.seen < static_cast<std::int64_t>(parts_.loaders.train->size()) / 2) {
        --epoch_;  // an epoch cut short is not reported as one
        return false;
    }
    const EpochEnd ee = epochEnd(p, epochInPhase, t, epochStarted);
    const bool stopEarly = p.progress.update(parts_.loaders.validation ? ee.validation.accuracy : ee.trainAccuracy, c_.earlyStoppingPatience);
    RunPosition at;
    at.phaseIndex = static_cast<int>(p.index);
    at.epochInPhase = epochInPhase;
    at.epoch = epoch_;
    at.step = step_;
    at.best = result_.bestValidationAccuracy;
    at.bestEpoch = result_.bestEpoch;
    at.bestInPhase = p.progress.best;
    at.sinceBest = p.progress.sinceBest;
    at.earlyStopped = stopEarly;
    parts_.writer.epochEnded(ee, at, parts_.model, *p.optimizer, !stopped_);
    if (stopEarly) {
        parts_.writer.observer().onLog("early stopping: no better validation accuracy for " + std::to_string(p.progress.sinceBest) + " epoch(s)");
        result_.status = "early_stopped";  // this phase ends; a next phase still runs (as Keras' fit() per phase)
        return false;
    }
    return true;
}

EpochLoop::Totals EpochLoop::trainEpoch(Phase& p, Clock::time_point epochStarted) {
    RunModel& model = parts_.model;
    model.setTraining(true);
    setFrozenBatchNormEval(model.net());
    if (p.params.backbone.empty()) model.net().eval();  // a frozen network gives fixed features (no dropout), as in bottleneck mode
    BatchSource source(*parts_.loaders.train, p.useFeatures ? &parts_.features : nullptr, model, epoch_, c_.batchSize);
    Totals t;
    t.lr = p.config->optimizer.lr;
    int batchNo = 0;
    const int batches = static_cast<int>(parts_.loaders.train->batchesPerEpoch());
    torch::Tensor x, y;
    int count = 0;
    while (source.next(x, y, count)) {
        ++batchNo;
        if (count == 0) continue;
        t.lr = p.schedule->at(p.step);
        const auto [batchLoss, batchCorrect] = trainStep(p, x, y, t.lr);
        ++step_;
        ++p.step;
        t.lossSum += batchLoss * count;
        t.correct += batchCorrect;
        t.seen += count;
        BatchEnd be;
        be.phase = p.number;
        be.epoch = epoch_;
        be.batch = batchNo;
        be.batches = batches;
        be.step = step_;
        be.loss = batchLoss;
        be.accuracy = static_cast<double>(batchCorrect) / count;
        be.lr = t.lr;
        const double elapsed = secondsSince(epochStarted);
        be.imagesPerSecond = elapsed > 0 ? static_cast<double>(t.seen) / elapsed : 0.0;
        be.etaSeconds = secondsSince(runStarted_) / static_cast<double>(step_ - resumedAtStep_) * static_cast<double>(totalSteps_ - step_);
        parts_.writer.batchEnded(be);
        if (parts_.control()) {
            stopped_ = true;
            break;
        }
    }
    return t;
}

std::pair<double, std::int64_t> EpochLoop::trainStep(Phase& p, const torch::Tensor& x, const torch::Tensor& y, double lr) {
    RunModel& model = parts_.model;
    setLearningRates(*p.optimizer, lr, p.config->optimizer.backboneLrScale, !p.params.backbone.empty());
    torch::Tensor logits;
    {
        compat::AutocastGuard autocast(model.device().type(), model.cuda() && c_.precision != "fp32",
                                       c_.precision == "fp16" ? torch::kHalf : torch::kBFloat16);
        logits = p.useFeatures ? model.headForward(x) : model.forward(x);
    }
    const torch::Tensor loss = parts_.loss(logits, y);
    p.optimizer->zero_grad();
    scaler_.scaled(loss).backward();
    if (scaler_.unscale(p.params.all)) {
        if (c_.gradClipNorm > 0) torch::nn::utils::clip_grad_norm_(p.params.all, c_.gradClipNorm);
        p.optimizer->step();
    } else if (++skippedSteps_ == 1 || skippedSteps_ % 100 == 0) {
        parts_.writer.observer().onLog("fp16: gradients overflowed, step skipped, loss scale now " + std::to_string(scaler_.scale()) + " (" +
                                       std::to_string(skippedSteps_) + " skipped so far)");
    }
    return {loss.item<double>(), logits.argmax(1).eq(y).sum().item<std::int64_t>()};
}

EpochEnd EpochLoop::epochEnd(Phase& p, int epochInPhase, const Totals& t, Clock::time_point epochStarted) {
    EpochEnd ee;
    ee.phase = p.number;
    ee.epoch = epoch_;
    ee.epochInPhase = epochInPhase;
    ee.trainLoss = t.seen ? t.lossSum / static_cast<double>(t.seen) : 0.0;
    ee.trainAccuracy = t.seen ? static_cast<double>(t.correct) / static_cast<double>(t.seen) : 0.0;
    ee.lr = t.lr;
    if (parts_.loaders.validation)
        ee.validation = p.useFeatures ? parts_.evaluator.onFeatures(parts_.features.features(Split::Validation, parts_.model),
                                                                    parts_.features.labels(Split::Validation))
                                      : parts_.evaluator.onImages(*parts_.loaders.validation);
    ee.seconds = secondsSince(epochStarted);
    ee.imagesPerSecond = ee.seconds > 0 ? static_cast<double>(t.seen) / ee.seconds : 0.0;
    const double score = parts_.loaders.validation ? ee.validation.accuracy : ee.trainAccuracy;
    ee.best = epoch_ == 1 || score > result_.bestValidationAccuracy;
    if (ee.best) {
        result_.bestValidationAccuracy = score;
        result_.bestEpoch = epoch_;
    }
    result_.epochs = epoch_;
    result_.last = ee.validation;
    return ee;
}

}  // namespace tl::train
