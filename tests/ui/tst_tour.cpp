// A newcomer's tour of the whole window, as the issue that asked for it tried it: at 1024×640 and 1600×1000, in
// English and in 简体中文. The window is built as main() builds it; Classify gets photos dropped on it, Train a
// dataset, Compare two models and the same photos; then every area and every page of Train and Compare is shown
// in turn. On each: the window keeps the size asked for (no area forces it wider or taller), no text of a label,
// button or combo box is cut off, and nothing outside a scrolling view lies past the window's edge.
// TL_SCREENSHOT_DIR=DIR keeps a picture of each (tour-LANG-WxH-AREA.png), for a person to look at.
#include "dataset_maker.h"
#include "image_fixtures.h"
#include "ui_suite.h"

#include "classify/classifyarea.h"
#include "common/language.h"
#include "common/settings.h"
#include "compare/comparearea.h"
#include "compare/comparesession.h"
#include "mainwindow.h"
#include "train/trainarea.h"
#include "workspace.h"

#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/preprocess.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace fs = std::filesystem;
using tl::ui::MainWindow;

namespace {

QString str(const fs::path& p) { return QString::fromStdString(p.string()); }

bool insideScrollingView(const QWidget* w, const QWidget* top) {
    for (const QWidget* p = w->parentWidget(); p && p != top; p = p->parentWidget())
        if (qobject_cast<const QAbstractScrollArea*>(p)) return true;
    return false;
}

/// The text a widget shows, for messages; empty for widgets without one.
QString shownText(const QWidget* w) {
    if (const auto* l = qobject_cast<const QLabel*>(w)) return l->text();
    if (const auto* b = qobject_cast<const QAbstractButton*>(w)) return b->text();
    if (const auto* c = qobject_cast<const QComboBox*>(w)) return c->currentText();
    return {};
}

/// What is wrong with the page shown: texts cut off, widgets past the window's edge. Empty when nothing.
QStringList layoutProblems(const QWidget& window) {
    QStringList problems;
    const QRect inside = window.rect();
    for (const QWidget* w : window.findChildren<QWidget*>()) {
        if (!w->isVisible() || w->width() == 0) continue;
        const QString text = shownText(w);
        if (text.isEmpty() || qobject_cast<const QAbstractScrollArea*>(w)) continue;
        const auto* label = qobject_cast<const QLabel*>(w);
        // A label that wraps, or shows a picture, or elides on purpose (its minimum width set below its text), is not cut.
        const bool wraps = label && (label->wordWrap() || !label->pixmap().isNull() || label->minimumWidth() > 0);
        const int needed = label ? label->minimumSizeHint().width() : w->minimumSizeHint().width();
        if (!wraps && w->width() < needed)
            problems << QStringLiteral("\"%1\" (%2) is %3 px wide, its text needs %4")
                            .arg(text, QLatin1String(w->metaObject()->className()))
                            .arg(w->width())
                            .arg(needed);
        if (insideScrollingView(w, &window)) continue;
        const QRect at(w->mapTo(&window, QPoint(0, 0)), w->size());
        if (!inside.contains(at))
            problems << QStringLiteral("\"%1\" (%2) lies at %3,%4 %5×%6, past the window's %7×%8")
                            .arg(text, QLatin1String(w->metaObject()->className()))
                            .arg(at.x())
                            .arg(at.y())
                            .arg(at.width())
                            .arg(at.height())
                            .arg(inside.width())
                            .arg(inside.height());
    }
    return problems;
}

}  // namespace

