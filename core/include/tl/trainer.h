#pragma once
// The fine-tuning engine. A Trainer runs one TrainConfig to the end on the calling thread (the GUI calls it
// from a worker thread), reporting through a TrainObserver from that thread. pause(), resume() and stop()
// may be called from any thread; stop takes effect after the current batch. Everything a run produces
// goes to its run directory as it happens: config.json, classes.json, metrics.csv (one row per epoch),
// events.jsonl (every event as a JSON line) and the trained model (model.safetensors).

#include "tl/evaluation.h"
#include "tl/train_config.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tl {

struct RunStart {
    std::string runDir;
    std::vector<std::string> classes;
    std::size_t trainImages = 0;
    std::size_t validationImages = 0;
    std::string device;
    int inputSize = 0;
};

struct PhaseStart {
    int phase = 0;  ///< 1-based
    int epochs = 0;
    std::int64_t trainable = 0;
    std::int64_t frozen = 0;
    std::string description;  ///< which layers train, the optimizer and learning rate
};

struct BatchEnd {
    int phase = 0;
    int epoch = 0;  ///< 1-based, counted over the whole run
    int batch = 0;  ///< 1-based within the epoch
    int batches = 0;
    std::int64_t step = 0;  ///< batches done in the run
    double loss = 0.0;
    double accuracy = 0.0;  ///< of this batch
    double lr = 0.0;        ///< the head's learning rate
    double imagesPerSecond = 0.0;
    double etaSeconds = 0.0;  ///< for the whole run
};

struct EpochEnd {
    int phase = 0;
    int epoch = 0;  ///< 1-based over the run
    int epochInPhase = 0;
    double trainLoss = 0.0;
    double trainAccuracy = 0.0;
    Evaluation validation;  ///< empty (images = 0) when there is no validation split
    double lr = 0.0;
    double seconds = 0.0;
    double imagesPerSecond = 0.0;
    bool best = false;  ///< the best validation accuracy so far
};

struct RunResult {
    std::string status;  ///< "completed", "early_stopped", "stopped"
    std::string runDir;
    std::string modelPath;
    int epochs = 0;  ///< epochs completed
    int bestEpoch = 0;
    double bestValidationAccuracy = 0.0;
    Evaluation last;  ///< the last epoch's validation
};

/// Receives the events of a run, on the training thread. Implementations must return quickly.
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual void onRunStart(const RunStart&) {}
    virtual void onPhaseStart(const PhaseStart&) {}
    virtual void onBatch(const BatchEnd&) {}
    virtual void onEpoch(const EpochEnd&) {}
    virtual void onLog(const std::string&) {}
    virtual void onPaused(bool /*paused*/) {}
};

class Trainer {
public:
    /// Throws tl::Error for an impossible config (validateTrainConfig). A new run needs an output directory
    /// that holds no run yet.
    explicit Trainer(TrainConfig config);
    /// Continues the run in `runDir` (its config.json) from its last complete epoch, as if it had not been
    /// interrupted: the same order, augmentation, optimizer state and random numbers.
    static std::unique_ptr<Trainer> resume(const std::string& runDir);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    /// Runs the whole config. Throws tl::Error (dataset, weights, device, out of memory…) with what to do.
    RunResult run(TrainObserver* observer = nullptr);

    void pause();
    void resume();
    /// Ends the run after the current batch; run() then saves the model and returns status "stopped".
    void stop();
    bool paused() const;

    const TrainConfig& config() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl
