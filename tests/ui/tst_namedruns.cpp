// Runs by their names, in the whole window (tl::ui::populate, as the program builds it): Start asks the run's name
// (Esc starts nothing), the run keeps it (config.json, the model file), and the Train area's runs with a model are
// offered in Classify's model list ("Your runs") and Compare's checklist by that name, which is also what the
// status line and the image comparison's columns show; new runs appear when the Train area's runs change. Weights
// files (.pth) dropped on Classify and on Compare go through the import that Import weights… uses.
#include "classify/classifyarea.h"
#include "common/settings.h"
#include "common/trainedmodels.h"
#include "compare/comparearea.h"
#include "compare/compareimagespage.h"
#include "compare/comparesession.h"
#include "compare/imagecomparisontable.h"
#include "compare/modelchecklist.h"
#include "dataset_maker.h"
#include "mainwindow.h"
#include "modal.h"
#include "model_file_maker.h"
#include "train/runslist.h"
#include "train/trainarea.h"
#include "train/trainform.h"
#include "train/trainpanel.h"
#include "train/trainsession.h"
#include "workspace.h"

#include "tl/catalog.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/runtime.h"

#include <QComboBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest/QtTest>

namespace fs = std::filesystem;
using tl::ui::MainWindow;
namespace settings = tl::ui::settings;

namespace {

/// Drops `paths` on `target` as a file manager does; true when both the enter and the drop were accepted.
bool dropOn(QWidget* target, const QStringList& paths) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

QStringList comboTexts(const QComboBox* box) {
    QStringList texts;
    for (int i = 0; i < box->count(); ++i) texts << box->itemText(i);
    return texts;
}

QStringList listTexts(const QListWidget* list) {
    QStringList texts;
    for (int i = 0; i < list->count(); ++i) texts << list->item(i)->text();
    return texts;
}

/// A hand-made model file (metadata only) in `runs`/`folder`, named `name` when it is not empty.
QString writeRunModel(const fs::path& runs, const std::string& folder, const std::string& name) {
    fs::create_directories(runs / folder);
    auto metadata = tltest::validModelMetadata();
    if (!name.empty()) metadata["name"] = name;
    const QString path = QString::fromStdString((runs / folder / "model.safetensors").string());
    return tltest::writeModelFile(path, metadata) ? path : QString();
}

void screenshot(QWidget* widget, const QString& name) {
    if (!qEnvironmentVariableIsSet("TL_SCREENSHOT_DIR")) return;
    QVERIFY(widget->grab().save(qEnvironmentVariable("TL_SCREENSHOT_DIR") + QLatin1Char('/') + name));
}

const char* const kFlowers = "flowers \xc2\xb7 ResNet-18 \xc2\xb7 2026-12-08 10:00";

}  // namespace

class TestNamedRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TransferStudioTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_namedruns"));
        QSettings().clear();
        // The test-made resnet18 checkpoint where the weight store looks for torchvision's file.
        const fs::path torchHome = dsmaker::freshDir("nr_torch");
        fs::create_directories(torchHome / "hub" / "checkpoints");
        fs::copy_file(qEnvironmentVariable("TL_CHECKPOINT_FIXTURES").toStdString() + "/resnet18.pt",
                      torchHome / "hub" / "checkpoints" / tl::Catalog::builtin().get("resnet18").weights.fileName);
        qputenv("TORCH_HOME", torchHome.string().c_str());
        qputenv("XDG_CACHE_HOME", dsmaker::freshDir("nr_cache").string().c_str());
    }

    void runsAreListedByTheirNames() {
        // A runs folder: a named run, one from before runs had names, one still training, one with a damaged model.
        const fs::path runs = dsmaker::freshDir("nr_listed");
        const QString named = writeRunModel(runs, "resnet18-20261208-100000", kFlowers);
        const QString unnamed = writeRunModel(runs, "resnet18-20261207-090000", "");
        QVERIFY(!named.isEmpty() && !unnamed.isEmpty());
        fs::create_directories(runs / "resnet18-20261208-110000");
        dsmaker::writeText(runs / "resnet18-20261208-110000" / "events.jsonl", "");
        fs::create_directories(runs / "broken");
        dsmaker::writeText(runs / "broken" / "model.safetensors", "not safetensors");

        const tl::ui::TrainedModels found = tl::ui::trainedModelsIn(QString::fromStdString(runs.string()));
        QCOMPARE(found.size(), std::size_t{2});
        QStringList names;
        for (const auto& m : found) names << m.name;
        QVERIFY2(names.contains(QString::fromUtf8(kFlowers)) && names.contains(QStringLiteral("resnet18-20261207-090000")),
                 qPrintable(names.join(u'|')));

        // The whole window, with the Train area's runs folder remembered from last time.
        settings::setTrainRunsFolder(QString::fromStdString(runs.string()));
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // Classify: "Your runs" after the catalog (a title, never chosen), then each run by its name; no file name.
        auto* box = ws.classify->findChild<QComboBox*>(QStringLiteral("modelBox"));
        const QStringList texts = comboTexts(box);
        const int header = static_cast<int>(texts.indexOf(QStringLiteral("Your runs")));
        QVERIFY2(header > 0, qPrintable(texts.join(u'|')));
        QCOMPARE(box->findData(named), box->findText(QString::fromUtf8(kFlowers)));
        QVERIFY(box->findData(named) > header);
        QVERIFY(box->findData(unnamed) > header);
        QCOMPARE(box->itemText(box->findData(unnamed)), QStringLiteral("resnet18-20261207-090000"));
        QVERIFY2(!texts.join(u'|').contains(QStringLiteral("model.safetensors")), qPrintable(texts.join(u'|')));
        const auto* items = qobject_cast<QStandardItemModel*>(box->model());
        QVERIFY(items && !(items->item(header)->flags() & Qt::ItemIsSelectable));
        ws.classify->selectModel(named);
        QCOMPARE(ws.classify->currentModel(), named);
        QVERIFY2(ws.classify->findChild<QLabel*>(QStringLiteral("status"))->text().contains(QString::fromUtf8(kFlowers)),
                 qPrintable(ws.classify->findChild<QLabel*>(QStringLiteral("status"))->text()));

        // Compare: the runs after the catalog's models, by name; checking one is remembered as a check, not as a file
        // the user added.
        tl::ui::CompareSession* compare = ws.compare->session();
        const QStringList checklist = listTexts(ws.compare->checklist()->list());
        QVERIFY2(checklist.contains(QString::fromUtf8(kFlowers)) && checklist.contains(QStringLiteral("resnet18-20261207-090000")),
                 qPrintable(checklist.join(u'|')));
        QVERIFY(!checklist.join(u'|').contains(QStringLiteral("model.safetensors")));
        const int flowersRow = compare->indexOf(named);
        QVERIFY(flowersRow > compare->indexOf(QStringLiteral("resnet18")));
        QVERIFY(compare->models()[static_cast<std::size_t>(flowersRow)].run);
        compare->setModelChecked(named, true);
        QVERIFY(settings::compareModels().contains(named));
        QVERIFY(!settings::compareModelFiles().contains(named));

        // A person's look: the Classify list open on the runs, and Compare's checklist.
        w.areas()->setCurrentWidget(ws.classify);
        box->showPopup();
        QTRY_VERIFY(box->view()->isVisible());
        screenshot(box->view()->window(), QStringLiteral("named-runs-classify-list.png"));
        box->hidePopup();
        w.areas()->setCurrentWidget(ws.compare);
        screenshot(ws.compare->checklist(), QStringLiteral("named-runs-compare-checklist.png"));

        // A new run's model appears when the Train area's runs change (as when a run ends); a run deleted goes, the
        // Classify model chosen stays chosen.
        const QString later = writeRunModel(runs, "resnet18-20261208-120000", "later run");
        fs::remove_all(runs / "resnet18-20261207-090000");
        ws.train->session()->refreshRuns();
        QVERIFY(box->findData(later) > header);
        QCOMPARE(box->itemText(box->findData(later)), QStringLiteral("later run"));
        QCOMPARE(box->findData(unnamed), -1);
        QCOMPARE(ws.classify->currentModel(), named);
        QVERIFY(compare->indexOf(later) >= 0);
        QCOMPARE(compare->indexOf(unnamed), -1);
        QVERIFY(compare->models()[static_cast<std::size_t>(compare->indexOf(named))].checked);
        settings::setClassifyModel(QStringLiteral("resnet18"));
    }

    void startAsksTheNameAndTheRunKeepsIt() {
        const fs::path data = dsmaker::freshDir("nr_pets");
        for (int c = 0; c < 2; ++c) dsmaker::fill(data / ("kind" + std::to_string(c)), c, 6);
        const fs::path runs = dsmaker::freshDir("nr_runs");
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.areas()->setCurrentWidget(ws.train);
        ws.train->setRunsFolder(QString::fromStdString(runs.string()));
        QSignalSpy shown(ws.train, &tl::ui::TrainArea::modelShown);
        ws.train->selectModel(QStringLiteral("resnet18"));
        ws.train->setDataset(QString::fromStdString(data.string()));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().first().toBool() && ws.train->modelReady(), 120000);
        tl::ui::TrainSession* session = ws.train->session();
        tl::ui::TrainForm* form = ws.train->trainPanel()->form();
        form->epochs()->setValue(1);
        form->batchSize()->setValue(4);
        form->imageSize()->setValue(64);

        // Start asks the name, suggesting dataset · model · date; Esc starts nothing.
        QString suggested;
        const auto escaped = tltest::answerModals([&](QWidget* modal) {
            auto* dialog = qobject_cast<QInputDialog*>(modal);
            if (!dialog || dialog->objectName() != QLatin1String("runNameDialog") || !suggested.isEmpty()) return false;
            suggested = dialog->textValue();
            QTest::keyClick(dialog, Qt::Key_Escape);
            return true;
        });
        QTest::mouseClick(form->startButton(), Qt::LeftButton);
        QCOMPARE(*escaped, 1);
        const QString today = QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"));
        QVERIFY2(suggested.startsWith(QStringLiteral("nr_pets \u00b7 ResNet-18 \u00b7 ")) && suggested.contains(today), qPrintable(suggested));
        QVERIFY(!session->running());
        QVERIFY(QDir(QString::fromStdString(runs.string())).isEmpty());

        // Named "pets v1": config.json, the runs list and the model file keep the name.
        const auto named = tltest::answerModals([](QWidget* modal) {
            auto* dialog = qobject_cast<QInputDialog*>(modal);
            if (!dialog || dialog->objectName() != QLatin1String("runNameDialog")) return false;
            dialog->setTextValue(QStringLiteral("pets v1"));
            dialog->accept();
            return true;
        });
        QSignalSpy finished(session, &tl::ui::TrainSession::runFinished);
        QSignalSpy failed(session, &tl::ui::TrainSession::runFailed);
        QTest::mouseClick(form->startButton(), Qt::LeftButton);
        QCOMPARE(*named, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const QString modelFile = QString::fromStdString(finished.first().first().value<tl::RunResult>().modelPath);
        QCOMPARE(tl::readModelFileInfo(modelFile.toStdString()).name, std::string("pets v1"));
        QCOMPARE(session->runs().front().name, QStringLiteral("pets v1"));
        QVERIFY2(ws.train->trainPanel()->runsList()->item(0)->text().startsWith(QStringLiteral("pets v1")),
                 qPrintable(ws.train->trainPanel()->runsList()->item(0)->text()));

        // The run is in Classify's list and Compare's checklist by its name, as soon as it ended.
        auto* box = ws.classify->findChild<QComboBox*>(QStringLiteral("modelBox"));
        const QString absolute = QFileInfo(modelFile).absoluteFilePath();
        QVERIFY2(box->findData(absolute) >= 0, qPrintable(comboTexts(box).join(u'|')));
        QCOMPARE(box->itemText(box->findData(absolute)), QStringLiteral("pets v1"));
        QSignalSpy loaded(ws.classify, &tl::ui::ClassifyArea::modelLoaded);
        ws.classify->selectModel(absolute);
        QTRY_VERIFY_WITH_TIMEOUT(ws.classify->modelReady(), 60000);
        const QString status = ws.classify->findChild<QLabel*>(QStringLiteral("status"))->text();
        QVERIFY2(status.contains(QStringLiteral("pets v1")) && !status.contains(QStringLiteral("model.safetensors")), qPrintable(status));

        // Compared on two images with resnet18: the run's column is named by the run.
        tl::ui::CompareSession* compare = ws.compare->session();
        QVERIFY(compare->indexOf(absolute) >= 0);
        for (const QString& key : compare->checkedModels()) compare->setModelChecked(key, false);
        compare->setModelChecked(absolute, true);
        compare->setModelChecked(QStringLiteral("resnet18"), true);
        QSignalSpy compared(compare, &tl::ui::CompareSession::imagesCompared);
        const auto images = dsmaker::fill(dsmaker::freshDir("nr_images"), 0, 2);
        QVERIFY(compare->runImages({QString::fromStdString(images[0].string()), QString::fromStdString(images[1].string())}));
        QVERIFY(compared.wait(120000));
        QVERIFY(compared.first().first().toBool());
        QStringList headers;
        const auto* table = ws.compare->imagesPage()->resultsTable();
        for (int c = 0; c < table->columnCount(); ++c) headers << table->horizontalHeaderItem(c)->text();
        QVERIFY2(headers.contains(QStringLiteral("pets v1")) && !headers.join(u'|').contains(QStringLiteral("model.safetensors")),
                 qPrintable(headers.join(u'|')));
        settings::setClassifyModel(QStringLiteral("resnet18"));
    }

    void droppedStateDictsAreImported() {
        // A colleague's resnet18 fine-tuned for 3 classes, as torchvision saves it (.pth).
        const fs::path dir = dsmaker::freshDir("nr_drop");
        const std::string three = (dir / "three.safetensors").string();
        tl::ModelFileInfo info;
        info.classes = {"x", "y", "z"};
        tl::saveModelFile(tl::Model::create("resnet18", 3), three, info);
        const QString pth = QString::fromStdString((dir / "colleague.pth").string());
        tl::exportTorchStateDict(three, pth.toStdString());
        MainWindow w;
        const tl::ui::Workspace ws = tl::ui::populate(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // Each question answered as a user would: the model it is for (Compare asks), the class names, where to save.
        QString out;
        QStringList asked;
        const auto answers = tltest::answerModals(
            [&](QWidget* modal) {
                if (auto* input = qobject_cast<QInputDialog*>(modal)) {
                    asked << input->objectName();
                    if (input->objectName() == QLatin1String("weightsModelChoice")) input->setTextValue(QStringLiteral("ResNet-18"));
                    else input->setTextValue(QStringLiteral("cat\ndog\nbird"));
                    input->accept();
                    return true;
                }
                if (auto* save = qobject_cast<QFileDialog*>(modal)) {
                    if (auto* name = save->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))) name->setText(out);
                    QMetaObject::invokeMethod(save, "accept");
                    return true;
                }
                return false;
            },
            240);

        // On Classify (resnet18 chosen): the state dict becomes a model file with the user's classes, and is chosen.
        out = QString::fromStdString((dir / "pets-classify.safetensors").string());
        w.areas()->setCurrentWidget(ws.classify);
        ws.classify->selectModel(QStringLiteral("resnet18"));
        QSignalSpy loaded(ws.classify, &tl::ui::ClassifyArea::modelLoaded);
        QVERIFY(dropOn(ws.classify, {pth}));
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().first().toString() == out, 120000);
        QCOMPARE(tl::readModelFileInfo(out.toStdString()).classes, (std::vector<std::string>{"cat", "dog", "bird"}));

        // On Compare: asked which model it is for, then the same questions; the model file joins the list, checked.
        out = QString::fromStdString((dir / "pets-compare.safetensors").string());
        asked.clear();
        w.areas()->setCurrentWidget(ws.compare);
        tl::ui::CompareSession* compare = ws.compare->session();
        QVERIFY(dropOn(ws.compare, {pth}));
        QTRY_VERIFY_WITH_TIMEOUT(compare->indexOf(out) >= 0, 120000);
        QVERIFY(compare->checkedModels().contains(out));
        QCOMPARE(asked.value(0), QStringLiteral("weightsModelChoice"));
        QCOMPARE(tl::readModelFileInfo(out.toStdString()).classes, (std::vector<std::string>{"cat", "dog", "bird"}));
        QVERIFY2(ws.compare->checklist()->message()->text().contains(QStringLiteral("pets-compare.safetensors")),
                 qPrintable(ws.compare->checklist()->message()->text()));

        // ImageNet's classifier with weights that are not the published file: Classify offers unverified weights.
        const QString copy = QString::fromStdString((dir / "resnet18-copy.pth").string());
        QVERIFY(QFile::copy(qEnvironmentVariable("TL_CHECKPOINT_FIXTURES") + QStringLiteral("/resnet18.pt"), copy));
        QString offer;
        const auto declined = tltest::answerModals([&](QWidget* modal) {
            if (modal->objectName() != QLatin1String("unverifiedOffer")) return false;
            offer = qobject_cast<QMessageBox*>(modal)->text();
            qobject_cast<QMessageBox*>(modal)->reject();
            return true;
        });
        w.areas()->setCurrentWidget(ws.classify);
        ws.classify->selectModel(QStringLiteral("resnet18"));
        // The model loaded first: its "Ready" line would otherwise overwrite the import's answer when it lands later.
        QTRY_VERIFY_WITH_TIMEOUT(ws.classify->modelReady(), 120000);
        QVERIFY(dropOn(ws.classify, {copy}));
        QTRY_VERIFY_WITH_TIMEOUT(*declined == 1, 120000);
        QVERIFY2(offer.contains(QStringLiteral("resnet18-copy.pth")) && offer.contains(QStringLiteral("checksum")), qPrintable(offer));
        QTRY_VERIFY2(ws.classify->findChild<QLabel*>(QStringLiteral("status"))->text().contains(QStringLiteral("Nothing was imported")),
                     qPrintable(ws.classify->findChild<QLabel*>(QStringLiteral("status"))->text()));
        settings::setClassifyModel(QStringLiteral("resnet18"));
    }
};

QTEST_MAIN(TestNamedRuns)
#include "tst_namedruns.moc"
