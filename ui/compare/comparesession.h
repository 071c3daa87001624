#pragma once
// The Compare area's state and work, without widgets (docs/architecture.md: a work area's state lives in a
// session object that widgets observe). It holds the models offered for comparison (the catalog's classifiers
// and the fine-tuned model files added, each a tl::ModelRef read once when it joins), which of them are checked
// (remembered in the settings), the dataset folder and split, the images given last, the two comparison runs
// (each a Job off the GUI thread, with progress and cancel) and their results. The device is the
// application's one choice (DeviceChoice). Widgets change it through its functions and follow its signals.

#include "common/job.h"
#include "common/trainedmodels.h"

#include "tl/compare.h"
#include "tl/model_ref.h"

#include <QHash>
#include <QImage>
#include <QObject>
#include <QStringList>

#include <vector>

namespace tl::ui {

class CompareSession : public QObject {
    Q_OBJECT
public:
    /// A model offered for comparison.
    struct Entry {
        ModelRef ref;
        bool checked = false;
        /// A model file always; a catalog model when its weights are on this machine (`weights` says where).
        bool available = true;
        QString weights;
        /// A run of the Train area (setTrainedModels()), known by the run's name: offered, not remembered as added.
        bool run = false;
        QString key() const { return QString::fromStdString(ref.key()); }
    };
    enum class Run { Dataset, Images };
    Q_ENUM(Run)
    /// Why a run could not start (refusalText() says it in the current language).
    enum class Refusal { Busy, TooFewModels, NoDatasetFolder };
    Q_ENUM(Refusal)
    /// How the last run of a kind ended: ok, cancelled, or failed with `error`.
    struct Outcome {
        bool cancelled = false;
        QString error;          ///< as it read when the run ended
        bool noImages = false;  ///< the error is that no images were among those given
        bool ok() const { return !cancelled && error.isEmpty(); }
        /// The error in the current language (core's messages are English).
        QString errorText() const;
    };

    /// Offers the catalog's classifiers and the model files remembered from last time, with last time's checks.
    explicit CompareSession(QObject* parent = nullptr);
    ~CompareSession() override;  // a comparison still going is cancelled and dropped

    // ---- the models ----
    const std::vector<Entry>& models() const { return models_; }
    /// The index of the model `key` (catalog id or model file path) in models(), or -1.
    int indexOf(const QString& key) const;
    /// Adds a fine-tuned model file, checked (an entry already there is checked). False, with the reason in
    /// modelMessage(), when `path` is not a model file.
    bool addModelFile(const QString& path);
    /// addModelFile() for a path that may be something else (a drop): a .safetensors model file is added and
    /// true returned; anything else is left alone, without a message.
    bool offerModelFile(const QString& path);
    /// The runs of the Train area that hold a model: offered after the other models, by run name (ref.name()),
    /// checked when they were checked last time. Replaces the runs given before (a file added by hand stays).
    void setTrainedModels(const TrainedModels& models);
    /// Removes the model file `key` (catalog models stay).
    void removeModelFile(const QString& key);
    /// Checks or unchecks the model `key` (when it is offered and available).
    void setModelChecked(const QString& key, bool checked);
    /// The checked models' keys, in list order.
    QStringList checkedModels() const;
    /// Looks again for the catalog models' weights (they may have been downloaded elsewhere meanwhile).
    void refreshAvailability();
    /// Why the last model file was refused ("" after one was added), in the current language.
    QString modelMessage() const;
    /// The reason of runRefused(), in the current language.
    static QString refusalText(Refusal why);

    // ---- what to compare on ----
    QString datasetFolder() const { return datasetFolder_; }
    void setDatasetFolder(const QString& folder);
    /// The dataset split: all, train, validation (the default) or test.
    QString split() const { return split_; }
    void setSplit(const QString& split);
    /// The images and folders given last (folders unexpanded), for comparing them again.
    QStringList images() const { return images_; }