class TestTour : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        uisuite::start("tst_tour");
        QSettings().clear();
        tl::ui::settings::setDevice(QStringLiteral("cpu"));
        tl::ui::settings::setClassifyModel(QStringLiteral("resnet18"));
        // The weight store finds the test-made resnet18 in PyTorch's hub cache; the app's own cache is empty.
        qputenv("TORCH_HOME", QByteArray::fromStdString(fixtures::manifest()["classify"]["torch_home"].get<std::string>()));
        qputenv("XDG_CACHE_HOME", cache_.path().toUtf8());
        for (const auto& r : fixtures::manifest()["classify"]["results"]) photos_ << QString::fromStdString(r["path"].get<std::string>());

        data_ = dsmaker::freshDir("tour_data");
        std::vector<std::string> classes{"circles", "squares", "stripes"};
        for (std::size_t c = 0; c < classes.size(); ++c) dsmaker::fill(data_ / classes[c], static_cast<int>(c), 10);
        // A fine-tuned model on those classes (random weights) to compare with resnet18.
        const tl::Model model = tl::Model::create("mobilenet_v2", static_cast<int>(classes.size()));
        tl::ModelFileInfo info;
        info.baseModel = "mobilenet_v2";
        info.classes = classes;
        info.preprocessing = tl::recipeFor("torchvision", 224);
        modelFile_ = dsmaker::freshDir("tour_models") / "shapes.safetensors";
        tl::saveModelFile(model, modelFile_.string(), info);
    }
    void init() { QSettings().remove(QStringLiteral("compare")); }
    void cleanup() { tl::ui::language::apply(QStringLiteral("en")); }

    void tour_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QSize>("size");
        for (const char* language : {"en", "zh_CN"})
            for (const QSize size : {QSize(1024, 640), QSize(1600, 1000)})
                QTest::addRow("%s-%dx%d", language, size.width(), size.height()) << QString::fromLatin1(language) << size;
    }
    void tour() {
        QFETCH(QString, language);
        QFETCH(QSize, size);
        tl::ui::language::apply(language);
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // Classify: photos dropped, classified by resnet18, the first selected.
        w.areas()->setCurrentWidget(ws.classify);
        if (!ws.classify->modelReady()) {
            QSignalSpy loaded(ws.classify, &tl::ui::ClassifyArea::modelLoaded);
            QVERIFY(loaded.wait(60000));
        }
        QSignalSpy classified(ws.classify, &tl::ui::ClassifyArea::allDone);
        ws.classify->addPaths(photos_);
        QVERIFY(classified.wait(120000));
        ws.classify->list()->setCurrentIndex(ws.classify->list()->model()->index(0, 0));

        // Train: the dataset scanned, resnet18's tree shown.
        QSignalSpy scanned(ws.train, &tl::ui::TrainArea::datasetScanned);
        QSignalSpy modelShown(ws.train, &tl::ui::TrainArea::modelShown);
        ws.train->selectModel(QStringLiteral("resnet18"));
        ws.train->setDataset(str(data_));
        QVERIFY(scanned.wait(60000) || !scanned.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(ws.train->modelReady(), 60000);

        // Compare: resnet18 and the fine-tuned file, on the same photos and on the dataset (where resnet18's row
        // says which class it lacks).
        tl::ui::CompareSession* session = ws.compare->session();
        QVERIFY(session->addModelFile(str(modelFile_)));
        const QString fileKey = session->models()[static_cast<std::size_t>(session->models().size() - 1)].key();
        session->setModelChecked(QStringLiteral("resnet18"), true);
        session->setModelChecked(fileKey, true);
        QCOMPARE(session->checkedModels().size(), 2);
        QSignalSpy imagesCompared(session, &tl::ui::CompareSession::imagesCompared);
        QVERIFY(session->runImages(photos_));
        QVERIFY(imagesCompared.wait(120000));
        session->setDatasetFolder(str(data_));
        QSignalSpy datasetCompared(session, &tl::ui::CompareSession::datasetCompared);
        QVERIFY(session->runDataset());
        QVERIFY(datasetCompared.wait(180000));

        const QString dir = qEnvironmentVariable("TL_SCREENSHOT_DIR");
        const auto visit = [&](const QString& name) {
            QCoreApplication::processEvents();
            QStringList minimums;  // which area or page asks for more room than the window has
            for (QTabWidget* tabs : {w.areas(), ws.train->tabs(), ws.compare->tabs()})
                for (int i = 0; i < tabs->count(); ++i) {
                    const QSize m = tabs->widget(i)->minimumSizeHint().expandedTo(tabs->widget(i)->minimumSize());
                    minimums << QStringLiteral("%1 %2×%3").arg(tabs->tabText(i)).arg(m.width()).arg(m.height());
                }
            QVERIFY2(w.size() == size, qPrintable(QStringLiteral("%1: the window is %2×%3, asked for %4×%5 (its minimum is %6×%7; the pages': %8)")
                                                      .arg(name)
                                                      .arg(w.width())
                                                      .arg(w.height())
                                                      .arg(size.width())
                                                      .arg(size.height())
                                                      .arg(w.minimumSizeHint().width())
                                                      .arg(w.minimumSizeHint().height())
                                                      .arg(minimums.join(QStringLiteral(", ")))));
            const QStringList problems = layoutProblems(w);
            QVERIFY2(problems.isEmpty(), qPrintable(name + QStringLiteral(": ") + problems.join(QStringLiteral("; "))));
            if (!dir.isEmpty())
                QVERIFY(w.grab().save(QStringLiteral("%1/tour-%2-%3x%4-%5.png").arg(dir, language).arg(size.width()).arg(size.height()).arg(name)));
        };
        w.areas()->setCurrentIndex(0);
        visit(QStringLiteral("welcome"));
        w.areas()->setCurrentWidget(ws.classify);
        visit(QStringLiteral("classify"));
        w.areas()->setCurrentWidget(ws.train);
        for (int i = 0; i < ws.train->tabs()->count(); ++i) {
            ws.train->tabs()->setCurrentIndex(i);
            visit(QStringLiteral("train-%1").arg(i));
        }
        w.areas()->setCurrentWidget(ws.compare);
        for (int i = 0; i < ws.compare->tabs()->count(); ++i) {
            ws.compare->tabs()->setCurrentIndex(i);
            visit(QStringLiteral("compare-%1").arg(i));
        }
    }

private:
    QTemporaryDir cache_;
    QStringList photos_;
    fs::path data_;
    fs::path modelFile_;
};

QTEST_MAIN(TestTour)
#include "tst_tour.moc"
