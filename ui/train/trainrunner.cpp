#include "train/trainrunner.h"

#include "tl/error.h"

#include <QThreadPool>

#include <cerrno>
#include <optional>
#include <stdexcept>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace tl::ui {

namespace {

using Events = TrainRunner::Events;

/// The trainer's events (on the pool thread) into the job's accumulated progress.
class Observer : public TrainObserver {
public:
    explicit Observer(Job<RunResult, Events>::Control& control) : control_(control) {}
    void onRunStart(const RunStart& s) override { send(s); }
    void onPhaseStart(const PhaseStart& p) override { send(p); }
    void onBatch(const BatchEnd& b) override { send(b); }
    void onEpoch(const EpochEnd& e) override { send(e); }
    void onLog(const std::string& m) override { send(QString::fromStdString(m)); }
    void onPaused(bool p) override { send(p); }

private:
    void send(Events::Event e) {
        Events one;
        one.events.push_back(std::move(e));
        control_.accumulate(std::move(one));
    }
    Job<RunResult, Events>::Control& control_;
};

/// For the length of a run, the pool thread trains at a lower priority, and the pool may start another thread in
/// its place for the short jobs (scans, evaluations) meanwhile.
class RunThread {
public:
    RunThread() {
#if defined(__linux__)
        // Training yields to the GUI: this thread, and the loader threads it starts, run at a lower priority
        // (Linux's nice value is per thread and inherited), so the event loop is served first on a busy CPU.
        tid_ = static_cast<id_t>(::syscall(SYS_gettid));
        errno = 0;
        const int before = ::getpriority(PRIO_PROCESS, tid_);
        if (errno == 0) before_ = before;
        ::setpriority(PRIO_PROCESS, tid_, 10);
#endif
        QThreadPool::globalInstance()->releaseThread();
    }
    ~RunThread() {
        QThreadPool::globalInstance()->reserveThread();
#if defined(__linux__)
        // Back to the pool's priority where the system lets it (an unprivileged process may not raise it again:
        // the thread then serves later jobs at the lower priority, as background work that yields to the GUI).
        if (before_) ::setpriority(PRIO_PROCESS, tid_, *before_);
#endif
    }
    RunThread(const RunThread&) = delete;
    RunThread& operator=(const RunThread&) = delete;

private:
#if defined(__linux__)
    id_t tid_ = 0;
    std::optional<int> before_;
#endif
};

}  // namespace

void TrainRunner::Events::absorb(Events&& later) {
    events.insert(events.end(), std::make_move_iterator(later.events.begin()), std::make_move_iterator(later.events.end()));
}

TrainRunner::TrainRunner(QObject* parent)
    : QObject(parent),
      job_({[this](const RunResult& r) { Q_EMIT finished(r); },
            [this](const QString& m) { Q_EMIT failed(m); },
            {},
            [this](const Events& e) { deliver(e); }}) {
    qRegisterMetaType<tl::RunStart>();
    qRegisterMetaType<tl::PhaseStart>();
    qRegisterMetaType<tl::BatchEnd>();
    qRegisterMetaType<tl::EpochEnd>();
    qRegisterMetaType<tl::RunResult>();
    qRegisterMetaType<tl::RunRecord>();
    qRegisterMetaType<std::vector<tl::BatchEnd>>();
}

TrainRunner::~TrainRunner() {
    if (trainer_) trainer_->stop();  // a paused run wakes up to stop; job_ then forgets the run, which saves on its own
}

bool TrainRunner::start(const TrainConfig& config, QString* error) {
    if (running()) {
        if (error) *error = tr("A run is still going.");
        return false;
    }
    try {
        return launch(std::make_shared<Trainer>(config), error);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool TrainRunner::resumeRun(const QString& runDir, QString* error) {
    if (running()) {
        if (error) *error = tr("A run is still going.");
        return false;
    }
    try {
        return launch(std::shared_ptr<Trainer>(Trainer::resume(runDir.toStdString())), error);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool TrainRunner::launch(std::shared_ptr<Trainer> trainer, QString* error) {
    trainer_ = std::move(trainer);
    const bool started = job_.start([trainer = trainer_](Job<RunResult, Events>::Control& control) {
        const RunThread lowered;
        Observer observer(control);
        try {
            return trainer->run(&observer);  // a stop ends it as status "stopped", with its files written
        } catch (const Cancelled& e) {
            // Stopped before training began (while computing bottleneck features): said as a failure, with the reason.
            throw std::runtime_error(e.what());
        }
    });
    if (!started && error) *error = tr("A run is still going.");
    return started;
}

void TrainRunner::deliver(const Events& events) {
    std::vector<BatchEnd> batches;
    const auto flush = [&] {
        if (batches.empty()) return;
        Q_EMIT batchesArrived(batches);
        batches.clear();
    };
    for (const Events::Event& e : events.events) {
        if (const auto* b = std::get_if<BatchEnd>(&e)) {
            batches.push_back(*b);
            continue;
        }
        flush();
        if (const auto* s = std::get_if<RunStart>(&e)) Q_EMIT runStarted(*s);
        else if (const auto* p = std::get_if<PhaseStart>(&e)) Q_EMIT phaseStarted(*p);
        else if (const auto* ep = std::get_if<EpochEnd>(&e)) Q_EMIT epochEnded(*ep);
        else if (const auto* m = std::get_if<QString>(&e)) Q_EMIT logged(*m);
        else if (const auto* paused = std::get_if<bool>(&e)) Q_EMIT pausedChanged(*paused);
    }
    flush();
}

void TrainRunner::pause() {
    if (trainer_ && running()) trainer_->pause();
}

void TrainRunner::resume() {
    if (trainer_ && running()) trainer_->resume();
}

void TrainRunner::stop() {
    if (trainer_ && running()) trainer_->stop();  // a paused run wakes up to stop
}

bool TrainRunner::paused() const { return trainer_ && running() && trainer_->paused(); }

}  // namespace tl::ui
