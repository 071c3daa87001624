// Checkpoint reading: torch.save's zip and legacy formats and safetensors give exactly the tensors
// LibTorch's own reader finds in a plain-dict copy; every broken file is refused with a clear error.
#include "weights/checkpoint_reader.h"
#include "weights/safetensors.h"

#include "tl/checkpoint_info.h"
#include "tl/error.h"
#include "tl/runtime.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

namespace {

QString fixtures() { return QString::fromLocal8Bit(qgetenv("TL_TEST_TMP")) + QStringLiteral("/checkpoints"); }
std::string fixture(const char* name) { return (fixtures() + QLatin1Char('/') + QLatin1String(name)).toStdString(); }

std::vector<std::pair<std::string, torch::Tensor>> oracle() {
    std::ifstream in(fixture("oracle.pt"), std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : torch::pickle_load(bytes).toGenericDict()) out.emplace_back(item.key().toStringRef(), item.value().toTensor());
    return out;
}

void compareWithOracle(const tl::weights::StateDict& actual, const QStringList& only = {}) {
    size_t compared = 0;
    for (const auto& [key, expected] : oracle()) {
        if (!only.isEmpty() && !only.contains(QString::fromStdString(key))) continue;
        const auto it = std::find_if(actual.begin(), actual.end(), [&](const auto& kv) { return kv.first == key; });
        QVERIFY2(it != actual.end(), key.c_str());
        QCOMPARE(it->second.scalar_type(), expected.scalar_type());
        QCOMPARE(it->second.sizes().vec(), expected.sizes().vec());
        QVERIFY2(it->second.equal(expected), key.c_str());
        ++compared;
    }
    QVERIFY(compared > 0);
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void readsEveryTorchSaveFormat_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::newRow("zip") << "zip.pt"
                             << "torch.save zip";
        QTest::newRow("legacy") << "legacy.pt"
                                << "torch.save legacy";
        QTest::newRow("parameters") << "parameters.pt"
                                    << "torch.save zip";
        QTest::newRow("wrapped in a training checkpoint") << "wrapped.pt"
                                                          << "torch.save zip";
    }
    void readsEveryTorchSaveFormat() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        const auto checkpoint = tl::weights::readCheckpoint(fixture(file.toLatin1().constData()));
        QCOMPARE(QString::fromStdString(checkpoint.format), format);
        if (file == QStringLiteral("parameters.pt")) {
            // Only the floating-point entries were saved as nn.Parameter.
            QStringList floats;
            for (const auto& [key, t] : oracle())
                if (t.is_floating_point()) floats << QString::fromStdString(key);
            QCOMPARE(checkpoint.tensors.size(), size_t(floats.size()));
            compareWithOracle(checkpoint.tensors, floats);
        } else {
            compareWithOracle(checkpoint.tensors);
            // File order is kept, as torchvision's state_dict order.
            const auto expected = oracle();
            QCOMPARE(checkpoint.tensors.size(), expected.size());
            for (size_t i = 0; i < expected.size(); ++i) QCOMPARE(checkpoint.tensors[i].first, expected[i].first);
        }
    }

    void readsSafetensorsWrittenByPython() {
        const auto checkpoint = tl::weights::readCheckpoint(fixture("python.safetensors"));
        QCOMPARE(QString::fromStdString(checkpoint.format), QStringLiteral("safetensors"));
        QCOMPARE(QString::fromStdString(checkpoint.metadata.at("arch")), QStringLiteral("tiny"));
        QCOMPARE(checkpoint.tensors.size(), size_t(5));
        QCOMPARE(QString::fromStdString(checkpoint.tensors.front().first), QStringLiteral("conv.weight"));
        compareWithOracle(checkpoint.tensors, {"conv.weight", "conv.bias", "half", "bf16", "mask"});
    }

    void safetensorsRoundTrip() {
        const auto original = tl::weights::readCheckpoint(fixture("zip.pt")).tensors;
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("model.safetensors")).toStdString();
        tl::weights::writeSafetensors(path, original, {{"arch", "resnet18"}, {"classes", "猫,狗"}});
        const auto back = tl::weights::readCheckpoint(path);
        QCOMPARE(QString::fromStdString(back.metadata.at("classes")), QStringLiteral("猫,狗"));
        QCOMPARE(back.tensors.size(), original.size());
        for (size_t i = 0; i < original.size(); ++i) {
            QCOMPARE(back.tensors[i].first, original[i].first);
            QVERIFY(back.tensors[i].second.equal(original[i].second));
        }
        // No temporary file is left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    }

    void inspectDescribesTheFile() {
        const tl::CheckpointInfo info = tl::inspectCheckpoint(fixture("legacy.pt"));
        QCOMPARE(QString::fromStdString(info.format), QStringLiteral("torch.save legacy"));
        QCOMPARE(QString::fromStdString(info.tensors.front().name), QStringLiteral("conv.weight"));
        QCOMPARE(QString::fromStdString(info.tensors.front().dtype), QStringLiteral("Float"));
        QCOMPARE(info.tensors.front().shape, (std::vector<int64_t>{8, 3, 3, 3}));
        QCOMPARE(info.tensors.front().numel, int64_t(216));
    }

    void refusesBrokenFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated zip") << "bad_truncated_zip.pt"
                                       << "truncated";
        QTest::newRow("truncated legacy") << "bad_truncated_legacy.pt"
                                          << "truncated";
        QTest::newRow("zip missing a record") << "bad_missing_record.pt"
                                              << "has no record 'zip/data/0'";
        QTest::newRow("unknown global") << "bad_global.pt"
                                        << "refused global 'os.system'";
        QTest::newRow("tensor larger than storage") << "bad_too_large.pt"
                                                    << "larger than its storage";
        QTest::newRow("negative size") << "bad_negative.pt"
                                       << "negative or huge size";
        QTest::newRow("huge size") << "bad_huge.pt"
                                   << "storage";
        QTest::newRow("storage record too short") << "bad_storage_short.pt"
                                                  << "its storage needs";
        QTest::newRow("huge storage") << "bad_huge_storage.pt"
                                      << "bytes";
        QTest::newRow("not a weights file") << "bad_not_weights.pt"
                                            << "not a weights file";
        QTest::newRow("empty file") << "bad_empty.pt"
                                    << "too short";
        QTest::newRow("safetensors offsets past the data") << "bad_offsets.safetensors"
                                                           << "outside the file's data";
        QTest::newRow("safetensors absurd header length") << "bad_header_length.safetensors"
                                                          << "not a weights file";
        QTest::newRow("missing file") << "no_such_file.pt"
                                      << "cannot open";
    }
    void refusesBrokenFiles() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const std::string path = fixture(file.toLatin1().constData());
        try {
            tl::weights::readCheckpoint(path);
            QFAIL("no error");
        } catch (const tl::Error& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(what.contains(file), qPrintable(what));  // the message names the file
        }
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
