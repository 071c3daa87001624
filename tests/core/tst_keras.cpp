// Keras HDF5 files (weights/keras_h5.h) on the Keras architectures (models/keras_*.cpp):
//  - parity: random-weight models built and run by TensorFlow.js' Keras layers (tests/keras_reference), their
//    weights written by h5py in Keras' layouts (weights-only, model.save, Keras 1 weight names); the app must
//    recognise the architecture, import the file and give the recorded outputs within 1e-4 of their scale;
//  - bad input: each broken or foreign file is a clear error naming the file and the layer;
//  - the Keras-style summary of the seeds' VGG16 with a new top, and the MobileNet v1 table.
#include "dataset_maker.h"
#include "measured.h"
#include "models/keras_weights.h"
#include "models/network.h"
#include "weights/checkpoint_reader.h"
#include "weights/keras_h5.h"
#include "weights/state_dict.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/freeze.h"
#include "tl/import.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/runtime.h"
#include "tl/trainer.h"
#include "tl/weight_store.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

namespace {

QString tmp() { return QString::fromLocal8Bit(qgetenv("TL_TEST_TMP")); }
QString referenceDir() { return tmp() + QStringLiteral("/keras"); }
std::string badFile(const char* name) { return (tmp() + QStringLiteral("/keras_bad/") + QLatin1String(name)).toStdString(); }

std::vector<float> readFloats(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary | std::ios::ate);
    const auto bytes = static_cast<std::size_t>(in.tellg());
    std::vector<float> v(bytes / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(bytes));
    return v;
}

/// The app's architecture for a reference case.
std::string archOf(const nlohmann::json& c) {
    const std::string arch = c.at("arch");
    const bool top = c.at("include_top");
    if (arch == "vgg16" || arch == "vgg19") return "keras_" + arch + (top ? "" : "_notop");
    if (arch == "mobilenet") {
        const double alpha = c.at("alpha");
        const int code = static_cast<int>(std::lround(alpha * 100));
        return "keras_mobilenet_v1_" + std::string(code < 100 ? "0" : "") + std::to_string(code);
    }
    return "keras_" + arch;
}

torch::Tensor tensorIn(const std::string& path, const std::string& key) {
    for (const auto& [k, t] : tl::weights::readCheckpoint(path).tensors)
        if (k == key) return t.clone();
    throw std::runtime_error("no " + key + " in " + path);
}

/// Runs compare_h5.py (h5py, as Keras' loader reads layers by order) on two Keras files; its output on failure.
QString compareWithH5py(const QString& expected, const QString& actual) {
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(QStringLiteral(TL_PYTHON), {QStringLiteral(TL_SOURCE_DIR "/tests/keras_reference/compare_h5.py"), expected, actual});
    if (!python.waitForFinished(600000)) return QStringLiteral("compare_h5.py did not finish");
    const QString out = QString::fromUtf8(python.readAll()).trimmed();
    qInfo("h5py: %s", qPrintable(out.left(2000)));
    return python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0 ? QString() : out;
}

