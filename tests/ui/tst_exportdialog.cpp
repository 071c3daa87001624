// The Export dialog as a user meets it: a fine-tuned model in its run folder is exported as ONNX with a click,
// checked against the app on that run's validation images, the report shown and kept beside the file; the same
// model for PyTorch; a folder that cannot be written to says so and leaves nothing; Cancel keeps nothing.
#include "dataset_maker.h"

#include "common/exportdialog.h"
#include "common/language.h"
#include "common/settings.h"

#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/preprocess.h"
#include "tl/run_log.h"
#include "tl/runtime.h"
#include "tl/train_config.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <fstream>
#include <functional>

namespace fs = std::filesystem;
using tl::ui::ExportDialog;

namespace {

QPushButton* button(QWidget& parent, const QString& text) {
    for (QPushButton* b : parent.findChildren<QPushButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

/// The texts of the dialog's buttons, labels and check boxes, for finding one and for saying what was there instead.
QStringList shownTexts(const QWidget& dialog) {
    QStringList texts;
    for (const QAbstractButton* b : dialog.findChildren<QAbstractButton*>()) texts << b->text();
    for (const QLabel* l : dialog.findChildren<QLabel*>()) texts << l->text();
    return texts;
}

}  // namespace

class TestExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        QCoreApplication::setOrganizationName(QStringLiteral("transfer-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_exportdialog"));
        QSettings().clear();
        // A run folder as the Train area leaves it: config.json naming the dataset, and the model file.
        const fs::path data = dsmaker::freshDir("export_data");
        for (int c = 0; c < 3; ++c) dsmaker::fill(data / ("kind" + std::to_string(c)), c, 8);
        run_ = dsmaker::freshDir("export_run");
        tl::TrainConfig config;
        config.model = "resnet18";
        config.dataset = data.string();
        config.outputDir = run_.string();
        config.validationFraction = 0.25;
        std::ofstream(run_ / "config.json") << tl::trainConfigJson(config);
        tl::Model model = tl::Model::create("resnet18", 3);  // its random outputs differ from image to image
        tl::ModelFileInfo info;
        info.baseModel = "resnet18";
        info.classes = {"kind0", "kind1", "kind2"};
        info.preprocessing = tl::recipeFor("torchvision", 64);
        modelFile_ = QString::fromStdString((run_ / "model.safetensors").string());
        tl::saveModelFile(model, modelFile_.toStdString(), info);
        validation_ = tl::runValidationImages(run_.string()).size();
        QVERIFY(validation_ > 0 && validation_ < 24);
    }

