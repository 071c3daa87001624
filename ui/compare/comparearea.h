#pragma once
// The Compare area: several models side by side. Check two or more models in the list (catalog models
// whose weights are on this machine, and fine-tuned model files added to it), then
// - Images: drop images or folders (or add them): every model classifies every image; one row per image,
//   one column per model with its top-5, rows tinted by whether the models agree on the top-1 label;
// - Dataset: choose a labelled folder dataset and a split and run: accuracy, top-5, latency, throughput,
//   size and memory of each model in a sortable table, an accuracy-vs-latency chart with the Pareto front,
//   export to CSV or JSON;
// - Catalog: the catalog's published top-1 against GFLOPs, bubbles sized by parameters.
// Comparisons run on a worker with progress and cancel (Esc); Ctrl+R runs the current tab's comparison.
// A model that fails shows its error in its row and the others go on.

#include "common/job.h"

#include "tl/compare.h"

#include <QHash>
#include <QImage>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;

namespace tl::ui {

class AccuracyLatencyPlot;
class CatalogChart;
class ComparisonModel;
class ImageComparisonTable;

class CompareArea : public QWidget {
    Q_OBJECT
public:
    /// On the model list's items: the model's reference (catalog id or model file path).
    static constexpr int RefRole = Qt::UserRole + 1;

    explicit CompareArea(QWidget* parent = nullptr);
    ~CompareArea() override;
    static QString title() { return tr("Compare"); }

    /// Adds a fine-tuned model file to the list, checked (an entry already there is checked). False, with the
    /// reason shown under the list, when `path` is not a model file.
    bool addModelFile(const QString& path);
    /// The checked models' references, in list order.
    QStringList checkedModels() const;
    /// Checks or unchecks the model `ref` (when it is in the list and usable).
    void setModelChecked(const QString& ref, bool checked);

    /// Compares the checked models on these images (folders are searched), replacing the images shown.
    void addImages(const QStringList& paths);
    /// The dataset folder the next dataset comparison uses.
    void setDatasetFolder(const QString& folder);
    /// setDatasetFolder() and runs the dataset comparison.
    void startDatasetComparison(const QString& folder);
    bool busy() const;

    /// Write the last dataset comparison (core's CSV / JSON). False, with the reason naming the file, when they cannot.
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportJson(const QString& path, QString* error = nullptr) const;

    const ModelComparison& datasetComparison() const { return comparison_; }
    const FileComparison& fileComparison() const { return files_; }

    QListWidget* modelList() const { return models_; }
    QTabWidget* tabs() const { return tabs_; }
    QWidget* imagesPage() const { return imagesPage_; }
    QWidget* datasetPage() const { return datasetPage_; }
    QWidget* catalogPage() const { return catalogPage_; }
    ImageComparisonTable* resultsTable() const { return results_; }
    QLabel* agreementLabel() const { return agreement_; }
    QLabel* imagesMessage() const { return imagesMessage_; }
    QLineEdit* datasetFolder() const { return datasetFolder_; }
    QComboBox* splitBox() const { return split_; }
    QPushButton* runButton() const { return run_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* progressLabel() const { return progressLabel_; }
    QLabel* datasetMessage() const { return datasetMessage_; }
    QTableView* datasetTable() const { return table_; }
    ComparisonModel* datasetModel() const { return tableModel_; }
    AccuracyLatencyPlot* scatterPlot() const { return scatter_; }
    CatalogChart* catalogPlot() const { return catalog_; }
    QPushButton* exportCsvButton() const { return exportCsv_; }
    QPushButton* exportJsonButton() const { return exportJson_; }

public Q_SLOTS:
    void chooseModelFile();
    void chooseImages();
    void chooseDataset();
    /// Runs the dataset comparison on the chosen folder and split.
    void runDatasetComparison();
    /// Runs the comparison of the current tab again (Ctrl+R).
    void runCurrent();
    void cancel();
    void chooseExportCsv();
    void chooseExportJson();

Q_SIGNALS:
    /// A dataset comparison ended: ok when it produced a table (failed models included).
    void datasetCompared(bool ok);
    /// An images comparison ended.
    void imagesCompared(bool ok);
    /// Either comparison ended (after datasetCompared / imagesCompared).
    void comparisonFinished(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void showEvent(QShowEvent* event) override;

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
    };

    QWidget* buildModelPanel();
    QWidget* buildImagesPage();
    QWidget* buildDatasetPage();
    QWidget* buildCatalogPage();
    QWidget* buildProgressRow();
    void addCatalogModels();
    void refreshAvailability();
    QListWidgetItem* itemFor(const QString& ref) const;
    void saveModelChoice() const;
    /// The checked refs and options when a comparison can start, else shows why in `message` and returns false.
    bool prepareRun(QLabel* message, std::vector<std::string>* refs, CompareOptions* options);
    void startFiles(const QStringList& paths);
    void beginProgress(const QString& what);
    void showProgress(std::size_t model, std::size_t models, std::size_t done, std::size_t total);
    void endProgress();
    void showDatasetRun(const DatasetRun& run);
    void showFilesRun(const FilesRun& run);
    void noteLatencies(const std::vector<ComparedModel>& models);
    bool writeFile(const QString& path, const std::string& bytes, QString* error) const;

    QListWidget* models_ = nullptr;
    QLabel* modelMessage_ = nullptr;
    QPushButton* addModel_ = nullptr;
    QPushButton* removeModel_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QWidget* imagesPage_ = nullptr;
    QWidget* datasetPage_ = nullptr;
    QWidget* catalogPage_ = nullptr;
    ImageComparisonTable* results_ = nullptr;
    QLabel* agreement_ = nullptr;
    QLabel* imagesMessage_ = nullptr;
    QLineEdit* datasetFolder_ = nullptr;
    QComboBox* split_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QLabel* datasetMessage_ = nullptr;
    QTableView* table_ = nullptr;
    ComparisonModel* tableModel_ = nullptr;
    AccuracyLatencyPlot* scatter_ = nullptr;
    CatalogChart* catalog_ = nullptr;
    QPushButton* exportCsv_ = nullptr;
    QPushButton* exportJson_ = nullptr;

    bool cancelRequested_ = false;  ///< Cancel was pressed: later progress reports are not shown
    ModelComparison comparison_;
    FileComparison files_;
    QStringList imagePaths_;  ///< what was dropped or added last (folders unexpanded), for Ctrl+R
    QHash<QString, double> latencies_;  ///< ms per image measured this session, by catalog id
    bool suppressSave_ = false;  ///< the list is being filled or refreshed: its itemChanged signals are not the user's choice
    bool running_ = false;  ///< between beginProgress() and endProgress(): progress reports are shown

    /// Where a comparison stands: model `model` of `models`, `done` of its `total` images.
    struct Progress {
        std::size_t model = 0, models = 0, done = 0, total = 0;
    };
    Job<DatasetRun, Progress> datasetJob_;
    Job<FilesRun, Progress> filesJob_;
};

}  // namespace tl::ui
