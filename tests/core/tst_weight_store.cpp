// The weight store against a loopback HTTP server (tests/core/http_server.py) that this suite starts:
// full transfer, dropped connection then resume, a server ignoring Range, corrupt bytes, cancel, 404,
// lookup order, mirror, import, and SHA-256 itself. Every folder is a temporary one; never the real home.
#include "tl/error.h"
#include "tl/weight_store.h"

#include <QtTest/QtTest>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include "loopback_server.h"
#include "measured.h"

#include <QProcess>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <vector>

namespace {

/// Runs `f` and returns the message of the exception of type E it throws; nullopt when it throws none.
template <typename E = tl::Error, typename F>
std::optional<QString> messageOf(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return QString::fromUtf8(e.what());
    }
    return std::nullopt;
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QString sha256Of(const QByteArray& bytes) { return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()); }

std::string str(const QString& s) { return s.toStdString(); }

/// Sets an environment variable for one scope and puts the old value back after.
class EnvOverride {
public:
    EnvOverride(const char* name, const std::optional<QByteArray>& value) : name_(name), had_(qEnvironmentVariableIsSet(name)), old_(qgetenv(name)) {
        if (value) qputenv(name, *value);
        else qunsetenv(name);
    }
    ~EnvOverride() {
        if (had_) qputenv(name_, old_);
        else qunsetenv(name_);
    }
    EnvOverride(const EnvOverride&) = delete;
    EnvOverride& operator=(const EnvOverride&) = delete;

private:
    const char* name_;
    bool had_;
    QByteArray old_;
};

}  // namespace

class TestWeightStore : public QObject {
    Q_OBJECT

    LoopbackServer server_;
    std::unique_ptr<QTemporaryDir> serverDir_;  ///< served files and the request log
    std::unique_ptr<QTemporaryDir> work_;       ///< per test: the torch home and the app cache
    QString base_;                              ///< http://127.0.0.1:PORT
    QByteArray payload_;
    QString sha_;
    QString fileName_;  ///< "tinynet-<first 8 hex digits of the SHA-256>.pth"

    QString tempBase() const {
        const QString base = qEnvironmentVariable("TL_TEST_TMP", QDir::tempPath());
        QDir().mkpath(base);
        return base;
    }
    QString logPath() const { return serverDir_->filePath(QStringLiteral("requests.log")); }
    QString torchHome() const { return work_->filePath(QStringLiteral("torch")); }
    QString hubDir() const { return torchHome() + QStringLiteral("/hub/checkpoints"); }
    QString cacheDir() const { return work_->filePath(QStringLiteral("cache")); }
    QString cached(const QString& name) const { return cacheDir() + QLatin1Char('/') + name; }

    tl::WeightStoreOptions options() const {
        tl::WeightStoreOptions o;
        o.torchHome = str(torchHome());
        o.cacheDir = str(cacheDir());
        o.connectTimeoutSeconds = 20;
        o.stallTimeoutSeconds = 20;
        return o;
    }

    /// The test file, served through the given mode segments ("files", "slow", "drop=N", ...).
    tl::WeightSource source(const QString& modes) const {
        tl::WeightSource s;
        s.fileName = str(fileName_);
        s.url = str(base_ + QLatin1Char('/') + modes + QLatin1Char('/') + fileName_);
        return s;
    }

    /// The requests the server saw since this test began.
    QList<QJsonObject> requests() const {
        QList<QJsonObject> list;
        for (const QByteArray& line : readFile(logPath()).split('\n'))
            if (!line.trimmed().isEmpty()) list.append(QJsonDocument::fromJson(line).object());
        return list;
    }

