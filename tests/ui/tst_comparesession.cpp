// The Compare area's session without its widgets: a file that is not a model file is refused with the
// message the list shows (and a drop's .safetensors that is not one is left alone), a model file is read
// once when it joins, the checked models are remembered for the next session (and a checklist made on a
// session shows and edits its checks), and a run's refusals and results arrive through its signals.
// Models are made at test time (random weights, 48-pixel input).
#include "dataset_maker.h"
#include "measured.h"

#include "common/settings.h"
#include "compare/comparesession.h"
#include "compare/modelchecklist.h"

#include "tl/catalog.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"
#include "ui_suite.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QtTest/QtTest>

namespace fs = std::filesystem;
using tl::ui::CompareSession;
using tl::ui::ModelChecklist;

namespace {

constexpr int kClasses = 6;
constexpr int kPerClass = 8;

QString str(const fs::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

class TestCompareSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        uisuite::start("tst_comparesession");
        tl::ui::settings::setDevice(QStringLiteral("cpu"));
        uisuite::weightStoreWith("cmps", "resnet18");

        data_ = dsmaker::freshDir("cmps_data");
        std::vector<std::string> classes;
        for (int c = 0; c < kClasses; ++c) {
            classes.push_back("kind" + std::to_string(c));
            dsmaker::fill(data_ / classes.back(), c, kPerClass);
        }
        modelsDir_ = dsmaker::freshDir("cmps_models");
        const std::pair<const char*, const char*> made[] = {
            {"resnet18-a", "resnet18"}, {"mobilenet-small", "mobilenet_v3_small"}, {"resnet18-b", "resnet18"}};
        for (const auto& [name, arch] : made) {
            const tl::Model model = tl::Model::create(arch, kClasses);
            tl::ModelFileInfo info;
            info.baseModel = arch;
            info.classes = classes;
            info.preprocessing = tl::recipeFor("torchvision", 48);
            const fs::path path = modelsDir_ / (std::string(name) + ".safetensors");
            tl::saveModelFile(model, path.string(), info);
            modelFiles_ << str(path);
        }
    }

    void init() {
        QSettings().clear();  // each test starts with nothing remembered
        tl::ui::settings::setDevice(QStringLiteral("cpu"));
    }

    void refusesWhatIsNotAModelFile() {
        CompareSession session;
        QVERIFY(session.checkedModels().isEmpty());
        const auto before = session.models().size();
        QSignalSpy message(&session, &CompareSession::modelMessageChanged);
        QSignalSpy changed(&session, &CompareSession::modelsChanged);
        // A .safetensors file that is not a model file: refused with the list's message, the list unchanged.
        const QString fake = str(modelsDir_ / "weights-only.safetensors");
        {
            QFile f(fake);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a model file at all");
        }
        QVERIFY(!session.addModelFile(fake));
        QCOMPARE(session.modelMessage(), QStringLiteral("%1 is not a Transfer Studio model file.").arg(QDir::toNativeSeparators(fake)));
        QCOMPARE(message.count(), 1);
        QCOMPARE(message.first().first().toString(), session.modelMessage());
        QCOMPARE(session.models().size(), before);
        QCOMPARE(session.indexOf(fake), -1);
        QCOMPARE(changed.count(), 0);
        // A checklist made now shows the message.
        ModelChecklist list(&session);
        QCOMPARE(list.message()->text(), session.modelMessage());
        // Offered by a drop, it is left to be something else, without a message; an image is not even read.
        message.clear();
        QVERIFY(!session.offerModelFile(fake));
        QVERIFY(!session.offerModelFile(str(data_ / "kind0" / "img_000.png")));
        QCOMPARE(message.count(), 0);
        QCOMPARE(session.models().size(), before);
        // A model file offered joins, checked, read once: its entry carries the metadata the list shows.
        QVERIFY(session.offerModelFile(modelFiles_[1]));
        QVERIFY(session.modelMessage().isEmpty());
        QVERIFY(list.message()->text().isEmpty());
        const int i = session.indexOf(modelFiles_[1]);
        QCOMPARE(i, static_cast<int>(before));
        const CompareSession::Entry& entry = session.models()[static_cast<std::size_t>(i)];
        QVERIFY(entry.ref.isFile());
        QVERIFY(entry.checked);
        QVERIFY(entry.ref.fileInfo());
        QCOMPARE(entry.ref.fileInfo()->arch, std::string("mobilenet_v3_small"));
        QCOMPARE(static_cast<int>(entry.ref.fileInfo()->classes.size()), kClasses);
        QCOMPARE(list.list()->count(), static_cast<int>(before) + 1);
        QCOMPARE(list.list()->item(i)->text(), QStringLiteral("mobilenet-small.safetensors"));
        QVERIFY2(list.list()->item(i)->toolTip().contains(QStringLiteral("mobilenet_v3_small fine-tuned for 6 class")),
                 qPrintable(list.list()->item(i)->toolTip()));
        QCOMPARE(session.checkedModels(), QStringList{modelFiles_[1]});
        // Removed through the list: gone from the session.
        list.list()->setCurrentRow(i);
        QVERIFY(list.removeButton()->isEnabled());
        list.removeSelected();
        QCOMPARE(session.indexOf(modelFiles_[1]), -1);
        QCOMPARE(list.list()->count(), static_cast<int>(before));
        QVERIFY(session.checkedModels().isEmpty());
        // A catalog model cannot be removed; one without weights cannot be checked.
        session.removeModelFile(QStringLiteral("resnet18"));
        QVERIFY(session.indexOf(QStringLiteral("resnet18")) >= 0);
        session.setModelChecked(QStringLiteral("resnet50"), true);
        QVERIFY(session.indexOf(QStringLiteral("resnet50")) >= 0);
        QVERIFY(session.checkedModels().isEmpty());
        QFile::remove(fake);
    }

