#pragma once
// Runs a tl::Trainer for the GUI as a Job (common/job.h) on Qt's thread pool. The trainer's events travel as
// accumulated progress: each delivery on the GUI thread carries every event since the last one, in order, so
// a fast run (bottleneck mode: thousands of batches a second) cannot flood the event loop and no batch is lost;
// the runner re-emits them as signals (consecutive batches as one batchesArrived). Pause, resume and stop are
// passed to the trainer, which acts on them between batches.
//
// The trainer is shared by the runner and the work: when the runner goes (the window closes) it stops the
// trainer and forgets the job, and the work still finishes writing the run's files (the model, run_end) on
// its pool thread, which the application waits for when it ends.

#include "common/job.h"
#include "train/trainmetatypes.h"

#include <QObject>
#include <QString>

#include <memory>
#include <variant>
#include <vector>

namespace tl::ui {

class TrainRunner : public QObject {
    Q_OBJECT
public:
    explicit TrainRunner(QObject* parent = nullptr);
    /// Stops a run still going, without waiting for it: the run ends and saves on its own.
    ~TrainRunner() override;

    /// Starts `config`. False, with the reason in `error`, when the config is impossible or a run is still going.
    bool start(const TrainConfig& config, QString* error = nullptr);
    /// Continues the interrupted run in `runDir`.
    bool resumeRun(const QString& runDir, QString* error = nullptr);
    void pause();
    void resume();
    void stop();
    bool running() const { return job_.running(); }
    bool paused() const;

    /// The trainer's events since the last delivery, in order (the job's progress).
    struct Events {
        using Event = std::variant<RunStart, PhaseStart, BatchEnd, EpochEnd, QString /*log*/, bool /*paused*/>;
        std::vector<Event> events;
        void absorb(Events&& later);
    };

Q_SIGNALS:
    void runStarted(const tl::RunStart& start);
    void phaseStarted(const tl::PhaseStart& phase);
    /// Batches in the order they ended (every one of them, in bunches).
    void batchesArrived(const std::vector<tl::BatchEnd>& batches);
    void epochEnded(const tl::EpochEnd& epoch);
    void logged(const QString& message);
    void pausedChanged(bool paused);
    /// The run has ended: after every event of it.
    void finished(const tl::RunResult& result);
    void failed(const QString& message);

private:
    bool launch(std::shared_ptr<Trainer> trainer, QString* error);
    void deliver(const Events& events);

    std::shared_ptr<Trainer> trainer_;
    Job<RunResult, Events> job_;
};

}  // namespace tl::ui