    static QString rangeOf(const QJsonObject& request) { return request.value(QStringLiteral("range")).toString(); }
    static int statusOf(const QJsonObject& request) { return request.value(QStringLiteral("status")).toInt(); }

private Q_SLOTS:
    void initTestCase() {
        // Nothing from the environment may redirect these downloads.
        qunsetenv("TL_WEIGHTS_MIRROR");
        qputenv("no_proxy", "*");
        qputenv("NO_PROXY", "*");

        // 1.5 MiB of deterministic bytes: several progress reports, several server pieces.
        payload_.resize(1536 * 1024 + 123);
        quint32 x = 12345;
        for (char& c : payload_) {
            x = x * 1664525u + 1013904223u;
            c = static_cast<char>(x >> 24);
        }
        sha_ = sha256Of(payload_);
        fileName_ = QStringLiteral("tinynet-%1.pth").arg(sha_.left(8));

        serverDir_ = std::make_unique<QTemporaryDir>(tempBase() + QStringLiteral("/weight-server-XXXXXX"));
        QVERIFY(serverDir_->isValid());
        QVERIFY(writeFile(serverDir_->filePath(QStringLiteral("root/") + fileName_), payload_));

        QString error;
        QVERIFY2(server_.start(serverDir_->filePath(QStringLiteral("root")), logPath(), &error), qPrintable(error));
        base_ = server_.base();
    }

    void cleanupTestCase() { server_.stop(); }

    void init() {
        work_ = std::make_unique<QTemporaryDir>(tempBase() + QStringLiteral("/weight-store-XXXXXX"));
        QVERIFY(work_->isValid());
        QVERIFY(writeFile(logPath(), {}));
    }

    void cleanup() { work_.reset(); }