QString expectError(const std::function<void()>& f) {
    try {
        f();
    } catch (const tl::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestKeras : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void parity_data() {
        QTest::addColumn<QString>("caseDir");
        QTest::addColumn<QString>("file");
        const QDir dir(referenceDir());
        for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            for (const char* file :
                 {"weights.h5", "model.h5", "weights_legacy.h5", "weights_chunked.h5", "model_chunked.h5", "weights_vlen.h5", "model_vlen.h5"}) {
                if (QFileInfo::exists(dir.filePath(name) + QLatin1Char('/') + QLatin1String(file)))
                    QTest::newRow(qPrintable(name + QLatin1Char('/') + QLatin1String(file))) << dir.filePath(name) << QString::fromLatin1(file);
            }
        }
        if (dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty()) QTest::newRow("no fixtures") << QString() << QString();
    }

    void parity() {
        QFETCH(QString, caseDir);
        QFETCH(QString, file);
        if (caseDir.isEmpty()) QSKIP("no reference fixtures: Node.js was not found when they were made (see keras_fixtures' output)");
        std::ifstream caseFile((caseDir + QStringLiteral("/case.json")).toStdString());
        const nlohmann::json c = nlohmann::json::parse(caseFile);
        const std::string path = (caseDir + QLatin1Char('/') + file).toStdString();

        const tl::weights::KerasFile keras = tl::weights::readKerasFile(path);
        QCOMPARE(QString::fromStdString(keras.kind), file.startsWith(QStringLiteral("model")) ? QStringLiteral("model") : QStringLiteral("weights"));
        bool top = false;
        const std::string arch = tl::models::recogniseKerasArchitecture(keras, &top);
        QCOMPARE(QString::fromStdString(arch), QString::fromStdString(archOf(c)));
        QCOMPARE(top, c.at("include_top").get<bool>());

        torch::manual_seed(3);
        tl::models::NetworkOptions options;
        options.numClasses = c.contains("classes") && c.at("classes").is_number() ? c.at("classes").get<int>() : 1000;
        auto net = tl::models::createNetwork(arch, options);
        tl::weights::LoadOptions load;
        if (!top) load.skipPrefixes = {net->headPrefix()};
        const auto report = tl::weights::loadStateDict(*net, tl::models::kerasStateDict(keras, *net, arch), path, load);
        QVERIFY(report.loaded > 0);
        net->eval();

        const auto shape = c.at("input_shape").get<std::vector<int64_t>>();  // NHWC
        std::vector<float> input = readFloats(caseDir + QStringLiteral("/input.f32"));
        const std::vector<float> expected = readFloats(caseDir + QStringLiteral("/output.f32"));
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::from_blob(input.data(), shape, torch::kFloat32).permute({0, 3, 1, 2}).contiguous();
        const torch::Tensor y = (top ? net->forward(x) : net->features(x)).contiguous();
        QCOMPARE(static_cast<std::size_t>(y.numel()), expected.size());
        const torch::Tensor e = torch::from_blob(const_cast<float*>(expected.data()), y.sizes(), torch::kFloat32);
        const double scale = e.abs().max().item<double>();
        const double diff = (y - e).abs().max().item<double>();
        qInfo("%s %s: max difference %.3g of scale %.3g (%.2g relative)", arch.c_str(), qPrintable(file), diff, scale, diff / scale);
        TL_VERIFY_ABOVE(scale, 0.0);  // a guard: the bound below is relative to it
        // Both sides are float32 forward passes of the same weights, only summed in another order (LibTorch here,
        // TF.js' CPU backend there). The README of tests/keras_reference records TF.js within about 1e-6 of
        // max|output| of a float64 numpy run in every case, and ours rounds the same sums; 1e-4 of the scale leaves
        // a wide margin over that and is far below a misplaced or mis-laid-out weight. The test logs the measured value.
        TL_VERIFY_AT_MOST(diff, 1e-4 * scale);
    }

    void catalogModelFromKerasFile() {
        // The public path: a catalog entry's Keras file, classified like any catalog model, folded or not.
        const QString dir = referenceDir() + QStringLiteral("/mobilenet_025_128");
        if (!QFileInfo::exists(dir + QStringLiteral("/weights.h5"))) QSKIP("no reference fixtures (Node.js absent)");
        const tl::ModelSpec& spec = tl::Catalog::builtin().get("keras_mobilenet_v1_025_128");
        tl::Model m = tl::Model::fromCatalog(spec, (dir + QStringLiteral("/model.h5")).toStdString());
        QVERIFY(m.weightsLoad().skipped.empty());
        std::vector<float> nhwc = readFloats(dir + QStringLiteral("/input.f32"));
        const torch::Tensor x = torch::from_blob(nhwc.data(), {2, 128, 128, 3}).permute({0, 3, 1, 2}).contiguous();
        const std::vector<float> input(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
        const std::vector<float> expected = readFloats(dir + QStringLiteral("/output.f32"));
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1) m.prepareForInference();
            const std::vector<float> y = m.forward(input, 2, 128, 128);
            QCOMPARE(y.size(), expected.size());
            float scale = 0, diff = 0;
            for (std::size_t i = 0; i < y.size(); ++i) {
                scale = std::max(scale, std::abs(expected[i]));
                diff = std::max(diff, std::abs(y[i] - expected[i]));
            }
            qInfo("pass %d (%s): max difference %.3g of scale %.3g", pass, pass ? "folded" : "unfolded", static_cast<double>(diff),
                  static_cast<double>(scale));
            // As in parity(): float32 reordering against TF.js' float32, about 1e-6 of the scale. Folding the batch
            // norms (pass 1) adds a few float32 roundings (6e-8 relative each) per folded weight: nothing at this bound.
            TL_VERIFY_AT_MOST(diff, 1e-4f * scale);
        }
        // A notop file in a catalog model: the head is new and says so.
        const QString notop = referenceDir() + QStringLiteral("/mobilenet_100_128_notop/weights.h5");
        if (QFileInfo::exists(notop)) {
            const tl::Model n = tl::Model::fromCatalog(tl::Catalog::builtin().get("keras_mobilenet_v1_100_128"), notop.toStdString(), 5);
            QCOMPARE(n.classes(), 5);
            QVERIFY(QString::fromStdString(n.weightsLoad().message).contains(QStringLiteral("include_top=False")));
        }
        // Weights of another architecture are refused by name.
        const QString err = expectError(
            [&] { tl::Model::fromCatalog(tl::Catalog::builtin().get("keras_vgg16"), (dir + QStringLiteral("/weights.h5")).toStdString()); });
        QVERIFY2(err.contains(QStringLiteral("keras_mobilenet_v1_025")) && err.contains(QStringLiteral("not keras_vgg16")), qPrintable(err));
    }

    void slimCheckpoints_data() {
        QTest::addColumn<QString>("caseName");
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("classes");
        QTest::newRow("vgg_16") << "vgg16_top"
                                << "vgg_16.ckpt"
                                << "keras_vgg16" << 1000;
        QTest::newRow("inception_v3") << "inception_v3_top"
                                      << "inception_v3.ckpt"
                                      << "keras_inception_v3" << 1001;
    }
    void slimCheckpoints() {
        // The reference models' weights under TF-slim's names in a V2 bundle (fc6 as a 7×7 convolution,
        // Inception's 1001 logits with 'background' first, plus global_step, a Momentum slot, AuxLogits).
        QFETCH(QString, caseName);
        QFETCH(QString, checkpoint);
        QFETCH(QString, arch);
        QFETCH(int, classes);
        const QString caseDir = referenceDir() + QLatin1Char('/') + caseName;
        const std::string prefix = (tmp() + QStringLiteral("/slim/") + caseName + QLatin1Char('/') + checkpoint).toStdString();
        if (!QFileInfo::exists(QString::fromStdString(prefix) + QStringLiteral(".index"))) QSKIP("no TF-slim fixtures (Node.js absent)");
        QVERIFY(tl::isForeignWeights(prefix));
        QVERIFY(tl::isForeignWeights(prefix + ".index"));
        const tl::ForeignWeights f = tl::inspectForeignWeights(prefix);
        QCOMPARE(QString::fromStdString(f.format), QStringLiteral("TF-slim checkpoint"));
        QCOMPARE(QString::fromStdString(f.arch), arch);
        QCOMPARE(f.classes, classes);
        QVERIFY(f.hasTop);
        // The catalog model it belongs to: the TF-slim entry (its preprocessing, 1001 labels), also from the .index.
        const std::string slimId = classes == 1001 ? "slim_inception_v3" : "slim_vgg_16";
        QCOMPARE(f.catalogId, slimId);
        QCOMPARE(tl::inspectForeignWeights(prefix + ".index").catalogId, slimId);
        // Through the catalog entry with the seeds' preprocessing (and its 1001 labels) for Inception.
        const tl::Model m = classes == 1001 ? tl::Model::fromCatalog(tl::Catalog::builtin().get("slim_inception_v3"), prefix)
                                            : tl::loadForeignWeights(prefix + ".index");
        QCOMPARE(m.classes(), classes);
        std::ifstream caseFile((caseDir + QStringLiteral("/case.json")).toStdString());
        const nlohmann::json c = nlohmann::json::parse(caseFile);
        const auto shape = c.at("input_shape").get<std::vector<int64_t>>();
        std::vector<float> nhwc = readFloats(caseDir + QStringLiteral("/input.f32"));
        const torch::Tensor x = torch::from_blob(nhwc.data(), shape).permute({0, 3, 1, 2}).contiguous();
        const std::vector<float> input(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
        const std::vector<float> y = m.forward(input, static_cast<int>(shape[0]), static_cast<int>(shape[1]), static_cast<int>(shape[2]));
        const std::vector<float> expected = readFloats(caseDir + QStringLiteral("/output.f32"));
        const std::size_t n = expected.size() / static_cast<std::size_t>(shape[0]);
        QCOMPARE(y.size(), static_cast<std::size_t>(shape[0] * classes));
        float scale = 0, diff = 0;
        for (std::size_t b = 0; b < static_cast<std::size_t>(shape[0]); ++b)
            for (std::size_t k = 0; k < n; ++k) {
                const float e = expected[b * n + k], v = y[b * static_cast<std::size_t>(classes) + (classes - static_cast<int>(n)) + k];
                scale = std::max(scale, std::abs(e));
                diff = std::max(diff, std::abs(v - e));
            }
        qInfo("%s from TF-slim: max difference %.3g of scale %.3g", qPrintable(arch), diff, scale);
        // The reference weights under TF-slim's names, against the same TF.js outputs as parity(): the same
        // float32 reordering error (about 1e-6 of the scale), the same 1e-4 bound.
        TL_VERIFY_AT_MOST(diff, 1e-4f * scale);

        // Into the weight store as its catalog model's checkpoint: every shard, then the index, under the catalog's
        // prefix; found there and loaded from there.
        const tl::ModelSpec& spec = tl::Catalog::builtin().get(classes == 1001 ? "slim_inception_v3" : "slim_vgg_16");
        QTemporaryDir cache(tmp() + QStringLiteral("/slim_store_XXXXXX"));
        tl::WeightStoreOptions options;
        options.cacheDir = cache.filePath(QStringLiteral("weights")).toStdString();
        options.torchHome = cache.filePath(QStringLiteral("torch")).toStdString();
        options.kerasHome = cache.filePath(QStringLiteral("keras")).toStdString();
        tl::WeightStore store(options);
        std::int64_t received = 0, total = 0;
        const std::string stored = store.importFile(prefix + ".index", tl::weightSourceOf(spec), [&](const tl::DownloadProgress& p) {
            received = p.received;
            total = p.total;
            return true;
        });
        QCOMPARE(stored, options.cacheDir + "/" + spec.weights.fileName);
        QVERIFY(total > 0);
        QCOMPARE(received, total);
        const QStringList shards = QDir(QFileInfo(QString::fromStdString(prefix)).path())
                                       .entryList({QFileInfo(QString::fromStdString(prefix)).fileName() + QStringLiteral(".data-*")});
        const QStringList copied =
            QDir(QString::fromStdString(options.cacheDir)).entryList({QString::fromStdString(spec.weights.fileName) + QStringLiteral(".data-*")});
        QVERIFY(!shards.isEmpty());
        QCOMPARE(copied.size(), shards.size());
        QVERIFY(QFileInfo::exists(QString::fromStdString(stored) + QStringLiteral(".index")));
        QCOMPARE(store.find(tl::weightSourceOf(spec)).value_or(""), stored);
        // exact: the store holds a byte copy of the checkpoint, loaded into the same network, so the same float32
        // operations run on the same numbers in the same order.
        const tl::Model fromStore = tl::Model::fromCatalog(spec, stored);
        QCOMPARE(fromStore.forward(input, static_cast<int>(shape[0]), static_cast<int>(shape[1]), static_cast<int>(shape[2])), y);
    }

    void badFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QStringList>("words");
        const QString m = QStringLiteral("keras_mobilenet_v1_025"), v = QStringLiteral("keras_vgg16_notop");
        QTest::newRow("truncated") << "truncated.h5" << v << QStringList{QStringLiteral("truncated")};
        QTest::newRow("not keras") << "not_keras.h5" << v << QStringList{QStringLiteral("not a Keras one")};
        QTest::newRow("garbage") << "garbage.h5" << v << QStringList{QStringLiteral("cannot open")};
        QTest::newRow("another architecture") << "vgg_partial.h5" << m
                                              << QStringList{QStringLiteral("keras_vgg16_notop weights"),
                                                             QStringLiteral("not keras_mobilenet_v1_025")};
        QTest::newRow("shape") << "shape_mismatch.h5" << v
                               << QStringList{QStringLiteral("block1_conv1"), QStringLiteral("(3, 3, 3, 32)"), QStringLiteral("(64, 3, 3, 3)")};
        QTest::newRow("missing group") << "missing_group.h5" << v << QStringList{QStringLiteral("'fc1'"), QStringLiteral("no group")};
        QTest::newRow("absurd shape") << "absurd_shape.h5" << v
                                      << QStringList{QStringLiteral("block1_conv1"), QStringLiteral("more values than the file holds")};
        QTest::newRow("integers") << "int_weights.h5" << v << QStringList{QStringLiteral("block1_conv1"), QStringLiteral("not floating-point")};
        QTest::newRow("missing dataset") << "missing_dataset.h5" << v
                                         << QStringList{QStringLiteral("block1_conv1"), QStringLiteral("bias:0"), QStringLiteral("missing")};
        QTest::newRow("partial file") << "vgg_partial.h5" << v << QStringList{QStringLiteral("Missing keys"), QStringLiteral("block2_conv1.weight")};
    }
    void badFiles() {
        QFETCH(QString, file);
        QFETCH(QString, arch);
        QFETCH(QStringList, words);
        tl::ModelSpec spec;
        spec.id = spec.name = spec.arch = arch.toStdString();
        const std::string path = badFile(file.toLatin1().constData());
        const QString err = expectError([&] { tl::Model::fromCatalog(spec, path); });
        QVERIFY2(!err.isEmpty(), "no error");
        QVERIFY2(err.contains(QString::fromStdString(path)), qPrintable(err));
        for (const QString& w : words) QVERIFY2(err.contains(w), qPrintable(err));
    }

    // Files found by fuzzing libhdf5 (tests/fuzz/regressions/keras_h5_contained): the library crashes in
    // H5O__msg_iterate_real (via H5Aexists) and H5HG_read (a variable-length attribute), spins in H5C_protect,
    // and asks for 38 GB. Read as the app reads them, each is a tl::Error naming the file and what happened,
    // and this process goes on to read a good file.
    void hostileFilesAreContained_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("words");
        const QStringList crashed = {QStringLiteral("the HDF5 library crashed reading it (signal 11"), QStringLiteral("damaged or not a Keras file")};
        QTest::newRow("segfault in H5Aexists") << "segv-H5Aexists.h5" << crashed;
        QTest::newRow("segfault in H5HG_read") << "segv-H5HG_read.h5" << crashed;
        QTest::newRow("hang in H5C_protect") << "hang-H5HG_protect-1.h5"
                                             << QStringList{QStringLiteral("did not finish reading it within 3 s and was stopped"),
                                                            QStringLiteral("damaged")};
        QTest::newRow("allocation of 38 GB") << "alloc-38GB.h5" << QStringList{QStringLiteral("cannot be read")};
    }
    void hostileFilesAreContained() {
        QFETCH(QString, file);
        QFETCH(QStringList, words);
        qputenv("TL_H5READ_TIMEOUT_MS", "3000");
        const std::string path = TL_SOURCE_DIR "/tests/fuzz/regressions/keras_h5_contained/" + file.toStdString();
        QElapsedTimer timer;
        timer.start();
        const QString err = expectError([&] { tl::weights::readKerasFile(path); });
        const qint64 ms = timer.elapsed();
        qunsetenv("TL_H5READ_TIMEOUT_MS");
        QVERIFY2(!err.isEmpty(), "the file was read without an error");
        QVERIFY2(err.startsWith(QString::fromStdString(path)), qPrintable(err));
        for (const QString& w : words) QVERIFY2(err.contains(w), qPrintable(QStringLiteral("'%1' not in: %2").arg(w, err)));
        // The wall-clock limit holds: 3 s, and the time to start and stop the reader (measured 3.0-3.1 s here);
        // a bound of 30 s only catches a limit that does not work.
        TL_VERIFY_BELOW(static_cast<double>(ms), 30000.0);
        // Alive and able: a good file reads in the same process afterwards.
        const auto good = tl::weights::readKerasFile((referenceDir() + QStringLiteral("/mobilenet_025_128/weights.h5")).toStdString());
        QVERIFY2(!good.layers.empty(), "the good file after a hostile one has no layers");
    }

    // The reader reports a missing helper instead of reading in process.
    void missingHelperIsAnError() {
        qputenv("TL_H5READ", "/nonexistent/transfer-studio-h5read");
        const QString err = expectError([&] { tl::weights::readKerasFile(badFile("not_keras.h5")); });
        qunsetenv("TL_H5READ");
        QVERIFY2(err.contains(QStringLiteral("transfer-studio-h5read")) && err.contains(QStringLiteral("cannot be started")), qPrintable(err));
    }

    void seedsVgg16SummaryWithANewTop() {
        // The seeds' Keras code: VGG16(include_top=False) at 224, a Flatten → Dense(256) → Dropout(0.5) →
        // Dense(8) top, the first 15 of model.layers frozen; model.summary() says 21,139,528 parameters,
        // 13,504,264 trainable, 7,635,264 not.
        tl::Model m = tl::Model::create("keras_vgg16_notop", 8);
        m.setMlpHead(256, 0.5);
        tl::FreezePlan plan;
        plan.preset = "first_n";
        plan.firstN = 15;
        tl::applyFreezePlan(m, plan);
        const tl::ModelSummary s = m.summary(224);
        QCOMPARE(s.total, std::int64_t(21139528));
        QCOMPARE(s.trainable, std::int64_t(13504264));
        QCOMPARE(s.nonTrainable, std::int64_t(7635264));
        const QString text = QString::fromStdString(tl::formatSummary(s, true));
        qInfo("%s", qPrintable(text));
        for (const char* line : {"block1_conv1", "(None, 224, 224, 64)", "1,792", "block5_pool", "(None, 7, 7, 512)", "input_1", "InputLayer",
                                 "Total params: 21,139,528"})
            QVERIFY2(text.contains(QLatin1String(line)), line);
        const QStringList rows = text.split(QLatin1Char('\n'));
        const auto row = [&](const char* name) {
            for (const QString& r : rows)
                if (r.startsWith(QLatin1String(name) + QLatin1Char(' '))) return r.simplified();
            return QString();
        };
        QCOMPARE(row("block1_conv1"), QStringLiteral("block1_conv1 Conv2d (None, 224, 224, 64) 1,792 no"));
        QCOMPARE(row("block5_conv3"), QStringLiteral("block5_conv3 Conv2d (None, 14, 14, 512) 2,359,808 yes"));
        QCOMPARE(row("block4_pool"), QStringLiteral("block4_pool MaxPool2d (None, 14, 14, 512) 0"));
        QCOMPARE(row("predictions"), QStringLiteral("predictions Sequential (None, 8) 6,424,840 yes"));  // Keras: sequential_1
    }

    void mobileNetTable_data() {
        QTest::addColumn<QString>("id");
        for (const auto& spec : tl::Catalog::builtin().models())
            if (spec.arch.rfind("keras_mobilenet_v1_", 0) == 0) QTest::newRow(spec.id.c_str()) << QString::fromStdString(spec.id);
    }
    void mobileNetTable() {
        // The catalog holds the seeds' table (million MACs, million parameters); the summary of each α ×
        // resolution must agree within 3 %.
        QFETCH(QString, id);
        const tl::ModelSpec& spec = tl::Catalog::builtin().get(id.toStdString());
        const tl::Model m = tl::Model::create(spec.arch, spec.numClasses);
        const tl::ModelSummary s = m.summary(spec.preprocessing.inputSize);
        const double macs = static_cast<double>(s.macs) / 1e6, params = static_cast<double>(s.total) / 1e6;
        const double tableMacs = spec.gflops * 1e3, tableParams = static_cast<double>(spec.params) / 1e6;
        qInfo("%s: %.1f M MACs (table %.0f), %.3f M params (table %.2f)", qPrintable(id), macs, tableMacs, params, tableParams);
        // The table gives whole millions: 3 %, or its rounding (±0.5 M) where that is more (the 0.25 rows).
        // Both counts are exact integers (no rounding error); the bound covers how the table's source counted.
        // Recomputed from the layer list with model.cpp's rule (weights × output pixels): the four 0.75 rows are
        // 2.65 to 2.71 % above the table (its source counts them differently), so 3 % clears them by 0.3 point;
        // 0.25/128 counts 13.57 M against 14 (inside the ±0.5 M rounding); every other row is within 0.7 %.
        // Parameters: every row within 0.7 % of the table. The test logs both figures.
        double expectedMacs = tableMacs;
        if (id == QStringLiteral("keras_mobilenet_v1_025_192")) {
            // The published row says 34, which its own column contradicts: multiply-adds grow with the square of the
            // resolution, and the 224 row's 41 gives 41·(192/224)² = 30.1 (every other row follows that rule within 2 %).
            expectedMacs = 41.0 * (192.0 / 224.0) * (192.0 / 224.0);
        }
        TL_VERIFY_NEAR(macs, expectedMacs, std::max(0.03 * expectedMacs, 0.5));
        TL_VERIFY_NEAR(params, tableParams, 0.03 * tableParams);
    }
    void exportsKerasWeights_data() {
        QTest::addColumn<QString>("caseName");
        for (const char* c : {"mobilenet_025_128", "vgg16_top", "resnet50_top", "inception_v3_top"}) QTest::newRow(c) << QString::fromLatin1(c);
    }
    void exportsKerasWeights() {
        // A model of a Keras architecture goes back to Keras as model.save_weights() writes it: every layer with
        // weights in Keras' model.layers order (graph depth: ResNet's shortcut after the block's _2_relu,
        // Inception's branches interleaved), Keras' weight names and layouts. h5py must find exactly the
        // reference file's layers, names and values; the app's own import of it gives the same outputs.
        QFETCH(QString, caseName);
        const QString dir = referenceDir() + QLatin1Char('/') + caseName;
        if (!QFileInfo::exists(dir + QStringLiteral("/weights.h5"))) QSKIP("no reference fixtures (Node.js absent)");
        QTemporaryDir out(tmp() + QStringLiteral("/keras_export_XXXXXX"));
        const std::string modelFile = out.filePath(QStringLiteral("model.safetensors")).toStdString();
        const tl::ModelFileInfo info = tl::importAsModelFile((dir + QStringLiteral("/weights.h5")).toStdString(), modelFile);
        QCOMPARE(tl::exportFormatOf(info), std::string("keras"));
        QCOMPARE(tl::exportExtensionOf(info), std::string(".h5"));
        const QString h5 = out.filePath(QStringLiteral("model.h5"));
        const tl::ModelExport e = tl::exportModel(modelFile, h5.toStdString());
        QCOMPARE(e.format, std::string("keras"));
        QCOMPARE(e.path, h5.toStdString());
        for (const QString& name : QDir(out.path()).entryList(QDir::Files | QDir::Hidden))
            QVERIFY2(!name.contains(QStringLiteral(".tmp-")), qPrintable(name));  // no temporary file left
        const QString diff = compareWithH5py(dir + QStringLiteral("/weights.h5"), h5);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        const tl::Model a = tl::loadModelFile(modelFile);
        const tl::Model b = tl::loadForeignWeights(h5.toStdString());
        QCOMPARE(b.arch(), a.arch());
        // VGG's fc1 and MobileNet's table fix their input; the pooled networks run a small one.
        const bool fixedInput = a.arch() == "keras_vgg16" || a.arch().rfind("keras_mobilenet", 0) == 0;
        const int size = fixedInput ? info.preprocessing.inputSize : 75;
        torch::manual_seed(5);
        const torch::Tensor x = torch::rand({1, 3, size, size}) * 2 - 1;
        const std::vector<float> input(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
        // exact: compare_h5.py found the exported values bit-identical to the file a was imported from, and both
        // models are the same network, so the same float32 operations run on the same numbers in the same order.
        QCOMPARE(b.forward(input, 1, size, size), a.forward(input, 1, size, size));

        // Keras' code for it, and no torchvision export of a Keras network.
        QVERIFY2(QString::fromStdString(e.pythonCode).contains(QStringLiteral("model.load_weights(")), e.pythonCode.c_str());
        const QString err = expectError([&] { tl::exportTorchStateDict(modelFile, out.filePath(QStringLiteral("model.pth")).toStdString()); });
        QVERIFY2(err.contains(QStringLiteral("Keras")) && err.contains(QStringLiteral(".h5")), qPrintable(err));
        QVERIFY(!QFileInfo::exists(out.filePath(QStringLiteral("model.pth"))));
    }

    void fineTunesAKerasModelAndExportsIt() {
        // The seeds' workflow on a Keras file: a catalog Keras architecture with the file's weights, a new MLP top,
        // the last block (conv_dw_13, conv_pw_13) training; then the model goes back to Keras.
        const QString weights = referenceDir() + QStringLiteral("/mobilenet_025_128/weights.h5");
        if (!QFileInfo::exists(weights)) QSKIP("no reference fixtures (Node.js absent)");
        const auto data = dsmaker::freshDir("keras_finetune_data");
        const char* names[] = {"cat", "dog", "fox"};
        for (int label = 0; label < 3; ++label) dsmaker::fill(data / names[label], label, 10);
        tl::TrainConfig c;
        c.model = "keras_mobilenet_v1_025_128";
        c.weights = weights.toStdString();
        c.dataset = data.string();
        c.outputDir = dsmaker::freshDir("keras_finetune_run").string();
        c.imageSize = 96;
        c.batchSize = 8;
        c.workers = 2;
        c.device = "cpu";
        c.head.kind = "mlp";
        c.head.hidden = 16;
        c.phases[0].epochs = 2;
        c.phases[0].freeze.preset = "last_block";
        c.phases[0].optimizer.lr = 1e-2;

        // The preset trains Keras' last block and the new top, nothing else.
        tl::Model probe = tl::Model::fromCatalog(tl::Catalog::builtin().get(c.model), c.weights, 3);
        probe.setMlpHead(16, 0.5);
        const tl::FreezeResult plan = tl::applyFreezePlan(probe, c.phases[0].freeze);
        QCOMPARE(plan.trainableModules, (std::vector<std::string>{"conv_dw_13", "conv_dw_13_bn", "conv_pw_13", "conv_pw_13_bn", "conv_preds"}));

        const tl::RunResult r = tl::Trainer(c).run();
        QCOMPARE(r.status, std::string("completed"));
        QCOMPARE(r.epochs, 2);
        const std::string arch = "keras_mobilenet_v1_025";
        auto net = tl::models::createNetwork(arch);
        const auto original = tl::models::kerasStateDict(tl::weights::readKerasFile(weights.toStdString()), *net, arch);
        const auto originalTensor = [&](const std::string& key) {
            for (const auto& [k, t] : original)
                if (k == key) return t;
            throw std::runtime_error("no " + key);
        };
        // exact: training never writes a frozen tensor (no gradient; a frozen batch norm keeps its statistics).
        for (const char* frozen : {"conv1.weight", "conv_dw_1.weight", "conv_pw_12.weight", "conv_pw_12_bn.running_mean"})
            QVERIFY2(torch::equal(tensorIn(r.modelPath, frozen), originalTensor(frozen)), frozen);
        // Moved at all: Adam's first step changes every weight whose gradient is not exactly zero by about lr = 1e-2
        // (the step is normalised by the gradient's own size), far above float32's resolution; no seed dependence.
        for (const char* trained : {"conv_dw_13.weight", "conv_pw_13.weight"})
            QVERIFY2(!torch::equal(tensorIn(r.modelPath, trained), originalTensor(trained)), trained);

        const std::string h5 = (std::filesystem::path(r.runDir) / "model.h5").string();
        const tl::ModelExport e = tl::exportModel(r.modelPath, h5);
        QCOMPARE(e.format, std::string("keras"));
        const tl::weights::KerasFile k = tl::weights::readKerasFile(h5);
        QVERIFY(!k.layers.empty());
        const auto& dense = k.layers[k.layers.size() - 2];
        const auto& predictions = k.layers.back();
        QCOMPARE(dense.name, std::string("head_dense"));
        QCOMPARE(predictions.name, std::string("predictions"));
        QCOMPARE(dense.weights[0].second.sizes().vec(), (std::vector<int64_t>{256, 16}));
        QCOMPARE(predictions.weights[0].second.sizes().vec(), (std::vector<int64_t>{16, 3}));
        // exact: the export only transposes or permutes the values (a copy, no arithmetic).
        QVERIFY(torch::equal(predictions.weights[0].second, tensorIn(r.modelPath, "conv_preds.3.weight").t()));
        QVERIFY(std::none_of(k.layers.begin(), k.layers.end(), [](const auto& l) { return l.name == "conv_preds"; }));
        for (const auto& layer : k.layers)
            if (layer.name == "conv_pw_13")
                QVERIFY(torch::equal(layer.weights[0].second, tensorIn(r.modelPath, "conv_pw_13.weight").permute({2, 3, 1, 0})));
        const QString code = QString::fromStdString(e.pythonCode);
        for (const char* line : {"keras.applications.MobileNet(alpha=0.25, input_shape=(96, 96, 3), weights=None)", "base.get_layer(\"dropout\")",
                                 "keras.layers.Dense(16, activation=\"relu\", name=\"head_dense\")",
                                 "keras.layers.Dense(3, activation=\"softmax\", name=\"predictions\")", "json.loads(", "fox", "mode=\"tf\""})
            QVERIFY2(code.contains(QLatin1String(line)), line);
    }
};

QTEST_GUILESS_MAIN(TestKeras)
#include "tst_keras.moc"
