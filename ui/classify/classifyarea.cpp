#include "classify/classifyarea.h"
#include "classify/classifymodelroles.h"

#include "classify/imagepreview.h"
#include "classify/resultsmodel.h"
#include "classify/topkbars.h"
#include "common/devicechoice.h"
#include "common/dropfiles.h"
#include "common/foreignimport.h"
#include "common/settings.h"
#include "common/tabs.h"
#include "common/weightsfetcher.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/model_file.h"
#include "tl/weight_store.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace tl::ui {

namespace {

QString mib(qint64 bytes) { return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1); }

}  // namespace

ClassifyArea::ClassifyArea(QWidget* parent) : QWidget(parent), session_(new ClassifySession(this)), fetcher_(session_->fetcher()) {
    setObjectName(QStringLiteral("classifyArea"));
    setAcceptDrops(true);

    connect(session_, &ClassifySession::modelStateChanged, this, &ClassifyArea::showModelState);
    connect(session_, &ClassifySession::modelLoaded, this, &ClassifyArea::modelLoaded);
    connect(session_, &ClassifySession::modelFailed, this, &ClassifyArea::modelFailed);
    connect(session_, &ClassifySession::resultReady, this, &ClassifyArea::onResult);
    connect(session_, &ClassifySession::previewReady, this, &ClassifyArea::onResult);
    connect(session_, &ClassifySession::allDone, this, [this] {
        updateActions();
        Q_EMIT allDone();
    });

    connect(fetcher_, &WeightsFetcher::progress, this, [this](qint64 received, qint64 total, double rate, double eta) {
        progress_->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0) progress_->setValue(static_cast<int>(1000 * received / total));
        QString text = total > 0 ? tr("%1 of %2 MiB").arg(mib(received), mib(total)) : tr("%1 MiB").arg(mib(received));
        if (rate > 0) text += tr(" · %1 MiB/s").arg(mib(static_cast<qint64>(rate)));
        if (eta >= 0) text += tr(" · %n s left", nullptr, static_cast<int>(eta + 0.5));
        progress_->setFormat(text);
    });
    connect(fetcher_, &WeightsFetcher::finished, this, [this] {
        setFetching(false);  // the session loads the model
        refreshCatalogEntries();
    });
    connect(fetcher_, &WeightsFetcher::checksumMismatch, this, &ClassifyArea::offerUnverified);
    connect(fetcher_, &WeightsFetcher::otherHead, this, &ClassifyArea::offerModelFile);
    connect(fetcher_, &WeightsFetcher::modelFileWritten, this, [this](const QString&, const QString& modelFile) {
        setFetching(false);
        openModelFile(modelFile);
    });
    connect(fetcher_, &WeightsFetcher::failed, this, [this](const QString& id, const QString& error) {
        setFetching(false);
        if (id != currentModel()) return;
        QString text = tr("Getting the weights failed: %1").arg(error);
        if (const ModelSpec* spec = Catalog::builtin().find(id.toStdString()))  // the way on, also without a connection
            text += QLatin1Char('\n') + tr("Without a connection: import a copy you have (Import weights…), or copy %1 into %2.")
                                            .arg(QString::fromStdString(spec->weights.fileName),
                                                 QDir::toNativeSeparators(QString::fromStdString(WeightStore().torchHubDir())));
        setStatus(text, true);
    });
    connect(fetcher_, &WeightsFetcher::cancelled, this, [this](const QString& id) {
        setFetching(false);
        if (id == currentModel()) setStatus(tr("Download cancelled; it will resume where it stopped."), true);
    });

    buildUi();
    retranslate();
    const QString remembered = settings::classifyModel();
    if (!remembered.isEmpty() && modelBox_->findData(remembered) < 0) {  // a fine-tuned model chosen last time
        try {
            addModelFileEntry(ModelRef::file(remembered.toStdString()));
        } catch (const std::exception&) {
            // gone or changed since: the list starts at the default model
        }
    }
    const int index = modelBox_->findData(remembered.isEmpty() ? firstAvailableModel() : remembered);
    modelBox_->setCurrentIndex(std::max(0, index));
    selectModel(modelBox_->currentData().toString());
}

ClassifyArea::~ClassifyArea() = default;

ResultsModel* ClassifyArea::results() const { return session_->results(); }