    void sha256KnownVectors() {
        QCOMPARE(tl::sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(tl::sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        const QString abc = work_->filePath(QStringLiteral("abc.txt"));
        QVERIFY(writeFile(abc, "abc"));
        QCOMPARE(tl::sha256File(str(abc)), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        const QString big = work_->filePath(QStringLiteral("big.bin"));  // more than one read buffer
        QVERIFY(writeFile(big, payload_));
        QCOMPARE(QString::fromStdString(tl::sha256File(str(big))), sha_);

        const QString missing = work_->filePath(QStringLiteral("missing.bin"));
        const auto message = messageOf([&] { tl::sha256File(str(missing)); });
        QVERIFY(message);
        QVERIFY2(message->contains(missing), qPrintable(*message));
    }

    void hashPrefixFromFileName_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("resnet50") << "resnet50-0676ba61.pth"
                                  << "0676ba61";
        QTest::newRow("underscores") << "mobilenet_v3_large-8738ca79.pth"
                                     << "8738ca79";
        QTest::newRow("two dashes") << "inception-v3-0cc3c7bd.pth"
                                    << "0cc3c7bd";
        QTest::newRow("no dash") << "model.pth"
                                 << "";
        QTest::newRow("not hex") << "my-model.pth"
                                 << "";
        QTest::newRow("too short") << "net-abc.pth"
                                   << "";
        QTest::newRow("no dot after") << "net-0676ba61"
                                      << "";
        QTest::newRow("upper case") << "net-0676BA61.pth"
                                    << "";
    }

    void hashPrefixFromFileName() {
        QFETCH(QString, name);
        QFETCH(QString, prefix);
        QCOMPARE(QString::fromStdString(tl::hashPrefixFromFileName(str(name))), prefix);
    }

    void defaultsFollowTheEnvironment() {
        const EnvOverride torch("TORCH_HOME", QByteArray("/nonexistent/th"));
        const EnvOverride xdg("XDG_CACHE_HOME", QByteArray("/nonexistent/xdg"));
        const EnvOverride home("HOME", QByteArray("/nonexistent/home"));
        const EnvOverride mirror("TL_WEIGHTS_MIRROR", QByteArray("http://mirror.invalid/weights/"));
        {
            const tl::WeightStore store;
            QCOMPARE(store.torchHubDir(), std::string("/nonexistent/th/hub/checkpoints"));
            QCOMPARE(store.cacheDir(), std::string("/nonexistent/xdg/transfer-studio/weights"));
            QCOMPARE(store.mirrorBaseUrl(), std::string("http://mirror.invalid/weights"));
            QCOMPARE(store.urlFor(source(QStringLiteral("files"))), "http://mirror.invalid/weights/" + str(fileName_));
            QCOMPARE(store.partPath(source(QStringLiteral("files"))), "/nonexistent/xdg/transfer-studio/weights/" + str(fileName_) + ".part");
            QVERIFY(!QFileInfo::exists(QStringLiteral("/nonexistent")));  // nothing created
        }
        {
            const EnvOverride noTorch("TORCH_HOME", std::nullopt);
            const EnvOverride noMirror("TL_WEIGHTS_MIRROR", std::nullopt);
            const tl::WeightStore store;
            QCOMPARE(store.torchHubDir(), std::string("/nonexistent/xdg/torch/hub/checkpoints"));
            QVERIFY(store.mirrorBaseUrl().empty());
            QCOMPARE(store.urlFor(source(QStringLiteral("files"))), source(QStringLiteral("files")).url);
        }
        {
            const EnvOverride noTorch("TORCH_HOME", std::nullopt);
            const EnvOverride noXdg("XDG_CACHE_HOME", std::nullopt);
            const tl::WeightStore store;
            QCOMPARE(store.torchHubDir(), std::string("/nonexistent/home/.cache/torch/hub/checkpoints"));
            QCOMPARE(store.cacheDir(), std::string("/nonexistent/home/.cache/transfer-studio/weights"));
        }
        {
            const tl::WeightStore store(options());  // explicit options win over the environment
            QCOMPARE(QString::fromStdString(store.torchHubDir()), hubDir());
            QCOMPARE(QString::fromStdString(store.cacheDir()), cacheDir());
        }
    }

    void fullTransferWithProgress() {
        tl::WeightStore store(options());
        std::vector<tl::DownloadProgress> reports;
        QElapsedTimer timer;
        timer.start();
        const std::string path = store.download(source(QStringLiteral("slow")), [&](const tl::DownloadProgress& p) {
            reports.push_back(p);
            return true;
        });
        const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;

        QCOMPARE(QString::fromStdString(path), cached(fileName_));
        QCOMPARE(readFile(cached(fileName_)), payload_);
        QCOMPARE(QString::fromStdString(tl::sha256File(path)), sha_);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(store.partPath(source(QStringLiteral("slow"))))));

        const auto size = static_cast<int64_t>(payload_.size());
        // 1.5 MiB in 32 KiB pieces 15 ms apart takes at least 48 · 15 ms = 0.72 s: the forced first and last reports
        // and about seven at 100 ms intervals, so 3 is far below what arrives.
        TL_VERIFY_AT_LEAST(reports.size(), 3);
        // At most about ten a second, plus the first and the last.
        // kReportInterval (100 ms) allows one report per 100 ms of the measured time, plus the forced first and last
        // and one for the interval under way when the timer stops.
        qInfo("%zu reports in %.3f s", reports.size(), seconds);
        TL_VERIFY_AT_MOST(reports.size(), seconds * 10.0 + 3.0);
        for (size_t i = 0; i < reports.size(); ++i) {
            const tl::DownloadProgress& p = reports[i];
            QVERIFY(!p.resumed);
            if (i > 0) QVERIFY(p.received >= reports[i - 1].received);
            if (p.received > 0) QCOMPARE(p.total, size);  // known from Content-Length once bytes flow
        }
        const tl::DownloadProgress& last = reports.back();
        QCOMPARE(last.received, size);
        QCOMPARE(last.total, size);
        TL_VERIFY_ABOVE(last.bytesPerSecond, 0);  // bytes received over a positive time
        QCOMPARE(last.etaSeconds, 0.0);           // exact: the final report sets the literal 0.0
        const auto mid =
            std::find_if(reports.begin(), reports.end(), [&](const tl::DownloadProgress& p) { return p.received > 0 && p.received < size; });
        QVERIFY(mid != reports.end());
        TL_VERIFY_ABOVE(mid->etaSeconds, 0);  // bytes left (> 0) over a positive rate

        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 1);
        QVERIFY(rangeOf(seen[0]).isEmpty());
        QCOMPARE(statusOf(seen[0]), 200);
        QCOMPARE(store.find(source(QStringLiteral("slow"))), std::optional<std::string>(path));
    }

    void resumesAfterDroppedConnection() {
        tl::WeightStore store(options());
        const int dropAt = 600000;
        const tl::WeightSource src = source(QStringLiteral("drop=%1").arg(dropAt));
        const QString part = QString::fromStdString(store.partPath(src));

        const auto message = messageOf([&] { store.download(src); });
        QVERIFY(message);
        QVERIFY2(message->contains(QString::fromStdString(src.url)), qPrintable(*message));
        QVERIFY2(message->contains(QStringLiteral("interrupted")), qPrintable(*message));
        QVERIFY2(message->contains(QStringLiteral("resume")), qPrintable(*message));
        QCOMPARE(QFileInfo(part).size(), qint64(dropAt));
        QVERIFY(!QFileInfo::exists(cached(fileName_)));
        QVERIFY(!store.find(src));

        std::vector<tl::DownloadProgress> reports;
        const std::string path = store.download(src, [&](const tl::DownloadProgress& p) {
            reports.push_back(p);
            return true;
        });
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        QVERIFY(!QFileInfo::exists(part));
        QVERIFY(!reports.empty());
        for (const tl::DownloadProgress& p : reports) {
            QVERIFY(p.resumed);
            QVERIFY(p.received >= dropAt);
        }
        QCOMPARE(reports.back().received, static_cast<int64_t>(payload_.size()));

        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 2);
        QVERIFY(rangeOf(seen[0]).isEmpty());
        QCOMPARE(rangeOf(seen[1]), QStringLiteral("bytes=%1-").arg(dropAt));
        QCOMPARE(statusOf(seen[1]), 206);
    }

    void restartsWhenServerIgnoresRange() {
        tl::WeightStore store(options());
        const tl::WeightSource src = source(QStringLiteral("norange"));
        QVERIFY(writeFile(QString::fromStdString(store.partPath(src)), QByteArray(5000, 'x')));  // not the file's bytes

        std::vector<tl::DownloadProgress> reports;
        const std::string path = store.download(src, [&](const tl::DownloadProgress& p) {
            reports.push_back(p);
            return true;
        });
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        QVERIFY(!reports.back().resumed);
        QCOMPARE(reports.back().received, static_cast<int64_t>(payload_.size()));
        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 1);
        QCOMPARE(rangeOf(seen[0]), QStringLiteral("bytes=5000-"));
        QCOMPARE(statusOf(seen[0]), 200);
    }

    void completePartIsFinishedWithoutRefetch() {
        tl::WeightStore store(options());
        const tl::WeightSource src = source(QStringLiteral("files"));
        QVERIFY(writeFile(QString::fromStdString(store.partPath(src)), payload_));
        const std::string path = store.download(src);
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 1);
        QCOMPARE(statusOf(seen[0]), 416);
    }

    void partLongerThanFileStartsOver() {
        tl::WeightStore store(options());
        const tl::WeightSource src = source(QStringLiteral("files"));
        QVERIFY(writeFile(QString::fromStdString(store.partPath(src)), payload_ + QByteArray("extra")));
        const std::string path = store.download(src);
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(statusOf(seen[0]), 416);
        QVERIFY(rangeOf(seen[1]).isEmpty());
        QCOMPARE(statusOf(seen[1]), 200);
    }

    void corruptDownloadIsDeleted() {
        tl::WeightStore store(options());
        const tl::WeightSource src = source(QStringLiteral("corrupt"));
        QByteArray corrupt = payload_;
        corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0xFF);

        const auto message = messageOf([&] { store.download(src); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("checksum did not match")), qPrintable(*message));
        QVERIFY2(message->contains(sha_.left(8)), qPrintable(*message));       // expected
        QVERIFY2(message->contains(sha256Of(corrupt)), qPrintable(*message));  // actual
        QVERIFY2(message->contains(QString::fromStdString(src.url)), qPrintable(*message));
        QVERIFY(!QFileInfo::exists(cached(fileName_)));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(store.partPath(src))));

        // An explicit prefix is checked too, even when the name carries none.
        tl::WeightSource plain = src;
        plain.fileName = "plain.pth";
        plain.url = str(base_ + QStringLiteral("/files/") + fileName_);
        plain.sha256Prefix = "DEADBEEF";
        const auto explicitMessage = messageOf([&] { store.download(plain); });
        QVERIFY(explicitMessage);
        QVERIFY2(explicitMessage->contains(QStringLiteral("deadbeef")), qPrintable(*explicitMessage));
        QVERIFY2(explicitMessage->contains(sha_), qPrintable(*explicitMessage));
        QVERIFY(QDir(cacheDir()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    }

    void cancelKeepsPartThenResumes() {
        tl::WeightStore store(options());
        const tl::WeightSource slow = source(QStringLiteral("slow"));
        const QString part = QString::fromStdString(store.partPath(slow));
        int64_t lastReceived = 0;
        const auto message = messageOf<tl::Cancelled>([&] {
            store.download(slow, [&](const tl::DownloadProgress& p) {
                lastReceived = p.received;
                return p.received < 256 * 1024;
            });
        });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("cancelled")), qPrintable(*message));
        QVERIFY(lastReceived >= 256 * 1024);
        QVERIFY(lastReceived < payload_.size());
        QCOMPARE(QFileInfo(part).size(), qint64(lastReceived));
        QCOMPARE(readFile(part), payload_.left(lastReceived));
        QVERIFY(!QFileInfo::exists(cached(fileName_)));

        bool resumed = false;
        const std::string path = store.download(source(QStringLiteral("files")), [&](const tl::DownloadProgress& p) {
            resumed = p.resumed;
            return true;
        });
        QVERIFY(resumed);
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        QVERIFY(!QFileInfo::exists(part));
        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(rangeOf(seen[1]), QStringLiteral("bytes=%1-").arg(lastReceived));
        QCOMPARE(statusOf(seen[1]), 206);
    }

    void secondDownloadOfSameFileIsRefused() {
        tl::WeightStore store(options());
        tl::WeightStore other(options());
        std::optional<QString> refusal;
        const std::string path = store.download(source(QStringLiteral("slow")), [&](const tl::DownloadProgress& p) {
            if (p.received > 0 && !refusal) refusal = messageOf([&] { other.download(source(QStringLiteral("files"))); });
            return true;
        });
        QVERIFY(refusal);
        QVERIFY2(refusal->contains(QStringLiteral("in progress")), qPrintable(*refusal));
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        QCOMPARE(requests().size(), 1);
    }

    void notFoundNamesUrlAndStatus() {
        tl::WeightStore store(options());
        tl::WeightSource src;
        src.fileName = "missing-00000000.pth";
        src.url = str(base_ + QStringLiteral("/files/missing-00000000.pth"));
        const auto message = messageOf([&] { store.download(src); });
        QVERIFY(message);
        QVERIFY2(message->contains(QString::fromStdString(src.url)), qPrintable(*message));
        QVERIFY2(message->contains(QStringLiteral("404")), qPrintable(*message));
        QVERIFY(QDir(cacheDir()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));

        // Nothing listening: the error names the URL too.
        src.url = "http://127.0.0.1:9/" + src.fileName;
        const auto refused = messageOf([&] { store.download(src); });
        QVERIFY(refused);
        QVERIFY2(refused->contains(QString::fromStdString(src.url)), qPrintable(*refused));
    }

    void unknownLengthIsReported() {
        tl::WeightStore store(options());
        std::vector<tl::DownloadProgress> reports;
        const std::string path = store.download(source(QStringLiteral("slow/nolength")), [&](const tl::DownloadProgress& p) {
            reports.push_back(p);
            return true;
        });
        QCOMPARE(readFile(QString::fromStdString(path)), payload_);
        TL_VERIFY_AT_LEAST(reports.size(), 2);  // the forced first and last at least (the slow server takes ≥ 0.72 s)
        for (size_t i = 0; i + 1 < reports.size(); ++i) {
            QCOMPARE(reports[i].total, int64_t(-1));
            QCOMPARE(reports[i].etaSeconds, -1.0);  // exact: the "unknown" sentinel, never computed
        }
        QCOMPARE(reports.back().total, static_cast<int64_t>(payload_.size()));
        QCOMPARE(reports.back().received, static_cast<int64_t>(payload_.size()));
    }

    void findPrefersTorchHub() {
        tl::WeightStore store(options());
        const tl::WeightSource src = source(QStringLiteral("files"));
        QVERIFY(!store.find(src));
        const QString hub = hubDir() + QLatin1Char('/') + fileName_;
        QVERIFY(writeFile(hub, "from torch"));
        QVERIFY(writeFile(cached(fileName_), "from the app"));
        QCOMPARE(store.find(src), std::optional<std::string>(str(hub)));
        QCOMPARE(store.ensure(src), str(hub));

        QVERIFY(writeFile(hub, {}));  // an empty file is no checkpoint
        QCOMPARE(store.find(src), std::optional<std::string>(str(cached(fileName_))));
        QVERIFY(QFile::remove(hub));
        QCOMPARE(store.find(src), std::optional<std::string>(str(cached(fileName_))));
        QVERIFY(QFile::remove(cached(fileName_)));
        QVERIFY(!store.find(src));
        QVERIFY(requests().isEmpty());  // finding never downloads
    }

    void mirrorUsedWhenSet() {
        tl::WeightSource src = source(QStringLiteral("files"));
        src.url = "http://127.0.0.1:9/unreachable/" + src.fileName;
        {
            tl::WeightStoreOptions o = options();
            o.mirrorBaseUrl = str(base_ + QStringLiteral("/files/"));
            tl::WeightStore store(o);
            QCOMPARE(store.urlFor(src), str(base_ + QStringLiteral("/files/") + fileName_));
            QCOMPARE(readFile(QString::fromStdString(store.download(src))), payload_);
        }
        QVERIFY(QFile::remove(cached(fileName_)));
        {
            const EnvOverride mirror("TL_WEIGHTS_MIRROR", (base_ + QStringLiteral("/slow")).toUtf8());
            tl::WeightStore store(options());
            QCOMPARE(QString::fromStdString(store.mirrorBaseUrl()), base_ + QStringLiteral("/slow"));
            QCOMPARE(readFile(QString::fromStdString(store.download(src))), payload_);
        }
        const QList<QJsonObject> seen = requests();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].value(QStringLiteral("path")).toString(), QStringLiteral("/files/") + fileName_);
        QCOMPARE(seen[1].value(QStringLiteral("path")).toString(), QStringLiteral("/slow/") + fileName_);

        // No URL and no mirror: nothing to fetch from.
        tl::WeightStore store(options());
        src.url.clear();
        const auto message = messageOf([&] { store.download(src); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("TL_WEIGHTS_MIRROR")), qPrintable(*message));
    }

    void importsGoodFile() {
        tl::WeightStore store(options());
        const QString outside = work_->filePath(QStringLiteral("usb/") + fileName_);
        QVERIFY(writeFile(outside, payload_));
        tl::DownloadProgress last;
        const std::string path = store.importFile(str(outside), std::nullopt, [&](const tl::DownloadProgress& p) {
            last = p;
            return true;
        });
        QCOMPARE(QString::fromStdString(path), cached(fileName_));
        QCOMPARE(readFile(cached(fileName_)), payload_);
        QVERIFY(QFileInfo::exists(outside));  // copied, not moved
        QCOMPARE(last.received, static_cast<int64_t>(payload_.size()));
        QCOMPARE(last.total, static_cast<int64_t>(payload_.size()));
        QCOMPARE(QDir(cacheDir()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{fileName_});
        QVERIFY(QFileInfo(cached(fileName_)).permissions() & QFileDevice::ReadOther);
        QCOMPARE(store.find(source(QStringLiteral("files"))), std::optional<std::string>(path));

        // Under another name, checked against and named after the catalog entry.
        QVERIFY(QFile::remove(cached(fileName_)));
        const QString renamed = work_->filePath(QStringLiteral("usb/download.bin"));
        QVERIFY(writeFile(renamed, payload_));
        QCOMPARE(QString::fromStdString(store.importFile(str(renamed), source(QStringLiteral("files")))), cached(fileName_));
        QCOMPARE(readFile(cached(fileName_)), payload_);
        // Importing the cache's own file only checks it.
        QCOMPARE(QString::fromStdString(store.importFile(str(cached(fileName_)))), cached(fileName_));
        QVERIFY(requests().isEmpty());
    }

    void importRejectsWrongHash() {
        tl::WeightStore store(options());
        const QString wrong = work_->filePath(QStringLiteral("usb/tinynet-00000000.pth"));
        QVERIFY(writeFile(wrong, payload_));
        const auto message = messageOf([&] { store.importFile(str(wrong)); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("checksum did not match")), qPrintable(*message));
        QVERIFY2(message->contains(QStringLiteral("00000000")), qPrintable(*message));
        QVERIFY2(message->contains(sha_), qPrintable(*message));
        QVERIFY2(message->contains(wrong), qPrintable(*message));
        QVERIFY(QDir(cacheDir()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));

        tl::WeightSource expected = source(QStringLiteral("files"));
        expected.sha256Prefix = "deadbeef";
        const QString good = work_->filePath(QStringLiteral("usb/") + fileName_);
        QVERIFY(writeFile(good, payload_));
        const auto againstSource = messageOf([&] { store.importFile(str(good), expected); });
        QVERIFY(againstSource);
        QVERIFY2(againstSource->contains(QStringLiteral("deadbeef")), qPrintable(*againstSource));
        QVERIFY(QDir(cacheDir()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    }

    void importRejectsMissingOrUnreadableFile() {
        tl::WeightStore store(options());
        const QString missing = work_->filePath(QStringLiteral("nowhere/resnet50-0676ba61.pth"));
        const auto message = messageOf([&] { store.importFile(str(missing)); });
        QVERIFY(message);
        QVERIFY2(message->contains(missing), qPrintable(*message));
        QVERIFY2(message->contains(QStringLiteral("no such file")), qPrintable(*message));

        const auto folder = messageOf([&] { store.importFile(str(work_->path())); });
        QVERIFY(folder);
        QVERIFY2(folder->contains(QStringLiteral("folder")), qPrintable(*folder));

        const QString empty = work_->filePath(QStringLiteral("empty.pth"));
        QVERIFY(writeFile(empty, {}));
        const auto emptyMessage = messageOf([&] { store.importFile(str(empty)); });
        QVERIFY(emptyMessage);
        QVERIFY2(emptyMessage->contains(QStringLiteral("empty")), qPrintable(*emptyMessage));

        const QString locked = work_->filePath(QStringLiteral("locked.pth"));
        QVERIFY(writeFile(locked, payload_));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
        if (!QFile(locked).open(QIODevice::ReadOnly)) {  // as root, permissions do not stop reading
            const auto unreadable = messageOf([&] { store.importFile(str(locked)); });
            QVERIFY(unreadable);
            QVERIFY2(unreadable->contains(locked), qPrintable(*unreadable));
            QVERIFY2(unreadable->contains(QStringLiteral("cannot read")), qPrintable(*unreadable));
        }
    }

    void rejectsNamesThatAreNotPlain_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("parent") << "../evil.pth";
        QTest::newRow("folder") << "sub/evil.pth";
        QTest::newRow("empty") << "";
        QTest::newRow("hidden") << ".hidden.pth";
    }

    void rejectsNamesThatAreNotPlain() {
        QFETCH(QString, name);
        tl::WeightStore store(options());
        tl::WeightSource src = source(QStringLiteral("files"));
        src.fileName = str(name);
        QVERIFY(messageOf([&] { store.find(src); }));
        QVERIFY(messageOf([&] { store.download(src); }));
        QVERIFY(requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWeightStore)
#include "tst_weight_store.moc"
