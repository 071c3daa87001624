#include "common/exportdialog.h"

#include "common/settings.h"

#include "tl/classifier.h"
#include "tl/run_log.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <filesystem>

namespace tl::ui {

namespace {

/// The run folder a model file sits in (its config.json beside it), or "".
QString runFolderOf(const ModelRef& model) {
    if (!model.isFile()) return {};
    const QFileInfo file(QString::fromStdString(model.key()));
    return QFileInfo::exists(file.dir().filePath(QStringLiteral("config.json"))) ? file.absolutePath() : QString();
}

QString number(double v) { return QString::number(v, 'g', 3); }

}  // namespace

ExportDialog::ExportDialog(const ModelRef& model, QWidget* parent)
    : QDialog(parent),
      model_(model),
      job_({.finished = [this](Outcome outcome) { showOutcome(outcome); },
            .failed = [this](const QString& message) { showFailure(message); },
            .cancelled =
                [this] {
                    setRunning(false);
                    setReport([] { return tr("The model was not exported: %1").arg(tr("Cancelled; nothing was kept.")); });
                    Q_EMIT exportFinished(false);
                },
            .progress =
                [this](const JobProgress& p) {
                    progress_->setRange(0, p.total > 0 ? static_cast<int>(p.total) : 0);
                    if (p.total > 0) progress_->setValue(static_cast<int>(p.done));
                    lastProgress_ = p;
                    showProgressText();
                }}) {
    setObjectName(QStringLiteral("exportDialog"));
    if (const ModelFileInfo* info = model.fileInfo()) pythonFormat_ = exportFormatOf(*info);

    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("formatBox"));
    format_->addItem(QString(), static_cast<int>(Format::Onnx));  // the items are named in retranslate()
    if (pythonFormat_ == "torch" || pythonFormat_ == "keras") format_->addItem(QString(), static_cast<int>(Format::Python));
    float16_ = new QCheckBox(this);
    rawInput_ = new QCheckBox(this);
    bound_ = new QDoubleSpinBox(this);
    bound_->setObjectName(QStringLiteral("boundBox"));
    bound_->setDecimals(6);
    bound_->setRange(0.0, 1.0);
    bound_->setSingleStep(0.0001);
    bound_->setValue(OnnxExportOptions{}.bound);
    connect(float16_, &QCheckBox::toggled, this,
            [this](bool on) { bound_->setValue(on ? OnnxExportOptions{}.float16Bound : OnnxExportOptions{}.bound); });
    imagesLabel_ = new QLabel(this);
    imagesLabel_->setWordWrap(true);
    chooseImages_ = new QPushButton(this);
    output_ = new QLineEdit(this);
    output_->setObjectName(QStringLiteral("outputPath"));
    browse_ = new QPushButton(this);
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(true);
    progress_->hide();
    report_ = new QTextBrowser(this);
    report_->setObjectName(QStringLiteral("report"));
    report_->setOpenExternalLinks(false);
    report_->setMinimumHeight(160);
    buttons_ = new QDialogButtonBox(this);
    // Not the standard Close button: the button box would name it "Close" again on a language change while it says Cancel.
    close_ = buttons_->addButton(QString(), QDialogButtonBox::RejectRole);
    export_ = buttons_->addButton(QString(), QDialogButtonBox::AcceptRole);
    export_->setDefault(true);