void ClassifyArea::buildUi() {
    modelLabel_ = new QLabel(this);
    modelBox_ = new QComboBox(this);
    modelBox_->setObjectName(QStringLiteral("modelBox"));
    for (const ModelSpec& spec : Catalog::builtin().models()) {
        if (!spec.includeTop) continue;  // a base to train from, without ImageNet's classifier
        const QString text = catalogEntryText(spec);
        modelBox_->addItem(text, QString::fromStdString(spec.id));
        modelBox_->setItemData(modelBox_->count() - 1, QVariant::fromValue(ModelRef::catalog(spec.id)), kRefRole);
        modelBox_->setItemData(modelBox_->count() - 1, text, kBaseTextRole);
    }
    modelLabel_->setBuddy(modelBox_);
    availableOnly_ = new QCheckBox(this);
    availableOnly_->setObjectName(QStringLiteral("availableOnly"));
    connect(availableOnly_, &QCheckBox::toggled, this, &ClassifyArea::showAvailability);
    connect(modelBox_, &QComboBox::activated, this, [this](int) { selectModel(modelBox_->currentData().toString()); });

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    download_ = new QPushButton(this);
    download_->setObjectName(QStringLiteral("downloadButton"));
    connect(download_, &QPushButton::clicked, this, [this] {
        setFetching(true);
        setStatus(tr("Downloading the weights of %1…").arg(QString::fromStdString(session_->model().name())));
        fetcher_->download(currentModel());
    });
    import_ = new QPushButton(this);
    import_->setObjectName(QStringLiteral("importButton"));
    connect(import_, &QPushButton::clicked, this, &ClassifyArea::importWeights);
    cancel_ = new QPushButton(this);
    cancel_->setObjectName(QStringLiteral("cancelButton"));
    connect(cancel_, &QPushButton::clicked, fetcher_, &WeightsFetcher::cancel);
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(true);

    buildActions();
    layOut();
}

// The tool buttons, the paste and import actions, and what the foreign-weights import and the device choice say.
void ClassifyArea::buildActions() {
    auto makeTool = [this](const char* name, const QKeySequence& key, auto slot) {
        auto* button = new QToolButton(this);
        button->setObjectName(QLatin1String(name));
        button->setShortcut(key);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        connect(button, &QToolButton::clicked, this, slot);
        return button;
    };
    // Open and Open folder are actions (with the shortcuts), so that the File menu and the buttons share them: a
    // shortcut on both would be ambiguous, and one on a button works only while the button is visible.
    auto makeOpen = [this](const char* name, const QKeySequence& key, auto slot) {
        auto* action = new QAction(this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        connect(action, &QAction::triggered, this, [this, slot] {
            showAsCurrentTab(this);
            (this->*slot)();
        });
        addAction(action);  // active where the area is, also without a menu
        return action;
    };
    openImagesAction_ = makeOpen("openImagesAction", QKeySequence::Open, &ClassifyArea::openFiles);
    openFolderAction_ = makeOpen("openFolderAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), &ClassifyArea::openFolder);
    open_ = makeTool("openButton", QKeySequence(), &ClassifyArea::openFiles);
    openFolder_ = makeTool("openFolderButton", QKeySequence(), &ClassifyArea::openFolder);
    export_ = makeTool("exportButton", QKeySequence(Qt::CTRL | Qt::Key_E), &ClassifyArea::exportResults);
    clear_ = makeTool("clearButton", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete), &ClassifyArea::clear);
    pasteAction_ = new QAction(this);
    pasteAction_->setShortcut(QKeySequence::Paste);
    pasteAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(pasteAction_, &QAction::triggered, this, &ClassifyArea::paste);
    addAction(pasteAction_);
    // Keras .h5 files and TF-slim checkpoints: imported as a catalog model's weights or as a model file.
    importForeignAction_ = new QAction(this);
    importForeignAction_->setObjectName(QStringLiteral("importForeignAction"));
    importForeignAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(importForeignAction_, &QAction::triggered, this, &ClassifyArea::chooseForeignWeights);
    foreign_ = new ForeignImport(this);
    connect(foreign_, &ForeignImport::catalogWeightsImported, this, [this](const QString& id, const QString& stored) {
        if (modelBox_->findData(id) >= 0) {
            selectModel(id);
        } else {  // a model without a classifier: nothing to classify with, but ready to train from
            setStatus(tr("%1 is now the weights of %2 (%3): train a new top from it in the Train area.")
                          .arg(QFileInfo(stored).fileName(), QString::fromStdString(Catalog::builtin().get(id.toStdString()).name), id));
        }
    });
    connect(foreign_, &ForeignImport::modelFileWritten, this, &ClassifyArea::openModelFile);
    // The application's device changed (status bar, View menu): the chosen model is loaded again there.
    connect(&DeviceChoice::instance(), &DeviceChoice::changed, this, [this] {
        if (session_->model().valid()) selectModel(currentModel());
    });
    connect(foreign_, &ForeignImport::failed, this, [this](const QString& message) { setStatus(message, true); });
}

// The model row, the status row, and the list beside the detail panel (original, crop, top-5).
void ClassifyArea::layOut() {
    auto* top = new QHBoxLayout;
    top->addWidget(modelLabel_);
    top->addWidget(modelBox_, 1);
    top->addWidget(availableOnly_);
    top->addWidget(download_);
    top->addWidget(import_);
    top->addWidget(cancel_);
    top->addSpacing(12);
    top->addWidget(open_);
    top->addWidget(openFolder_);
    top->addWidget(export_);
    top->addWidget(clear_);

    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("resultsList"));
    list_->setModel(session_->results());
    list_->setIconSize(QSize(64, 64));
    list_->setUniformItemSizes(true);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setWordWrap(false);
    list_->setTextElideMode(Qt::ElideMiddle);
    list_->setMinimumWidth(220);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showDetails(current.isValid() ? current.row() : -1); });

    detailTitle_ = new QLabel(this);
    detailTitle_->setObjectName(QStringLiteral("detailTitle"));
    detailTitle_->setWordWrap(true);
    detailTitle_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    original_ = new ImagePreview(this);
    original_->setObjectName(QStringLiteral("originalView"));
    crop_ = new ImagePreview(this);
    crop_->setObjectName(QStringLiteral("cropView"));
    originalCaption_ = new QLabel(this);
    cropCaption_ = new QLabel(this);
    bars_ = new TopKBars(this);

    auto* images = new QGridLayout;
    images->addWidget(original_, 0, 0);
    images->addWidget(crop_, 0, 1);
    images->addWidget(originalCaption_, 1, 0, Qt::AlignHCenter);
    images->addWidget(cropCaption_, 1, 1, Qt::AlignHCenter);
    images->setColumnStretch(0, 3);
    images->setColumnStretch(1, 2);
    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->addWidget(detailTitle_);
    detailLayout->addLayout(images, 1);
    detailLayout->addWidget(bars_);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(list_);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({320, 880});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(status_, 1);
    statusRow->addWidget(progress_, 1);
    layout->addLayout(statusRow);
    layout->addWidget(splitter, 1);
    setFetching(false);
}

