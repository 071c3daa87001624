#include "compare/comparearea.h"

#include "common/dropfiles.h"
#include "compare/comparecharts.h"
#include "compare/comparedatasetpage.h"
#include "compare/compareimagespage.h"
#include "compare/comparesession.h"
#include "compare/modelchecklist.h"

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
    tabs_->addTab(imagesPage_, tr("Images"));
    tabs_->addTab(datasetPage_, tr("Dataset"));
    tabs_->addTab(catalogPage_, tr("Catalog"));
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
}

CompareArea::~CompareArea() = default;  // the session goes with it: a comparison still going is cancelled and dropped

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
    connect(cancel_, &QPushButton::clicked, session_, &CompareSession::cancel);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(progressLabel_);
    layout->addWidget(progress_, 1);
    layout->addWidget(cancel_);
    row->setVisible(false);

    connect(session_, &CompareSession::runStarted, row, [this, row] {
        progressLabel_->setText(tr("Loading…"));
        progress_->setRange(0, 0);
        cancel_->setEnabled(true);
        row->setVisible(true);
    });
    connect(session_, &CompareSession::progressed, row, [this](int model, int models, int done, int total) {
        progressLabel_->setText(tr("model %1 of %2: %3 / %4 images").arg(model + 1).arg(models).arg(done).arg(total));
        const double share = (model + (total > 0 ? static_cast<double>(done) / total : 0.0)) / std::max(1, models);
        progress_->setRange(0, 1000);
        progress_->setValue(static_cast<int>(share * 1000.0));
    });
    connect(session_, &CompareSession::cancelling, row, [this] {
        cancel_->setEnabled(false);
        progressLabel_->setText(tr("Cancelling…"));
    });
    connect(session_, &CompareSession::comparisonFinished, row, [row] { row->setVisible(false); });
    return row;
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
    for (const QString& path : paths)
        if (!session_->offerModelFile(path)) images << path;  // a fine-tuned model joins the list
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
