#include "compare/comparearea.h"

#include "common/devicechoice.h"
#include "common/dropfiles.h"
#include "common/imageconvert.h"
#include "common/settings.h"
#include "compare/comparecharts.h"
#include "compare/comparisonmodel.h"
#include "compare/imagecomparisontable.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/model_file.h"
#include "tl/weight_store.h"

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace tl::ui {

namespace {

constexpr int kFileRole = CompareArea::RefRole + 1;  // on the model list's items: a model file (not a catalog model)

bool looksLikeModelFile(const QString& path) {
    return path.endsWith(QStringLiteral(".safetensors"), Qt::CaseInsensitive) && isModelFile(path.toStdString());
}

/// Thumbnails of the crop the first model saw of each file; the crops are released afterwards (memory).
std::vector<QImage> takeThumbnails(FileComparison& comparison) {
    std::vector<QImage> thumbnails(comparison.files.size());
    for (std::size_t f = 0; f < comparison.files.size(); ++f)
        for (const auto& results : comparison.results)
            if (f < results.size() && !results[f].crop.empty()) {
                thumbnails[f] = toQImage(results[f].crop).scaled(ImageComparisonTable::kThumbnail, ImageComparisonTable::kThumbnail,
                                                                 Qt::KeepAspectRatio, Qt::SmoothTransformation);
                break;
            }
    for (auto& results : comparison.results)
        for (auto& r : results) {
            r.crop.release();
            r.image.release();
        }
    return thumbnails;
}

std::vector<std::string> toStd(const QStringList& list) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(list.size()));
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

/// Core's comparison progress, reported to a job (shown on the GUI thread); false once the job is cancelled.
template <class Control>
CompareProgressFn reportingTo(Control& control, std::size_t models) {
    return [&control, models](std::size_t model, std::size_t done, std::size_t total) {
        control.report({model, models, done, total});
        return control.goOn();
    };
}

}  // namespace

CompareArea::CompareArea(QWidget* parent)
    : QWidget(parent),
      datasetJob_({[this](const DatasetRun& run) { showDatasetRun(run); }, {}, {},
                   [this](const Progress& p) { showProgress(p.model, p.models, p.done, p.total); }}),
      filesJob_({[this](const FilesRun& run) { showFilesRun(run); }, {}, {},
                 [this](const Progress& p) { showProgress(p.model, p.models, p.done, p.total); }}) {
    setAcceptDrops(true);
    tabs_ = new QTabWidget(this);
    imagesPage_ = buildImagesPage();
    datasetPage_ = buildDatasetPage();
    catalogPage_ = buildCatalogPage();
    tabs_->addTab(imagesPage_, tr("Images"));
    tabs_->addTab(datasetPage_, tr("Dataset"));
    tabs_->addTab(catalogPage_, tr("Catalog"));
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(tabs_, 1);
    rightLayout->addWidget(buildProgressRow());
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildModelPanel());
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 1000});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    auto* runShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this);
    connect(runShortcut, &QShortcut::activated, this, &CompareArea::runCurrent);
}

CompareArea::~CompareArea() = default;  // a comparison still going is cancelled and dropped

// ---- the models ------------------------------------------------------------------------------------------

QWidget* CompareArea::buildModelPanel() {
    auto* panel = new QWidget(this);
    models_ = new QListWidget(panel);
    models_->setToolTip(tr("Check the models to compare: catalog models whose weights are on this machine, and fine-tuned model files"));
    connect(models_, &QListWidget::itemChanged, this, [this] {
        if (!suppressSave_) saveModelChoice();
    });
    addModel_ = new QPushButton(tr("Add &model file…"), panel);
    addModel_->setToolTip(tr("Add a fine-tuned model file (.safetensors) to the list"));
    connect(addModel_, &QPushButton::clicked, this, &CompareArea::chooseModelFile);
    removeModel_ = new QPushButton(tr("R&emove"), panel);
    removeModel_->setToolTip(tr("Remove the selected model file from the list"));
    removeModel_->setEnabled(false);
    connect(models_, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem* item) { removeModel_->setEnabled(item && item->data(kFileRole).toBool()); });
    connect(removeModel_, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = models_->currentItem();
        if (!item || !item->data(kFileRole).toBool()) return;
        delete item;
        saveModelChoice();
    });
    modelMessage_ = new QLabel(panel);
    modelMessage_->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addModel_);
    buttons->addWidget(removeModel_);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Models to compare:"), panel));
    layout->addWidget(models_, 1);
    layout->addLayout(buttons);
    layout->addWidget(modelMessage_);

    suppressSave_ = true;  // filling the list emits itemChanged: nothing is saved until the remembered choice is back
    addCatalogModels();
    for (const QString& path : settings::compareModelFiles())
        if (QFileInfo::exists(path)) addModelFile(path);
    for (int i = 0; i < models_->count(); ++i) models_->item(i)->setCheckState(Qt::Unchecked);
    for (const QString& ref : settings::compareModels()) setModelChecked(ref, true);
    suppressSave_ = false;
    return panel;
}

