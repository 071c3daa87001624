// The File menu as a user meets it in the whole window (tl::ui::populate, as the program builds it): every
// opening shortcut typed on the window, from any area, shows the area that does the work and asks for the file;
// the hints show the shortcut; Open Recent lists what was opened (also by a drop or a scan) and opens it again.
#include "classify/classifyarea.h"
#include "classify/resultsmodel.h"
#include "common/language.h"
#include "common/settings.h"
#include "compare/comparearea.h"
#include "dataset_maker.h"
#include "fileactions.h"
#include "mainwindow.h"
#include "train/trainarea.h"
#include "welcomepage.h"
#include "workspace.h"

#include "tl/runtime.h"
#include "ui_suite.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest/QtTest>

#include <functional>

using tl::ui::MainWindow;
namespace settings = tl::ui::settings;

namespace {

/// Runs `onModal` on the next modal widget (a file dialog, a message box) once it is shown, then closes it.
/// Returns a flag that says whether one was seen.
std::shared_ptr<bool> whenModal(std::function<void(QWidget*)> onModal) {
    auto seen = std::make_shared<bool>(false);
    auto* timer = new QTimer;
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    QObject::connect(timer, &QTimer::timeout, [timer, seen, started, onModal] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal && started->elapsed() < 10000) return;
        timer->stop();
        timer->deleteLater();
        if (!modal) return;
        *seen = true;
        onModal(modal);
        if (auto* dialog = qobject_cast<QDialog*>(modal)) dialog->reject();
    });
    timer->start(20);
    return seen;
}

QStringList fileMenuTexts(MainWindow& w) {
    QStringList texts;
    for (QAction* a : w.fileMenu()->actions())
        if (!a->isSeparator()) texts << a->text();
    return texts;
}

}  // namespace