    void remembersTheCheckedModels() {
        QStringList checked;
        {
            CompareSession session;
            for (const QString& f : modelFiles_) QVERIFY(session.addModelFile(f));
            QCOMPARE(session.checkedModels(), modelFiles_);
            QSignalSpy check(&session, &CompareSession::modelCheckChanged);
            session.setModelChecked(modelFiles_[1], false);
            session.setModelChecked(QStringLiteral("resnet18"), true);  // its weights are in the test's store
            QCOMPARE(check.count(), 2);
            QCOMPARE(check.first().first().toInt(), session.indexOf(modelFiles_[1]));
            checked = session.checkedModels();
            QCOMPARE(checked, QStringList({QStringLiteral("resnet18"), modelFiles_[0], modelFiles_[2]}));
        }
        {
            CompareSession again;  // a new session: the same files offered, the same checks
            QCOMPARE(again.checkedModels(), checked);
            for (const QString& f : modelFiles_) QVERIFY(again.indexOf(f) >= 0);
            // A checklist made on it shows them ...
            ModelChecklist list(&again);
            QCOMPARE(list.list()->count(), static_cast<int>(again.models().size()));
            for (int r = 0; r < list.list()->count(); ++r)
                QCOMPARE(list.list()->item(r)->checkState() == Qt::Checked,
                         checked.contains(list.list()->item(r)->data(ModelChecklist::RefRole).toString()));
            // ... and a check made in it goes to the session, a change in the session shows in it.
            list.list()->item(again.indexOf(modelFiles_[1]))->setCheckState(Qt::Checked);
            again.setModelChecked(QStringLiteral("resnet18"), false);
            QCOMPARE(list.list()->item(again.indexOf(QStringLiteral("resnet18")))->checkState(), Qt::Unchecked);
            QCOMPARE(again.checkedModels(), modelFiles_);
        }
        CompareSession third;
        QCOMPARE(third.checkedModels(), modelFiles_);
        // A remembered file that is gone is not offered again.
        const QString gone = str(modelsDir_ / "gone.safetensors");
        QVERIFY(QFile::copy(modelFiles_[0], gone));
        QVERIFY(third.addModelFile(gone));
        QVERIFY(QFile::remove(gone));
        CompareSession fourth;
        QCOMPARE(fourth.indexOf(gone), -1);
        QCOMPARE(fourth.checkedModels(), modelFiles_);
    }

    void deliversARunsResultsBySignal() {
        CompareSession session;
        for (const QString& f : modelFiles_) QVERIFY(session.addModelFile(f));
        QSignalSpy refused(&session, &CompareSession::runRefused);
        QSignalSpy started(&session, &CompareSession::runStarted);
        QSignalSpy progressed(&session, &CompareSession::progressed);
        QSignalSpy done(&session, &CompareSession::imagesCompared);
        QSignalSpy finished(&session, &CompareSession::comparisonFinished);
        // No dataset folder: refused with the reason, nothing started.
        session.setDatasetFolder(QString());
        QVERIFY(!session.runDataset());
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.first().at(0).value<CompareSession::Run>(), CompareSession::Run::Dataset);
        QCOMPARE(refused.first().at(1).toString(), QStringLiteral("Choose a dataset folder first."));
        QCOMPARE(started.count(), 0);

        const QStringList images{str(data_ / "kind1" / "img_000.png"), str(data_ / "kind4" / "img_002.png"), str(data_ / "kind5")};
        QVERIFY(session.runImages(images));
        QVERIFY(session.busy());
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().at(0).value<CompareSession::Run>(), CompareSession::Run::Images);
        QCOMPARE(started.first().at(1).toInt(), 3);
        // A second run while one goes: refused with the reason.
        refused.clear();
        session.setDatasetFolder(str(data_));
        QVERIFY(!session.runDataset());
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.first().at(1).toString(), QStringLiteral("A comparison is running: wait for it or cancel it (Esc)."));
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!session.busy());
        QVERIFY(session.imagesOutcome().ok());
        TL_VERIFY_AT_LEAST(progressed.count(), 1);
        for (const auto& p : progressed) QCOMPARE(p.at(1).toInt(), 3);  // "of 3 models"
        // Two files and the folder's images, every model on every one, a thumbnail each.
        const tl::FileComparison& fc = session.fileComparison();
        QCOMPARE(static_cast<int>(fc.models.size()), 3);
        QCOMPARE(static_cast<int>(fc.files.size()), 2 + kPerClass);
        QCOMPARE(session.thumbnails().size(), fc.files.size());
        for (const QImage& t : session.thumbnails()) QVERIFY(!t.isNull());
        for (const auto& results : fc.results) QCOMPARE(results.size(), fc.files.size());
        QCOMPARE(session.images(), images);
        // Nothing left to classify: the run ends failed, with the reason, and the last results stay.
        done.clear();
        QVERIFY(session.runImages({str(modelsDir_ / "no-such-folder")}));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(session.imagesOutcome().error, QStringLiteral("There are no images among the files and folders given."));
        QCOMPARE(static_cast<int>(session.fileComparison().files.size()), 2 + kPerClass);
        // Fewer than two checked: refused at once.
        refused.clear();
        session.setModelChecked(modelFiles_[0], false);
        session.setModelChecked(modelFiles_[1], false);
        QVERIFY(!session.runImagesAgain());
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.first().at(1).toString(), QStringLiteral("Check at least two models to compare."));
    }

private:
    fs::path data_;
    fs::path modelsDir_;
    QStringList modelFiles_;
};

QTEST_MAIN(TestCompareSession)
#include "tst_comparesession.moc"
