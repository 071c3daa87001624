#pragma once
// The Train area: choose (or drop) a dataset folder and a catalog model; the dataset is scanned on a worker
// with progress (classes with their counts per split, skipped files, warnings); the model is shown as a layer tree
// to choose what trains (Model tab) as soon as it is chosen: its architecture alone (no weights, the catalog's head)
// before a dataset, its head sized for the dataset's classes after; the Run tab runs it; when a run ends, the
// Evaluation tab shows how the trained model does on the validation images. While nothing can be started, a row
// above the tabs says why, with the buttons that fix it (choose a dataset, download or import the weights).
// The model building, the weights and that row: trainmodel.cpp.

#include "common/job.h"

#include "tl/dataset.h"
#include "tl/model.h"

#include <QImage>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace tl::ui {

class AugmentPanel;
class EvaluationView;
class ReasonRow;
class WeightsFetcher;
class ForeignImport;
class ModelPanel;
class TrainPanel;
class TrainSession;
class WeightsChoice;

class TrainArea : public QWidget {
    Q_OBJECT
public:
    explicit TrainArea(QWidget* parent = nullptr);
    ~TrainArea() override;
    static QString title() { return tr("Train"); }

    /// Scans `folder` (on a worker) and shows what it holds. Refused (with a message) while a run trains.
    void setDataset(const QString& folder);
    /// Stops a scan in progress; the dataset shown before it, if any, stays in use.
    void cancelScan();
    /// Chooses catalog model `modelId`; its layer tree is shown at once (its head sized once the dataset's classes are known).
    void selectModel(const QString& modelId);
    /// Where each run gets its folder (default: the application's data folder, "runs").
    void setRunsFolder(const QString& folder);
    /// The area's state: the dataset, the chosen model, the run settings, the run and the runs list.
    TrainSession* session() const { return session_; }

    bool datasetReady() const { return datasetReady_; }
    bool modelReady() const { return modelReady_; }
    /// The dataset folder field (Enter scans what it holds).
    QLineEdit* datasetFolder() const { return folder_; }
    QTableWidget* classTable() const { return classes_; }
    QLabel* datasetSummary() const { return summary_; }
    QPushButton* cancelScanButton() const { return cancelScanButton_; }
    QPlainTextEdit* datasetWarnings() const { return warnings_; }
    /// A few training images of every class (their class as the text, the file as the tool tip).
    QListWidget* samples() const { return samples_; }
    static constexpr int kSamplesPerClass = 6;
    QComboBox* modelChooser() const { return model_; }
    /// The weights training starts from: the store's (default), a file, or none (from scratch).
    WeightsChoice* weightsChoice() const { return weights_; }
    QLabel* modelMessage() const { return modelMessage_; }
    /// Why nothing can be started yet, with the buttons that fix it; hidden when Start can start.
    ReasonRow* reason() const { return reason_; }
    /// Downloads the chosen model's weights here (the fix "Download…" of a missing-weights reason).
    WeightsFetcher* fetcher() const { return fetcher_; }
    ModelPanel* modelPanel() const { return modelPanel_; }
    TrainPanel* trainPanel() const { return trainPanel_; }
    EvaluationView* evaluationView() const { return evaluation_; }
    AugmentPanel* augmentPanel() const { return augment_; }
    QTabWidget* tabs() const { return tabs_; }
    /// A Keras .h5 file or TF-slim checkpoint dropped here: imported as its catalog model's weights (then chosen),
    /// or as a model file (then opened in Classify).
    ForeignImport* foreignImport() const { return foreign_; }

public Q_SLOTS:
    void chooseDataset();

Q_SIGNALS:
    void datasetScanned(bool ok);
    /// The sample grid is filled.
    void samplesShown();
    /// A model build ended: `ok` when it can be trained (dataset, architecture and weights all there).
    void modelShown(bool ok);
    /// The layer tree shows the chosen architecture (with or without a dataset, with or without weights).
    void layersShown();
    /// Classify images with this fine-tuned model file (the Evaluation tab's button).
    void openInClassify(const QString& modelFile);
    /// Compare this run's model file with others (the runs list's context menu).
    void compareRun(const QString& modelFile);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    /// Every text of the area in the current language; what the user typed or chose stays.
    void retranslate();
    /// `text` makes the dataset summary (or the model message) in the current language, again after a language change.
    void setSummary(std::function<QString()> text);
    void setModelMessage(std::function<QString()> text);
    /// The dataset's warnings, skipped files and leaks, one a line.
    QString warningLines() const;
    struct Scan {
        Dataset dataset;
        QString error;
        bool cancelled = false;
    };
    struct Sample {
        QString label;
        QString path;
        QImage thumbnail;
    };
    struct Built {
        std::optional<Model> model;
        ModelSummary summary;
        std::string weights;  ///< the file, or tl::kNoWeights; "" when the architecture alone was built
        bool unverified = false;
        int classes = 0;      ///< the dataset's classes it was built for; 0: before a dataset (the catalog's head)
        QString missingWeights;  ///< the store has no weights for it (why); the tree shows its architecture
        QString error;
    };
    void showDataset(const Scan& scan);
    void buildModel();
    void showModel(const Built& built);
    /// The reason row and the session's blocker, from the state of the scan, the dataset, the build and the weights.
    void updateReadiness();
    void connectFetcher();
    void downloadWeights();
    void importWeights();
    void showSamples(const std::vector<Sample>& samples);
    /// While a run trains, the dataset and the model cannot change.
    void lockInputs(bool locked);
    /// The model names, marked where the store's weights are unverified.
    void refreshModelNames();

    QLineEdit* folder_ = nullptr;
    QComboBox* model_ = nullptr;
    WeightsChoice* weights_ = nullptr;
    QProgressBar* scanProgress_ = nullptr;
    QPushButton* cancelScanButton_ = nullptr;
    QPushButton* chooseButton_ = nullptr;
    QLabel* summary_ = nullptr;
    QTableWidget* classes_ = nullptr;
    QPlainTextEdit* warnings_ = nullptr;
    QListWidget* samples_ = nullptr;
    QLabel* modelMessage_ = nullptr;
    ReasonRow* reason_ = nullptr;
    WeightsFetcher* fetcher_ = nullptr;
    QString missingWeights_;  ///< the chosen model's store weights are missing (core's message); "" when not
    QString buildError_;      ///< the last build failed (why); "" when not
    QString fetchState_;      ///< a download or import of weights going ("" when none): what it says now
    QString fetchError_;      ///< the last download or import failed (why); "" when not
    QString unverifiedFile_;  ///< an imported file whose checksum is not the published one, offered as unverified
    bool building_ = false;   ///< a model build is going
    QLabel* datasetLabel_ = nullptr;
    QLabel* modelLabel_ = nullptr;
    QWidget* datasetPage_ = nullptr;
    QWidget* modelPage_ = nullptr;
    std::function<QString()> summaryText_;
    std::function<QString()> modelText_;
    QTabWidget* tabs_ = nullptr;
    ModelPanel* modelPanel_ = nullptr;
    ForeignImport* foreign_ = nullptr;
    TrainPanel* trainPanel_ = nullptr;
    EvaluationView* evaluation_ = nullptr;
    AugmentPanel* augment_ = nullptr;
    TrainSession* session_ = nullptr;
    bool datasetReady_ = false;
    bool modelReady_ = false;
    // What was in use before the scan in progress, restored when it is cancelled.
    bool hadDataset_ = false;
    bool hadModel_ = false;
    Job<Scan, ScanProgress> scanJob_;
    Job<Built> buildJob_;
    Job<std::vector<Sample>> sampleJob_;
};

}  // namespace tl::ui
