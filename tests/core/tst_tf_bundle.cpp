// TensorFlow V2 checkpoints (tensor bundles): bundles written by make_tf_bundle.py (its own table writer and
// protobuf encoder, from the format's description) read back exactly; the prefix is found from any of the
// bundle's files; every broken bundle is refused with a tl::Error naming the file and the problem.
#include "weights/crc32c.h"
#include "weights/tf_bundle.h"

#include "tl/error.h"
#include "tl/runtime.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

namespace {

QString fixtures() { return QString::fromLocal8Bit(qgetenv("TL_TEST_TMP")) + QStringLiteral("/tf_bundle"); }
std::string fixture(const QString& name) { return (fixtures() + QLatin1Char('/') + name).toStdString(); }

const nlohmann::json& expected() {
    static const nlohmann::json json = [] {
        std::ifstream in(fixture(QStringLiteral("expected.json")));
        return nlohmann::json::parse(in);
    }();
    return json;
}

c10::ScalarType dtypeNamed(const std::string& name) {
    static const std::map<std::string, c10::ScalarType> types = {
        {"float32", torch::kFloat}, {"float64", torch::kDouble}, {"float16", torch::kHalf}, {"bfloat16", torch::kBFloat16}, {"int64", torch::kLong},
        {"int32", torch::kInt},     {"int16", torch::kShort},    {"int8", torch::kChar},    {"uint8", torch::kByte},
    };
    return types.at(name);
}

torch::Tensor expectedTensor(const nlohmann::json& t) {
    const c10::ScalarType dtype = dtypeNamed(t["dtype"].get<std::string>());
    const auto shape = t["shape"].get<std::vector<int64_t>>();
    torch::Tensor flat;
    if (c10::isFloatingType(dtype)) {
        auto values = t["values"].get<std::vector<double>>();
        flat = torch::from_blob(values.data(), {int64_t(values.size())}, torch::kDouble).clone();
    } else {
        auto values = t["values"].get<std::vector<int64_t>>();
        flat = torch::from_blob(values.data(), {int64_t(values.size())}, torch::kLong).clone();
    }
    return flat.to(dtype).view(shape);  // every value is exactly representable in its dtype
}

}  // namespace

