#pragma once
// Gets a catalog model's pretrained weights onto this machine without blocking the UI: a download from the
// catalog URL (or the mirror) with progress and cancel, or an import of a file the user has. The work runs as a
// Job (common/job.h); results come back as signals on the GUI thread. One job at a time per fetcher.

#include "common/job.h"

#include "tl/weight_store.h"

#include <QObject>
#include <QString>

#include <string>

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
    QString modelId_;  ///< of the running (or last) job
    Job<std::string, DownloadProgress> job_;
};

}  // namespace tl::ui
