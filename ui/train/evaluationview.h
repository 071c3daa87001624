#pragma once
// The evaluation of a trained model on a dataset split: accuracy and top-5, a confusion-matrix heatmap
// (counts, or each row normalised to the true class's images), per-class precision / recall / F1, and a
// gallery of the misclassified images with their true and predicted labels and confidence, the most
// confidently wrong first ("No misclassified images." when there are none). Before any evaluation it shows only
// that there is none yet: no empty matrix, table or buttons. The model classifies every image on a worker thread.

#include "common/job.h"

#include "tl/evaluation.h"

#include <QImage>
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

class QCheckBox;
class QCPColorMap;
class QCustomPlot;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace tl::ui {

class ChartHover;

class EvaluationView : public QWidget {
    Q_OBJECT
public:
    struct Mistake {
        QString path;
        QString truth;
        QString predicted;
        double confidence = 0.0;  ///< of the predicted class
        QImage thumbnail;
    };

    explicit EvaluationView(QWidget* parent = nullptr);
    ~EvaluationView() override;

    /// Classifies `split` ("validation", "test", "train" or "all") of `datasetRoot` with model file `modelFile`.
    void evaluate(const QString& modelFile, const QString& datasetRoot, const QString& split = QStringLiteral("validation"));
    bool busy() const { return job_.running(); }

    const Evaluation& evaluation() const { return result_.evaluation; }
    const std::vector<Mistake>& mistakes() const { return result_.mistakes; }
    QStringList classes() const { return result_.classes; }
    QLabel* summary() const { return summary_; }
    /// What the view shows before any evaluation ("No evaluation yet…"); visible only then.
    QLabel* emptyState() const { return empty_; }
    /// On the empty page: the way to a run (the Run tab, where a run starts or an earlier one opens).
    QPushButton* goToRunButton() const { return goToRun_; }
    /// True before any evaluation: only emptyState() is shown.
    bool showsEmptyState() const;
    /// Shown instead of the gallery when an evaluation found no mistakes.
    QLabel* noMistakesLabel() const { return noMistakes_; }
    QTableWidget* perClass() const { return table_; }
    QListWidget* gallery() const { return gallery_; }
    QCheckBox* normalised() const { return normalised_; }
    QCPColorMap* heatmap() const { return map_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* exportButton() const { return export_; }
    QPushButton* classifyButton() const { return classify_; }
    /// The matrix's tooltips (a cell's true and predicted class and its value).
    ChartHover* heatmapHover() const { return hover_; }
    /// Shows an evaluation made elsewhere (a hand-made one in the tests, a saved one): as when evaluate() ends.
    void showEvaluation(const Evaluation& evaluation, const QStringList& classes, const std::vector<Mistake>& mistakes);
    /// The model file evaluated last ("" before any).
    QString modelFile() const { return modelFile_; }

    /// Copies the model file to `path` (replacing it). False, with the reason, when it cannot.
    bool saveModelAs(const QString& path, QString* error = nullptr);
    /// Writes the model for Python: a torch.save state dict with torchvision's key names, or a Keras .h5 weights
    /// file for a Keras architecture; `pythonCode` gets the code that loads it. False, with the reason, when it cannot.
    bool exportForPython(const QString& path, QString* pythonCode = nullptr, QString* error = nullptr);

public Q_SLOTS:
    void chooseSaveModel();
    /// The Export dialog for this model (ONNX, or Python weights).
    void openExportDialog();

Q_SIGNALS:
    void evaluated(bool ok);
    /// The user wants to classify images with the evaluated model (a model file path).
    void openInClassify(const QString& modelFile);
    /// The empty page's button: show the Run tab.
    void runRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    /// Shows `text` (made in the current language, again after a language change) as the summary.
    void setSummary(std::function<QString()> text);
    static QString mistakeText(const Mistake& m);
    struct Result {
        Evaluation evaluation;
        QStringList classes;
        std::vector<Mistake> mistakes;
        QString error;
    };
    void showResult(const Result& r);
    void drawHeatmap();
    /// The tooltip of the matrix cell at `pixel` ("" outside the cells).
    QString cellText(const QPoint& pixel) const;

    QStackedWidget* stack_ = nullptr;  ///< the empty state, or the results
    QLabel* empty_ = nullptr;
    QPushButton* goToRun_ = nullptr;
    QStackedWidget* galleryStack_ = nullptr;  ///< the gallery, or "No misclassified images."
    QLabel* noMistakes_ = nullptr;
    ChartHover* hover_ = nullptr;
    QLabel* summary_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCheckBox* normalised_ = nullptr;
    QTableWidget* table_ = nullptr;
    QListWidget* gallery_ = nullptr;
    QPushButton* save_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* classify_ = nullptr;
    QLabel* galleryLabel_ = nullptr;
    std::function<QString()> summaryText_;
    QString modelFile_;
    Result result_;
    Job<Result> job_;
};

}  // namespace tl::ui
