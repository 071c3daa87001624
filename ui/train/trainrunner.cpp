#include "train/trainrunner.h"

#include "tl/error.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace tl::ui {

/// Forwards the trainer's events (on the training thread) as signals of the runner (queued to the GUI).
class TrainRunner::Observer : public TrainObserver {
public:
    explicit Observer(TrainRunner& runner) : r_(runner) {}
    void onRunStart(const RunStart& s) override { Q_EMIT r_.runStarted(s); }
    void onPhaseStart(const PhaseStart& p) override { Q_EMIT r_.phaseStarted(p); }
    void onBatch(const BatchEnd& b) override {
        bool notify = false;
        {
            std::lock_guard lock(r_.mutex_);
            r_.pending_.push_back(b);
            notify = !r_.notified_;
            r_.notified_ = true;
        }
        if (notify) Q_EMIT r_.batchesAvailable();
    }
    void onEpoch(const EpochEnd& e) override { Q_EMIT r_.epochEnded(e); }
    void onLog(const std::string& m) override { Q_EMIT r_.logged(QString::fromStdString(m)); }
    void onPaused(bool p) override { Q_EMIT r_.pausedChanged(p); }

private:
    TrainRunner& r_;
};

TrainRunner::TrainRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<tl::RunStart>();
    qRegisterMetaType<tl::PhaseStart>();
    qRegisterMetaType<tl::EpochEnd>();
    qRegisterMetaType<tl::RunResult>();
    // The thread has ended (or is ending) when these arrive.
    connect(this, &TrainRunner::finished, this, &TrainRunner::join, Qt::QueuedConnection);
    connect(this, &TrainRunner::failed, this, &TrainRunner::join, Qt::QueuedConnection);
}

TrainRunner::~TrainRunner() {
    if (trainer_) trainer_->stop();
    if (thread_.joinable()) thread_.join();
}

bool TrainRunner::start(const TrainConfig& config, QString* error) {
    if (running_) {
        if (error) *error = tr("A run is still going.");
        return false;
    }
    try {
        return launch(std::make_unique<Trainer>(config), error);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool TrainRunner::resumeRun(const QString& runDir, QString* error) {
    if (running_) {
        if (error) *error = tr("A run is still going.");
        return false;
    }
    try {
        return launch(Trainer::resume(runDir.toStdString()), error);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool TrainRunner::launch(std::unique_ptr<Trainer> trainer, QString*) {
    join();
    trainer_ = std::move(trainer);
    observer_ = std::make_unique<Observer>(*this);
    {
        std::lock_guard lock(mutex_);
        pending_.clear();
        notified_ = false;
    }
    running_ = true;
    thread_ = std::thread([this] {
#if defined(__linux__)
        // Training yields to the GUI: this thread, and the loader threads it starts, run at a lower priority
        // (Linux's nice value is per thread and inherited), so the event loop is served first on a busy CPU.
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
#endif
        try {
            const RunResult result = trainer_->run(observer_.get());
            Q_EMIT finished(result);
        } catch (const std::exception& e) {
            Q_EMIT failed(QString::fromUtf8(e.what()));
        }
    });
    return true;
}

void TrainRunner::join() {
    if (thread_.joinable()) thread_.join();
    running_ = false;
}

void TrainRunner::pause() {
    if (trainer_ && running_) trainer_->pause();
}

void TrainRunner::resume() {
    if (trainer_ && running_) trainer_->resume();
}

void TrainRunner::stop() {
    if (trainer_ && running_) trainer_->stop();  // a paused run wakes up to stop
}

bool TrainRunner::paused() const { return trainer_ && running_ && trainer_->paused(); }

std::vector<BatchEnd> TrainRunner::takeBatches() {
    std::lock_guard lock(mutex_);
    std::vector<BatchEnd> out;
    out.swap(pending_);
    notified_ = false;
    return out;
}

}  // namespace tl::ui