void ClassifyArea::retranslate() {
    modelLabel_->setText(tr("&Model:"));
    availableOnly_->setText(tr("Available only"));
    availableOnly_->setToolTip(tr("List only the models whose weights are on this machine"));
    showAvailability();
    download_->setText(tr("&Download weights"));
    download_->setToolTip(tr("Download the pretrained weights from the address in the model catalog (resumable; checked with SHA-256)"));
    import_->setText(tr("&Import weights…"));
    import_->setToolTip(tr("Use a weights file you already have, e.g. copied from another machine"));
    cancel_->setText(tr("Cancel"));
    open_->setText(tr("Open…"));
    const QString openKey = openImagesAction_->shortcut().toString(QKeySequence::NativeText);
    const QString folderKey = openFolderAction_->shortcut().toString(QKeySequence::NativeText);
    open_->setToolTip(tr("Open images (%1)").arg(openKey));
    openFolder_->setText(tr("Open folder…"));
    openFolder_->setToolTip(tr("Open a folder of images, searched recursively (%1)").arg(folderKey));
    openImagesAction_->setText(tr("&Open Images…"));
    openImagesAction_->setToolTip(open_->toolTip());
    openFolderAction_->setText(tr("Open &Folder…"));
    openFolderAction_->setToolTip(openFolder_->toolTip());
    export_->setText(tr("Export CSV…"));
    export_->setToolTip(tr("Save every result as CSV (%1)").arg(export_->shortcut().toString(QKeySequence::NativeText)));
    clear_->setText(tr("Clear"));
    pasteAction_->setText(tr("Paste images"));
    importForeignAction_->setText(tr("&Import Keras or TF-slim weights…"));
    importForeignAction_->setToolTip(tr("A Keras .h5 file (Keras Applications' downloads, model.save) or a TF-slim checkpoint (its .index file)"));
    originalCaption_->setText(tr("Original (dashed: the part the network sees)"));
    cropCaption_->setText(tr("Network input, before normalisation"));
    original_->setPlaceholder(tr("Drop images or folders here,\nor open them (%1), or paste them (%2).")
                                  .arg(openKey, pasteAction_->shortcut().toString(QKeySequence::NativeText)));
    showDetails(list_->currentIndex().isValid() ? list_->currentIndex().row() : -1);
}

