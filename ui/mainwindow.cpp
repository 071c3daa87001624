#include "mainwindow.h"

#include "aboutdialog.h"
#include "common/devicechoice.h"
#include "common/exportdialog.h"
#include "common/language.h"
#include "common/settings.h"
#include "welcomepage.h"

#include "tl/runtime.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace tl::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), areas_(new QTabWidget(this)), deviceLabel_(new QLabel(this)) {
    setObjectName(QStringLiteral("MainWindow"));
    areas_->setObjectName(QStringLiteral("areas"));
    areas_->setDocumentMode(true);
    setCentralWidget(areas_);
    statusBar()->addPermanentWidget(deviceBox_ = new DeviceBox(this));
    statusBar()->addPermanentWidget(deviceLabel_);

    createActions();
    createMenus();
    addArea(welcome_ = new WelcomePage(this), [] { return tr("Welcome"); });
    retranslate();
    restoreSettings();
}

int MainWindow::addArea(QWidget* area, std::function<QString()> title) {
    const int index = areas_->addTab(area, title());
    areaTitles_.append(std::move(title));
    auto* action = new QAction(this);
    if (index < 9) action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
    connect(action, &QAction::triggered, this, [this, index] { areas_->setCurrentIndex(index); });
    viewMenu_->insertAction(areasSeparator_, action);
    areaActions_.append(action);
    retranslate();
    return index;
}

void MainWindow::createActions() {
    exportModelAction_ = new QAction(this);
    exportModelAction_->setObjectName(QStringLiteral("exportModelAction"));
    exportModelAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(exportModelAction_, &QAction::triggered, this, &MainWindow::exportModel);

    quitAction_ = new QAction(this);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    fullScreenAction_ = new QAction(this);
    fullScreenAction_->setShortcut(QKeySequence::FullScreen);
    fullScreenAction_->setCheckable(true);
    connect(fullScreenAction_, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });

    aboutAction_ = new QAction(this);
    aboutAction_->setMenuRole(QAction::AboutRole);
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
    aboutQtAction_ = new QAction(this);
    aboutQtAction_->setMenuRole(QAction::AboutQtRole);
    connect(aboutQtAction_, &QAction::triggered, qApp, &QApplication::aboutQt);

    languageGroup_ = new QActionGroup(this);
    languageGroup_->setExclusive(true);
    const QString current = settings::language();
    auto addLanguage = [this, &current](const QString& code, const QString& nativeName) {
        auto* action = new QAction(nativeName, languageGroup_);
        action->setCheckable(true);
        action->setData(code);
        action->setChecked(code == current);
        connect(action, &QAction::triggered, this, [this, code] { setLanguage(code); });
        return action;
    };
    systemLanguageAction_ = addLanguage(QString(), QString());
    // Language names are written in their own language, as every program lists them.
    addLanguage(QStringLiteral("en"), QStringLiteral("English"));
    addLanguage(QStringLiteral("zh_CN"), QStringLiteral("简体中文"));
    addLanguage(QStringLiteral("zh_TW"), QStringLiteral("繁體中文"));
}

void MainWindow::addFileAction(QAction* action) { fileMenu_->insertAction(exportModelAction_, action); }
void MainWindow::addFileMenu(QMenu* menu) { fileMenu_->insertMenu(exportModelAction_, menu); }
void MainWindow::addFileSeparator() { fileMenu_->insertSeparator(exportModelAction_); }

void MainWindow::createMenus() {
    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->setObjectName(QStringLiteral("fileMenu"));
    fileMenu_->addAction(exportModelAction_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(quitAction_);

    viewMenu_ = menuBar()->addMenu(QString());
    viewMenu_->setObjectName(QStringLiteral("viewMenu"));
    areasSeparator_ = viewMenu_->addSeparator();  // work areas are listed above it
    viewMenu_->addAction(fullScreenAction_);
    languageMenu_ = viewMenu_->addMenu(QString());
    languageMenu_->addActions(languageGroup_->actions());
    deviceMenu_ = new DeviceMenu(viewMenu_->addMenu(QString()));

    helpMenu_ = menuBar()->addMenu(QString());
    helpMenu_->setObjectName(QStringLiteral("helpMenu"));
    helpMenu_->addAction(aboutAction_);
    helpMenu_->addAction(aboutQtAction_);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("Transfer Studio"));
    fileMenu_->setTitle(tr("&File"));
    viewMenu_->setTitle(tr("&View"));
    helpMenu_->setTitle(tr("&Help"));
    languageMenu_->setTitle(tr("&Language"));
    quitAction_->setText(tr("&Quit"));
    exportModelAction_->setText(tr("&Export a Model…"));
    fullScreenAction_->setText(tr("&Full Screen"));
    aboutAction_->setText(tr("&About Transfer Studio"));
    aboutQtAction_->setText(tr("About &Qt"));
    systemLanguageAction_->setText(tr("System Default"));
    deviceMenu_->retranslate();
    for (int i = 0; i < areaTitles_.size(); ++i) {
        const QString title = areaTitles_[i]();
        areas_->setTabText(i, title);
        areaActions_[i]->setText(title);
    }
    const RuntimeInfo info = runtimeInfo();
    deviceLabel_->setText(info.cudaAvailable ? tr("GPU: %1").arg(QString::fromStdString(info.deviceName))
                                             : tr("CPU · %n thread(s)", nullptr, info.intraOpThreads));
}

void MainWindow::exportModel() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Export a model"), settings::lastFolder(QStringLiteral("models")),
                                                      tr("Transfer Studio model (*.safetensors)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), path);
    try {
        auto* dialog = new ExportDialog(ModelRef::file(path.toStdString()), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export a model"), tr("%1 cannot be exported: %2").arg(path, QString::fromUtf8(e.what())));
    }
}

void MainWindow::showAbout() {
    auto* dialog = findChild<AboutDialog*>();
    if (!dialog) {
        dialog = new AboutDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->open();
    dialog->raise();
}

void MainWindow::setLanguage(const QString& code) {
    settings::setLanguage(code);
    language::apply(code);  // LanguageChange reaches every widget, which retranslates itself
    for (QAction* action : languageGroup_->actions()) action->setChecked(action->data().toString() == code);
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    event->accept();
}

void MainWindow::restoreSettings() {
    const QByteArray geometry = settings::mainWindowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) resize(1200, 800);
    restoreState(settings::mainWindowState());
}

void MainWindow::showEvent(QShowEvent* event) {
    // The remembered area is chosen at the first show, once every area has been added.
    if (!areaRestored_) {
        areaRestored_ = true;
        const int area = settings::currentArea();
        if (area >= 0 && area < areas_->count()) areas_->setCurrentIndex(area);
    }
    QMainWindow::showEvent(event);
}

void MainWindow::saveSettings() {
    settings::setMainWindowGeometry(saveGeometry(), saveState());
    settings::setCurrentArea(areas_->currentIndex());
}

}  // namespace tl::ui
