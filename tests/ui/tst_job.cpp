// The UI's one way to run work off the GUI thread (ui/common/job.h): results, failures and cancels come back on
// the GUI thread; progress is coalesced to the newest report (or, accumulated, merged so that none is lost); a restart drops the older run's results; a
// handler may start the next run; destroying a job mid-run neither blocks nor delivers anything afterwards.
#include "common/job.h"

#include "tl/error.h"

#include <QtTest/QtTest>

#include <QThread>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using tl::ui::Job;
using tl::ui::JobProgress;

class TestJob : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void finishedOnTheGuiThreadWithTheNewestProgress() {
        QThread* gui = QThread::currentThread();
        int result = 0, progressCalls = 0;
        qint64 lastDone = -1;
        bool onGui = true;
        Job<int> job({[&](int r) {
                          onGui = onGui && QThread::currentThread() == gui;
                          result = r;
                      },
                      {},
                      {},
                      [&](const JobProgress& p) {
                          onGui = onGui && QThread::currentThread() == gui;
                          QVERIFY(p.done > lastDone);  // never an older report after a newer one
                          lastDone = p.done;
                          ++progressCalls;
                      }});
        std::atomic<QThread*> worker{nullptr};
        QVERIFY(job.start([&](auto& control) {
            worker = QThread::currentThread();
            for (qint64 i = 0; i <= 100000; ++i) control.report({i, 100000, QString()});
            return 42;
        }));
        QVERIFY(job.running());
        QVERIFY(!job.start([](auto&) { return 0; }));  // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(!job.running(), 10000);
        QCOMPARE(result, 42);
        QVERIFY(onGui);
        QVERIFY(worker.load() != gui);
        QCOMPARE(lastDone, qint64{100000});  // the last report is always delivered, before finished
        // 100,001 reports from a loop that does nothing else: the event loop sees a few of them, not each.
        QVERIFY2(progressCalls < 100001, qPrintable(QString::number(progressCalls)));
    }

    void accumulatedProgressLosesNothing() {
        // A report per step that must all arrive (a run's batches): what waits takes the newer in, in order.
        struct Steps {
            std::vector<int> steps;
            void absorb(Steps&& later) { steps.insert(steps.end(), later.steps.begin(), later.steps.end()); }
        };
        std::vector<int> seen;
        int deliveries = 0;
        bool finishedAfterAll = false;
        constexpr int kSteps = 100000;
        Job<int, Steps> job({[&](int) { finishedAfterAll = static_cast<int>(seen.size()) == kSteps; },
                             {},
                             {},
                             [&](const Steps& s) {
                                 ++deliveries;
                                 seen.insert(seen.end(), s.steps.begin(), s.steps.end());
                             }});
        job.start([](auto& control) {
            for (int i = 0; i < kSteps; ++i) control.accumulate(Steps{{i}});
            return 0;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!job.running(), 10000);
        QVERIFY(finishedAfterAll);  // every step delivered before finished
        QCOMPARE(static_cast<int>(seen.size()), kSteps);
        for (int i = 0; i < kSteps; ++i)
            if (seen[static_cast<std::size_t>(i)] != i)
                QFAIL(qPrintable(QStringLiteral("step %1 arrived as %2").arg(i).arg(seen[static_cast<std::size_t>(i)])));
        QVERIFY2(deliveries < kSteps, qPrintable(QString::number(deliveries)));  // merged, not one call per step
    }

    void failuresAndCancels() {
        QString failure;
        bool cancelled = false;
        Job<int> job({[](int) { QFAIL("not finished"); }, [&](const QString& m) { failure = m; }, [&] { cancelled = true; }, {}});
        job.start([](auto&) -> int { throw tl::Error("model.safetensors", "not a model file"); });
        QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 10000);
        QVERIFY2(failure.contains(QStringLiteral("model.safetensors")) && failure.contains(QStringLiteral("not a model file")), qPrintable(failure));

        std::atomic<bool> started{false};
        job.start([&](auto& control) -> int {
            started = true;
            while (!control.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            throw tl::Cancelled("scan", "cancelled");
        });
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        job.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(cancelled, 10000);
        QVERIFY(!job.running());
    }

    void restartDropsTheOlderRunAndHandlersMayStartTheNext() {
        QList<int> results;
        Job<int>* self = nullptr;
        Job<int> job({[&](int r) {
                          results << r;
                          if (r == 2) self->start([](auto&) { return 3; });  // from inside the handler
                      },
                      {},
                      {},
                      {}});
        self = &job;
        std::atomic<bool> release{false};
        job.start([&](auto&) {
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return 1;
        });
        job.restart([](auto&) { return 2; });
        QTRY_COMPARE_WITH_TIMEOUT(results, (QList<int>{2, 3}), 10000);
        release = true;  // the first run ends now; its result must not arrive
        QTest::qWait(200);
        QCOMPARE(results, (QList<int>{2, 3}));
    }

    void destroyingMidRunNeitherBlocksNorDelivers() {
        bool delivered = false;
        std::atomic<bool> sawCancel{false}, release{false}, ended{false};
        {
            Job<int> job({[&](int) { delivered = true; }, [&](const QString&) { delivered = true; }, [&] { delivered = true; }, {}});
            job.start([&](auto& control) {
                while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                sawCancel = control.cancelled();
                control.report({1, 1, QString()});
                ended = true;
                return 1;
            });
        }  // destroyed while the work waits: returns at once
        release = true;
        QTRY_VERIFY_WITH_TIMEOUT(ended.load(), 10000);
        QTest::qWait(100);
        QVERIFY(sawCancel.load());
        QVERIFY(!delivered);
    }
};

QTEST_MAIN(TestJob)
#include "tst_job.moc"
