// Runs the transfer-studio-cli binary as a user would and checks exit codes and output.
#include "tl/version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QJsonObject>
#include <QProcess>
#include <QtTest/QtTest>

namespace {
// AddressSanitizer replaces malloc, so the allocator cannot be configured in that build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAllocatorConfigurable = false;
#else
constexpr bool kAllocatorConfigurable = true;
#endif

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TL_CLI_PATH), args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionPrintsTheVersion() {
        for (const QString& flag : {QStringLiteral("--version"), QStringLiteral("-V")}) {
            const Result r = runCli({flag});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out.trimmed(), QStringLiteral("transfer-studio-cli ") + QLatin1String(tl::kVersion));
        }
    }

    void helpListsSubcommands() {
        const Result r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Subcommands:")), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\n\\s+info\\s"))));
        QVERIFY(r.out.contains(QStringLiteral("--threads")));
    }

    void noSubcommandFails() {
        const Result r = runCli({});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("subcommand")), qPrintable(r.err));
    }

    void unknownSubcommandFails() {
        const Result r = runCli({QStringLiteral("frobnicate")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("frobnicate")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("--help")));
    }

    void badFlagFails() {
        Result r = runCli({QStringLiteral("info"), QStringLiteral("--no-such-flag")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("--no-such-flag")), qPrintable(r.err));
        r = runCli({QStringLiteral("--threads"), QStringLiteral("many"), QStringLiteral("info")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("many")), qPrintable(r.err));
    }

    void infoReportsRuntime() {
        const Result r = runCli({QStringLiteral("info")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("LibTorch ")));
        QVERIFY(r.out.contains(QStringLiteral("OpenCV ")));
        QVERIFY(r.out.contains(QStringLiteral("Device: ")));
        QCOMPARE(r.out.contains(QStringLiteral("configured for large tensors")), kAllocatorConfigurable);
    }

    void infoJsonHonoursThreads() {
        const Result r = runCli({QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("info"),
                                 QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(QStringLiteral("threads")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("version")).toString(), QLatin1String(tl::kVersion));
        QCOMPARE(o.value(QStringLiteral("allocator_configured")).toBool(), kAllocatorConfigurable);
        QVERIFY(o.contains(QStringLiteral("cuda_available")));
        QVERIFY(!o.value(QStringLiteral("libtorch")).toString().isEmpty());
    }

    void modelsListsTheCatalog() {
        const Result r = runCli({QStringLiteral("models"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray models = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(models.size(), 10);
        QCOMPARE(models.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("vgg16"));
        QCOMPARE(models.first().toObject().value(QStringLiteral("params")).toInteger(), 138357544);
        const Result table = runCli({QStringLiteral("models")});
        QVERIFY(table.out.contains(QStringLiteral("mobilenet_v3_small")));
    }

    void summaryIsKerasLike() {
        const Result r = runCli({QStringLiteral("summary"), QStringLiteral("resnet18"), QStringLiteral("--classes"),
                                 QStringLiteral("10"), QStringLiteral("--leaves")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Total params: 11,181,642")), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\nfc\\s+Linear\\s+\\(None, 10\\)\\s+5,130"))));
        QVERIFY(r.out.contains(QStringLiteral("(None, 512, 7, 7)")));
    }

    void unknownModelIsNamed() {
        const Result r = runCli({QStringLiteral("summary"), QStringLiteral("resnet51")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("resnet51")) && r.err.contains(QStringLiteral("known:")), qPrintable(r.err));
    }

    void importRefusesABrokenFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.pth"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("PK\x03\x04 this zip ends here");
        f.close();
        const Result r = runCli({QStringLiteral("import"), path});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("broken.pth")), qPrintable(r.err));
    }

    void allocatorCanBeLeftAlone() {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TL_NO_MALLOPT"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TL_CLI_PATH), {QStringLiteral("info"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(120000));
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(o.value(QStringLiteral("allocator_configured")).toBool(true), false);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