void ClassifyArea::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

QString ClassifyArea::currentModel() const { return modelBox_->currentData().toString(); }

void ClassifyArea::selectModel(const QString& modelId) {
    const int index = modelBox_->findData(modelId);
    if (index < 0) return;
    modelBox_->setCurrentIndex(index);
    session_->chooseModel(modelBox_->itemData(index, kRefRole).value<ModelRef>());
}

void ClassifyArea::addModelFileEntry(const ModelRef& ref) {
    const QString path = QString::fromStdString(ref.key());
    modelBox_->addItem(tr("%1 (fine-tuned)").arg(QString::fromStdString(ref.name())), path);
    modelBox_->setItemData(modelBox_->count() - 1, QVariant::fromValue(ref), kRefRole);
}

void ClassifyArea::openModelFile(const QString& path) {
    if (modelBox_->findData(path) < 0) {
        try {
            addModelFileEntry(ModelRef::file(path.toStdString()));
        } catch (const std::exception& e) {
            setStatus(tr("The model could not be loaded: %1").arg(QString::fromUtf8(e.what())), true);
            return;
        }
    }
    settings::addRecent(settings::Recent::Kind::Model, path);
    selectModel(path);
}

void ClassifyArea::showModelState() {
    switch (session_->modelState()) {
        case ClassifySession::ModelState::None: setStatus(QString()); break;
        case ClassifySession::ModelState::NeedsWeights:
            setStatus(tr("The weights of %1 are not on this machine: download them, or import a file you have.")
                          .arg(QString::fromStdString(session_->model().name())),
                      true);
            break;
        case ClassifySession::ModelState::Loading:
            setStatus(tr("Loading %1 from %2…").arg(QString::fromStdString(session_->model().name()), session_->modelText()));
            break;
        case ClassifySession::ModelState::Ready: setStatus(tr("Ready: %1").arg(session_->modelText())); break;
        case ClassifySession::ModelState::Failed: setStatus(tr("The model could not be loaded: %1").arg(session_->modelText()), true); break;
    }
    updateActions();
}

void ClassifyArea::addPaths(const QStringList& paths) {
    if (!paths.isEmpty()) settings::setLastFolder(QStringLiteral("images"), paths.front());
    rememberRecent(paths);
    const ClassifySession::Added added = session_->addPaths(paths);
    if (added.images == 0 && added.missing == 0 && !paths.isEmpty())
        setStatus(tr("No images found in %1 (JPEG, PNG, BMP, WebP, TIFF and GIF files are read).").arg(paths.join(QStringLiteral(", "))), true);
    ResultsModel* model = results();
    if (!list_->currentIndex().isValid() && model->rowCount() > 0)
        list_->setCurrentIndex(model->index(added.first >= 0 && added.first < model->rowCount() ? added.first : 0));
    updateActions();
}

// File ▸ Open Recent: every folder, and the first image file (a selection of many files is not one entry);
// not the images pasted into the area's temporary folder.
void ClassifyArea::rememberRecent(const QStringList& paths) {
    QString firstFile;
    for (auto it = paths.crbegin(); it != paths.crend(); ++it) {  // backwards: the first path ends first in the list
        const QFileInfo info(*it);
        const QString path = info.absoluteFilePath();
        if (!info.exists() || (pasteDir_.isValid() && path.startsWith(pasteDir_.path()))) continue;
        if (info.isDir()) settings::addRecent(settings::Recent::Kind::Folder, path);
        else firstFile = path;
    }
    if (!firstFile.isEmpty()) settings::addRecent(settings::Recent::Kind::Images, firstFile);
}

void ClassifyArea::onResult(int row) {
    if (list_->currentIndex().row() == row) showDetails(row);
}

void ClassifyArea::showDetails(int row) {
    if (row < 0 || row >= results()->rowCount()) {
        detailTitle_->clear();
        original_->clear();
        crop_->clear();
        bars_->setPredictions({});
        return;
    }
    const ClassifyItem& item = results()->item(row);
    QString title = QStringLiteral("<b>%1</b>").arg(QFileInfo(item.path).fileName().toHtmlEscaped());
    if (!results()->isDone(row) && item.error.isEmpty()) {  // the photo and its crop show while the model is not there
        title += QStringLiteral("<br>") + (session_->modelState() == ClassifySession::ModelState::NeedsWeights
                                               ? tr("classified once the model's weights are on this machine")
                                               : tr("waiting for the model…"));
    } else if (!item.error.isEmpty()) {
        title += QStringLiteral("<br><span style='color:#b00'>%1</span>").arg(item.error.toHtmlEscaped());
    } else {
        title +=
            QStringLiteral("<br>") + tr("%1 × %2 pixels · %3 ms").arg(item.size.width()).arg(item.size.height()).arg(item.milliseconds, 0, 'f', 0);
    }
    detailTitle_->setText(title);
    original_->setImage(item.image, item.size, item.region);
    crop_->setImage(item.crop);
    bars_->setPredictions(item.top);
}