void CompareArea::addCatalogModels() {
    for (const ModelSpec& spec : Catalog::builtin().models()) {
        if (!spec.includeTop) continue;  // a base to train from, without ImageNet's classifier
        auto* item = new QListWidgetItem(QString::fromStdString(spec.name), models_);
        item->setData(RefRole, QString::fromStdString(spec.id));
        item->setData(kFileRole, false);
        item->setCheckState(Qt::Unchecked);
    }
    refreshAvailability();
}

void CompareArea::refreshAvailability() {
    const bool wasSuppressed = suppressSave_;
    suppressSave_ = true;
    const WeightStore store;
    for (int i = 0; i < models_->count(); ++i) {
        QListWidgetItem* item = models_->item(i);
        if (item->data(kFileRole).toBool()) continue;
        const ModelSpec* spec = Catalog::builtin().find(item->data(RefRole).toString().toStdString());
        if (!spec) continue;
        const auto weights = store.find(weightSourceOf(*spec));
        const QString name = QString::fromStdString(spec->name);
        if (weights) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setToolTip(tr("%1: %2 M parameters, %3 GFLOPs, published top-1 %4%\nWeights: %5")
                                 .arg(name)
                                 .arg(static_cast<double>(spec->params) / 1e6, 0, 'f', 1)
                                 .arg(spec->gflops, 0, 'f', 2)
                                 .arg(spec->top1, 0, 'f', 1)
                                 .arg(QString::fromStdString(*weights)));
        } else {
            item->setCheckState(Qt::Unchecked);
            item->setFlags(Qt::ItemIsSelectable);
            item->setToolTip(tr("The weights of %1 are not on this machine: download them in the Classify area.").arg(name));
        }
    }
    suppressSave_ = wasSuppressed;
}

QListWidgetItem* CompareArea::itemFor(const QString& ref) const {
    for (int i = 0; i < models_->count(); ++i)
        if (models_->item(i)->data(RefRole).toString() == ref) return models_->item(i);
    return nullptr;
}

bool CompareArea::addModelFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!isModelFile(absolute.toStdString())) {
        modelMessage_->setText(tr("%1 is not a Transfer Studio model file.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    const bool wasSuppressed = suppressSave_;
    suppressSave_ = true;
    QListWidgetItem* item = itemFor(absolute);
    if (!item) {
        item = new QListWidgetItem(QFileInfo(absolute).fileName(), models_);
        item->setData(RefRole, absolute);
        item->setData(kFileRole, true);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        QString tip = QDir::toNativeSeparators(absolute);
        try {
            const ModelFileInfo info = readModelFileInfo(absolute.toStdString());
            tip += QLatin1Char('\n') +
                   tr("%1 fine-tuned for %n class(es)", nullptr, static_cast<int>(info.classes.size())).arg(QString::fromStdString(info.arch));
        } catch (const std::exception&) {
            // the header was readable a moment ago; the comparison will say what is wrong
        }
        item->setToolTip(tip);
    }
    modelMessage_->clear();
    item->setCheckState(Qt::Checked);
    suppressSave_ = wasSuppressed;
    if (!suppressSave_) saveModelChoice();
    return true;
}

QStringList CompareArea::checkedModels() const {
    QStringList refs;
    for (int i = 0; i < models_->count(); ++i)
        if (models_->item(i)->checkState() == Qt::Checked) refs << models_->item(i)->data(RefRole).toString();
    return refs;
}

void CompareArea::setModelChecked(const QString& ref, bool checked) {
    QListWidgetItem* item = itemFor(ref);
    if (item && (item->flags() & Qt::ItemIsEnabled)) item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void CompareArea::saveModelChoice() const {
    settings::setCompareModels(checkedModels());
    QStringList files;
    for (int i = 0; i < models_->count(); ++i)
        if (models_->item(i)->data(kFileRole).toBool()) files << models_->item(i)->data(RefRole).toString();
    settings::setCompareModelFiles(files);
}

void CompareArea::chooseModelFile() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add model files"), settings::lastFolder(QStringLiteral("models")),
                                                            tr("Transfer Studio model (*.safetensors)"));
    if (paths.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), paths.first());
    for (const QString& path : paths) addModelFile(path);
}

