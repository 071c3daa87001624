#include "common/weightsfetcher.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/weight_store.h"

#include <QThread>

namespace tl::ui {

WeightsFetcher::WeightsFetcher(QObject* parent) : QObject(parent) {}

WeightsFetcher::~WeightsFetcher() {
    if (thread_) {
        cancel();
        thread_->wait();
    }
}

QString WeightsFetcher::findWeights(const QString& modelId) {
    const ModelSpec* spec = Catalog::builtin().find(modelId.toStdString());
    if (!spec) return {};
    const auto found = WeightStore().find(weightSourceOf(*spec));
    return found ? QString::fromStdString(*found) : QString();
}

void WeightsFetcher::download(const QString& modelId) { start(modelId, QString()); }

void WeightsFetcher::importFile(const QString& modelId, const QString& file) { start(modelId, file); }

void WeightsFetcher::cancel() {
    if (stop_) stop_->store(true);
}

bool WeightsFetcher::busy() const { return thread_ && !thread_->isFinished() && !(done_ && done_->load()); }

void WeightsFetcher::start(const QString& modelId, const QString& importPath) {
    if (busy()) return;
    if (thread_) {  // finished (or emitting its last signal), its clean-up not yet delivered
        thread_->wait();
        thread_->deleteLater();
        thread_ = nullptr;
    }
    stop_ = std::make_shared<std::atomic<bool>>(false);
    done_ = std::make_shared<std::atomic<bool>>(false);
    auto stop = stop_;
    auto done = done_;
    // The job only emits (queued to this object's thread); it never touches the fetcher's members.
    QThread* thread = QThread::create([this, stop, done, modelId, importPath] {
        const auto report = [this, stop](const DownloadProgress& p) {
            Q_EMIT progress(p.received, p.total, p.bytesPerSecond, p.etaSeconds);
            return !stop->load();
        };
        try {
            const ModelSpec& spec = Catalog::builtin().get(modelId.toStdString());
            WeightStore store;
            const std::string path = importPath.isEmpty()
                                         ? store.download(weightSourceOf(spec), report)
                                         : store.importFile(importPath.toStdString(), weightSourceOf(spec), report);
            done->store(true);
            Q_EMIT finished(modelId, QString::fromStdString(path));
        } catch (const Cancelled&) {
            done->store(true);
            Q_EMIT cancelled(modelId);
        } catch (const std::exception& e) {
            done->store(true);
            Q_EMIT failed(modelId, QString::fromUtf8(e.what()));
        }
    });
    connect(thread, &QThread::finished, this, [this, thread] {
        if (thread_ == thread) thread_ = nullptr;
        thread->deleteLater();
    });
    thread_ = thread;
    thread_->start();
}

}  // namespace tl::ui