class TestFileMenu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        uisuite::start("tst_filemenu");
        // No weights anywhere: the hub cache and the app's cache are empty folders.
        qputenv("TORCH_HOME", empty_.path().toUtf8());
        qputenv("XDG_CACHE_HOME", empty_.path().toUtf8());
    }
    void init() {
        QSettings().clear();
        tl::ui::language::apply(QStringLiteral("en"));
    }

    void fileMenuHasTheOpeningEntries() {
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        const QStringList texts = fileMenuTexts(w);
        const QStringList expected{QStringLiteral("&Open Images…"),    QStringLiteral("Open &Folder…"),
                                   QStringLiteral("Open &Dataset…"),   QStringLiteral("Open &Model…"),
                                   QStringLiteral("Open &Recent"),     QStringLiteral("&Import Keras or TF-slim weights…"),
                                   QStringLiteral("&Export a Model…"), QStringLiteral("&Quit")};
        QVERIFY2(texts == expected, qPrintable(QStringLiteral("File menu: %1; expected %2").arg(texts.join(u'|'), expected.join(u'|'))));
        QCOMPARE(ws.files->openImagesAction()->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(ws.files->openFolderAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        // The hints name the shortcut (they showed "()" when the button's own shortcut was read).
        const QString openTip = ws.classify->findChild<QToolButton*>(QStringLiteral("openButton"))->toolTip();
        const QString folderTip = ws.classify->findChild<QToolButton*>(QStringLiteral("openFolderButton"))->toolTip();
        QVERIFY2(openTip.contains(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)) && !openTip.contains(QStringLiteral("()")),
                 qPrintable(openTip));
        QVERIFY2(folderTip.contains(QStringLiteral("Ctrl+Shift+O")), qPrintable(folderTip));
    }

    // Each shortcut, typed on the window while the Welcome area is shown: the dialog that asks for the file
    // opens, with the area that will use it in front.
    void shortcutsWorkFromAnyArea_data() {
        QTest::addColumn<QKeySequence>("key");
        QTest::addColumn<QString>("area");
        QTest::addColumn<QString>("dialogTitle");
        QTest::newRow("Ctrl+O") << QKeySequence(QKeySequence::Open) << "classify"
                                << "Open images";
        QTest::newRow("Ctrl+Shift+O") << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O) << "classify"
                                      << "Open a folder of images";
        QTest::newRow("Ctrl+Shift+D") << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D) << "train"
                                      << "Choose a dataset folder";
        // Open Model asks first: the file goes to Compare when it is shown, else to Classify.
        QTest::newRow("Ctrl+Shift+M") << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M) << "welcome"
                                      << "Open a model";
        QTest::newRow("Ctrl+Shift+E") << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E) << "welcome"
                                      << "Export a model";
    }
    void shortcutsWorkFromAnyArea() {
        QFETCH(QKeySequence, key);
        QFETCH(QString, area);
        QFETCH(QString, dialogTitle);
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.areas()->setCurrentIndex(0);  // Welcome
        QWidget* expectedArea = area == QLatin1String("classify") ? static_cast<QWidget*>(ws.classify)
                                : area == QLatin1String("train")  ? static_cast<QWidget*>(ws.train)
                                                                  : w.areas()->widget(0);
        QString title;
        QWidget* currentWhenAsked = nullptr;
        const auto seen = whenModal([&](QWidget* modal) {
            title = modal->windowTitle();
            currentWhenAsked = w.areas()->currentWidget();
        });
        QTest::keySequence(&w, key);
        QTRY_VERIFY_WITH_TIMEOUT(*seen, 12000);
        QCOMPARE(title, dialogTitle);
        QVERIFY2(currentWhenAsked == expectedArea, qPrintable(QStringLiteral("the area shown when the dialog asked: tab %1, expected tab %2")
                                                                  .arg(w.areas()->indexOf(currentWhenAsked))
                                                                  .arg(w.areas()->indexOf(expectedArea))));
    }

    void recentListsWhatWasOpenedAndOpensItAgain() {
        const auto dir = dsmaker::freshDir("fm_recent");
        dsmaker::write(dir / "a.png", dsmaker::pattern(0, 0));
        dsmaker::write(dir / "b.png", dsmaker::pattern(1, 0));
        const QString a = QString::fromStdString((dir / "a.png").string());
        const QString b = QString::fromStdString((dir / "b.png").string());
        const QString folder = QString::fromStdString(dir.string());

        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        ws.classify->addPaths({a, b});  // as a drop does: the first image is remembered, not every file
        ws.classify->addPaths({folder});
        QList<settings::Recent> recent = settings::recent();
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent[0].kind, settings::Recent::Kind::Folder);
        QCOMPARE(recent[0].path, folder);
        QCOMPARE(recent[1].kind, settings::Recent::Kind::Images);
        QCOMPARE(recent[1].path, a);

        // The menu, as it is filled when shown: one entry each, the path as the tooltip, then Clear the List.
        QMenu* menu = ws.files->recentMenu();
        Q_EMIT menu->aboutToShow();
        QList<QAction*> entries = menu->actions();
        QCOMPARE(entries.size(), 4);  // two entries, a separator, Clear
        QCOMPARE(entries[0]->text(), QStringLiteral("&1 %1 — folder of images").arg(dir.filename().string().c_str()));
        QCOMPARE(entries[1]->text(), QStringLiteral("&2 a.png — image"));
        QCOMPARE(entries[1]->toolTip(), QDir::toNativeSeparators(a));

        // Opened again from the menu: into Classify, shown.
        ws.classify->clear();
        QCOMPARE(ws.classify->results()->rowCount(), 0);
        w.areas()->setCurrentIndex(0);
        entries[1]->trigger();
        QCOMPARE(w.areas()->currentWidget(), static_cast<QWidget*>(ws.classify));
        QCOMPARE(ws.classify->results()->rowCount(), 1);

        // A file that is gone: a message, and the entry leaves the list.
        QVERIFY(QFile::remove(a));
        QString message;
        const auto seen = whenModal([&](QWidget* modal) {
            if (auto* box = qobject_cast<QMessageBox*>(modal)) message = box->text();
        });
        entries[1]->trigger();
        QVERIFY(*seen);
        QVERIFY2(message.contains(QDir::toNativeSeparators(a)) && message.contains(QStringLiteral("no longer there")), qPrintable(message));
        recent = settings::recent();
        QCOMPARE(recent.size(), 1);
        QCOMPARE(recent[0].path, folder);

        // Clear the List empties it.
        Q_EMIT menu->aboutToShow();
        menu->actions().last()->trigger();
        QVERIFY(settings::recent().isEmpty());
    }

    // The Welcome page's first steps: each says where the machine stands, and its button leads to the work.
    void welcomeChecklistLeadsToTheWork() {
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        tl::ui::WelcomePage* welcome = w.welcomePage();
        QCOMPARE(w.areas()->currentWidget(), static_cast<QWidget*>(welcome));
        const QString weights = welcome->stateLine(QStringLiteral("weights"))->text();
        QVERIFY2(weights.contains(QStringLiteral("No pretrained weights on this machine yet")), qPrintable(weights));
        const QString dataset = welcome->stateLine(QStringLiteral("dataset"))->text();
        QVERIFY2(!dataset.contains(QStringLiteral("Last used")), qPrintable(dataset));
        if (const QString shots = qEnvironmentVariable("TL_SCREENSHOT_DIR"); !shots.isEmpty()) {
            w.resize(1024, 640);
            QTest::qWait(50);
            w.grab().save(shots + QStringLiteral("/welcome-1024.png"));
        }

        QTest::mouseClick(welcome->button(QStringLiteral("train")), Qt::LeftButton);
        QCOMPARE(w.areas()->currentWidget(), static_cast<QWidget*>(ws.train));

        const auto asks = [&](const QString& step, QWidget* area, const QString& dialogTitle) -> QString {
            w.areas()->setCurrentWidget(welcome);
            QString title;
            QWidget* current = nullptr;
            const auto seen = whenModal([&](QWidget* modal) {
                title = modal->windowTitle();
                current = w.areas()->currentWidget();
            });
            QTest::mouseClick(welcome->button(step), Qt::LeftButton);
            if (!QTest::qWaitFor([&] { return *seen; }, 12000)) return step + QStringLiteral(": no dialog within 12 s");
            return title == dialogTitle && current == area ? QString()
                                                           : QStringLiteral("%1: dialog \"%2\" over tab %3; expected \"%4\" over tab %5")
                                                                 .arg(step, title)
                                                                 .arg(w.areas()->indexOf(current))
                                                                 .arg(dialogTitle)
                                                                 .arg(w.areas()->indexOf(area));
        };
        QCOMPARE(asks(QStringLiteral("images"), ws.classify, QStringLiteral("Open images")), QString());
        QCOMPARE(asks(QStringLiteral("dataset"), ws.train, QStringLiteral("Choose a dataset folder")), QString());
        QCOMPARE(asks(QStringLiteral("import"), ws.classify, QStringLiteral("Import weights")), QString());

        // Download: the Classify area, with the model list open (the chosen model's weights are absent here, so
        // its Download button is there instead).
        w.areas()->setCurrentWidget(welcome);
        QTest::mouseClick(welcome->button(QStringLiteral("weights")), Qt::LeftButton);
        QCOMPARE(w.areas()->currentWidget(), static_cast<QWidget*>(ws.classify));
        auto* download = ws.classify->findChild<QPushButton*>(QStringLiteral("downloadButton"));
        QVERIFY(download->isVisibleTo(ws.classify));

        // A dataset opened earlier is named when the page shows again.
        settings::addRecent(settings::Recent::Kind::Dataset, QStringLiteral("/data/flowers"));
        w.areas()->setCurrentWidget(welcome);
        QTRY_VERIFY(welcome->stateLine(QStringLiteral("dataset"))->text().contains(QDir::toNativeSeparators(QStringLiteral("/data/flowers"))));
    }

    void recentKeepsTheLatestTen() {
        for (int i = 0; i < 14; ++i) settings::addRecent(settings::Recent::Kind::Dataset, QStringLiteral("/data/set%1").arg(i));
        settings::addRecent(settings::Recent::Kind::Dataset, QStringLiteral("/data/set5"));  // opened again: moves up
        const QList<settings::Recent> recent = settings::recent();
        QCOMPARE(recent.size(), settings::kMaxRecent);
        QCOMPARE(recent[0].path, QStringLiteral("/data/set5"));
        QCOMPARE(recent[1].path, QStringLiteral("/data/set13"));
        QCOMPARE(recent.last().path, QStringLiteral("/data/set4"));
    }

private:
    QTemporaryDir empty_;
};

QTEST_MAIN(TestFileMenu)
#include "tst_filemenu.moc"
