#pragma once
// Runs a tl::Trainer on its own thread for the GUI. The trainer's events arrive as queued signals on the
// GUI thread; batch events are collected and handed over in bunches (takeBatches()), so that a fast run
// (bottleneck mode: thousands of batches a second) cannot flood the event loop. Pause, resume and stop are
// passed to the trainer, which acts on them between batches.

#include "train/trainmetatypes.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tl::ui {

class TrainRunner : public QObject {
    Q_OBJECT
public:
    explicit TrainRunner(QObject* parent = nullptr);
    /// Stops a run still going and waits for its thread.
    ~TrainRunner() override;

    /// Starts `config` on a new thread. False, with the reason in `error`, when the config is impossible or a
    /// run is still going.
    bool start(const TrainConfig& config, QString* error = nullptr);
    /// Continues the interrupted run in `runDir`.
    bool resumeRun(const QString& runDir, QString* error = nullptr);
    void pause();
    void resume();
    void stop();
    bool running() const { return running_; }
    bool paused() const;

    /// The batch events that arrived since the last call, in order.
    std::vector<BatchEnd> takeBatches();

Q_SIGNALS:
    void runStarted(const tl::RunStart& start);
    void phaseStarted(const tl::PhaseStart& phase);
    /// New batch events wait in takeBatches() (sent once until they are taken).
    void batchesAvailable();
    void epochEnded(const tl::EpochEnd& epoch);
    void logged(const QString& message);
    void pausedChanged(bool paused);
    void finished(const tl::RunResult& result);
    void failed(const QString& message);

private:
    class Observer;
    bool launch(std::unique_ptr<Trainer> trainer, QString* error);
    void join();

    std::unique_ptr<Trainer> trainer_;
    std::unique_ptr<Observer> observer_;
    std::thread thread_;
    bool running_ = false;
    std::mutex mutex_;
    std::vector<BatchEnd> pending_;
    bool notified_ = false;
};

}  // namespace tl::ui
