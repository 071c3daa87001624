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
//
// The area assembles views of one CompareSession (the state and the work): the model checklist, the Images
// and Dataset pages, the catalog chart and the progress row; it takes the drops and the shortcuts.

#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace tl::ui {

class CatalogChart;
class CompareDatasetPage;
class CompareImagesPage;
class CompareSession;
class CompareWeightsImport;
class ModelChecklist;

class CompareArea : public QWidget {
    Q_OBJECT
public:
    explicit CompareArea(QWidget* parent = nullptr);
    ~CompareArea() override;
    static QString title() { return tr("Compare"); }

    CompareSession* session() const { return session_; }
    ModelChecklist* checklist() const { return checklist_; }
    QTabWidget* tabs() const { return tabs_; }
    CompareImagesPage* imagesPage() const { return imagesPage_; }
    CompareDatasetPage* datasetPage() const { return datasetPage_; }
    QWidget* catalogPage() const { return catalogPage_; }
    CatalogChart* catalogPlot() const { return catalog_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* progressLabel() const { return progressLabel_; }
    /// Weights files dropped here (a torchvision .pth, Keras, TF-slim): imported, and what they become is checked.
    CompareWeightsImport* weightsImport() const { return weightsImport_; }

    /// Shows the Images tab and compares the checked models on these images (folders are searched).
    void addImages(const QStringList& paths);
    /// Shows the Dataset tab and compares the checked models on `folder`.
    void startDatasetComparison(const QString& folder);

public Q_SLOTS:
    /// Runs the comparison of the current tab again (Ctrl+R).
    void runCurrent();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildCatalogPage();
    QWidget* buildProgressRow();
    void retranslate();
    /// Shows `text()` in the progress row, now and again in each new language.
    void setProgressText(std::function<QString()> text);

    CompareSession* session_ = nullptr;
    CompareWeightsImport* weightsImport_ = nullptr;
    ModelChecklist* checklist_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    CompareImagesPage* imagesPage_ = nullptr;
    CompareDatasetPage* datasetPage_ = nullptr;
    QWidget* catalogPage_ = nullptr;
    CatalogChart* catalog_ = nullptr;
    QLabel* catalogCaption_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    std::function<QString()> progressText_;  ///< the progress row's text, from the run's state
    QPushButton* cancel_ = nullptr;
};

}  // namespace tl::ui
