#pragma once
// Gets a catalog model's pretrained weights onto this machine without blocking the UI: a download from the
// catalog URL (or the mirror) with progress and cancel, or an import of a file the user has. Each job runs
// on its own thread; results come back as queued signals. One job at a time per fetcher.

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace tl::ui {

class WeightsFetcher : public QObject {
    Q_OBJECT
public:
    explicit WeightsFetcher(QObject* parent = nullptr);
    ~WeightsFetcher() override;

    /// A download or import is running.
    bool busy() const;
    /// The weights file of catalog model `modelId` if it is in the hub cache or the app's cache, else "".
    static QString findWeights(const QString& modelId);

    /// Downloads `modelId`'s weights (resuming a partial file, checking its SHA-256).
    void download(const QString& modelId);
    /// Copies `file` into the app's cache as `modelId`'s weights, checking its SHA-256 prefix.
    void importFile(const QString& modelId, const QString& file);
    /// Stops the running job (a download keeps its partial file for a later resume).
    void cancel();

Q_SIGNALS:
    /// `total` is -1 while unknown; `etaSeconds` -1 while unknown.
    void progress(qint64 received, qint64 total, double bytesPerSecond, double etaSeconds);
    void finished(const QString& modelId, const QString& path);
    void failed(const QString& modelId, const QString& error);
    void cancelled(const QString& modelId);

private:
    void start(const QString& modelId, const QString& importPath);
    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> stop_;
    /// Set by the job just before it emits its last signal: from then on a new job may start.
    std::shared_ptr<std::atomic<bool>> done_;
};

}  // namespace tl::ui
