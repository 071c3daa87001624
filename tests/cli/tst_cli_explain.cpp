// transfer-studio-cli explain, run as a user would: Grad-CAM overlays of the fixture photos with the test-made
// resnet18 (its weights found in PyTorch's hub cache), written as PNG files the size of each image and of its crop;
// the map's class named by label; the layers listed; a layer without a spatial output, an unknown class and an
// image that cannot be decoded refused by name, the other images still written.
#include "image_fixtures.h"

#include <QDir>
#include <QImage>
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

Result runCli(const QStringList& args, const QString& cache) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TORCH_HOME"), QString::fromStdString(fixtures::manifest()["classify"]["torch_home"].get<std::string>()));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), cache);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TL_CLI_PATH), args);
    if (!p.waitForFinished(300000)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace

class TestCliExplain : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void writesOverlaysOfEveryImage() {
        const QString out = dir_.filePath(QStringLiteral("maps"));
        QStringList photos;
        for (const auto& r : fixtures::manifest()["classify"]["results"]) photos << QString::fromStdString(r["path"].get<std::string>());
        const QString broken = QString::fromStdString(fixtures::path("truncated.jpg"));
        const Result r = runCli(QStringList{QStringLiteral("explain"), QStringLiteral("-m"), QStringLiteral("resnet18"), QStringLiteral("-o"), out,
                                            QStringLiteral("--json")} +
                                    photos + QStringList{broken},
                                dir_.filePath(QStringLiteral("cache")));
        QCOMPARE(r.exitCode, 1);  // one input could not be explained; the others were
        const QJsonArray results = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), photos.size() + 1);
        for (int i = 0; i < photos.size(); ++i) {
            const QJsonObject o = results[i].toObject();
            QVERIFY2(!o.contains(QStringLiteral("error")), qPrintable(describe(r)));
            QCOMPARE(o.value(QStringLiteral("layer")).toString(), QStringLiteral("layer4"));
            // Without --class: each photo's top-1, as `classify` and the fixture say.
            QCOMPARE(o.value(QStringLiteral("class")).toInt(),
                     fixtures::manifest()["classify"]["results"][static_cast<std::size_t>(i)]["top"][0][0].get<int>());
            const QImage whole(o.value(QStringLiteral("overlay")).toString());
            const QImage crop(o.value(QStringLiteral("crop_overlay")).toString());
            QCOMPARE(whole.size(), QImage(photos[i]).size());
            QCOMPARE(crop.size(), QSize(224, 224));
        }
        QVERIFY2(results.last().toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("truncated.jpg")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("1 of ")), qPrintable(r.err));
    }

    void classByLabelAndLayersListed() {
        const QString cache = dir_.filePath(QStringLiteral("cache"));
        const Result layers =
            runCli({QStringLiteral("explain"), QStringLiteral("-m"), QStringLiteral("resnet18"), QStringLiteral("--list-layers")}, cache);
        QVERIFY2(layers.exitCode == 0, qPrintable(describe(layers)));
        QVERIFY2(layers.out.contains(QStringLiteral("layer4")) && layers.out.contains(QStringLiteral("(default)")), qPrintable(layers.out));
        QVERIFY2(!layers.out.contains(QStringLiteral("\nfc ")), qPrintable(layers.out));  // no spatial output

        const QString photo = QString::fromStdString(fixtures::manifest()["classify"]["results"][0]["path"].get<std::string>());
        const Result byLabel = runCli({QStringLiteral("explain"), QStringLiteral("-m"), QStringLiteral("resnet18"), QStringLiteral("--class"),
                                       QStringLiteral("Tabby"), QStringLiteral("--layer"), QStringLiteral("layer3"), QStringLiteral("--plus-plus"),
                                       QStringLiteral("-o"), dir_.filePath(QStringLiteral("tabby")), QStringLiteral("--json"), photo},
                                      cache);
        QVERIFY2(byLabel.exitCode == 0, qPrintable(describe(byLabel)));
        const QJsonObject doc = QJsonDocument::fromJson(byLabel.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("method")).toString(), QStringLiteral("grad-cam++"));
        const QJsonObject one = doc.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(one.value(QStringLiteral("label")).toString(), QStringLiteral("tabby"));  // ImageNet's 281, matched without case
        QCOMPARE(one.value(QStringLiteral("class")).toInt(), 281);
        QCOMPARE(one.value(QStringLiteral("map")).toArray().first().toInt(), 14);  // layer3 of a 224 input

        const Result flat = runCli({QStringLiteral("explain"), QStringLiteral("-m"), QStringLiteral("resnet18"), QStringLiteral("--layer"),
                                    QStringLiteral("fc"), QStringLiteral("-o"), dir_.filePath(QStringLiteral("fc")), photo},
                                   cache);
        QCOMPARE(flat.exitCode, 1);
        QVERIFY2(flat.err.contains(QStringLiteral("fc")) && flat.err.contains(QStringLiteral("spatial")), qPrintable(describe(flat)));
        QVERIFY(!QDir(dir_.filePath(QStringLiteral("fc"))).exists(QStringLiteral("astronaut.cam.png")));
        const Result unknown = runCli({QStringLiteral("explain"), QStringLiteral("-m"), QStringLiteral("resnet18"), QStringLiteral("--class"),
                                       QStringLiteral("unicorn"), QStringLiteral("-o"), dir_.filePath(QStringLiteral("u")), photo},
                                      cache);
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(QStringLiteral("unicorn")), qPrintable(describe(unknown)));
    }
};

QTEST_MAIN(TestCliExplain)
#include "tst_cli_explain.moc"