// ---- the pages ---------------------------------------------------------------------------------------------

QWidget* CompareArea::buildImagesPage() {
    auto* page = new QWidget(this);
    auto* add = new QPushButton(tr("Add &images…"), page);
    add->setToolTip(tr("Choose images for every checked model to classify"));
    connect(add, &QPushButton::clicked, this, &CompareArea::chooseImages);
    auto* again = new QPushButton(tr("Compare &again"), page);
    again->setToolTip(tr("Classify the same images with the models checked now (Ctrl+R)"));
    connect(again, &QPushButton::clicked, this, [this] {
        if (!imagePaths_.isEmpty()) startFiles(imagePaths_);
    });
    auto* hint = new QLabel(tr("Drop images or folders here: every checked model classifies every image."), page);
    hint->setWordWrap(true);
    agreement_ = new QLabel(page);
    QFont bold = agreement_->font();
    bold.setBold(true);
    agreement_->setFont(bold);
    imagesMessage_ = new QLabel(page);
    imagesMessage_->setWordWrap(true);
    results_ = new ImageComparisonTable(page);

    auto* top = new QHBoxLayout;
    top->addWidget(hint, 1);
    top->addWidget(add);
    top->addWidget(again);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(top);
    layout->addWidget(imagesMessage_);
    layout->addWidget(agreement_);
    layout->addWidget(results_, 1);
    return page;
}