void ClassifyArea::setStatus(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #b00;") : QString());
}

void ClassifyArea::setFetching(bool fetching) {
    fetching_ = fetching;
    progress_->setVisible(fetching);
    cancel_->setVisible(fetching);
    if (fetching) {
        progress_->setRange(0, 0);
        progress_->setFormat(QString());
    }
    updateActions();
}

void ClassifyArea::updateActions() {
    const bool fetching = fetching_;
    const bool missingWeights = session_->modelState() == ClassifySession::ModelState::NeedsWeights;
    download_->setVisible(missingWeights || fetching);
    import_->setVisible(missingWeights || fetching);
    download_->setEnabled(!fetching);
    import_->setEnabled(!fetching);
    export_->setEnabled(results()->doneCount() > 0);
    clear_->setEnabled(results()->rowCount() > 0);
}

void ClassifyArea::openFiles() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open images"), settings::lastFolder(QStringLiteral("images")),
                                                            tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;All files (*)"));
    if (!files.isEmpty()) addPaths(files);
}

void ClassifyArea::openFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a folder of images"), settings::lastFolder(QStringLiteral("images")));
    if (!folder.isEmpty()) addPaths({folder});
}

void ClassifyArea::paste() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    const QStringList files = localFiles(mime);
    if (!files.isEmpty()) {
        addPaths(files);
        return;
    }
    if (mime && mime->hasImage() && pasteDir_.isValid()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        const QString path = pasteDir_.filePath(QStringLiteral("pasted-%1.png").arg(++pasted_));
        if (!image.isNull() && image.save(path)) {
            addPaths({path});
            return;
        }
    }
    setStatus(tr("The clipboard holds no image and no image files."), true);
}

bool ClassifyArea::exportCsv(const QString& path, QString* error) const { return results()->writeCsv(path, error); }

void ClassifyArea::exportResults() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"), settings::lastFolder(QStringLiteral("export")) + QStringLiteral("/classification.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("export"), path);
    QString error;
    if (!exportCsv(path, &error)) QMessageBox::warning(this, tr("Export results"), tr("Could not write %1: %2").arg(path, error));
    else setStatus(tr("Saved %n result(s) to %1", nullptr, results()->rowCount()).arg(path));
}

void ClassifyArea::clear() {
    session_->clear();
    showDetails(-1);
    updateActions();
}

void ClassifyArea::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void ClassifyArea::dropEvent(QDropEvent* event) {
    const QStringList files = localFiles(event->mimeData());
    if (files.isEmpty()) return;
    event->acceptProposedAction();
    QStringList images;
    QString weights, model;
    for (const QString& f : files) {
        const QFileInfo info(f);
        const bool safetensors = info.suffix().compare(QLatin1String("safetensors"), Qt::CaseInsensitive) == 0;
        if (!info.isFile()) images.append(f);
        else if (safetensors && isModelFile(f.toStdString())) model = f;  // a fine-tuned model: opened (the last one dropped)
        else if (ForeignImport::isForeignWeights(f) || WeightsFetcher::isWeightsFile(f)) {
            if (weights.isEmpty()) weights = f;  // one import at a time
        } else {
            images.append(f);
        }
    }
    if (!model.isEmpty()) openModelFile(model);
    // Keras and TF-slim files are checked in contained readers first; a torchvision state dict goes as Import weights…
    if (!weights.isEmpty() && ForeignImport::isForeignWeights(weights)) foreign_->start(weights);
    else if (!weights.isEmpty()) importDroppedWeights(weights);
    if (!images.isEmpty()) addPaths(images);
}

void ClassifyArea::chooseForeignWeights() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Keras or TF-slim weights"), settings::lastFolder(QStringLiteral("weights")),
                                                      tr("Keras weights (*.h5 *.hdf5);;TF-slim checkpoints (*.index);;All files (*)"));
    if (file.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("weights"), file);
    foreign_->start(file);
}

}  // namespace tl::ui