    void onnxIsCheckedOnTheRunsValidationImages() {
        ExportDialog dialog(tl::ModelRef::file(modelFile_.toStdString()));
        dialog.show();
        QCOMPARE(dialog.outputPath(), QString::fromStdString((run_ / "model.onnx").string()));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QPushButton* exportButton = button(dialog, QStringLiteral("&Export"));
        QVERIFY(exportButton);
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QVERIFY(dialog.busy());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), true);
        const QString report = dialog.reportText();
        QVERIFY2(report.contains(QStringLiteral("OpenCV DNN")) && report.contains(QStringLiteral("(%1 images)").arg(validation_)) &&
                     report.contains(QStringLiteral("passed")),
                 qPrintable(report));
        for (const char* name : {"model.onnx", "model.onnx.parity.json", "model.README.md"}) QVERIFY2(fs::exists(run_ / name), name);
        QVERIFY(exportButton->isEnabled());
        // TL_SCREENSHOT_DIR=DIR keeps a picture of the dialog with its report, for a person to look at.
        if (qEnvironmentVariableIsSet("TL_SCREENSHOT_DIR"))
            QVERIFY(dialog.grab().save(qEnvironmentVariable("TL_SCREENSHOT_DIR") + QStringLiteral("/export-dialog.png")));
    }

    void failedCheckKeepsTheFileAndSaysSo() {
        // Float16 weights held to no difference at all: the check fails; the file and its report are kept, and the
        // dialog and the report say FAILED and list the images.
        ExportDialog dialog(tl::ModelRef::file(modelFile_.toStdString()));
        dialog.setFloat16(true);
        dialog.setBound(0.0);
        const fs::path out = run_ / "strict.onnx";
        dialog.setOutputPath(QString::fromStdString(out.string()));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(dialog.startExport());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), false);
        const QString report = dialog.reportText();
        QVERIFY2(report.contains(QStringLiteral("FAILED")) && report.contains(QStringLiteral("the app says")), qPrintable(report));
        QVERIFY(fs::exists(out));
        // The name typed stays for the next export (it was reset to the default once the export ended); another
        // format keeps the name and takes its extension.
        QCOMPARE(dialog.outputPath(), QString::fromStdString(out.string()));
        dialog.setFormat(ExportDialog::Format::Python);
        QCOMPARE(dialog.outputPath(), QString::fromStdString((run_ / "strict.pth").string()));
        dialog.setFormat(ExportDialog::Format::Onnx);
        QCOMPARE(dialog.outputPath(), QString::fromStdString(out.string()));
        std::ifstream json(out.string() + ".parity.json");
        const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
        QVERIFY2(text.find("\"passed\": false") != std::string::npos, text.c_str());
    }

    void pythonWeightsForTheSameModel() {
        ExportDialog dialog(tl::ModelRef::file(modelFile_.toStdString()));
        dialog.setFormat(ExportDialog::Format::Python);
        QCOMPARE(dialog.outputPath(), QString::fromStdString((run_ / "model.pth").string()));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(dialog.startExport());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(dialog.reportText().contains(QStringLiteral("torchvision")), qPrintable(dialog.reportText()));
        QVERIFY(fs::exists(run_ / "model.pth"));
    }

    void unwritableFolderSaysSoAndLeavesNothing() {
        ExportDialog dialog(tl::ModelRef::file(modelFile_.toStdString()));
        const fs::path missing = run_ / "no-such-folder" / "model.onnx";
        dialog.setOutputPath(QString::fromStdString(missing.string()));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(dialog.startExport());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.reportText().contains(QStringLiteral("not exported")) && dialog.reportText().contains(QStringLiteral("no-such-folder")),
                 qPrintable(dialog.reportText()));
        QVERIFY(!fs::exists(missing.parent_path()));
    }

    void cancelKeepsNothing() {
        ExportDialog dialog(tl::ModelRef::file(modelFile_.toStdString()));
        const fs::path out = run_ / "cancelled.onnx";
        dialog.setOutputPath(QString::fromStdString(out.string()));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(dialog.startExport());
        dialog.reject();  // Cancel (Esc) while it runs: the dialog stays open to say what happened
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.reportText().contains(QStringLiteral("Cancelled")), qPrintable(dialog.reportText()));
        QVERIFY(!fs::exists(out));
        QVERIFY(!fs::exists(run_ / "cancelled.onnx.parity.json"));
    }

    void switchingLanguageRetranslatesTheDialog() {
        // A dialog that ended an export (cancelled: its report is showing), with the user's choices: a switch to
        // zh_CN and back rewords the title, the labels, the buttons and the report, and keeps the choices.
        const tl::ModelRef model = tl::ModelRef::file(modelFile_.toStdString());
        ExportDialog dialog(model);
        dialog.show();
        const fs::path out = run_ / "language.onnx";
        dialog.setOutputPath(QString::fromStdString(out.string()));
        dialog.setFloat16(true);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QVERIFY(dialog.startExport());
        dialog.reject();
        QVERIFY(finished.wait(60000));
        const QString output = dialog.outputPath();  // as the export left it
        const auto* format = dialog.findChild<QComboBox*>(QStringLiteral("formatBox"));
        QVERIFY(format);
        const auto tr = [](const char* source) { return QCoreApplication::translate("tl::ui::ExportDialog", source); };
        struct Shown {
            const char* part;
            std::function<QString()> actual;
            std::function<QString()> expected;  // in the current language
            QString english;
        };
        const auto among = [&](const QString& wanted) {
            const QStringList texts = shownTexts(dialog);
            return texts.contains(wanted) ? wanted : texts.join(QStringLiteral(" | "));
        };
        const QString name = QString::fromStdString(model.name());
        const std::vector<Shown> shown = {
            {"window title", [&] { return dialog.windowTitle(); }, [&] { return tr("Export %1").arg(name); }, QStringLiteral("Export %1").arg(name)},
            {"label", [&] { return among(tr("Checked on:")); }, [&] { return tr("Checked on:"); }, QStringLiteral("Checked on:")},
            {"label", [&] { return among(tr("&Save as:")); }, [&] { return tr("&Save as:"); }, QStringLiteral("&Save as:")},
            {"images label", [&] { return among(tr("the validation images of the run it comes from")); },
             [&] { return tr("the validation images of the run it comes from"); }, QStringLiteral("the validation images of the run it comes from")},
            {"button", [&] { return among(tr("&Export")); }, [&] { return tr("&Export"); }, QStringLiteral("&Export")},
            {"button", [&] { return among(tr("Close")); }, [&] { return tr("Close"); }, QStringLiteral("Close")},
            {"format", [&] { return format->itemText(0); },
             [&] { return tr("ONNX — for ONNX Runtime, OpenCV, TensorRT, OpenVINO (checked against the app)"); },
             QStringLiteral("ONNX — for ONNX Runtime, OpenCV, TensorRT, OpenVINO (checked against the app)")},
            {"report", [&] { return dialog.reportText(); },
             [&] { return tr("The model was not exported: %1").arg(tr("Cancelled; nothing was kept.")); },
             QStringLiteral("The model was not exported: Cancelled; nothing was kept.")},
        };
        const auto checkAll = [&](bool translated) {
            for (const Shown& s : shown) {
                const QString actual = s.actual(), expected = s.expected();
                QVERIFY2(actual == expected,
                         qPrintable(QStringLiteral("%1: shows \"%2\", expected \"%3\"").arg(QLatin1String(s.part), actual, expected)));
                if (translated)
                    QVERIFY2(actual != s.english, qPrintable(QStringLiteral("%1: still English: \"%2\"").arg(QLatin1String(s.part), actual)));
                else QCOMPARE(actual, s.english);
            }
        };
        const auto checkChoices = [&] {
            QCOMPARE(dialog.outputPath(), output);
            QCOMPARE(format->currentIndex(), 0);
            QVERIFY(dialog.findChild<QCheckBox*>() && dialog.findChildren<QCheckBox*>().first()->isChecked());  // Float16
        };
        checkAll(false);
        if (QTest::currentTestFailed()) return;
        const auto backToEnglish = qScopeGuard([] { tl::ui::language::apply(QStringLiteral("en")); });  // also on failure
        tl::ui::language::apply(QStringLiteral("zh_CN"));
        QTRY_COMPARE(dialog.windowTitle(), tr("Export %1").arg(name));  // the change comes as a posted event
        checkAll(true);
        if (QTest::currentTestFailed()) return;
        checkChoices();
        tl::ui::language::apply(QStringLiteral("en"));
        QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Export %1").arg(name));
        checkAll(false);
        checkChoices();
    }

private:
    fs::path run_;
    QString modelFile_;
    std::size_t validation_ = 0;
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