class TestTfBundle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        QVERIFY2(QFile::exists(fixtures() + QStringLiteral("/expected.json")), "run the tf_bundle_fixtures test first");
    }

    void crc32c() {
        using namespace tl::weights;
        QCOMPARE(tl::weights::crc32c("123456789"), 0xe3069283u);            // the standard check value
        QCOMPARE(tl::weights::crc32c(std::string(32, '\0')), 0x8a9136aau);  // RFC 3720's test vectors
        QCOMPARE(tl::weights::crc32c(std::string(32, '\xff')), 0x62a8ab43u);
        std::string ascending(32, '\0');
        for (int i = 0; i < 32; ++i) ascending[size_t(i)] = char(i);
        QCOMPARE(tl::weights::crc32c(ascending), 0x46dd794eu);
        QCOMPARE(crc32cUnmask(crc32cMask(0x12345678u)), 0x12345678u);
        // The CPU's instruction and the tables agree, at every length and alignment, in pieces or not.
        std::mt19937 rng(7);
        std::string bytes(1000, '\0');
        for (auto& c : bytes) c = char(rng());
        for (size_t start = 0; start < 9; ++start) {
            for (size_t n = 0; n + start <= bytes.size(); n += 37) {
                const char* p = bytes.data() + start;
                const std::uint32_t whole = crc32cExtend(0, p, n);
                QCOMPARE(crc32cExtendPortable(0, p, n), whole);
                QCOMPARE(crc32cExtend(crc32cExtend(0, p, n / 3), p + n / 3, n - n / 3), whole);
            }
        }
    }

    void readsBundles_data() {
        QTest::addColumn<QString>("bundle");
        QTest::newRow("one shard, every dtype, many blocks") << "small";
        QTest::newRow("two shards") << "sharded";
        QTest::newRow("TF-slim vgg_16") << "vgg_16";
    }
    void readsBundles() {
        QFETCH(QString, bundle);
        const auto& spec = expected()[bundle.toStdString()];
        const auto dict = tl::weights::readTfBundle(fixture(QString::fromStdString(spec["prefix"].get<std::string>())));
        const auto& tensors = spec["tensors"];
        QCOMPARE(dict.size(), tensors.size());
        for (size_t i = 0; i < dict.size(); ++i) {
            const auto& [name, actual] = dict[i];
            const auto& t = tensors[i];
            QCOMPARE(name, t["name"].get<std::string>());  // the index's (sorted) order
            const torch::Tensor want = expectedTensor(t);
            QVERIFY2(actual.scalar_type() == want.scalar_type(), name.c_str());
            QCOMPARE(actual.sizes().vec(), want.sizes().vec());
            QVERIFY2(actual.equal(want), name.c_str());
        }
    }

    void readsSlimNamesAndShapes() {
        const auto dict = tl::weights::readTfBundle(fixture(QStringLiteral("good/vgg_16.ckpt")));
        const auto find = [&](const std::string& key) {
            const auto it = std::find_if(dict.begin(), dict.end(), [&](const auto& kv) { return kv.first == key; });
            return it == dict.end() ? torch::Tensor() : it->second;
        };
        QCOMPARE(find("vgg_16/conv1/conv1_1/weights").sizes().vec(), (std::vector<int64_t>{3, 3, 3, 4}));  // HWIO
        QCOMPARE(find("vgg_16/fc8/biases").sizes().vec(), (std::vector<int64_t>{10}));
        const torch::Tensor step = find("global_step");
        QVERIFY(step.defined());
        QCOMPARE(step.dim(), int64_t(0));
        QCOMPARE(step.item<int64_t>(), int64_t(300000));
        // The string object graph of the small bundle is left out.
        const auto small = tl::weights::readTfBundle(fixture(QStringLiteral("good/small.ckpt")));
        for (const auto& [key, t] : small) QVERIFY(key != "_CHECKPOINTABLE_OBJECT_GRAPH");
    }

    void tensorsOutliveTheReader() {
        torch::Tensor kept;
        {
            const auto dict = tl::weights::readTfBundle(fixture(QStringLiteral("good/vgg_16.ckpt")));
            QCOMPARE(dict.back().first, std::string("vgg_16/fc8/weights"));
            kept = dict.back().second;
        }
        QVERIFY(std::isfinite(kept.sum().item<double>()));
        kept.add_(1.0);  // writable, without touching the file
        const auto again = tl::weights::readTfBundle(fixture(QStringLiteral("good/vgg_16.ckpt")));
        QVERIFY(again.back().second.add(1.0).equal(kept));
    }

    void findsThePrefix_data() {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("prefix");  // empty: not a bundle
        QTest::newRow("prefix") << "good/small.ckpt"
                                << "good/small.ckpt";
        QTest::newRow(".index") << "good/small.ckpt.index"
                                << "good/small.ckpt";
        QTest::newRow(".data") << "good/small.ckpt.data-00000-of-00001"
                               << "good/small.ckpt";
        QTest::newRow("second shard") << "good/sharded.ckpt.data-00001-of-00002"
                                      << "good/sharded.ckpt";
        QTest::newRow("missing") << "good/nothing.ckpt"
                                 << "";
        QTest::newRow("missing .index") << "good/nothing.ckpt.index"
                                        << "";
        QTest::newRow("not a shard name") << "good/small.ckpt.data-x-of-1"
                                          << "";
        QTest::newRow("a directory") << "good"
                                     << "";
        QTest::newRow("V1 single file") << "v1/vgg_16.ckpt"
                                        << "";
    }
    void findsThePrefix() {
        QFETCH(QString, given);
        QFETCH(QString, prefix);
        const std::string path = fixture(given);
        QCOMPARE(tl::weights::isTfBundlePrefix(path), !prefix.isEmpty());
        if (!prefix.isEmpty()) {
            QCOMPARE(tl::weights::tfBundlePrefix(path), fixture(prefix));
            QVERIFY(!tl::weights::readTfBundle(path).empty());
        } else {
            QVERIFY_THROWS_EXCEPTION(tl::Error, tl::weights::tfBundlePrefix(path));
        }
    }

    void refusesV1Checkpoints() {
        try {
            tl::weights::readTfBundle(fixture(QStringLiteral("v1/vgg_16.ckpt")));
            QFAIL("no error");
        } catch (const tl::Error& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.contains(QStringLiteral("V1 checkpoint")) && what.contains(QStringLiteral("v1/vgg_16.ckpt")), qPrintable(what));
        }
    }

    void refusesBrokenBundles_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("file");  // the file the message must name, after broken/NAME.ckpt
        QTest::addColumn<QStringList>("words");
        const QString index = QStringLiteral(".index");
        const QString shard = QStringLiteral(".data-00000-of-00001");
        auto row = [](const char* name, const QString& file, const QStringList& words) {
            QTest::newRow(name) << QString::fromLatin1(name) << file << words;
        };
        row("truncated_index", index, {"bad magic", "truncated"});
        row("tiny_index", index, {"too short", "truncated"});
        row("bad_block_crc", index, {"checksum mismatch", "data block 0"});
        row("bad_tensor_crc", shard, {"vgg_16/conv2/conv2_1/biases", "checksum mismatch", "corrupt"});
        row("offset_past_shard", shard, {"vgg_16/fc8/weights", "past the end of the shard"});
        row("missing_shard", ".data-00001-of-00002", {"data shard 2 of 2", "missing"});
        row("absurd_shape", index, {"vgg_16/conv1/conv1_1/weights", "absurd shape", "overflows"});
        row("size_mismatch", index, {"vgg_16/conv1/conv1_1/biases", "size mismatch", "needs 20 bytes", "says 16"});
        row("negative_dim", index, {"vgg_16/conv1/conv1_1/biases", "negative dimension"});
        row("snappy", index, {"Snappy-compressed", "uncompressed"});
        row("bad_magic", index, {"bad magic", "not a TensorFlow checkpoint index"});
        row("big_endian", index, {"big-endian"});
        row("min_consumer", index, {"version 5"});
        row("shard_out_of_range", index, {"vgg_16/fc7/biases", "shard_id 3", "out of range"});
        row("absurd_num_shards", index, {"absurd number of shards", "1000000"});
        row("negative_num_shards", index, {"absurd number of shards", "-2"});
        row("unsupported_dtype", index, {"vgg_16/fc8/biases", "DT_COMPLEX64", "not supported"});
        row("string_tensor", index, {"vgg_16/labels", "DT_STRING", "not supported"});
        row("partitioned", index, {"vgg_16/fc6/weights", "partitioned"});
        row("malformed_entry", index, {"vgg_16/conv3/conv3_1/weights", "malformed BundleEntryProto"});
        row("handle_past_end", index, {"index block", "past the end"});
        row("bad_restarts", index, {"data block 0", "restart points do not fit"});
        row("restart_misplaced", index, {"data block 0", "does not start an entry"});
        row("shared_too_long", index, {"data block 0", "shares 100 bytes"});
        row("overlapping_blocks", index, {"data block 1", "overlaps the block before it"});
        row("keys_out_of_order", index, {"does not come after"});
        row("no_header", index, {"no bundle header"});
        row("huge_key", index, {"70000 bytes long", "absurd"});
        row("overlapping", shard, {"overlapping"});
    }
    void refusesBrokenBundles() {
        QFETCH(QString, name);
        QFETCH(QString, file);
        QFETCH(QStringList, words);
        const std::string prefix = fixture(QStringLiteral("broken/") + name + QStringLiteral(".ckpt"));
        try {
            tl::weights::readTfBundle(prefix);
            QFAIL("no error");
        } catch (const tl::Error& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.contains(QString::fromStdString(prefix) + file), qPrintable(what));  // names the file
            for (const QString& word : words) QVERIFY2(what.contains(word), qPrintable(word + QStringLiteral(" not in: ") + what));
        }
    }

    void refusesMissingFiles() {
        try {
            tl::weights::readTfBundle(fixture(QStringLiteral("good/nothing.ckpt")));
            QFAIL("no error");
        } catch (const tl::Error& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.contains(QStringLiteral("nothing.ckpt.index does not exist")), qPrintable(what));
        }
    }
};

QTEST_GUILESS_MAIN(TestTfBundle)
#include "tst_tf_bundle.moc"