QWidget* CompareArea::buildDatasetPage() {
    auto* page = new QWidget(this);
    datasetFolder_ = new QLineEdit(page);
    datasetFolder_->setPlaceholderText(tr("A labelled folder: one sub-folder per class (or train/ and validation/ with class folders)"));
    const QString remembered = settings::lastFolder(QStringLiteral("compare-dataset"));
    if (remembered != QDir::homePath()) datasetFolder_->setText(QDir::toNativeSeparators(remembered));
    auto* choose = new QPushButton(tr("Choose &dataset…"), page);
    connect(choose, &QPushButton::clicked, this, &CompareArea::chooseDataset);
    split_ = new QComboBox(page);
    split_->addItem(tr("validation"), QStringLiteral("validation"));
    split_->addItem(tr("all"), QStringLiteral("all"));
    split_->addItem(tr("train"), QStringLiteral("train"));
    split_->addItem(tr("test"), QStringLiteral("test"));
    split_->setToolTip(tr("The images every model is evaluated on (validation falls back to all when the dataset has none)"));
    run_ = new QPushButton(tr("&Run"), page);
    run_->setToolTip(tr("Evaluate every checked model on the dataset (Ctrl+R)"));
    connect(run_, &QPushButton::clicked, this, &CompareArea::runDatasetComparison);
    datasetMessage_ = new QLabel(tr("Choose a dataset whose class names the checked models know, then run."), page);
    datasetMessage_->setWordWrap(true);
    datasetMessage_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    tableModel_ = new ComparisonModel(this);
    table_ = new QTableView(page);
    table_->setModel(tableModel_);
    table_->setSortingEnabled(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSortIndicatorShown(true);
    scatter_ = new AccuracyLatencyPlot(page);
    exportCsv_ = new QPushButton(tr("Export C&SV…"), page);
    exportJson_ = new QPushButton(tr("Export &JSON…"), page);
    exportCsv_->setEnabled(false);
    exportJson_->setEnabled(false);
    connect(exportCsv_, &QPushButton::clicked, this, &CompareArea::chooseExportCsv);
    connect(exportJson_, &QPushButton::clicked, this, &CompareArea::chooseExportJson);

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(datasetFolder_, 1);
    folderRow->addWidget(choose);
    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(split_);
    splitRow->addStretch(1);
    splitRow->addWidget(run_);
    auto* form = new QFormLayout;
    form->addRow(tr("Dataset:"), folderRow);
    form->addRow(tr("Split:"), splitRow);
    auto* results = new QSplitter(Qt::Vertical, page);
    results->addWidget(table_);
    results->addWidget(scatter_);
    results->setSizes({260, 340});
    auto* exports = new QHBoxLayout;
    exports->addStretch(1);
    exports->addWidget(exportCsv_);
    exports->addWidget(exportJson_);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(datasetMessage_);
    layout->addWidget(results, 1);
    layout->addLayout(exports);
    return page;
}

QWidget* CompareArea::buildCatalogPage() {
    auto* page = new QWidget(this);
    auto* caption = new QLabel(tr("The catalog's published ImageNet figures: top-1 accuracy against the computation per image. A bubble's "
                                  "area is proportional to the model's parameters; latencies measured in this session are added to the names."),
                               page);
    caption->setWordWrap(true);
    catalog_ = new CatalogChart(page);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(caption);
    layout->addWidget(catalog_, 1);
    return page;
}

QWidget* CompareArea::buildProgressRow() {
    auto* row = new QWidget(this);
    progressLabel_ = new QLabel(row);
    progress_ = new QProgressBar(row);
    cancel_ = new QPushButton(tr("Cancel"), row);
    cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel_->setToolTip(tr("Stop the comparison (Esc)"));
    connect(cancel_, &QPushButton::clicked, this, &CompareArea::cancel);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(progressLabel_);
    layout->addWidget(progress_, 1);
    layout->addWidget(cancel_);
    row->setVisible(false);
    return row;
}

// ---- running -----------------------------------------------------------------------------------------------

bool CompareArea::busy() const { return datasetJob_.running() || filesJob_.running(); }

bool CompareArea::prepareRun(QLabel* message, std::vector<std::string>* refs, CompareOptions* options) {
    if (busy()) {
        message->setText(tr("A comparison is running: wait for it or cancel it (Esc)."));
        return false;
    }
    const QStringList checked = checkedModels();
    if (checked.size() < 2) {
        message->setText(tr("Check at least two models to compare."));
        return false;
    }
    *refs = toStd(checked);
    options->device = DeviceChoice::instance().current().toStdString();  // the application's one choice
    cancelRequested_ = false;
    return true;
}


void CompareArea::beginProgress(const QString& what) {
    running_ = true;
    progressLabel_->setText(what);
    progress_->setRange(0, 0);
    cancel_->setEnabled(true);
    progress_->parentWidget()->setVisible(true);
    run_->setEnabled(false);
}

void CompareArea::showProgress(std::size_t model, std::size_t models, std::size_t done, std::size_t total) {
    if (!running_ || cancelRequested_) return;
    progressLabel_->setText(tr("model %1 of %2: %3 / %4 images").arg(model + 1).arg(models).arg(done).arg(total));
    const double share = (static_cast<double>(model) + (total ? static_cast<double>(done) / static_cast<double>(total) : 0.0)) /
                         static_cast<double>(std::max<std::size_t>(1, models));
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(share * 1000.0));
}

void CompareArea::endProgress() {
    running_ = false;
    progress_->parentWidget()->setVisible(false);
    run_->setEnabled(true);
}

void CompareArea::cancel() {
    if (!busy()) return;
    cancelRequested_ = true;
    datasetJob_.cancel();
    filesJob_.cancel();
    cancel_->setEnabled(false);
    progressLabel_->setText(tr("Cancelling…"));
}

void CompareArea::runCurrent() {
    if (tabs_->currentWidget() == datasetPage_) runDatasetComparison();
    else if (tabs_->currentWidget() == imagesPage_) {
        if (imagePaths_.isEmpty()) chooseImages();
        else startFiles(imagePaths_);
    }
}

