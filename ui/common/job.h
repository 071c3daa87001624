#pragma once
// The one way the UI runs work off the GUI thread (docs/architecture.md, "Threads"). A Job runs a function on
// Qt's thread pool and calls back on the GUI thread: finished(result), failed(message), cancelled(), and
// progress(report) as the work goes. The work gets a Control: cancelled() says whether the owner asked it to
// stop (pass it as core's "go on" callback), report() sends progress — queued to the GUI thread, and when reports
// come faster than the event loop takes them only the newest one waits, so a fast loop never floods it;
// accumulate() instead merges what waits with what comes, for progress of which nothing may be lost.
//
// The work must not touch its owner (a widget or session): it gets what it needs by value and gives back a
// Result. That is what makes closing safe: destroying the Job cancels the work and forgets it — the GUI is never
// blocked on close, and nothing the work does afterwards reaches an object that is gone. A tl::Cancelled thrown
// by the work ends in cancelled(), any other exception in failed(what()). One run at a time per Job; a handler
// may start the next run.

#include "tl/error.h"

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace tl::ui {

/// A count of `total` (0 while unknown) and a line saying what is being done.
struct JobProgress {
    qint64 done = 0;
    qint64 total = 0;
    QString text;
};

template <typename Result, typename Progress = JobProgress>
class Job {
public:
    struct Handlers {
        std::function<void(Result)> finished;
        std::function<void(const QString&)> failed;
        std::function<void()> cancelled;
        std::function<void(const Progress&)> progress;
    };

private:
    /// What the work and the GUI thread share; outlives the Job when the work is still running.
    struct State {
        std::mutex mutex;
        QObject* receiver = nullptr;  ///< on the GUI thread; null once the Job is gone
        std::atomic<bool> cancel{false};
        std::optional<Progress> pending;  ///< the newest report not yet delivered
    };

public:
    class Control {
    public:
        bool cancelled() const { return state_->cancel.load(); }
        /// Core's progress-callback shape: true while the work should go on.
        bool goOn() const { return !cancelled(); }
        void report(Progress p) {
            std::lock_guard lock(state_->mutex);
            if (!state_->receiver) return;
            const bool queued = state_->pending.has_value();
            state_->pending = std::move(p);
            if (queued) return;  // the newest replaces the one waiting
            post();
        }
        /// For progress that must not be lost (a run's every batch): a report still waiting takes `p` in
        /// (Progress::absorb(Progress&&), which appends) instead of being replaced, so each delivery carries
        /// everything since the last one, in order. Only this call needs Progress::absorb.
        void accumulate(Progress p) {
            std::lock_guard lock(state_->mutex);
            if (!state_->receiver) return;
            if (state_->pending) {
                state_->pending->absorb(std::move(p));
                return;
            }
            state_->pending = std::move(p);
            post();
        }

    private:
        /// Queues the delivery of what is pending (under the state's lock).
        void post() {
            QMetaObject::invokeMethod(
                state_->receiver,
                [state = state_, handler = progress_] {
                    std::optional<Progress> p;
                    {
                        std::lock_guard lock(state->mutex);
                        p.swap(state->pending);
                    }
                    if (p && handler) handler(*p);
                },
                Qt::QueuedConnection);
        }

        friend class Job;
        Control(std::shared_ptr<State> state, std::function<void(const Progress&)> progress)
            : state_(std::move(state)), progress_(std::move(progress)) {}
        std::shared_ptr<State> state_;
        std::function<void(const Progress&)> progress_;
    };

    using Work = std::function<Result(Control&)>;

    explicit Job(Handlers handlers) : handlers_(std::move(handlers)) {}
    ~Job() { forget(); }
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    bool running() const { return running_; }

    /// Starts `work` on the thread pool; false (and nothing started) while a run is going.
    bool start(Work work) {
        if (running_) return false;
        forget();
        auto state = std::make_shared<State>();
        receiver_ = std::make_unique<QObject>();
        state->receiver = receiver_.get();
        state_ = state;
        running_ = true;
        QThreadPool::globalInstance()->start([this, state, work = std::move(work), progress = handlers_.progress]() mutable {
            Control control(state, std::move(progress));
            std::function<void()> done;
            try {
                auto result = std::make_shared<Result>(work(control));
                done = [this, result] {
                    end();
                    if (handlers_.finished) handlers_.finished(std::move(*result));
                };
            } catch (const Cancelled&) {
                done = [this] {
                    end();
                    if (handlers_.cancelled) handlers_.cancelled();
                };
            } catch (const std::exception& e) {
                done = [this, message = QString::fromUtf8(e.what())] {
                    end();
                    if (handlers_.failed) handlers_.failed(message);
                };
            } catch (...) {
                done = [this] {
                    end();
                    if (handlers_.failed) handlers_.failed(QStringLiteral("an unknown error"));
                };
            }
            // Delivered only while the Job lives: forget() clears the receiver under the same lock before it deletes it.
            std::lock_guard lock(state->mutex);
            if (state->receiver) QMetaObject::invokeMethod(state->receiver, std::move(done), Qt::QueuedConnection);
        });
        return true;
    }

    /// Starts `work` in place of the running one, whose results are dropped (it is asked to stop).
    void restart(Work work) {
        forget();
        start(std::move(work));
    }

    /// Asks the running work to stop (it sees Control::cancelled()); its handler still comes.
    void cancel() {
        if (state_) state_->cancel.store(true);
    }

private:
    void end() { running_ = false; }

    /// Cancels the running work, if any, and drops whatever it would still deliver.
    void forget() {
        if (state_) {
            state_->cancel.store(true);
            std::lock_guard lock(state_->mutex);
            state_->receiver = nullptr;
            state_->pending.reset();
        }
        // Its queued calls are discarded when it goes; later, as forget() may run inside one of them (a handler
        // starting the next run).
        if (receiver_) receiver_.release()->deleteLater();
        state_.reset();
        running_ = false;
    }

    Handlers handlers_;
    std::shared_ptr<State> state_;
    std::unique_ptr<QObject> receiver_;
    bool running_ = false;
};

}  // namespace tl::ui
