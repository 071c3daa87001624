#pragma once
// The one Export dialog (the Evaluation tab's Export button, File ▸ Export Model…): a model leaves the app as ONNX
// for any runtime (float32 or float16 weights, optionally taking the raw uint8 crop), checked in OpenCV DNN on the
// run's validation images or on images the user picks before it is called done; or for Python as a torchvision
// state dict or Keras weights. The work runs as a Job with progress and Cancel; the parity report is shown when it
// ends and kept beside the file as JSON.

#include "common/job.h"

#include "tl/model_file.h"
#include "tl/model_ref.h"
#include "tl/onnx_export.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace tl::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    enum class Format { Onnx, Python };

    /// `model`: what is exported. A model file inside a run folder is checked on that run's validation images.
    explicit ExportDialog(const ModelRef& model, QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setFormat(Format format);
    void setOutputPath(const QString& path);
    QString outputPath() const;
    /// Image files and folders to check an ONNX export on, instead of the run's validation images.
    void setCheckImages(const QStringList& paths);
    void setFloat16(bool on);
    void setRawInput(bool on);
    /// The largest |Δ probability| the check accepts (set to the precision's default when Float16 is toggled).
    void setBound(double bound);

    /// Starts the export (as the Export button does); false when one is running or nothing can be exported.
    bool startExport();
    bool busy() const { return job_.running(); }
    /// What the report view shows (plain text).
    QString reportText() const;
    /// Close, Esc: cancels a running export (the dialog stays to show the outcome), else closes.
    void reject() override;

protected:
    void changeEvent(QEvent* event) override;

Q_SIGNALS:
    /// The export ended: `ok` when the file was written and (ONNX) its parity check passed.
    void exportFinished(bool ok);

private:
    /// The images an ONNX export was checked on.
    enum class Source { None, Chosen, RunValidation };
    struct Outcome {
        OnnxExport onnx;
        ModelExport python;
        bool isOnnx = true;
        Source imagesSource = Source::None;
    };

    /// Every text, tooltip and title in the current language; the report and the progress from their state.
    void retranslate();
    void showCheckImages();
    /// The progress bar's text: `progress_`'s stage (an untranslated source text) in the current language.
    void showProgressText();
    /// Shows `text()` as the report, now and again in each new language.
    void setReport(std::function<QString()> text);
    QString outcomeText(const Outcome& outcome) const;
    void updateFormat();
    /// The ONNX-only options enabled for ONNX, greyed for the other formats.
    void enableFormatOptions();
    void chooseOutput();
    void chooseImages();
    void showOutcome(const Outcome& outcome);
    void showFailure(const QString& message);
    void setRunning(bool running);
    QString defaultOutput() const;

    ModelRef model_;
    std::string pythonFormat_;  ///< "torch" or "keras" for a model file; "" for a catalog model
    QStringList checkImages_;
    QLabel* modelLabel_ = nullptr;
    QLabel* formatLabel_ = nullptr;
    QComboBox* format_ = nullptr;
    QCheckBox* float16_ = nullptr;
    QCheckBox* rawInput_ = nullptr;
    QLabel* boundLabel_ = nullptr;
    QDoubleSpinBox* bound_ = nullptr;
    QLabel* checkedOnLabel_ = nullptr;
    QLabel* imagesLabel_ = nullptr;
    QPushButton* chooseImages_ = nullptr;
    QLabel* saveAsLabel_ = nullptr;
    QLineEdit* output_ = nullptr;
    QPushButton* browse_ = nullptr;
    QProgressBar* progress_ = nullptr;
    JobProgress lastProgress_;  ///< its text is the stage's source text, translated when shown
    QTextBrowser* report_ = nullptr;
    std::function<QString()> reportText_;  ///< the report, from the outcome
    QDialogButtonBox* buttons_ = nullptr;
    QPushButton* close_ = nullptr;  ///< Close, or Cancel while an export runs
    QPushButton* export_ = nullptr;
    Job<Outcome> job_;
};

}  // namespace tl::ui
