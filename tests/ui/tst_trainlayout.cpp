// The Train area before anything is ready, and the window's layout, from a user's side: the layer tree of the
// chosen architecture is there before a dataset (its head the catalog's until then) and what was chosen in it
// stays when the dataset arrives; whatever cannot be done yet says why, with a button that fixes it (Start, the
// missing weights); the Augmentation page's preview is large, reshuffles and takes any image dropped on it; the
// whole window fits 1024 × 640 with every area, and the device chooser shows its whole text.
#include "dataset_maker.h"
#include "loopback_server.h"
#include "measured.h"

#include "common/devicechoice.h"
#include "common/reasonrow.h"
#include "common/weightsfetcher.h"
#include "compare/comparearea.h"
#include "compare/comparedatasetpage.h"
#include "mainwindow.h"
#include "train/augmentpanel.h"
#include "train/evaluationview.h"
#include "train/layertreemodel.h"
#include "train/modelpanel.h"
#include "train/traincharts.h"
#include "train/trainarea.h"
#include "train/trainform.h"
#include "train/trainpanel.h"
#include "train/trainsession.h"
#include "train/weightschoice.h"
#include "workspace.h"

#include "tl/catalog.h"
#include "tl/runtime.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest/QtTest>

#include <functional>

namespace fs = std::filesystem;
using tl::ui::TrainArea;

namespace {

/// Drops `path` on `target` as a file manager does; true when both the enter and the drop were accepted.
bool dropOn(QWidget* target, const QString& path) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

/// Runs `onModal` on the next modal widget once it is shown (it accepts or rejects it); true once one was seen.
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
    });
    timer->start(20);
    return seen;
}

/// Keeps a picture of `widget` when TL_SCREENSHOT_DIR is set, for a person to look at.
void screenshot(QWidget* widget, const QString& name) {
    if (!qEnvironmentVariableIsSet("TL_SCREENSHOT_DIR")) return;
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);  // as the user sees it: laid out
    QVERIFY(widget->grab().save(qEnvironmentVariable("TL_SCREENSHOT_DIR") + QLatin1Char('/') + name));
}

/// The chain of widgets from `w` down that ask for the most width (or height) (class, object name, minimum), to
/// say which one forces a window larger.
QString widest(QWidget* w, bool height = false) {
    const auto need = [height](QWidget* x) {
        return height ? std::max(x->minimumSizeHint().height(), x->minimumHeight()) : std::max(x->minimumSizeHint().width(), x->minimumWidth());
    };
    QStringList chain;
    while (w) {
        const int min = need(w);
        chain << QStringLiteral("%1 '%2' %3").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName()).arg(min);
        QWidget* next = nullptr;
        int most = -1;
        for (QWidget* child : w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
            if (child->isWindow()) continue;
            const int m = need(child);
            if (m > most) most = m, next = child;
        }
        w = next;
    }
    return chain.join(QStringLiteral(" > "));
}

bool waitFor(QSignalSpy& spy, const std::function<bool()>& done, int ms = 120000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) spy.wait(200);
    return done();
}

}  // namespace

class TestTrainLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("transfer-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_trainlayout"));
        QSettings().clear();
        // resnet18's test-made checkpoint where the weight store looks for torchvision's file; no other weights.
        const fs::path torchHome = dsmaker::freshDir("tl_torch");
        const fs::path hub = torchHome / "hub" / "checkpoints";
        fs::create_directories(hub);
        fs::copy_file(qEnvironmentVariable("TL_CHECKPOINT_FIXTURES").toStdString() + "/resnet18.pt",
                      hub / tl::Catalog::builtin().get("resnet18").weights.fileName);
        qputenv("TORCH_HOME", torchHome.string().c_str());
        qputenv("XDG_CACHE_HOME", dsmaker::freshDir("tl_cache").string().c_str());
        data_ = dsmaker::freshDir("tl_data");
        for (int c = 0; c < 3; ++c) dsmaker::fill(data_ / ("kind" + std::to_string(c)), c, 6);
    }
    void init() { QSettings().clear(); }

    void treeAndReasonsBeforeADataset() {
        TrainArea area;
        area.resize(1024, 600);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QSignalSpy layers(&area, &TrainArea::layersShown);
        area.selectModel(QStringLiteral("resnet18"));
        QVERIFY(layers.wait(60000));
        // The architecture's layers, without weights: the catalog's parameter count (its 1000-class head).
        const tl::ui::LayerTreeModel* tree = area.modelPanel()->layers();
        QVERIFY(tree->leafCount() > 20);
        QCOMPARE(tree->totalParams(), tl::Catalog::builtin().get("resnet18").params);
        QVERIFY(tree->indexOf(QStringLiteral("layer4")).isValid());
        QVERIFY2(area.modelPanel()->classes()->text().contains(QStringLiteral("from the dataset")),
                 qPrintable(area.modelPanel()->classes()->text()));
        QVERIFY(!area.modelReady());

        // Start is off, and says why where it is, with the way on above the tabs; the status line is not "Ready.".
        tl::ui::TrainForm* form = area.trainPanel()->form();
        area.tabs()->setCurrentWidget(area.trainPanel());
        QVERIFY(area.trainPanel()->isEnabled());  // the runs list and the form stay usable
        QVERIFY(!form->startButton()->isEnabled());
        QVERIFY(form->startReason()->isVisible());
        QVERIFY2(form->startReason()->text().contains(QStringLiteral("Choose a dataset first")), qPrintable(form->startReason()->text()));
        QVERIFY(area.reason()->isVisible());
        QPushButton* choose = area.reason()->button(QStringLiteral("Choose Dataset…"));
        QVERIFY(choose && choose->isVisible() && choose->isEnabled());
        const QString status = area.trainPanel()->charts()->status()->text();
        QVERIFY2(status.startsWith(QStringLiteral("Choose a dataset first")), qPrintable(status));
        screenshot(&area, QStringLiteral("train-before-dataset-run.png"));
        // Evaluation before a run: why it is empty, and the way to the Run tab.
        area.tabs()->setCurrentWidget(area.evaluationView());
        QVERIFY(area.evaluationView()->showsEmptyState());
        QVERIFY(area.evaluationView()->goToRunButton()->isVisible());
        QTest::mouseClick(area.evaluationView()->goToRunButton(), Qt::LeftButton);
        QCOMPARE(area.tabs()->currentWidget(), static_cast<QWidget*>(area.trainPanel()));
        area.tabs()->setCurrentWidget(area.modelPanel()->parentWidget());
        screenshot(&area, QStringLiteral("train-before-dataset-model.png"));

        // The button fixes it: the folder dialog, then the scan, the model with its 3-class head, Start on.
        QSignalSpy shown(&area, &TrainArea::modelShown);
        const auto seen = whenModal([this](QWidget* modal) {
            auto* dialog = qobject_cast<QFileDialog*>(modal);
            QVERIFY(dialog);
            dialog->setDirectory(QString::fromStdString(data_.parent_path().string()));
            dialog->selectFile(QString::fromStdString(data_.string()));
            static_cast<QDialog*>(dialog)->accept();
        });
        QTest::mouseClick(choose, Qt::LeftButton);
        QVERIFY(*seen);
        QVERIFY(waitFor(shown, [&] { return area.modelReady(); }));
        QCOMPARE(area.session()->dataset().classes.size(), std::size_t{3});
        QVERIFY(form->startButton()->isEnabled());
        QVERIFY(!form->startReason()->isVisible());
        QVERIFY(!area.reason()->isVisible());
        QCOMPARE(area.trainPanel()->charts()->status()->text(), QStringLiteral("Ready."));
        QCOMPARE(tree->totalParams(), tl::Catalog::builtin().get("resnet18").params - 512 * 997 - 997);  // the head: 3 classes
    }

    void freezeChoiceKeptWhenTheDatasetArrives() {
        TrainArea area;
        QSignalSpy layers(&area, &TrainArea::layersShown);
        area.selectModel(QStringLiteral("resnet18"));
        QVERIFY(waitFor(layers, [&] { return area.modelPanel()->layers()->leafCount() > 0; }));
        tl::ui::ModelPanel* panel = area.modelPanel();
        // Before the dataset: layer1 frozen by hand (a custom plan), with the rest trainable.
        panel->presets()->setCurrentIndex(panel->presets()->findData(QStringLiteral("all")));
        QVERIFY(panel->layers()->setTrainable(QStringLiteral("layer1"), false));
        QCOMPARE(panel->presets()->currentData().toString(), QStringLiteral("custom"));

        QSignalSpy shown(&area, &TrainArea::modelShown);
        area.setDataset(QString::fromStdString(data_.string()));
        QVERIFY(waitFor(shown, [&] { return area.modelReady(); }));
        QCOMPARE(panel->presets()->currentData().toString(), QStringLiteral("custom"));
        QCOMPARE(panel->layers()->trainableState(QStringLiteral("layer1")), Qt::Unchecked);
        QCOMPARE(panel->layers()->trainableState(QStringLiteral("layer4")), Qt::Checked);
        QCOMPARE(area.session()->config().phases.front().freeze.preset, std::string("custom"));

        // "Freeze the first N layers" with N chosen before another dataset: N stays.
        panel->presets()->setCurrentIndex(panel->presets()->findData(QStringLiteral("first_n")));
        panel->firstN()->setValue(7);
        area.setDataset(QString::fromStdString(data_.string()));
        QVERIFY(waitFor(shown, [&] { return area.modelReady(); }));
        QCOMPARE(panel->presets()->currentData().toString(), QStringLiteral("first_n"));
        QCOMPARE(panel->firstN()->value(), 7);
    }

    void missingWeightsSayWhyWithTheWaysOn() {
        TrainArea area;
        area.resize(1024, 600);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QSignalSpy shown(&area, &TrainArea::modelShown);
        area.selectModel(QStringLiteral("mobilenet_v2"));
        area.setDataset(QString::fromStdString(data_.string()));
        QVERIFY(waitFor(shown, [&] { return !shown.isEmpty(); }));
        QCOMPARE(shown.last().first().toBool(), false);
        // The tree is there (the architecture), Start is off, and the row says why with three ways on.
        QVERIFY(area.modelPanel()->layers()->leafCount() > 0);
        QVERIFY(!area.trainPanel()->form()->startButton()->isEnabled());
        QVERIFY2(area.reason()->text().contains(QStringLiteral("not on this machine")), qPrintable(area.reason()->text()));
        for (const char* text : {"Download…", "Import…", "Train from Scratch"}) {
            QPushButton* b = area.reason()->button(QString::fromUtf8(text));
            QVERIFY2(b && b->isVisible(), text);
            QTRY_VERIFY2(b->width() >= b->sizeHint().width(), text);  // its whole text
        }
        screenshot(&area, QStringLiteral("train-missing-weights.png"));

        // Import… asks for a file (cancelled here: nothing changes).
        const auto seen = whenModal([](QWidget* modal) {
            QVERIFY(qobject_cast<QFileDialog*>(modal));
            qobject_cast<QDialog*>(modal)->reject();
        });
        QTest::mouseClick(area.reason()->button(QStringLiteral("Import…")), Qt::LeftButton);
        QVERIFY(*seen);
        QVERIFY(!area.modelReady());

        // Train from Scratch: no pretrained weights needed, so Start can start.
        shown.clear();
        QTest::mouseClick(area.reason()->button(QStringLiteral("Train from Scratch")), Qt::LeftButton);
        QCOMPARE(area.weightsChoice()->mode(), tl::ui::WeightsChoice::Mode::None);
        QVERIFY(waitFor(shown, [&] { return area.modelReady(); }));
        QVERIFY(area.trainPanel()->form()->startButton()->isEnabled());
        QVERIFY(!area.reason()->isVisible());
        area.weightsChoice()->setMode(tl::ui::WeightsChoice::Mode::Store);  // remembered: back for the next test
    }

    void downloadFromTheReasonRow() {
        // Download… runs here: its progress and Cancel on the reason's line; a failure (a loopback mirror serving a
        // file whose checksum is not the published one) says so there, with the ways on still offered.
        QTemporaryDir served;
        QVERIFY(QDir().mkpath(served.filePath(QStringLiteral("root"))));
        QFile file(served.filePath(QStringLiteral("root/") + QString::fromStdString(tl::Catalog::builtin().get("mobilenet_v2").weights.fileName)));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(QByteArray(2 * 1024 * 1024, 'w')) > 0);
        file.close();
        LoopbackServer server;
        QString error;
        QVERIFY2(server.start(served.filePath(QStringLiteral("root")), served.filePath(QStringLiteral("log")), &error), qPrintable(error));
        qputenv("TL_WEIGHTS_MIRROR", (server.base() + QStringLiteral("/slow")).toUtf8());
        struct Unset {
            ~Unset() { qunsetenv("TL_WEIGHTS_MIRROR"); }
        } unset;

        TrainArea area;
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QSignalSpy shown(&area, &TrainArea::modelShown);
        area.selectModel(QStringLiteral("mobilenet_v2"));
        area.setDataset(QString::fromStdString(data_.string()));
        QVERIFY(waitFor(shown, [&] { return !shown.isEmpty(); }));
        QSignalSpy failed(area.fetcher(), &tl::ui::WeightsFetcher::failed);
        QTest::mouseClick(area.reason()->button(QStringLiteral("Download…")), Qt::LeftButton);
        QVERIFY2(area.reason()->text().contains(QStringLiteral("Downloading the weights")), qPrintable(area.reason()->text()));
        QVERIFY(area.reason()->button(QStringLiteral("Cancel")));
        QVERIFY(!area.trainPanel()->form()->startButton()->isEnabled());
        QVERIFY(failed.wait(60000));
        QVERIFY2(area.reason()->text().contains(QStringLiteral("The last try failed")), qPrintable(area.reason()->text()));
        QVERIFY(area.reason()->button(QStringLiteral("Download…")));
        QVERIFY(!area.modelReady());
    }

    void augmentationPreviewIsLargeReshufflesAndTakesAnyImage() {
        tl::ui::AugmentPanel panel;
        panel.resize(1000, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.enable()->setChecked(true);
        panel.rotation()->setValue(40);
        panel.horizontalFlip()->setChecked(true);
        // Any image file dropped on the page: its variants, as the network sees them.
        const fs::path image = dsmaker::freshDir("tl_image") / "photo.png";
        dsmaker::write(image, dsmaker::pattern(1, 0, 120, 90));
        QSignalSpy shown(&panel, &tl::ui::AugmentPanel::previewShown);
        QVERIFY(dropOn(&panel, QString::fromStdString(image.string())));
        QCOMPARE(panel.previewImage(), QString::fromStdString(image.string()));
        QVERIFY(!dropOn(&panel, QString::fromStdString(data_.string())));  // a folder is the Train area's
        QVERIFY(waitFor(shown, [&] { return panel.preview()->count() == tl::ui::AugmentPanel::kPreviewCount; }));
        const QImage first = panel.preview()->item(0)->icon().pixmap(64, 64).toImage();
        // Larger than the old 112 px thumbnails, and growing with the window.
        const int side = panel.previewSide();
        TL_VERIFY_AT_LEAST(side, 150);
        panel.resize(1500, 900);
        QTRY_VERIFY2(panel.previewSide() > side, qPrintable(QStringLiteral("side %1 → %2, the grid %3 px wide")
                                                                 .arg(side)
                                                                 .arg(panel.previewSide())
                                                                 .arg(panel.preview()->viewport()->width())));
        screenshot(&panel, QStringLiteral("train-augmentation.png"));

        // Reshuffle: new draws (another seed, other pictures).
        const auto seed = panel.previewSeed();
        shown.clear();
        QTest::mouseClick(panel.reshuffleButton(), Qt::LeftButton);
        QVERIFY(panel.previewSeed() != seed);
        QVERIFY(waitFor(shown, [&] { return !shown.isEmpty(); }));
        QCOMPARE(panel.preview()->count(), tl::ui::AugmentPanel::kPreviewCount);
        QVERIFY(panel.preview()->item(0)->icon().pixmap(64, 64).toImage() != first);
        // The compact form: every field within the page's first screen height (no tall list).
        const int bottom = panel.ratioHigh()->mapTo(&panel, QPoint(0, panel.ratioHigh()->height())).y();
        TL_VERIFY_AT_MOST(bottom, 600);
    }

    void windowFitsIn1024By640() {
        tl::ui::MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        if (w.minimumSizeHint().width() > 1024)
            for (int i = 0; i < w.areas()->count(); ++i) qWarning().noquote() << widest(w.areas()->widget(i));
        TL_VERIFY_AT_MOST(w.minimumSizeHint().width(), 1024);
        if (w.minimumSizeHint().height() > 640)
            for (int i = 0; i < w.areas()->count(); ++i) qWarning().noquote() << widest(w.areas()->widget(i), true);
        TL_VERIFY_AT_MOST(w.minimumSizeHint().height(), 640);
        w.resize(1024, 640);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.width(), 1024);
        // Every area and every page of Train: nothing asks for more width than the window gives it.
        const QStringList names = {QStringLiteral("welcome"), QStringLiteral("classify"), QStringLiteral("train"), QStringLiteral("compare")};
        for (int i = 0; i < w.areas()->count(); ++i) {
            w.areas()->setCurrentIndex(i);
            QWidget* area = w.areas()->currentWidget();
            QCoreApplication::processEvents();
            if (area->minimumSizeHint().width() > area->width()) qWarning().noquote() << widest(area);
            TL_VERIFY_AT_MOST(area->minimumSizeHint().width(), area->width());
            if (i < names.size()) screenshot(&w, QStringLiteral("window-1024-%1.png").arg(names[i]));
        }
        QTabWidget* trainTabs = ws.train->tabs();
        w.areas()->setCurrentWidget(ws.train);
        for (int i = 0; i < trainTabs->count(); ++i) {
            trainTabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            if (trainTabs->currentWidget()->minimumSizeHint().width() > trainTabs->currentWidget()->width())
                qWarning().noquote() << widest(trainTabs->currentWidget());
            TL_VERIFY_AT_MOST(trainTabs->currentWidget()->minimumSizeHint().width(), trainTabs->currentWidget()->width());
            screenshot(&w, QStringLiteral("window-1024-train-%1.png").arg(i));
        }
        // Long names do not widen it: a weights file with a long name, a long dataset folder.
        const QString longName = QStringLiteral("/data/") + QString(40, QLatin1Char('x')) + QStringLiteral("/resnet18-fine-tuned-") +
                                 QString(120, QLatin1Char('y')) + QStringLiteral(".safetensors");
        ws.train->weightsChoice()->setFile(longName);
        ws.train->weightsChoice()->setMode(tl::ui::WeightsChoice::Mode::File);
        ws.train->datasetFolder()->setText(QStringLiteral("/data/") + QString(300, QLatin1Char('z')));
        QCoreApplication::processEvents();
        if (w.minimumSizeHint().width() > 1024) qWarning().noquote() << widest(ws.train);
        TL_VERIFY_AT_MOST(w.minimumSizeHint().width(), 1024);
        ws.train->weightsChoice()->setMode(tl::ui::WeightsChoice::Mode::Store);
        // Compare's exports say why they are off before a comparison.
        w.areas()->setCurrentWidget(ws.compare);
        QVERIFY(!ws.compare->datasetPage()->exportCsvButton()->isEnabled());
        QVERIFY(!ws.compare->datasetPage()->exportsNote()->isHidden());
        QVERIFY(ws.compare->datasetPage()->exportsNote()->text().contains(QStringLiteral("Run a comparison")));

        // The device chooser shows its whole text.
        auto* device = w.findChild<tl::ui::DeviceBox*>();
        QVERIFY(device);
        const int text = device->fontMetrics().horizontalAdvance(device->currentText());
        TL_VERIFY_AT_LEAST(device->width(), text + 24);
        for (int i = 0; i < device->count(); ++i) TL_VERIFY_AT_LEAST(device->width(), device->fontMetrics().horizontalAdvance(device->itemText(i)) + 24);

        w.resize(1600, 1000);
        QTRY_COMPARE(w.width(), 1600);
        trainTabs->setCurrentWidget(ws.train->trainPanel());
        for (int i = 0; i < w.areas()->count() && i < names.size(); ++i) {
            w.areas()->setCurrentIndex(i);
            QCoreApplication::processEvents();
            screenshot(&w, QStringLiteral("window-1600-%1.png").arg(names[i]));
        }
    }

private:
    fs::path data_;
};

QTEST_MAIN(TestTrainLayout)
#include "tst_trainlayout.moc"
