#include "train/evaluationview.h"

#include "common/charts.h"
#include "common/exportdialog.h"
#include "common/format.h"
#include "common/imageconvert.h"
#include "common/settings.h"

#include "tl/classifier.h"
#include "tl/compare.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/model_file.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCheckBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tl::ui {

EvaluationView::EvaluationView(QWidget* parent) : QWidget(parent), job_({[this](const Result& r) { showResult(r); }, {}, {}, {}}) {
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summaryText_ = [] { return tr("When a run ends, its model is evaluated here on the validation images."); };
    normalised_ = new QCheckBox(this);
    connect(normalised_, &QCheckBox::toggled, this, &EvaluationView::drawHeatmap);

    plot_ = new QCustomPlot(this);
    plot_->setMinimumSize(280, 200);  // the window fits 1024 × 640 (tst_trainlayout)
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    map_->setColorScale(scale);
    map_->setGradient(QCPColorGradient::gpThermal);
    map_->setInterpolate(false);
    plot_->yAxis->setRangeReversed(true);  // the first class at the top, as a matrix is read
    map_->data()->clear();                 // QCustomPlot starts a map with cells of zeros: nothing until an evaluation
    plot_->setMouseTracking(true);
    hover_ = new ChartHover(plot_, [this](const QPoint& pixel) { return cellText(pixel); });

    table_ = new QTableWidget(0, 5, this);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSortingEnabled(true);

    gallery_ = new QListWidget(this);
    gallery_->setViewMode(QListView::IconMode);
    gallery_->setIconSize(QSize(96, 96));
    gallery_->setResizeMode(QListView::Adjust);
    gallery_->setWordWrap(true);
    gallery_->setGridSize(QSize(150, 150));

    save_ = new QPushButton(this);
    export_ = new QPushButton(this);
    classify_ = new QPushButton(this);
    connect(classify_, &QPushButton::clicked, this, [this] { Q_EMIT openInClassify(modelFile_); });
    save_->setEnabled(false);
    export_->setEnabled(false);
    classify_->setEnabled(false);
    connect(save_, &QPushButton::clicked, this, &EvaluationView::chooseSaveModel);
    connect(export_, &QPushButton::clicked, this, &EvaluationView::openExportDialog);

    empty_ = new QLabel(this);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    QFont big = empty_->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    empty_->setFont(big);
    noMistakes_ = new QLabel(this);
    noMistakes_->setAlignment(Qt::AlignCenter);
    galleryStack_ = new QStackedWidget(this);
    galleryStack_->addWidget(gallery_);
    galleryStack_->addWidget(noMistakes_);

    auto* results = new QWidget(this);
    auto* top = new QSplitter(Qt::Horizontal, results);
    auto* left = new QWidget(results);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(normalised_);
    leftLayout->addWidget(plot_, 1);
    top->addWidget(left);
    top->addWidget(table_);
    auto* layout = new QVBoxLayout(results);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(summary_, 1);
    head->addWidget(save_);
    head->addWidget(export_);
    head->addWidget(classify_);
    layout->addLayout(head);
    layout->addWidget(top, 3);
    galleryLabel_ = new QLabel(this);
    layout->addWidget(galleryLabel_);
    layout->addWidget(galleryStack_, 2);
    stack_ = new QStackedWidget(this);
    // The empty page says why there is nothing here, with the way to a run.
    auto* emptyPage = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(emptyPage);
    goToRun_ = new QPushButton(emptyPage);
    goToRun_->setObjectName(QStringLiteral("goToRunButton"));
    connect(goToRun_, &QPushButton::clicked, this, &EvaluationView::runRequested);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(empty_);
    emptyLayout->addWidget(goToRun_, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(1);
    stack_->addWidget(emptyPage);
    stack_->addWidget(results);
    auto* outer = new QVBoxLayout(this);
    outer->addWidget(stack_);
    retranslate();
}

// Texts only: the check box, the table's sort order and rows, the gallery's selection and scroll position stay.
void EvaluationView::retranslate() {
    empty_->setText(tr("No evaluation yet: train a model, or open an earlier run."));
    goToRun_->setText(tr("Go to the Run Tab"));
    noMistakes_->setText(tr("No misclassified images."));
    summary_->setText(summaryText_());
    normalised_->setText(tr("&Normalise each row (share of the true class)"));
    plot_->xAxis->setLabel(tr("predicted"));
    plot_->yAxis->setLabel(tr("true class"));
    plot_->replot();
    table_->setHorizontalHeaderLabels({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Images")});
    save_->setText(tr("&Save model as…"));
    export_->setText(tr("E&xport…"));
    export_->setToolTip(tr("ONNX for any runtime, checked against the app on the validation images; or PyTorch / Keras weights for Python"));
    classify_->setText(tr("Open in &Classify"));
    galleryLabel_->setText(tr("Misclassified images, the most confident mistakes first:"));
    for (int i = 0; i < gallery_->count() && i < static_cast<int>(result_.mistakes.size()); ++i)
        gallery_->item(i)->setText(mistakeText(result_.mistakes[static_cast<std::size_t>(i)]));
}

void EvaluationView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void EvaluationView::setSummary(std::function<QString()> text) {
    summaryText_ = std::move(text);
    summary_->setText(summaryText_());
}

QString EvaluationView::mistakeText(const Mistake& m) { return tr("%1 → %2 (%3%)").arg(m.truth, m.predicted).arg(m.confidence * 100.0, 0, 'f', 0); }

EvaluationView::~EvaluationView() = default;  // a running evaluation is cancelled and dropped

void EvaluationView::evaluate(const QString& modelFile, const QString& datasetRoot, const QString& split) {
    modelFile_ = modelFile;
    showResult(Result{});  // nothing of an earlier model beside this one's name
    stack_->setCurrentIndex(1);
    save_->setEnabled(true);
    export_->setEnabled(true);
    classify_->setEnabled(true);
    setSummary([modelFile, datasetRoot] { return tr("Evaluating %1 on %2…").arg(modelFile, datasetRoot); });
    const std::string model = modelFile.toStdString(), root = datasetRoot.toStdString(), which = split.toStdString();
    job_.restart([model, root, which](auto& control) {  // a running evaluation is cancelled: this one replaces it
        Result r;
        try {
            const Classifier classifier = Classifier::fromModelFile(model);
            for (const auto& c : classifier.labels()) r.classes << QString::fromStdString(c);
            ScanOptions scan;
            scan.detectLeakage = false;
            const Dataset ds = scanDataset(root, scan);
            const LabelledFiles files = labelledFiles(ds, classifier.labels(), which);
            const std::vector<std::string>& paths = files.paths;
            const std::vector<int>& truths = files.labels;
            r.evaluation = evaluateFiles(
                classifier, paths, truths, [&control](std::size_t, std::size_t) { return control.goOn(); },
                [&](const ImageResult& res, std::size_t i) {
                    if (!res.error.empty() || res.top.empty() || res.top.front().index == truths[i]) return;
                    Mistake m;
                    m.path = QString::fromStdString(paths[i]);
                    m.truth = r.classes[truths[i]];
                    m.predicted = r.classes[res.top.front().index];
                    m.confidence = res.top.front().probability;
                    m.thumbnail = toQImage(res.crop).scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                    r.mistakes.push_back(std::move(m));
                });
            std::stable_sort(r.mistakes.begin(), r.mistakes.end(), [](const Mistake& a, const Mistake& b) { return a.confidence > b.confidence; });
        } catch (const std::exception& e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    });
}

bool EvaluationView::showsEmptyState() const { return stack_->currentIndex() == 0; }

void EvaluationView::showEvaluation(const Evaluation& evaluation, const QStringList& classes, const std::vector<Mistake>& mistakes) {
    Result r;
    r.evaluation = evaluation;
    r.classes = classes;
    r.mistakes = mistakes;
    showResult(r);
}

void EvaluationView::showResult(const Result& r) {
    result_ = r;
    table_->setSortingEnabled(false);
    table_->setRowCount(0);
    gallery_->clear();
    galleryStack_->setCurrentWidget(gallery_);
    galleryLabel_->setVisible(true);
    const bool empty = r.evaluation.confusion.empty();
    if (!r.error.isEmpty() || empty) {
        map_->data()->clear();
        plot_->clearItems();
        plot_->replot();
        if (r.error.isEmpty()) return;  // cleared for an evaluation about to start
        stack_->setCurrentIndex(1);
        setSummary([error = r.error] { return tr("The evaluation failed: %1").arg(error); });
        Q_EMIT evaluated(false);
        return;
    }
    stack_->setCurrentIndex(1);
    const Evaluation& e = r.evaluation;
    setSummary([this] {
        const Evaluation& shown = result_.evaluation;
        return tr("%1 images: accuracy %2, top-5 %3, loss %4; %5 misclassified%6.")
            .arg(shown.images)
            .arg(formatAccuracy(shown.accuracy))
            .arg(formatAccuracy(shown.top5))
            .arg(shown.loss, 0, 'f', 4)
            .arg(result_.mistakes.size())
            .arg(shown.failed ? tr(", %n unreadable", nullptr, static_cast<int>(shown.failed)) : QString());
    });
    table_->setRowCount(static_cast<int>(r.classes.size()));
    for (int i = 0; i < r.classes.size(); ++i) {
        const auto idx = static_cast<std::size_t>(i);
        table_->setItem(i, 0, new QTableWidgetItem(r.classes[i]));
        const double values[] = {e.precision[idx], e.recall[idx], e.f1[idx]};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem;
            item->setData(Qt::DisplayRole, std::round(values[c] * 1000.0) / 1000.0);
            table_->setItem(i, c + 1, item);
        }
        auto* support = new QTableWidgetItem;
        support->setData(Qt::DisplayRole, static_cast<qlonglong>(e.support[idx]));
        table_->setItem(i, 4, support);
    }
    table_->setSortingEnabled(true);
    table_->sortByColumn(0, Qt::AscendingOrder);  // class order first; a click on a header sorts by it
    for (const auto& m : r.mistakes) {
        auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(m.thumbnail)), mistakeText(m), gallery_);
        item->setToolTip(m.path);
    }
    if (r.mistakes.empty()) {  // said, where the gallery would be
        galleryStack_->setCurrentWidget(noMistakes_);
        galleryLabel_->setVisible(false);
    }
    drawHeatmap();
    Q_EMIT evaluated(true);
}

bool EvaluationView::saveModelAs(const QString& path, QString* error) {
    if (modelFile_.isEmpty()) {
        if (error) *error = tr("no model yet");
        return false;
    }
    if (QFileInfo(path).absoluteFilePath() == QFileInfo(modelFile_).absoluteFilePath()) return true;
    QFile::remove(path);
    QFile source(modelFile_);
    if (!source.copy(path)) {
        if (error) *error = tr("%1: %2").arg(path, source.errorString());
        return false;
    }
    return true;
}

bool EvaluationView::exportForPython(const QString& path, QString* pythonCode, QString* error) {
    if (modelFile_.isEmpty()) {
        if (error) *error = tr("no model yet");
        return false;
    }
    try {
        const ModelExport out = exportModel(modelFile_.toStdString(), path.toStdString());
        if (pythonCode) *pythonCode = QString::fromStdString(out.pythonCode);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

void EvaluationView::chooseSaveModel() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the model"),
                                                      settings::lastFolder(QStringLiteral("models")) + QStringLiteral("/model.safetensors"),
                                                      tr("Transfer Studio model (*.safetensors)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), path);
    QString error;
    if (!saveModelAs(path, &error)) QMessageBox::warning(this, tr("Save the model"), tr("The model was not saved: %1").arg(error));
}

void EvaluationView::openExportDialog() {
    try {
        auto* dialog = new ExportDialog(ModelRef::file(modelFile_.toStdString()), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export"), tr("The model was not exported: %1").arg(QString::fromUtf8(e.what())));
    }
}

QString EvaluationView::cellText(const QPoint& pixel) const {
    const Evaluation& e = result_.evaluation;
    const int n = static_cast<int>(e.confusion.size());
    if (n == 0 || !plot_->axisRect()->rect().contains(pixel)) return {};
    const int p = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(pixel.x())));
    const int t = static_cast<int>(std::lround(plot_->yAxis->pixelToCoord(pixel.y())));
    if (p < 0 || p >= n || t < 0 || t >= n) return {};
    const double value = map_->data()->cell(p, t);
    const QString shown = normalised_->isChecked() ? QLocale().toString(value, 'f', 2) : QLocale().toString(static_cast<qlonglong>(value));
    return tr("true %1, predicted %2: %3").arg(result_.classes.value(t), result_.classes.value(p), shown);
}

void EvaluationView::drawHeatmap() {
    const Evaluation& e = result_.evaluation;
    const int n = static_cast<int>(e.confusion.size());
    plot_->clearItems();
    if (n == 0) return;
    const bool share = normalised_->isChecked();
    map_->data()->setSize(n, n);
    map_->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    for (int t = 0; t < n; ++t) {
        const auto& row = e.confusion[static_cast<std::size_t>(t)];
        double total = 0;
        for (const auto v : row) total += static_cast<double>(v);
        for (int p = 0; p < n; ++p) {
            const double count = static_cast<double>(row[static_cast<std::size_t>(p)]);
            const double value = share ? (total > 0 ? count / total : 0.0) : count;
            map_->data()->setCell(p, t, value);
            if (n <= 20) {  // the numbers in the cells while they fit
                auto* text = new QCPItemText(plot_);
                text->position->setCoords(p, t);
                text->setText(share ? QString::number(value, 'f', 2) : QString::number(static_cast<qlonglong>(count)));
                text->setColor(value > (share ? 0.5 : 0.5 * std::max(1.0, total)) ? Qt::black : Qt::white);
            }
        }
    }
    map_->rescaleDataRange(true);
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (int i = 0; i < n; ++i) ticks->addTick(i, result_.classes.value(i));
    plot_->xAxis->setTicker(ticks);
    plot_->yAxis->setTicker(ticks);
    plot_->xAxis->setTickLabelRotation(n > 6 ? 45 : 0);
    plot_->xAxis->setRange(-0.5, n - 0.5);
    plot_->yAxis->setRange(-0.5, n - 0.5);
    plot_->replot();
}

}  // namespace tl::ui
