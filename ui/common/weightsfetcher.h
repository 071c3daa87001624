#pragma once
// Gets a catalog model's pretrained weights onto this machine without blocking the UI: a download from the
// catalog URL (or the mirror) with progress and cancel, or an import of a file the user has. The work runs as a
// Job (common/job.h); results come back as signals on the GUI thread. One job at a time per fetcher.

#include "common/job.h"

#include "tl/weight_store.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <string>

namespace tl::ui {

class WeightsFetcher : public QObject {
    Q_OBJECT
public:
    explicit WeightsFetcher(QObject* parent = nullptr);
    ~WeightsFetcher() override;

    /// A download or import is running.
    bool busy() const;
    /// The weights file of catalog model `modelId` if it is in the hub cache or the app's cache (or, failing
    /// those, among the unverified weights), else "".
    static QString findWeights(const QString& modelId);
    /// Whether the weights findWeights() finds were imported as unverified (their SHA-256 is not the published one).
    static bool hasUnverifiedWeights(const QString& modelId);
    /// `name` as model lists show catalog model `modelId`: with " — unverified weights" when hasUnverifiedWeights().
    static QString markUnverified(const QString& name, const QString& modelId);

    /// A file importFile() may take, by its name: a torch.save state dict (.pth, .pt, .bin) or safetensors.
    static bool isWeightsFile(const QString& path);

    /// Downloads `modelId`'s weights (resuming a partial file, checking its SHA-256).
    void download(const QString& modelId);
    /// Copies `file` into the app's cache as `modelId`'s weights, checking its SHA-256 prefix; a mismatch (and
    /// nothing else wrong) is reported by checksumMismatch(), so that the user can take the file as unverified.
    void importFile(const QString& modelId, const QString& file);
    /// Loads `file` into `modelId`'s architecture (failed() naming the layer that does not fit) and copies it into the
    /// unverified weights, whatever its SHA-256.
    void importUnverified(const QString& modelId, const QString& file);
    /// Writes the state dict `file` (of `modelId`'s architecture, with a classifier of its own size) as the model file
    /// `modelFile` with `classes` as its class names (modelFileWritten(), or failed() naming both numbers when their
    /// count is not the classifier's).
    void writeModelFile(const QString& modelId, const QString& file, const QStringList& classes, const QString& modelFile);
    /// Stops the running job (a download keeps its partial file for a later resume).
    void cancel();

Q_SIGNALS:
    /// `total` is -1 while unknown; `etaSeconds` -1 while unknown.
    void progress(qint64 received, qint64 total, double bytesPerSecond, double etaSeconds);
    void finished(const QString& modelId, const QString& path);
    void failed(const QString& modelId, const QString& error);
    /// importFile() refused `file` only because its SHA-256 (`actual`, 64 hex digits) does not start with `expected`.
    /// importFile() found a classifier of `classes` outputs in `file`, not the catalog model's: it can become a model
    /// file (writeModelFile()) once the user names the classes.
    void otherHead(const QString& modelId, const QString& file, int classes);
    void modelFileWritten(const QString& modelId, const QString& modelFile);
    void checksumMismatch(const QString& modelId, const QString& file, const QString& expected, const QString& actual, const QString& error);
    void cancelled(const QString& modelId);

private:
    struct Outcome {
        std::string path;  ///< the stored file; empty on a checksum mismatch
        std::string expected, actual, message;
        int otherHead = 0;       ///< outputs of a classifier of another size in the imported file
        bool modelFile = false;  ///< `path` is a model file writeModelFile() wrote
    };
    void start(const QString& modelId, const QString& importPath, Trust trust);
    QString modelId_;     ///< of the running (or last) job
    QString importPath_;  ///< of the running (or last) import
    Job<Outcome, DownloadProgress> job_;
};

}  // namespace tl::ui
