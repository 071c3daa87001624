// transfer-studio-cli's import of weights that are not the published ones, run as a user would: a torchvision
// checkpoint with another SHA-256 (refused, naming --unverified; imported with it, and marked by `models`), and a
// state dict whose classifier has 5 outputs (a model file with the names given by --classes, which `classify`
// reports; a wrong number of names refused naming both numbers). Checkpoints are made at test time: tests/core's
// random-weight resnet18, and a 5-class one by Debian's torchvision. Weight folders are temporary ones.
#include "image_fixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

QString describe(const Result& r) { return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err); }

}  // namespace

class TestCliWeights : public QObject {
    Q_OBJECT

    QTemporaryDir home_;  ///< TORCH_HOME, XDG_CACHE_HOME and KERAS_HOME: nothing from the real home

    Result runCli(const QStringList& args) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TORCH_HOME"), home_.filePath(QStringLiteral("torch")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home_.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("KERAS_HOME"), home_.filePath(QStringLiteral("keras")));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(home_.path());
        p.start(QStringLiteral(TL_CLI_PATH), args);
        if (!p.waitForFinished(180000)) {
            p.kill();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    static QString resnet18Checkpoint() { return qEnvironmentVariable("TL_CHECKPOINT_FIXTURES") + QStringLiteral("/resnet18.pt"); }

    /// The line of `models` about resnet18.
    QString resnet18Line(const QString& table) {
        for (const QString& line : table.split(QLatin1Char('\n')))
            if (line.startsWith(QStringLiteral("resnet18 "))) return line;
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(home_.isValid()); }

    void checksumMismatchNamesUnverifiedThenImportsWithIt() {
        QVERIFY2(QFileInfo::exists(resnet18Checkpoint()), qPrintable(resnet18Checkpoint()));
        // Random weights: their SHA-256 is not the published one that resnet18's file name carries.
        const Result refused = runCli({QStringLiteral("import"), resnet18Checkpoint(), QStringLiteral("--model"), QStringLiteral("resnet18")});
        QVERIFY2(refused.exitCode == 1, qPrintable(describe(refused)));
        QVERIFY2(refused.err.contains(QStringLiteral("checksum did not match")) && refused.err.contains(QStringLiteral("--unverified")),
                 qPrintable(describe(refused)));
        QVERIFY2(resnet18Line(runCli({QStringLiteral("models")}).out).contains(QStringLiteral("not downloaded")),
                 "resnet18 should have no weights yet");

        const Result imported = runCli(
            {QStringLiteral("import"), resnet18Checkpoint(), QStringLiteral("--model"), QStringLiteral("resnet18"), QStringLiteral("--unverified")});
        QVERIFY2(imported.exitCode == 0, qPrintable(describe(imported)));
        const QString stored = home_.filePath(QStringLiteral("cache/transfer-studio/weights/unverified/resnet18-f37072fd.pth"));
        QVERIFY2(imported.out.contains(stored) && imported.out.contains(QStringLiteral("unverified")), qPrintable(describe(imported)));
        QVERIFY2(QFileInfo::exists(stored), qPrintable(stored));

        const Result models = runCli({QStringLiteral("models")});
        QVERIFY2(models.exitCode == 0, qPrintable(describe(models)));
        const QString line = resnet18Line(models.out);
        QVERIFY2(line.contains(stored) && line.contains(QStringLiteral("(unverified weights)")),
                 qPrintable(QStringLiteral("resnet18's line: ") + line));
        const int marked = static_cast<int>(models.out.split(QLatin1Char('\n')).filter(QStringLiteral("unverified")).size());
        QVERIFY2(marked == 1, qPrintable(QStringLiteral("%1 lines mention unverified weights; expected 1 (resnet18's)").arg(marked)));

        const Result json = runCli({QStringLiteral("models"), QStringLiteral("--json")});
        QString state;
        for (const auto v : QJsonDocument::fromJson(json.out.toUtf8()).array())
            if (v.toObject().value(QStringLiteral("id")).toString() == QStringLiteral("resnet18"))
                state = v.toObject().value(QStringLiteral("weights_state")).toString();
        QCOMPARE(state, QStringLiteral("unverified"));
    }

    void stateDictWithFiveClassesBecomesAModelFile() {
        const QString five = home_.filePath(QStringLiteral("flowers-resnet18.pth"));
        QProcess python;
        python.start(QStringLiteral(TL_PYTHON), {QStringLiteral("-c"),
                                                 QStringLiteral("import sys, torch, torchvision\n"
                                                                "torch.manual_seed(0)\n"
                                                                "net = torchvision.models.resnet18(weights=None, num_classes=5)\n"
                                                                "torch.save(net.state_dict(), sys.argv[1])\n"),
                                                 five});
        QVERIFY(python.waitForFinished(180000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

        // Without class names: refused, saying how.
        const Result plain = runCli({QStringLiteral("import"), five, QStringLiteral("--model"), QStringLiteral("resnet18")});
        QVERIFY2(plain.exitCode == 1 && plain.err.contains(QStringLiteral("5 outputs")) && plain.err.contains(QStringLiteral("--classes")),
                 qPrintable(describe(plain)));

        // Three names for five outputs: both numbers named, nothing written.
        const QString out = home_.filePath(QStringLiteral("flowers.safetensors"));
        const Result wrong = runCli({QStringLiteral("import"), five, QStringLiteral("--model"), QStringLiteral("resnet18"),
                                     QStringLiteral("--classes"), QStringLiteral("a,b,c"), QStringLiteral("-o"), out});
        QVERIFY2(wrong.exitCode == 1 && wrong.err.contains(QStringLiteral("3 class names")) && wrong.err.contains(QStringLiteral("5 outputs")),
                 qPrintable(describe(wrong)));
        QVERIFY(!QFileInfo::exists(out));

        const QStringList names{QStringLiteral("daisy"), QStringLiteral("dandelion"), QStringLiteral("rose"), QStringLiteral("sunflower"),
                                QStringLiteral("tulip")};
        const Result made = runCli({QStringLiteral("import"), five, QStringLiteral("--model"), QStringLiteral("resnet18"),
                                    QStringLiteral("--classes"), names.join(QLatin1Char(',')), QStringLiteral("-o"), out});
        QVERIFY2(made.exitCode == 0 && made.out.contains(QStringLiteral("5 classes")), qPrintable(describe(made)));
        const Result classified = runCli({QStringLiteral("classify"), QStringLiteral("--model"), out, QStringLiteral("-k"), QStringLiteral("5"),
                                          QStringLiteral("--json"), QString::fromStdString(fixtures::path("rgb.jpg"))});
        QVERIFY2(classified.exitCode == 0, qPrintable(describe(classified)));
        QStringList labels;
        const QJsonObject doc = QJsonDocument::fromJson(classified.out.toUtf8()).object();
        for (const auto p : doc.value(QStringLiteral("results")).toArray().at(0).toObject().value(QStringLiteral("top")).toArray())
            labels << p.toObject().value(QStringLiteral("label")).toString();
        labels.sort();
        QCOMPARE(labels, names);

        // --num-classes: the names are "class 0" ... "class 4".
        const QString numbered = home_.filePath(QStringLiteral("numbered.safetensors"));
        const Result byCount = runCli({QStringLiteral("import"), five, QStringLiteral("--model"), QStringLiteral("resnet18"),
                                       QStringLiteral("--num-classes"), QStringLiteral("5"), QStringLiteral("-o"), numbered});
        QVERIFY2(byCount.exitCode == 0 && QFileInfo::exists(numbered), qPrintable(describe(byCount)));
        const Result wrongCount =
            runCli({QStringLiteral("import"), five, QStringLiteral("--model"), QStringLiteral("resnet18"), QStringLiteral("--num-classes"),
                    QStringLiteral("4"), QStringLiteral("-o"), numbered + QStringLiteral("2")});
        QVERIFY2(wrongCount.exitCode == 1 && wrongCount.err.contains(QStringLiteral("4 class names")) &&
                     wrongCount.err.contains(QStringLiteral("5 outputs")),
                 qPrintable(describe(wrongCount)));
    }
};

QTEST_GUILESS_MAIN(TestCliWeights)
#include "tst_cli_weights.moc"
