#pragma once
// Keras .h5 files and TF-slim checkpoints in the GUI (File ▸ Import Keras or TF-slim weights…, and such files
// dropped on the Classify or Train area): the file is inspected on a worker (which architecture its layer names
// fit, whether it has a classifier), then, as the user chooses, copied into the weight store as the weights of
// the catalog model of that architecture, or written as a model file that Classify and Compare open.

#include "common/job.h"

#include <QObject>
#include <QString>

#include <functional>

class QProgressDialog;
class QWidget;

namespace tl::ui {

class ForeignImport : public QObject {
    Q_OBJECT
public:
    /// What the user does with an inspected file.
    enum class Choice { Cancel, CatalogWeights, ModelFile };
    struct Inspection {
        QString path;
        QString format;  ///< "Keras HDF5 (weights)", ...
        QString arch;
        QString message;    ///< what loaded, in one paragraph
        QString catalogId;  ///< the catalog model of this architecture ("" when none)
        QString catalogName;
        bool catalogFits = false;  ///< that model has a classifier exactly when the file has one: it can take the file
        bool hasTop = true;
        int classes = 0;
    };

    explicit ForeignImport(QWidget* parent);
    ~ForeignImport() override;

    /// True for a Keras .h5 file or a TF-slim checkpoint (its .index, a .data shard or the prefix).
    static bool isForeignWeights(const QString& path);

    /// Inspects `path` on a worker, with a progress dialog; then asks what to do (chooser()), does it on a worker,
    /// and emits catalogWeightsImported or modelFileWritten, or failed (also shown in a message box).
    void start(const QString& path);
    bool busy() const { return busy_; }

    /// How the user is asked (a message box by default). Returning ModelFile with `*modelFile` set to the path to
    /// write (a save dialog by default); tests replace it.
    using Chooser = std::function<Choice(const Inspection&, QString* modelFile)>;
    void setChooser(Chooser chooser) { chooser_ = std::move(chooser); }

Q_SIGNALS:
    void catalogWeightsImported(const QString& catalogId, const QString& storedPath);
    void modelFileWritten(const QString& modelFile);
    void failed(const QString& message);
    void finished();

private:
    Choice ask(const Inspection& inspection, QString* modelFile);
    void inspected(const Inspection& inspection);
    void fail(const QString& message);
    /// Runs `work` as the job, under a progress dialog; the closure it returns runs on the GUI thread after it.
    void runWithProgress(const QString& label, std::function<std::function<void()>()> work);
    void closeProgress();

    QWidget* parentWidget_;
    Chooser chooser_;
    bool busy_ = false;
    QProgressDialog* progress_ = nullptr;
    Job<std::function<void()>> job_;
};

}  // namespace tl::ui