    // ---- running ----
    bool busy() const;
    /// Compares the checked models on the dataset folder's split. False, with runRefused(), when it cannot start.
    bool runDataset();
    /// Compares the checked models on these images (folders are searched); they become images().
    bool runImages(const QStringList& paths);
    /// runImages(images()); false when there are none.
    bool runImagesAgain();
    /// Asks the running comparison to stop; progress is not reported after this.
    void cancel();

    // ---- results ----
    const ModelComparison& datasetComparison() const { return dataset_; }
    const FileComparison& fileComparison() const { return files_; }
    /// The crop the first model saw of each compared file, as a thumbnail (fileComparison()'s order).
    const std::vector<QImage>& thumbnails() const { return thumbnails_; }
    Outcome datasetOutcome() const { return datasetOutcome_; }
    Outcome imagesOutcome() const { return imagesOutcome_; }
    /// ms per image measured this session, by catalog id.
    const QHash<QString, double>& latencies() const { return latencies_; }

    /// Write the last dataset comparison (core's CSV / JSON). False, with the reason naming the file, when they cannot.
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportJson(const QString& path, QString* error = nullptr) const;

Q_SIGNALS:
    /// Models were added or removed, or their availability changed.
    void modelsChanged();
    /// The model at `index` was checked or unchecked.
    void modelCheckChanged(int index);
    void modelMessageChanged(const QString& message);
    void datasetFolderChanged(const QString& folder);
    void splitChanged(const QString& split);
    /// A run could not start: why (`reason` is refusalText(why) in the language of the moment).
    void runRefused(tl::ui::CompareSession::Run run, const QString& reason, tl::ui::CompareSession::Refusal why);
    /// A run started with `models` models.
    void runStarted(tl::ui::CompareSession::Run run, int models);
    /// Where the running comparison stands: model `model` (from 0) of `models`, `done` of its `total` images.
    void progressed(int model, int models, int done, int total);
    /// cancel() was asked while a run was going.
    void cancelling();
    void latenciesChanged();
    /// A dataset comparison ended: ok when it produced a table (failed models included); datasetOutcome() says why not.
    void datasetCompared(bool ok);
    /// An images comparison ended; imagesOutcome() says why not.
    void imagesCompared(bool ok);
    /// Either comparison ended (after datasetCompared / imagesCompared).
    void comparisonFinished(bool ok);

private:
    struct DatasetRun {
        ModelComparison comparison;
        QString error;
        bool cancelled = false;
    };
    struct FilesRun {
        FileComparison comparison;
        std::vector<QImage> thumbnails;
        QString error;
        bool cancelled = false;
        bool noImages = false;
    };
    struct Progress {
        std::size_t model = 0, models = 0, done = 0, total = 0;
    };

    void addCatalogModels();
    void saveChoice() const;
    void refuse(Run run, Refusal why);
    /// The checked keys when a run can start, else runRefused() and false.
    bool prepare(Run run, std::vector<std::string>* refs, CompareOptions* options);
    void showProgress(const Progress& p);
    void datasetDone(const DatasetRun& run);
    void filesDone(FilesRun run);
    void noteLatencies(const std::vector<ComparedModel>& models);

    std::vector<Entry> models_;
    QString refusedFile_;  ///< the file addModelFile() refused last ("" after one was added)
    QString datasetFolder_;
    QString split_ = QStringLiteral("validation");
    QStringList images_;
    bool loading_ = false;          ///< filling the list from the settings: nothing is saved
    bool running_ = false;          ///< a run started and has not ended: its progress is reported
    bool cancelRequested_ = false;  ///< cancel() was asked: later progress is not reported
    ModelComparison dataset_;
    FileComparison files_;
    std::vector<QImage> thumbnails_;
    Outcome datasetOutcome_;
    Outcome imagesOutcome_;
    QHash<QString, double> latencies_;
    Job<DatasetRun, Progress> datasetJob_;
    Job<FilesRun, Progress> filesJob_;
};

}  // namespace tl::ui
