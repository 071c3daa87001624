#include "fileactions.h"

#include "classify/classifyarea.h"
#include "compare/comparearea.h"
#include "compare/comparesession.h"
#include "mainwindow.h"
#include "train/trainarea.h"
#include "train/trainsession.h"

#include <QAction>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QTabWidget>

namespace tl::ui {

FileActions::FileActions(MainWindow* window, ClassifyArea* classify, TrainArea* train, CompareArea* compare)
    : QObject(window), window_(window), classify_(classify), train_(train), compare_(compare) {
    openDataset_ = new QAction(this);
    openDataset_->setObjectName(QStringLiteral("openDatasetAction"));
    openDataset_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(openDataset_, &QAction::triggered, this, [this] {
        window_->areas()->setCurrentWidget(train_);
        train_->chooseDataset();
    });
    openModel_ = new QAction(this);
    openModel_->setObjectName(QStringLiteral("openModelAction"));
    openModel_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(openModel_, &QAction::triggered, this, &FileActions::chooseModel);

    recentMenu_ = new QMenu(window);
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    clearRecent_ = new QAction(this);
    connect(clearRecent_, &QAction::triggered, this, [] { settings::clearRecent(); });
    connect(recentMenu_, &QMenu::aboutToShow, this, &FileActions::fillRecentMenu);
    fillRecentMenu();  // so that the menu is enabled or not from the start

    // A dataset enters the list once it was read, whichever way it was chosen (menu, button, drop, recent).
    connect(train_, &TrainArea::datasetScanned, this, [this](bool ok) {
        if (ok) settings::addRecent(settings::Recent::Kind::Dataset, QString::fromStdString(train_->session()->dataset().root));
    });

    window_->addFileAction(classify_->openImagesAction());
    window_->addFileAction(classify_->openFolderAction());
    window_->addFileAction(openDataset_);
    window_->addFileAction(openModel_);
    window_->addFileMenu(recentMenu_);
    window_->addFileSeparator();
    window_->installEventFilter(this);
    retranslate();
}

QAction* FileActions::openImagesAction() const { return classify_->openImagesAction(); }
QAction* FileActions::openFolderAction() const { return classify_->openFolderAction(); }

void FileActions::chooseModel() {
    const QString path = QFileDialog::getOpenFileName(window_, tr("Open a model"), settings::lastFolder(QStringLiteral("models")),
                                                      tr("Transfer Studio model (*.safetensors)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), path);
    openModel(path);
}

void FileActions::openModel(const QString& path) {
    if (window_->areas()->currentWidget() == compare_) {
        if (compare_->session()->addModelFile(path)) settings::addRecent(settings::Recent::Kind::Model, path);
        return;  // a refused file is explained in the Compare area's list
    }
    window_->areas()->setCurrentWidget(classify_);
    classify_->openModelFile(path);  // records the entry when the model file is readable
}

void FileActions::openRecent(const settings::Recent& entry) {
    const QFileInfo info(entry.path);
    if (!info.exists()) {
        settings::removeRecent(entry.kind, entry.path);
        QMessageBox::information(window_, tr("Open Recent"),
                                 tr("%1 is no longer there; it was taken off the list.").arg(QDir::toNativeSeparators(entry.path)));
        return;
    }
    switch (entry.kind) {
        case settings::Recent::Kind::Images:
        case settings::Recent::Kind::Folder:
            window_->areas()->setCurrentWidget(classify_);
            classify_->addPaths({entry.path});
            break;
        case settings::Recent::Kind::Dataset:
            window_->areas()->setCurrentWidget(train_);
            train_->setDataset(entry.path);
            break;
        case settings::Recent::Kind::Model: openModel(entry.path); break;
    }
}

void FileActions::fillRecentMenu() {
    recentMenu_->clear();
    const QList<settings::Recent> entries = settings::recent();
    for (const settings::Recent& entry : entries) {
        QString kind;
        switch (entry.kind) {
            case settings::Recent::Kind::Images: kind = tr("image"); break;
            case settings::Recent::Kind::Folder: kind = tr("folder of images"); break;
            case settings::Recent::Kind::Dataset: kind = tr("dataset"); break;
            case settings::Recent::Kind::Model: kind = tr("model"); break;
        }
        // "&1 photo.jpg — image": the number is the accelerator; the whole path is the tooltip.
        const int n = static_cast<int>(recentMenu_->actions().size()) + 1;
        QString name = QFileInfo(entry.path).fileName();
        if (name.isEmpty()) name = QDir::toNativeSeparators(entry.path);
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        auto* action = recentMenu_->addAction(tr("&%1 %2 — %3").arg(n % 10).arg(name, kind));
        action->setToolTip(QDir::toNativeSeparators(entry.path));
        action->setStatusTip(QDir::toNativeSeparators(entry.path));
        connect(action, &QAction::triggered, this, [this, entry] { openRecent(entry); });
    }
    recentMenu_->setToolTipsVisible(true);
    if (!entries.isEmpty()) recentMenu_->addSeparator();
    recentMenu_->addAction(clearRecent_);
    clearRecent_->setEnabled(!entries.isEmpty());
}

bool FileActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::LanguageChange) retranslate();
    return QObject::eventFilter(watched, event);
}

void FileActions::retranslate() {
    openDataset_->setText(tr("Open &Dataset…"));
    openDataset_->setToolTip(tr("Choose a folder with one subfolder of images per class, to train on"));
    openModel_->setText(tr("Open &Model…"));
    openModel_->setToolTip(tr("Open a fine-tuned model file (.safetensors) in Classify, or in Compare when it is shown"));
    recentMenu_->setTitle(tr("Open &Recent"));
    clearRecent_->setText(tr("&Clear the List"));
}

}  // namespace tl::ui