void CompareArea::setDatasetFolder(const QString& folder) { datasetFolder_->setText(QDir::toNativeSeparators(folder)); }

void CompareArea::startDatasetComparison(const QString& folder) {
    setDatasetFolder(folder);
    tabs_->setCurrentWidget(datasetPage_);
    runDatasetComparison();
}

void CompareArea::chooseDataset() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Choose a labelled dataset folder"), settings::lastFolder(QStringLiteral("compare-dataset")));
    if (folder.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("compare-dataset"), folder);
    setDatasetFolder(folder);
}

void CompareArea::runDatasetComparison() {
    const QString folder = QDir::fromNativeSeparators(datasetFolder_->text().trimmed());
    if (folder.isEmpty()) {
        datasetMessage_->setText(tr("Choose a dataset folder first."));
        return;
    }
    std::vector<std::string> refs;
    CompareOptions options;
    if (!prepareRun(datasetMessage_, &refs, &options)) return;
    options.split = split_->currentData().toString().toStdString();
    if (QFileInfo(folder).isDir()) settings::setLastFolder(QStringLiteral("compare-dataset"), folder);
    datasetMessage_->setText(tr("Comparing %n model(s) on %1…", nullptr, static_cast<int>(refs.size())).arg(QDir::toNativeSeparators(folder)));
    beginProgress(tr("Loading…"));
    datasetJob_.start([refs, root = folder.toStdString(), options](auto& control) {
        DatasetRun out;
        try {
            out.comparison = compareOnDataset(refs, root, options, reportingTo(control, refs.size()));
        } catch (const Cancelled&) {
            out.cancelled = true;
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    });
}

void CompareArea::showDatasetRun(const DatasetRun& run) {
    endProgress();
    const bool ok = !run.cancelled && run.error.isEmpty();
    if (run.cancelled) datasetMessage_->setText(tr("Comparison cancelled; the table shows the last complete one."));
    else if (!run.error.isEmpty()) datasetMessage_->setText(tr("The comparison failed: %1").arg(run.error));
    if (ok) {
        comparison_ = run.comparison;
        tableModel_->setComparison(comparison_);
        const auto failed = std::count_if(comparison_.models.begin(), comparison_.models.end(), [](const ComparedModel& m) { return !m.error.empty(); });
        table_->setColumnHidden(ComparisonModel::Error, failed == 0);  // the table needs the width otherwise
        table_->resizeColumnsToContents();
        scatter_->setComparison(comparison_);
        noteLatencies(comparison_.models);
        const int splitIndex = split_->findData(QString::fromStdString(comparison_.split));
        const QString splitName = splitIndex >= 0 ? split_->itemText(splitIndex) : QString::fromStdString(comparison_.split);
        QString text = tr("%n image(s) of the %1 split of %2, on %3.", nullptr, static_cast<int>(comparison_.images))
                           .arg(splitName, QDir::toNativeSeparators(QString::fromStdString(comparison_.dataset)),
                                QString::fromStdString(comparison_.device));
        if (failed) text += QLatin1Char(' ') + tr("%n model(s) could not be compared: see the Error column.", nullptr, static_cast<int>(failed));
        datasetMessage_->setText(text);
        exportCsv_->setEnabled(true);
        exportJson_->setEnabled(true);
    }
    Q_EMIT datasetCompared(ok);
    Q_EMIT comparisonFinished(ok);
}

void CompareArea::chooseImages() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add images"), settings::lastFolder(QStringLiteral("images")),
                                                            tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)"));
    if (files.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("images"), files.first());
    addImages(files);
}

void CompareArea::addImages(const QStringList& paths) {
    tabs_->setCurrentWidget(imagesPage_);
    if (paths.isEmpty()) return;
    imagePaths_ = paths;
    startFiles(paths);
}

