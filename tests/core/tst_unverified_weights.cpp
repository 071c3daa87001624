// Weights the user takes as they are: a file whose SHA-256 is not the published one imported as unverified
// (kept apart in <cacheDir>/unverified, found only while no verified copy is, replaced by a verified import), still
// checked against the architecture; and a torchvision state dict with another classifier made into a model file
// with the user's class names. Every folder is a temporary one; never the real home. Next to tst_weight_store
// (which has the downloads and the verified imports).
#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/import.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/weight_store.h"

#include "thrown.h"

#include <QtTest/QtTest>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace {

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::string str(const QString& s) { return s.toStdString(); }
QString qs(const std::string& s) { return QString::fromStdString(s); }

const char* stateName(tl::WeightsState s) {
    switch (s) {
        case tl::WeightsState::Absent: return "absent";
        case tl::WeightsState::Verified: return "verified";
        case tl::WeightsState::Unverified: return "unverified";
    }
    return "?";
}

QStringList entries(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot); }

}  // namespace

class TestUnverifiedWeights : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> work_;
    QString cacheDir() const { return work_->filePath(QStringLiteral("cache")); }
    QString unverifiedDir() const { return cacheDir() + QStringLiteral("/unverified"); }

    tl::WeightStoreOptions options() const {
        tl::WeightStoreOptions o;
        o.torchHome = str(work_->filePath(QStringLiteral("torch")));
        o.cacheDir = str(cacheDir());
        o.kerasHome = str(work_->filePath(QStringLiteral("keras")));
        return o;
    }

    /// A resnet18 with `classes` outputs (random weights) as a safetensors state dict under torchvision's names.
    QString resnet18File(const QString& name, int classes) const {
        const QString path = work_->filePath(QStringLiteral("usb/") + name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        tl::ModelFileInfo info;
        info.baseModel = "resnet18";
        for (int i = 0; i < classes; ++i) info.classes.push_back("c" + std::to_string(i));
        tl::saveModelFile(tl::Model::create("resnet18", classes), str(path), info);
        return path;
    }

private Q_SLOTS:
    void init() {
        const QString base = qEnvironmentVariable("TL_TEST_TMP", QDir::tempPath());
        QDir().mkpath(base);
        work_ = std::make_unique<QTemporaryDir>(base + QStringLiteral("/unverified-XXXXXX"));
        QVERIFY(work_->isValid());
    }
    void cleanup() { work_.reset(); }

    void wrongHashImportedAsUnverifiedIsKeptApartUntilAVerifiedOne() {
        QByteArray good(300 * 1024, '\0');
        for (int i = 0; i < good.size(); ++i) good[i] = static_cast<char>((i * 131) >> 3);
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(good, QCryptographicHash::Sha256).toHex());
        const QString fileName = QStringLiteral("tinynet-%1.pth").arg(sha.left(8));
        tl::WeightSource source;
        source.fileName = str(fileName);
        QByteArray other = good;
        other[1000] = static_cast<char>(other[1000] ^ 0x5a);  // a colleague's fine-tune: other bytes, same name
        const QString otherSha = QString::fromLatin1(QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex());
        const QString theirs = work_->filePath(QStringLiteral("usb/theirs.pth"));
        QVERIFY(writeFile(theirs, other));

        tl::WeightStore store(options());
        QCOMPARE(qs(store.unverifiedDir()), unverifiedDir());
        QCOMPARE(stateName(store.state(source)), "absent");

        // Verified (the default): refused, with both values for the caller to show.
        std::optional<tl::ChecksumMismatch> mismatch;
        try {
            store.importFile(str(theirs), source);
        } catch (const tl::ChecksumMismatch& e) {
            mismatch = e;
        }
        QVERIFY2(mismatch, "importing a file with another SHA-256 threw no tl::ChecksumMismatch");
        QCOMPARE(qs(mismatch->expected()), sha.left(8));
        QCOMPARE(qs(mismatch->actual()), otherSha);
        QVERIFY2(entries(cacheDir()).isEmpty() && entries(unverifiedDir()).isEmpty(),
                 qPrintable(QStringLiteral("left behind: %1 | %2").arg(entries(cacheDir()).join(' '), entries(unverifiedDir()).join(' '))));

        // Unverified: stored apart under the catalog's name; found, and said to be unverified.
        const QString stored = qs(store.importFile(str(theirs), source, {}, tl::Trust::Unverified));
        QCOMPARE(stored, unverifiedDir() + QLatin1Char('/') + fileName);
        QCOMPARE(readFile(stored), other);
        QCOMPARE(entries(cacheDir()), QStringList());  // nothing among the verified weights
        QCOMPARE(stateName(store.state(source)), "unverified");
        QCOMPARE(qs(store.find(source).value_or("(none)")), stored);

        // The published file, imported later: it wins, and the unverified copy goes.
        const QString published = work_->filePath(QStringLiteral("usb/") + fileName);
        QVERIFY(writeFile(published, good));
        const QString verified = qs(store.importFile(str(published), source));
        QCOMPARE(verified, cacheDir() + QLatin1Char('/') + fileName);
        QCOMPARE(stateName(store.state(source)), "verified");
        QCOMPARE(qs(store.find(source).value_or("(none)")), verified);
        QCOMPARE(entries(unverifiedDir()), QStringList());
    }

    void unverifiedWeightsMustFitTheArchitecture() {
        const tl::ModelSpec& spec = tl::Catalog::builtin().get("resnet18");
        tl::WeightStore store(options());

        // A classifier of another size: refused, naming the layer; nothing stored.
        const QString wrongShape = resnet18File(QStringLiteral("resnet18-5classes.safetensors"), 5);
        const QString seen = tltest::thrown([&] { store.importCatalogWeights(spec, str(wrongShape), tl::Trust::Unverified); });
        const QStringList words{wrongShape, QStringLiteral("fc.weight")};
        QVERIFY2(tltest::isErrorNaming(seen, words), tltest::expectedError(QStringLiteral("importCatalogWeights(5 classes)"), words, seen));
        QCOMPARE(entries(unverifiedDir()), QStringList());
        QCOMPARE(stateName(store.state(tl::weightSourceOf(spec))), "absent");

        // The right shapes but not the published bytes: only as unverified.
        const QString fits = resnet18File(QStringLiteral("colleague.safetensors"), 1000);
        QVERIFY(tltest::thrown([&] { store.importCatalogWeights(spec, str(fits)); }).contains(QStringLiteral("checksum did not match")));
        const QString stored = qs(store.importCatalogWeights(spec, str(fits), tl::Trust::Unverified));
        QCOMPARE(stored, unverifiedDir() + QLatin1Char('/') + qs(spec.weights.fileName));
        QCOMPARE(stateName(store.state(tl::weightSourceOf(spec))), "unverified");
        const tl::Model loaded = tl::Model::fromCatalog(spec, str(stored));  // and it loads as the model's weights
        QCOMPARE(loaded.classes(), 1000);
    }

    void stateDictWithAnotherHeadBecomesAModelFile() {
        const tl::ModelSpec& spec = tl::Catalog::builtin().get("resnet18");
        const QString five = resnet18File(QStringLiteral("flowers.safetensors"), 5);
        QCOMPARE(tl::stateDictClasses(spec, str(five)), 5);
        QCOMPARE(tl::stateDictClasses(spec, str(resnet18File(QStringLiteral("imagenet.safetensors"), 1000))), 1000);

        const QString out = work_->filePath(QStringLiteral("flowers-model.safetensors"));
        const QString wrongCount = tltest::thrown([&] { tl::importStateDictAsModelFile(spec, str(five), {"a", "b", "c"}, str(out)); });
        const QStringList numbers{QStringLiteral("3 class names"), QStringLiteral("5 outputs")};
        QVERIFY2(tltest::isErrorNaming(wrongCount, numbers), tltest::expectedError(QStringLiteral("3 names for 5 outputs"), numbers, wrongCount));
        QVERIFY(!QFileInfo::exists(out));

        const std::vector<std::string> names{"daisy", "dandelion", "rose", "sunflower", "tulip"};
        const tl::ModelFileInfo written = tl::importStateDictAsModelFile(spec, str(five), names, str(out));
        QCOMPARE(written.classes.size(), names.size());
        const tl::ModelFileInfo read = tl::readModelFileInfo(str(out));
        QCOMPARE(read.arch, std::string("resnet18"));
        QCOMPARE(read.baseModel, std::string("resnet18"));
        QVERIFY2(read.classes == names, qPrintable(QStringLiteral("classes read back: %1").arg(read.classes.size())));
        QCOMPARE(read.preprocessing.inputSize, spec.preprocessing.inputSize);
        QCOMPARE(tl::loadModelFile(str(out)).classes(), 5);
    }
};

QTEST_GUILESS_MAIN(TestUnverifiedWeights)
#include "tst_unverified_weights.moc"
