// The main window as a user meets it: menus, About, remembered geometry, switching the language.
#include "aboutdialog.h"
#include "common/devicechoice.h"
#include "common/language.h"
#include "common/settings.h"
#include "classify/classifyarea.h"
#include "compare/comparearea.h"
#include "compare/comparedatasetpage.h"
#include "fileactions.h"
#include "mainwindow.h"
#include "train/trainarea.h"
#include "train/trainform.h"
#include "train/trainpanel.h"
#include "workspace.h"

#include "tl/runtime.h"
#include "ui_suite.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QToolButton>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest/QtTest>

using tl::ui::MainWindow;

namespace {
QStringList menuTitles(MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
}
}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uisuite::start("tst_mainwindow"); }
    void init() {
        QSettings().clear();
        tl::ui::language::apply(QStringLiteral("en"));
    }

    void opensWithMenusAndWelcomeArea() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));
        QCOMPARE(w.windowTitle(), QStringLiteral("Transfer Studio"));
        QCOMPARE(w.areas()->count(), 1);
        QCOMPARE(w.areas()->tabText(0), QStringLiteral("Welcome"));
        QVERIFY(w.quitAction()->shortcut() == QKeySequence(QKeySequence::Quit));
    }

    void addedAreasGetTabsAndShortcuts() {
        MainWindow w;
        auto* area = new QWidget;
        const int index = w.addArea(area, [] { return QStringLiteral("Second"); });
        QCOMPARE(index, 1);
        QCOMPARE(w.areas()->tabText(1), QStringLiteral("Second"));
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w.areas()->currentIndex(), 1);
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w.areas()->currentIndex(), 0);
    }

    void aboutShowsVersionsAndCuda() {
        MainWindow w;
        w.show();
        w.aboutAction()->trigger();
        auto* dialog = w.findChild<tl::ui::AboutDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const tl::RuntimeInfo info = tl::runtimeInfo();
        const QString text = dialog->plainText();
        QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY(text.contains(QString::fromStdString(info.torchVersion)));
        QVERIFY(text.contains(QString::fromStdString(info.opencvVersion)));
        QVERIFY(text.contains(QStringLiteral("CUDA")));
        QVERIFY(text.contains(info.cudaAvailable ? QStringLiteral("available (") : QStringLiteral("not available")));
        dialog->reject();
    }

    void geometryAndAreaAreRemembered() {
        {
            MainWindow w;
            w.addArea(new QWidget, [] { return QStringLiteral("Second"); });
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.resize(900, 650);
            w.move(40, 50);
            w.areas()->setCurrentIndex(1);
            QTest::qWait(20);
            w.close();
        }
        QVERIFY(!tl::ui::settings::mainWindowGeometry().isEmpty());
        MainWindow again;
        again.addArea(new QWidget, [] { return QStringLiteral("Second"); });
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.size(), QSize(900, 650));
        QCOMPARE(again.areas()->currentIndex(), 1);
    }

    void switchingLanguageRetranslatesAndIsRemembered() {
        MainWindow w;
        w.show();
        w.setLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(tl::ui::settings::language(), QStringLiteral("zh_CN"));
        // The language change reaches the windows as a posted event.
        QTRY_COMPARE(menuTitles(w), (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("视图(&V)"), QStringLiteral("帮助(&H)")}));
        QCOMPARE(w.areas()->tabText(0), QStringLiteral("欢迎"));
        w.setLanguage(QStringLiteral("zh_TW"));
        QTRY_COMPARE(menuTitles(w), (QStringList{QStringLiteral("檔案(&F)"), QStringLiteral("檢視(&V)"), QStringLiteral("說明(&H)")}));
        w.setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(menuTitles(w).first(), QStringLiteral("&File"));
        QCOMPARE(tl::ui::settings::language(), QStringLiteral("en"));
    }

    // The whole window as the program builds it: a language switch reaches every area and Qt's own buttons, and
    // switching back leaves no string in the other language.
    void everyAreaSwitchesLanguageLive() {
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        auto* box = new QDialogButtonBox(QDialogButtonBox::Close, &w);  // a standard button: Qt's own translation
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        struct Probe {
            std::function<QString()> read;
            const char* context;
            const char* source;
        };
        const QList<Probe> probes{
            {[&] { return w.areas()->tabText(1); }, "tl::ui::ClassifyArea", "Classify"},
            {[&] { return w.areas()->tabText(2); }, "tl::ui::TrainArea", "Train"},
            {[&] { return w.areas()->tabText(3); }, "tl::ui::CompareArea", "Compare"},
            {[&] { return ws.classify->findChild<QToolButton*>(QStringLiteral("openButton"))->text(); }, "tl::ui::ClassifyArea", "Open…"},
            {[&] { return ws.files->openDatasetAction()->text(); }, "tl::ui::FileActions", "Open &Dataset…"},
            {[&] { return ws.train->trainPanel()->form()->startButton()->text(); }, "tl::ui::TrainForm", "&Start"},
            {[&] { return ws.compare->datasetPage()->runButton()->text(); }, "tl::ui::CompareDatasetPage", "&Run"},
            {[&] { return box->button(QDialogButtonBox::Close)->text(); }, "QPlatformTheme", "Close"},
        };
        const auto check = [&](bool chinese) {
            for (const Probe& p : probes) {
                const QString english = QString::fromUtf8(p.source);
                const QString expected = chinese ? QCoreApplication::translate(p.context, p.source) : english;
                if (chinese && expected == english) return QStringLiteral("%1 \"%2\" has no zh_CN translation").arg(p.context, english);
                if (p.read() != expected)
                    return QStringLiteral("%1 \"%2\": shown \"%3\", expected \"%4\"").arg(p.context, english, p.read(), expected);
            }
            return QString();
        };
        QCOMPARE(check(false), QString());
        w.setLanguage(QStringLiteral("zh_CN"));
        QTRY_COMPARE(check(true), QString());
        w.setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(check(false), QString());
    }

    void oneDeviceChoiceForAllAreas() {
        using tl::ui::DeviceBox;
        using tl::ui::DeviceChoice;
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* box = w.findChild<DeviceBox*>();
        QVERIFY(box);
        QCOMPARE(box->currentData().toString(), QStringLiteral("auto"));  // the default
        QAction* cpuAction = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->data().toString() == QLatin1String("cpu") && a->isCheckable()) cpuAction = a;
        QVERIFY(cpuAction);
        QVERIFY(!cpuAction->isChecked());
        // The user picks the next entry in the status bar's chooser with the keyboard.
        QSignalSpy changed(&DeviceChoice::instance(), &DeviceChoice::changed);
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Down);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(DeviceChoice::instance().current(), QStringLiteral("cpu"));
        QCOMPARE(tl::ui::settings::device(), QStringLiteral("cpu"));
        QVERIFY(cpuAction->isChecked());
        tl::ui::TrainPanel train;
        QCOMPARE(QString::fromStdString(train.config().device), QStringLiteral("cpu"));
        DeviceBox other;  // a chooser made later shows the same choice
        QCOMPARE(other.currentData().toString(), QStringLiteral("cpu"));
        // The View menu's entry changes it back everywhere.
        for (QAction* a : w.findChildren<QAction*>())
            if (a->data().toString() == QLatin1String("auto") && a->isCheckable()) a->trigger();
        QCOMPARE(changed.count(), 2);
        QCOMPARE(box->currentData().toString(), QStringLiteral("auto"));
        QCOMPARE(other.currentData().toString(), QStringLiteral("auto"));
        QCOMPARE(QString::fromStdString(train.config().device), QStringLiteral("auto"));
    }

    void quitClosesTheWindow() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.quitAction()->trigger();
        QVERIFY(!w.isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