void CompareArea::startFiles(const QStringList& paths) {
    std::vector<std::string> refs;
    CompareOptions options;
    if (!prepareRun(imagesMessage_, &refs, &options)) return;
    imagesMessage_->setText(tr("Classifying with %n model(s)…", nullptr, static_cast<int>(refs.size())));
    beginProgress(tr("Loading…"));
    filesJob_.start([refs, inputs = toStd(paths), options](auto& control) {
        FilesRun out;
        try {
            const std::vector<std::string> files = collectImageFiles(inputs);
            if (files.empty()) {
                out.error = tr("There are no images among the files and folders given.");
                return out;
            }
            out.comparison = compareOnFiles(refs, files, options, reportingTo(control, refs.size()));
            out.thumbnails = takeThumbnails(out.comparison);
        } catch (const Cancelled&) {
            out.cancelled = true;
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    });
}

void CompareArea::showFilesRun(const FilesRun& run) {
    endProgress();
    const bool ok = !run.cancelled && run.error.isEmpty();
    if (run.cancelled) imagesMessage_->setText(tr("Comparison cancelled."));
    else if (!run.error.isEmpty()) imagesMessage_->setText(tr("The comparison failed: %1").arg(run.error));
    if (ok) {
        files_ = run.comparison;
        results_->setComparison(files_, run.thumbnails);
        const auto agree = std::count(files_.agreement.begin(), files_.agreement.end(), true);
        agreement_->setText(tr("%1 of %2 images: all models agree").arg(agree).arg(files_.files.size()));
        noteLatencies(files_.models);
        const auto failed = std::count_if(files_.models.begin(), files_.models.end(), [](const ComparedModel& m) { return !m.error.empty(); });
        imagesMessage_->setText(failed ? tr("%n model(s) could not classify: their column says why.", nullptr, static_cast<int>(failed)) : QString());
    }
    Q_EMIT imagesCompared(ok);
    Q_EMIT comparisonFinished(ok);
}

void CompareArea::noteLatencies(const std::vector<ComparedModel>& models) {
    for (const ComparedModel& m : models)
        if (m.error.empty() && m.latencyMs > 0.0 && Catalog::builtin().find(m.ref)) latencies_[QString::fromStdString(m.ref)] = m.latencyMs;
    catalog_->setLatencies(latencies_);
}

// ---- export ------------------------------------------------------------------------------------------------

bool CompareArea::writeFile(const QString& path, const std::string& bytes, QString* error) const {
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) && file.write(bytes.data(), static_cast<qint64>(bytes.size())) == static_cast<qint64>(bytes.size()) &&
                    file.commit();
    if (!ok && error) *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return ok;
}

bool CompareArea::exportCsv(const QString& path, QString* error) const {
    if (comparison_.models.empty()) {
        if (error) *error = tr("There is no dataset comparison to export yet.");
        return false;
    }
    return writeFile(path, comparisonCsv(comparison_), error);
}

bool CompareArea::exportJson(const QString& path, QString* error) const {
    if (comparison_.models.empty()) {
        if (error) *error = tr("There is no dataset comparison to export yet.");
        return false;
    }
    return writeFile(path, comparisonJson(comparison_), error);
}

void CompareArea::chooseExportCsv() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the comparison as CSV"),
                                                      settings::lastFolder(QStringLiteral("compare-export")) + QStringLiteral("/comparison.csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("compare-export"), path);
    QString error;
    if (!exportCsv(path, &error)) QMessageBox::warning(this, tr("Export the comparison"), error);
}

void CompareArea::chooseExportJson() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the comparison as JSON"),
                                                      settings::lastFolder(QStringLiteral("compare-export")) + QStringLiteral("/comparison.json"),
                                                      tr("JSON files (*.json)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("compare-export"), path);
    QString error;
    if (!exportJson(path, &error)) QMessageBox::warning(this, tr("Export the comparison"), error);
}

// ---- drops -------------------------------------------------------------------------------------------------

void CompareArea::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void CompareArea::dropEvent(QDropEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    QStringList images;
    for (const QString& path : paths) {
        if (looksLikeModelFile(path)) addModelFile(path);  // a fine-tuned model joins the list
        else images << path;
    }
    if (images.isEmpty()) return;
    // One folder dropped on the Dataset tab is the dataset; anything else is images to classify.
    if (images.size() == 1 && tabs_->currentWidget() == datasetPage_ && QFileInfo(images.first()).isDir()) setDatasetFolder(images.first());
    else addImages(images);
}

void CompareArea::showEvent(QShowEvent* event) {
    refreshAvailability();  // weights may have been downloaded in the Classify area meanwhile
    QWidget::showEvent(event);
}

}  // namespace tl::ui