    auto* imagesRow = new QHBoxLayout;
    imagesRow->addWidget(imagesLabel_, 1);
    imagesRow->addWidget(chooseImages_);
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(browse_);
    modelLabel_ = new QLabel(this);
    formatLabel_ = new QLabel(this);
    formatLabel_->setBuddy(format_);
    checkedOnLabel_ = new QLabel(this);
    boundLabel_ = new QLabel(this);
    boundLabel_->setBuddy(bound_);
    saveAsLabel_ = new QLabel(this);
    saveAsLabel_->setBuddy(output_);
    auto* form = new QFormLayout;
    form->addRow(modelLabel_, new QLabel(QString::fromStdString(model.name()), this));
    form->addRow(formatLabel_, format_);
    form->addRow(QString(), float16_);
    form->addRow(QString(), rawInput_);
    form->addRow(checkedOnLabel_, imagesRow);
    form->addRow(boundLabel_, bound_);
    form->addRow(saveAsLabel_, outputRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(report_, 1);
    layout->addWidget(buttons_);

    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateFormat);
    connect(browse_, &QPushButton::clicked, this, &ExportDialog::chooseOutput);
    connect(chooseImages_, &QPushButton::clicked, this, &ExportDialog::chooseImages);
    connect(export_, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(buttons_, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    retranslate();
    updateFormat();
    resize(640, 480);
}

void ExportDialog::retranslate() {
    setWindowTitle(tr("Export %1").arg(QString::fromStdString(model_.name())));
    format_->setItemText(format_->findData(static_cast<int>(Format::Onnx)),
                         tr("ONNX — for ONNX Runtime, OpenCV, TensorRT, OpenVINO (checked against the app)"));
    const int python = format_->findData(static_cast<int>(Format::Python));
    if (python >= 0)
        format_->setItemText(python, pythonFormat_ == "keras" ? tr("Keras weights (.h5) — Keras' layer names")
                                                              : tr("PyTorch state dict (.pth) — torchvision's names"));
    float16_->setText(tr("Float16 weights (half the file, computed in float32)"));
    rawInput_->setText(tr("Takes the raw uint8 RGB crop (the normalisation inside the model)"));
    bound_->setToolTip(tr("The largest difference of any class's probability between the app and the exported file that the check accepts"));
    chooseImages_->setText(tr("Choose &images…"));
    browse_->setText(tr("&Browse…"));
    export_->setText(tr("&Export"));
    close_->setText(busy() ? tr("Cancel") : tr("Close"));
    modelLabel_->setText(tr("Model:"));
    formatLabel_->setText(tr("&Format:"));
    checkedOnLabel_->setText(tr("Checked on:"));
    boundLabel_->setText(tr("Allowed &difference:"));
    saveAsLabel_->setText(tr("&Save as:"));
    showCheckImages();
    showProgressText();
    setReport(reportText_);
}

void ExportDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void ExportDialog::showProgressText() {
    // The stage is a source text marked with QT_TR_NOOP; the image count is filled in here.
    QString text = lastProgress_.text.isEmpty() ? QString() : tr(lastProgress_.text.toUtf8().constData());
    if (text.contains(QLatin1String("%1"))) text = text.arg(lastProgress_.done).arg(lastProgress_.total);
    progress_->setFormat(text);
}

void ExportDialog::setReport(std::function<QString()> text) {
    reportText_ = std::move(text);
    const QString shown = reportText_ ? reportText_() : QString();
    if (shown != report_->toPlainText()) report_->setPlainText(shown);  // the same text keeps where the reader scrolled to
}

ExportDialog::~ExportDialog() = default;  // a running export is cancelled and forgotten with its job

void ExportDialog::setFormat(Format format) { format_->setCurrentIndex(std::max(0, format_->findData(static_cast<int>(format)))); }
void ExportDialog::setOutputPath(const QString& path) { output_->setText(path); }
QString ExportDialog::outputPath() const { return output_->text(); }
void ExportDialog::setFloat16(bool on) { float16_->setChecked(on); }
void ExportDialog::setRawInput(bool on) { rawInput_->setChecked(on); }
void ExportDialog::setBound(double bound) { bound_->setValue(bound); }
QString ExportDialog::reportText() const { return report_->toPlainText(); }

void ExportDialog::setCheckImages(const QStringList& paths) {
    checkImages_ = paths;
    showCheckImages();
}

void ExportDialog::showCheckImages() {
    const QStringList& paths = checkImages_;
    if (!paths.isEmpty()) imagesLabel_->setText(tr("%n file(s) and folder(s) chosen", nullptr, static_cast<int>(paths.size())));
    else if (!runFolderOf(model_).isEmpty()) imagesLabel_->setText(tr("the validation images of the run it comes from"));
    else imagesLabel_->setText(tr("no images yet: only ONNX's checker runs unless you choose some"));
}

QString ExportDialog::defaultOutput() const {
    const bool onnx = format_->currentData().toInt() == static_cast<int>(Format::Onnx);
    const QString extension = onnx ? QStringLiteral(".onnx") : (pythonFormat_ == "keras" ? QStringLiteral(".h5") : QStringLiteral(".pth"));
    if (model_.isFile()) {
        const QFileInfo file(QString::fromStdString(model_.key()));
        return file.dir().filePath(file.completeBaseName() + extension);
    }
    return QDir(settings::lastFolder(QStringLiteral("models"))).filePath(QString::fromStdString(model_.key()) + extension);
}

void ExportDialog::updateFormat() {
    enableFormatOptions();
    // The path follows the format: a typed name keeps its folder and name and takes the format's extension; an
    // empty field, or one still holding another model's default, gets this model's default.
    const QString current = output_->text();
    const QString wanted = QFileInfo(defaultOutput()).suffix();
    static const QStringList known{QStringLiteral("onnx"), QStringLiteral("pth"), QStringLiteral("pt"), QStringLiteral("h5")};
    const QFileInfo typed(current);
    if (current.trimmed().isEmpty()) output_->setText(defaultOutput());
    else if (known.contains(typed.suffix()) && typed.suffix() != wanted)
        output_->setText(current.left(current.size() - typed.suffix().size()) + wanted);
}

void ExportDialog::enableFormatOptions() {
    const bool onnx = format_->currentData().toInt() == static_cast<int>(Format::Onnx);
    for (QWidget* w : std::initializer_list<QWidget*>{float16_, rawInput_, bound_, chooseImages_, imagesLabel_}) w->setEnabled(onnx);
}

void ExportDialog::chooseOutput() {
    const bool onnx = format_->currentData().toInt() == static_cast<int>(Format::Onnx);
    const QString filter =
        onnx ? tr("ONNX model (*.onnx)") : (pythonFormat_ == "keras" ? tr("Keras weights (*.h5)") : tr("PyTorch state dict (*.pth *.pt)"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the exported model"), output_->text(), filter);
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), path);
    output_->setText(path);
}

void ExportDialog::chooseImages() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Images to check the export on"), settings::lastFolder(QStringLiteral("images")));
    if (folder.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("images"), folder);
    setCheckImages({folder});
}

void ExportDialog::setRunning(bool running) {
    export_->setEnabled(!running);
    for (QWidget* w : std::initializer_list<QWidget*>{format_, float16_, rawInput_, bound_, chooseImages_, output_}) w->setEnabled(!running);
    close_->setText(running ? tr("Cancel") : tr("Close"));
    progress_->setVisible(running);
    if (!running) enableFormatOptions();  // the path typed stays as it is
}

bool ExportDialog::startExport() {
    if (job_.running() || !model_.valid() || output_->text().trimmed().isEmpty()) return false;
    const bool onnx = format_->currentData().toInt() == static_cast<int>(Format::Onnx);
    OnnxExportOptions options;
    options.float16 = float16_->isChecked();
    options.rawInput = rawInput_->isChecked();
    (options.float16 ? options.float16Bound : options.bound) = bound_->value();
    std::vector<std::string> given;
    for (const QString& p : checkImages_) given.push_back(p.toStdString());
    const QString runFolder = runFolderOf(model_);
    setReport({});
    lastProgress_ = {};
    setRunning(true);
    job_.start([model = model_, out = output_->text().toStdString(), onnx, options, given, runFolder](Job<Outcome>::Control& control) {
        Outcome outcome;
        outcome.isOnnx = onnx;
        if (!onnx) {
            control.report({0, 0, QString::fromUtf8(QT_TR_NOOP("Writing…"))});  // translated when shown
            outcome.python = exportModel(model.key(), out);
            return outcome;
        }
        std::vector<std::string> images;
        if (!given.empty()) {
            images = collectImageFiles(given);
            outcome.imagesSource = Source::Chosen;
        } else if (!runFolder.isEmpty()) {
            control.report({0, 0, QString::fromUtf8(QT_TR_NOOP("Finding the run's validation images…"))});
            images = runValidationImages(runFolder.toStdString());
            outcome.imagesSource = Source::RunValidation;
        }
        outcome.onnx = exportOnnx(model, out, options, images, [&control](const std::string& stage, std::size_t done, std::size_t total) {
            const char* text = stage == "tracing"   ? QT_TR_NOOP("Tracing the network…")
                               : stage == "writing" ? QT_TR_NOOP("Writing and checking the ONNX file…")
                                                    : QT_TR_NOOP("Comparing with the app: image %1 of %2");
            control.report({static_cast<qint64>(done), static_cast<qint64>(total), QString::fromUtf8(text)});
            return control.goOn();
        });
        return outcome;
    });
    return true;
}

void ExportDialog::showOutcome(const Outcome& outcome) {
    setRunning(false);
    setReport([this, outcome] { return outcomeText(outcome); });
    Q_EMIT exportFinished(!outcome.isOnnx || outcome.onnx.parity.images == 0 || outcome.onnx.parity.passed);
}

QString ExportDialog::outcomeText(const Outcome& outcome) const {
    if (!outcome.isOnnx)
        return tr("Wrote %1. This Python loads it:\n\n%2")
            .arg(QString::fromStdString(outcome.python.path), QString::fromStdString(outcome.python.pythonCode));
    const OnnxExport& r = outcome.onnx;
    const OnnxParity& p = r.parity;
    QString text = tr("Wrote %1: ONNX opset %2, input “%3”, %4 MB.")
                       .arg(QString::fromStdString(r.path))
                       .arg(r.opset)
                       .arg(QString::fromStdString(r.inputName))
                       .arg(static_cast<double>(r.bytes) / 1e6, 0, 'f', 1);
    text += QStringLiteral("\n\n");
    if (p.images == 0) {
        text += tr("ONNX's checker passed. No images were compared: choose some to check that it predicts as the app does.");
    } else {
        const QString source = outcome.imagesSource == Source::Chosen          ? tr("the images chosen")
                               : outcome.imagesSource == Source::RunValidation ? tr("the run's validation images")
                                                                               : QString();
        text += tr("%1 on %2 (%3 images): the same top-1 class on %4, largest difference of a probability %5 (mean %6, allowed %7): %8.")
                    .arg(QString::fromStdString(p.runtime), source)
                    .arg(p.images)
                    .arg(p.agreeing)
                    .arg(number(p.maxAbsDiff), number(p.meanAbsDiff), number(p.bound))
                    .arg(p.passed ? tr("passed") : tr("FAILED — the file is kept; see the images below"));
        for (const auto& d : p.disagreeing)
            text += QStringLiteral("\n  ") +
                    tr("%1: the app says %2, the export %3 (difference %4)")
                        .arg(QString::fromStdString(d.file), QString::fromStdString(d.app), QString::fromStdString(d.exported), number(d.maxAbsDiff));
        for (const auto& u : p.unreadable) text += QStringLiteral("\n  ") + tr("not read: %1").arg(QString::fromStdString(u));
    }
    text += QStringLiteral("\n\n") + tr("The report: %1\nHow to run it: %2").arg(QString::fromStdString(r.report), QString::fromStdString(r.sidecar));
    return text;
}

void ExportDialog::showFailure(const QString& message) {
    setRunning(false);
    setReport([message] { return tr("The model was not exported: %1").arg(message); });  // core's message: English
    Q_EMIT exportFinished(false);
}

void ExportDialog::reject() {
    if (job_.running()) {
        job_.cancel();  // its cancelled() handler reports; the dialog stays open to show it
        return;
    }
    QDialog::reject();
}

}  // namespace tl::ui
