#pragma once
// The Classify area: drop photos (files or folders) anywhere on it, open or paste them, and see for each
// the top-5 classes of the chosen catalog model beside the exact crop the network saw, outlined on the
// original. Inference runs on a worker thread and results appear as they finish; a model without weights
// on this machine offers a download (progress, cancel) or an import; results export to CSV.

#include "classify/classifysession.h"
#include "common/trainedmodels.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace tl::ui {

class ForeignImport;
class ImagePreview;
class ResultsModel;
class TopKBars;
class WeightsFetcher;

class ClassifyArea : public QWidget {
    Q_OBJECT
public:
    explicit ClassifyArea(QWidget* parent = nullptr);
    ~ClassifyArea() override;
    /// The area's tab title, in the current language.
    static QString title() { return tr("Classify"); }

    /// Chooses catalog model `modelId`: loads it when its weights are here, else offers download/import.
    void selectModel(const QString& modelId);
    /// Imports `file` as the current catalog model's weights (the Import weights… button, after its file dialog); a
    /// file whose checksum differs from the published one is offered as unverified weights (a message box).
    void importWeightsFile(const QString& file);
    /// Chooses a fine-tuned model file (added to the model list) and loads it.
    void openModelFile(const QString& path);
    /// The runs of the Train area that hold a model: listed after the catalog under "Your runs", by run name (the
    /// list given last replaces the one before; the chosen model stays chosen).
    void setTrainedModels(const TrainedModels& models);
    QString currentModel() const;
    bool modelReady() const { return session_->modelReady(); }
    /// The area's state and work: the chosen model, the results, the jobs.
    ClassifySession* session() const { return session_; }

    /// Adds image files and folders (searched recursively) to the list and classifies them.
    void addPaths(const QStringList& paths);
    /// Writes all results as CSV; on failure returns false with the reason in `error`.
    bool exportCsv(const QString& path, QString* error = nullptr) const;

    ResultsModel* results() const;
    QListView* list() const { return list_; }
    TopKBars* topBars() const { return bars_; }
    ImagePreview* originalView() const { return original_; }
    ImagePreview* cropView() const { return crop_; }
    /// Keras .h5 files and TF-slim checkpoints opened from the menu or dropped here.
    ForeignImport* foreignImport() const { return foreign_; }
    /// File ▸ Import Keras or TF-slim weights… (Ctrl+I), for the main window's menu.
    QAction* importForeignAction() const { return importForeignAction_; }
    /// File ▸ Open Images… (Ctrl+O) and Open Folder… (Ctrl+Shift+O): this area's Open buttons, which show
    /// the area first when it is not the current tab.
    QAction* openImagesAction() const { return openImagesAction_; }
    QAction* openFolderAction() const { return openFolderAction_; }

public Q_SLOTS:
    void openFiles();
    /// Asks for a weights file for the chosen catalog model (torchvision's .pth; Keras and TF-slim files go to
    /// foreignImport()) and imports it.
    void importWeights();
    /// Shows the area with the model list open (or the Download button, when the chosen model needs weights).
    void chooseModelToDownload();
    /// Asks for a Keras .h5 file or a TF-slim checkpoint's .index and imports it (foreignImport()).
    void chooseForeignWeights();
    void openFolder();
    void paste();
    void exportResults();
    void clear();

Q_SIGNALS:
    void modelLoaded(const QString& modelId);
    void modelFailed(const QString& modelId, const QString& error);
    /// Every queued image has its result.
    void allDone();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void buildActions();
    void layOut();
    void retranslate();
    void showModelState();
    void addModelFileEntry(const ModelRef& ref);
    /// A weights file dropped or opened: imported for the chosen catalog model (a model file's base model), as the
    /// Import weights… button does.
    void importDroppedWeights(const QString& file);
    void offerModelFile(const QString& modelId, const QString& file, int classes);
    void offerUnverified(const QString& modelId, const QString& file, const QString& expected, const QString& actual);
    /// The catalog entries' texts again (after an import, a weights file may have become verified or unverified).
    void refreshCatalogEntries();
    void onResult(int row);
    void showDetails(int row);
    void setStatus(const QString& text, bool problem = false);
    /// Adds what `paths` opened to File ▸ Open Recent.
    void rememberRecent(const QStringList& paths);
    void setFetching(bool fetching);
    void updateActions();
    /// The model chosen when none was chosen before: one whose weights are on this machine.
    QString firstAvailableModel() const;
    void showAvailability();

    ClassifySession* session_;
    QComboBox* modelBox_ = nullptr;
    QCheckBox* availableOnly_ = nullptr;
    QLabel* modelLabel_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* download_ = nullptr;
    QPushButton* import_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* open_ = nullptr;
    QToolButton* openFolder_ = nullptr;
    QToolButton* export_ = nullptr;
    QToolButton* clear_ = nullptr;
    QListView* list_ = nullptr;
    QLabel* detailTitle_ = nullptr;
    QLabel* originalCaption_ = nullptr;
    QLabel* cropCaption_ = nullptr;
    ImagePreview* original_ = nullptr;
    ImagePreview* crop_ = nullptr;
    TopKBars* bars_ = nullptr;
    QAction* pasteAction_ = nullptr;
    QAction* importForeignAction_ = nullptr;
    QAction* openImagesAction_ = nullptr;
    QAction* openFolderAction_ = nullptr;
    ForeignImport* foreign_ = nullptr;

    WeightsFetcher* fetcher_;
    bool fetching_ = false;
    QTemporaryDir pasteDir_;
    int pasted_ = 0;
};

}  // namespace tl::ui
