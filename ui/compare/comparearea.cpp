#include "compare/comparearea.h"

#include "common/dropfiles.h"
#include "compare/comparecharts.h"
#include "compare/comparedatasetpage.h"
#include "compare/compareimagespage.h"
#include "compare/comparesession.h"
#include "compare/compareweightsimport.h"
#include "compare/modelchecklist.h"

#include <QEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

CompareArea::CompareArea(QWidget* parent) : QWidget(parent), session_(new CompareSession(this)) {
    setAcceptDrops(true);
    checklist_ = new ModelChecklist(session_, this);
    tabs_ = new QTabWidget(this);
    imagesPage_ = new CompareImagesPage(session_, this);
    datasetPage_ = new CompareDatasetPage(session_, this);
    catalogPage_ = buildCatalogPage();
    tabs_->addTab(imagesPage_, QString());
    tabs_->addTab(datasetPage_, QString());
    tabs_->addTab(catalogPage_, QString());
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(tabs_, 1);
    rightLayout->addWidget(buildProgressRow());
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(checklist_);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 1000});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    auto* runShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this);
    connect(runShortcut, &QShortcut::activated, this, &CompareArea::runCurrent);
    connect(session_, &CompareSession::latenciesChanged, catalog_, [this] { catalog_->setLatencies(session_->latencies()); });
    weightsImport_ = new CompareWeightsImport(session_, this);
    connect(weightsImport_, &CompareWeightsImport::message, checklist_->message(), &QLabel::setText);  // under the list it changes
    retranslate();
}

CompareArea::~CompareArea() = default;  // the session goes with it: a comparison still going is cancelled and dropped

QWidget* CompareArea::buildCatalogPage() {
    auto* page = new QWidget(this);
    catalogCaption_ = new QLabel(page);
    catalogCaption_->setWordWrap(true);
    catalog_ = new CatalogChart(page);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(catalogCaption_);
    layout->addWidget(catalog_, 1);
    return page;
}

QWidget* CompareArea::buildProgressRow() {
    auto* row = new QWidget(this);
    progressLabel_ = new QLabel(row);
    progress_ = new QProgressBar(row);
    cancel_ = new QPushButton(row);
    connect(cancel_, &QPushButton::clicked, session_, &CompareSession::cancel);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(progressLabel_);
    layout->addWidget(progress_, 1);
    layout->addWidget(cancel_);
    row->setVisible(false);

    connect(session_, &CompareSession::runStarted, row, [this, row] {
        setProgressText([] { return tr("Loading…"); });
        progress_->setRange(0, 0);
        cancel_->setEnabled(true);
        row->setVisible(true);
    });
    connect(session_, &CompareSession::progressed, row, [this](int model, int models, int done, int total) {
        setProgressText([=] { return tr("model %1 of %2: %3 / %4 images").arg(model + 1).arg(models).arg(done).arg(total); });
        const double share = (model + (total > 0 ? static_cast<double>(done) / total : 0.0)) / std::max(1, models);
        progress_->setRange(0, 1000);
        progress_->setValue(static_cast<int>(share * 1000.0));
    });
    connect(session_, &CompareSession::cancelling, row, [this] {
        cancel_->setEnabled(false);
        setProgressText([] { return tr("Cancelling…"); });
    });
    connect(session_, &CompareSession::comparisonFinished, row, [row] { row->setVisible(false); });
    return row;
}

void CompareArea::setProgressText(std::function<QString()> text) {
    progressText_ = std::move(text);
    progressLabel_->setText(progressText_ ? progressText_() : QString());
}

void CompareArea::retranslate() {
    tabs_->setTabText(tabs_->indexOf(imagesPage_), tr("Images"));
    tabs_->setTabText(tabs_->indexOf(datasetPage_), tr("Dataset"));
    tabs_->setTabText(tabs_->indexOf(catalogPage_), tr("Catalog"));
    catalogCaption_->setText(
        tr("The catalog's published ImageNet figures: top-1 accuracy against the computation per image. A bubble's "
           "area is proportional to the model's parameters; latencies measured in this session are added to the names."));
    cancel_->setText(tr("Cancel"));
    cancel_->setShortcut(QKeySequence(Qt::Key_Escape));  // after the text: setText() sets the shortcut to the text's mnemonic
    cancel_->setToolTip(tr("Stop the comparison (Esc)"));
    setProgressText(progressText_);
}

void CompareArea::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void CompareArea::runCurrent() {
    if (tabs_->currentWidget() == datasetPage_) session_->runDataset();
    else if (tabs_->currentWidget() == imagesPage_) {
        if (session_->images().isEmpty()) imagesPage_->chooseImages();
        else session_->runImagesAgain();
    }
}

void CompareArea::addImages(const QStringList& paths) {
    tabs_->setCurrentWidget(imagesPage_);
    session_->runImages(paths);
}

void CompareArea::startDatasetComparison(const QString& folder) {
    session_->setDatasetFolder(folder);
    tabs_->setCurrentWidget(datasetPage_);
    session_->runDataset();
}

void CompareArea::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void CompareArea::dropEvent(QDropEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    QStringList images;
    QString weights;
    for (const QString& path : paths) {
        if (session_->offerModelFile(path)) continue;  // a fine-tuned model joins the list
        if (CompareWeightsImport::takes(path)) {
            if (weights.isEmpty()) weights = path;  // a state dict, Keras or TF-slim weights: imported, one at a time
        } else {
            images << path;
        }
    }
    if (!weights.isEmpty()) weightsImport_->start(weights);
    if (images.isEmpty()) return;
    // One folder dropped on the Dataset tab is the dataset; anything else is images to classify.
    if (images.size() == 1 && tabs_->currentWidget() == datasetPage_ && QFileInfo(images.first()).isDir()) session_->setDatasetFolder(images.first());
    else addImages(images);
}

void CompareArea::showEvent(QShowEvent* event) {
    session_->refreshAvailability();  // weights may have been downloaded in the Classify area meanwhile
    QWidget::showEvent(event);
}

}  // namespace tl::ui
