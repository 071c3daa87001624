// The torch-free model API the CLI and GUI use: catalog, building, loading weights (and refusing weights
// of another architecture by name), head replacement, freezing, the Keras-style summary; model files with
// damaged or hostile metadata refused with a tl::Error that names the field.
#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/model_ref.h"
#include "tl/runtime.h"

#include "measured.h"
#include "model_file_maker.h"
#include "thrown.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

#include <fstream>
#include <set>

namespace {
QString fixtures() { return QString::fromLocal8Bit(qgetenv("TL_TEST_TMP")) + QStringLiteral("/checkpoints"); }
std::string fixture(const char* name) { return (fixtures() + QLatin1Char('/') + QLatin1String(name)).toStdString(); }

std::vector<float> readFloats(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const auto bytes = static_cast<std::size_t>(in.tellg());
    std::vector<float> v(bytes / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(bytes));
    return v;
}

const tl::LayerInfo& layer(const tl::ModelSummary& s, const std::string& path) {
    for (const auto& l : s.layers)
        if (l.path == path) return l;
    throw std::runtime_error("no layer " + path);
}
}  // namespace

class TestModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void catalogIsComplete() {
        const auto& models = tl::Catalog::builtin().models();
        QCOMPARE(models.size(), size_t(34));  // torchvision's 10, Keras Applications' 6, 16 MobileNet v1 rows, TF-slim's 2
        std::set<std::string> ids;
        for (const auto& m : models) {
            QVERIFY(ids.insert(m.id).second);
            // TF-slim's downloads are tarballs holding the checkpoint; the others are the file itself.
            if (m.id.rfind("slim_", 0) != 0) QVERIFY(m.weights.url.find(m.weights.fileName) != std::string::npos);
            // Plausibility floors on figures copied from the publishers (models.json), not computed: each sits under its
            // group's lowest top-1 (slim 71.5, Keras 41.3 for mobilenet_v1_025_128, torchvision 67.7 for
            // mobilenet_v3_small), so only a mistyped or missing figure fails.
            if (m.id.rfind("slim_", 0) == 0) {
                QVERIFY(m.weights.url.rfind("http://download.tensorflow.org/models/", 0) == 0);
                TL_VERIFY_ABOVE(m.top1, 70);
                TL_VERIFY_ABOVE(m.top5, m.top1);
                TL_VERIFY_ABOVE(m.gflops, 0);
            } else if (m.id.rfind("keras_", 0) == 0) {
                QVERIFY(m.weights.url.rfind("https://github.com/", 0) == 0);
                QVERIFY2(m.weights.fileName.size() > 3 && m.weights.fileName.substr(m.weights.fileName.size() - 3) == ".h5", m.id.c_str());
                QVERIFY(m.preprocessing.mode == "caffe" || m.preprocessing.mode == "tf");
                QCOMPARE(QString::fromStdString(m.preprocessing.geometry), QStringLiteral("resize"));
                TL_VERIFY_ABOVE(m.top1, 40);
                TL_VERIFY_ABOVE(m.top5, m.top1);
                TL_VERIFY_ABOVE(m.gflops, 0);
            } else {
                QVERIFY(m.weights.url.rfind("https://download.pytorch.org/models/", 0) == 0);
                QVERIFY(m.weights.fileName.find(m.weights.sha256Prefix) != std::string::npos);
                TL_VERIFY_ABOVE(m.top1, 60);
                TL_VERIFY_ABOVE(m.top5, m.top1);
                TL_VERIFY_ABOVE(m.gflops, 0);
            }
        }
        QCOMPARE(QString::fromStdString(tl::Catalog::builtin().get("keras_vgg16").preprocessing.mode), QStringLiteral("caffe"));
        QCOMPARE(QString::fromStdString(tl::Catalog::builtin().get("keras_mobilenet_v1_075_160").preprocessing.mode), QStringLiteral("tf"));
        QCOMPARE(tl::Catalog::builtin().get("keras_mobilenet_v1_075_160").preprocessing.inputSize, 160);
        QCOMPARE(tl::Catalog::builtin().get("keras_inception_v3").preprocessing.inputSize, 299);
        QVERIFY(!tl::Catalog::builtin().get("keras_vgg16_notop").includeTop);
        QCOMPARE(QString::fromStdString(tl::Catalog::builtin().get("slim_vgg_16").preprocessing.geometry), QStringLiteral("crop_or_pad"));
        QCOMPARE(tl::labelsFor(tl::Catalog::builtin().get("slim_inception_v3")).front(), std::string("background"));
        QCOMPARE(QString::fromStdString(tl::Catalog::builtin().get("inception_v3").preprocessing.interpolation), QStringLiteral("bilinear"));
        QCOMPARE(tl::Catalog::builtin().get("inception_v3").preprocessing.inputSize, 299);
        QVERIFY(tl::Catalog::builtin().get("inception_v3").transformInput);
        try {
            tl::Catalog::builtin().get("resnet51");
            QFAIL("no error");
        } catch (const tl::Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("known: vgg16")));
        }
    }

    void labels() {
        QCOMPARE(tl::imagenetLabels().size(), size_t(1000));
        QCOMPARE(QString::fromStdString(tl::imagenetLabels()[0]), QStringLiteral("tench"));
        QCOMPARE(QString::fromStdString(tl::imagenetLabels()[281]), QStringLiteral("tabby"));
        tl::ModelSpec slim = tl::Catalog::builtin().get("inception_v3");
        slim.numClasses = 1001;
        const auto withBackground = tl::labelsFor(slim);
        QCOMPARE(withBackground.size(), size_t(1001));
        QCOMPARE(QString::fromStdString(withBackground[0]), QStringLiteral("background"));
        QCOMPARE(QString::fromStdString(withBackground[282]), QStringLiteral("tabby"));
    }

    void everyCatalogModelHasItsPublishedParameterCount() {
        for (const auto& spec : tl::Catalog::builtin().models()) {
            const tl::Model m = tl::Model::create(spec.arch, spec.numClasses);
            if (spec.arch.rfind("keras_mobilenet_v1_", 0) == 0) continue;  // the table's millions: tst_keras
            if (spec.id.rfind("keras_", 0) == 0 || spec.id.rfind("slim_", 0) == 0) {
                // Keras' count: BatchNorm statistics are (non-trainable) parameters; a base without top has no head.
                const tl::ModelSummary s = m.summary(spec.preprocessing.inputSize);
                const std::int64_t head = spec.includeTop ? 0 : (m.featureDim() + 1) * m.classes();
                QVERIFY2(s.total - head == spec.params, qPrintable(QStringLiteral("%1: %2").arg(spec.id.c_str()).arg(s.total - head)));
                continue;
            }
            QVERIFY2(m.parameterCount() == spec.params, spec.id.c_str());
        }
    }

    void loadsTorchvisionWeightsAndMatchesItsLogits() {
        const tl::Model m = tl::Model::fromCatalog(tl::Catalog::builtin().get("resnet18"), fixture("resnet18.pt"));
        QCOMPARE(m.weightsLoad().loaded, size_t(122));
        QVERIFY(m.weightsLoad().skipped.empty());
        const auto logits = m.forward(readFloats(fixture("resnet18_input.f32")), 2, 64, 64);
        const auto expected = readFloats(fixture("resnet18_logits.f32"));
        QCOMPARE(logits.size(), expected.size());
        float scale = 0, diff = 0;
        for (size_t i = 0; i < logits.size(); ++i) {
            scale = std::max(scale, std::abs(expected[i]));
            diff = std::max(diff, std::abs(logits[i] - expected[i]));
        }
        // LibTorch here and PyTorch in make_checkpoints.py may pick other convolution kernels (summation orders): float32
        // sums of K ≤ 9 · 512 = 4608 terms differ by about sqrt(K) · 6e-8 ≈ 4e-6 of the scale per layer, ≈ 2e-5 over
        // resnet18's 20 layers (adding like sqrt(depth)); 1e-4 of the logits' scale leaves a 5x margin.
        TL_VERIFY_AT_MOST(diff, 1e-4f * scale);

        // Prepared for inference (BatchNorm folded): the same logits, frozen, device fixed.
        tl::Model fast = tl::Model::fromCatalog(tl::Catalog::builtin().get("resnet18"), fixture("resnet18.pt"));
        fast.prepareForInference();
        QVERIFY(fast.inferenceOnly());
        QCOMPARE(fast.summary(64).trainable, std::int64_t(0));
        const auto folded = fast.forward(readFloats(fixture("resnet18_input.f32")), 2, 64, 64);
        float foldedDiff = 0;
        for (size_t i = 0; i < folded.size(); ++i) foldedDiff = std::max(foldedDiff, std::abs(folded[i] - expected[i]));
        // Folding adds the re-rounding of each weight (3e-8 relative) and other sums of the same sizes (see tst_fold):
        // the same estimate, the same bound.
        TL_VERIFY_AT_MOST(foldedDiff, 1e-4f * scale);
        fast.setDevice("cpu");  // the device it is on: fine
    }

    void refusesWeightsOfAnotherArchitecture() {
        try {
            tl::Model::fromCatalog(tl::Catalog::builtin().get("resnet50"), fixture("resnet18.pt"));
            QFAIL("no error");
        } catch (const tl::Error& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(QStringLiteral("resnet18.pt")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("not a set of ResNet-50 weights")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("Missing keys")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("conv3.weight")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("Shape mismatches")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("layer1.0.conv1.weight: file [64, 64, 3, 3] vs model [64, 64, 1, 1]")), qPrintable(what));
        }
    }

    void newHeadSkipsTheClassifierAndSaysSo() {
        const tl::Model m = tl::Model::fromCatalog(tl::Catalog::builtin().get("resnet18"), fixture("resnet18.pt"), 5);
        QCOMPARE(m.classes(), 5);
        QCOMPARE(m.weightsLoad().skipped, (std::vector<std::string>{"fc.weight", "fc.bias"}));
        QVERIFY(QString::fromStdString(m.weightsLoad().message).contains(QStringLiteral("skipped on purpose")));
        QCOMPARE(m.forward(std::vector<float>(3 * 64 * 64, 0.5f), 1, 64, 64).size(), size_t(5));
    }

    void multiplyAddsMatchThePublishedFigures() {
        // Every catalog model's multiply-adds at its input size against torchvision's documented GFLOPs
        // (which count multiply-adds), to the two decimals they are published with.
        for (const tl::ModelSpec& spec : tl::Catalog::builtin().models()) {
            if (spec.arch.rfind("keras_mobilenet_v1_", 0) == 0) continue;  // the table's millions, within 3 %: tst_keras
            const tl::Model m = tl::Model::create(spec.arch, spec.numClasses, spec.transformInput);
            const double gmacs = static_cast<double>(m.summary(spec.preprocessing.inputSize).macs) / 1e9;
            qInfo("%s: %.3f GMACs (published %.2f)", spec.id.c_str(), gmacs, spec.gflops);
            // 0.005: half the last published decimal. 1 %: room for what a counter may or may not include besides the
            // convolutions and linear layers (pooling, element-wise additions, BatchNorm). A count, not float error;
            // the qInfo line above names the model and logs the measured value.
            TL_VERIFY_AT_MOST(std::abs(gmacs - spec.gflops), 0.005 + 0.01 * spec.gflops);
        }
        // A new head counts as its layers: resnet18's fc for 10 classes instead of 1000.
        tl::Model m = tl::Model::create("resnet18");
        const std::int64_t full = m.summary(224).macs;
        m.replaceHead(10);
        QCOMPARE(m.summary(224).macs, full - 512 * 990);
    }

    void readsAHandMadeModelFile() {
        // The baseline of the hostile files below: the same bytes with valid metadata read back as written.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("valid.safetensors"));
        QVERIFY(tltest::writeModelFile(path, tltest::validModelMetadata()));
        const tl::ModelFileInfo info = tl::readModelFileInfo(path.toStdString());
        QCOMPARE(info.arch, std::string("resnet18"));
        QCOMPARE(info.classes, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(info.epochs, 3);
        QCOMPARE(info.preprocessing.inputSize, 224);
        QCOMPARE(info.preprocessing.resizeSize, 256);
        QCOMPARE(info.head.kind, std::string("linear"));
        QCOMPARE(info.head.hidden, 256);
        QCOMPARE(info.head.dropout, 0.5);
    }

    void aModelFileIsKnownByItsRunsName() {
        // A run's name rides in the metadata ("name", optional): ModelRef shows it instead of the file's name. A file
        // without one (written before runs had names) shows its file name, and a run's model.safetensors its run folder.
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain.safetensors"));
        QVERIFY(tltest::writeModelFile(plain, tltest::validModelMetadata()));
        QVERIFY(tl::readModelFileInfo(plain.toStdString()).name.empty());
        QCOMPARE(tl::ModelRef::file(plain.toStdString()).name(), std::string("plain.safetensors"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("resnet18-20261208-010203")));
        const QString inRun = dir.filePath(QStringLiteral("resnet18-20261208-010203/model.safetensors"));
        QVERIFY(tltest::writeModelFile(inRun, tltest::validModelMetadata()));
        QCOMPARE(tl::ModelRef::file(inRun.toStdString()).name(), std::string("resnet18-20261208-010203"));

        auto metadata = tltest::validModelMetadata();
        const std::string name = "pets \xc2\xb7 ResNet-18 \xc2\xb7 2026-12-08 01:02";
        metadata["name"] = name;
        const QString named = dir.filePath(QStringLiteral("named.safetensors"));
        QVERIFY(tltest::writeModelFile(named, metadata));
        QCOMPARE(tl::readModelFileInfo(named.toStdString()).name, name);
        QCOMPARE(tl::ModelRef::file(named.toStdString()).name(), name);

        // A name past kMaxRunNameBytes is refused by every reader, naming the key and the bound.
        metadata["name"] = std::string(tl::kMaxRunNameBytes + 1, 'x');
        const QString longName = dir.filePath(QStringLiteral("long.safetensors"));
        QVERIFY(tltest::writeModelFile(longName, metadata));
        TL_VERIFY_ERROR_NAMING(tl::readModelFileInfo(longName.toStdString()), (QStringList{"'name' is 1025 bytes long", "at most 1024", longName}));
        TL_VERIFY_ERROR_NAMING(tl::ModelRef::file(longName.toStdString()), (QStringList{"'name'", longName}));
    }

    void refusesHostileModelFileMetadata_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("words");  // what the tl::Error must say: the field, and the range where there is one
        const auto head = [](const char* hidden, const char* dropout, const char* kind = "\"mlp\"") {
            return QStringLiteral(R"({"kind":%1,"hidden":%2,"dropout":%3})").arg(QLatin1String(kind), QLatin1String(hidden), QLatin1String(dropout));
        };
        const auto recipe = [](const char* name, const char* value) {
            QString text = QString::fromStdString(tltest::validModelMetadata().at("preprocessing"));
            const QRegularExpression field(QStringLiteral("\"%1\":(\\[[^\\]]*\\]|[^,}]*)").arg(QLatin1String(name)));
            return text.replace(field, QStringLiteral("\"%1\":%2").arg(QLatin1String(name), QLatin1String(value)));
        };
        // The two known breaks: std::stoi's out_of_range, and LibTorch asked for 16 GB.
        QTest::newRow("epochs past int") << "epochs"
                                         << "99999999999" << QStringList{"'epochs' is 99999999999", "0 to 10000000"};
        QTest::newRow("hidden 2e9") << "head" << head("2000000000", "0.5")
                                    << QStringList{"'head.hidden' is 2000000000; a hidden layer has 1 to 65536 units"};
        QTest::newRow("epochs not a number") << "epochs"
                                             << "ten" << QStringList{"'epochs' is 'ten', not a whole number"};
        QTest::newRow("epochs negative") << "epochs"
                                         << "-5" << QStringList{"'epochs' is -5"};
        QTest::newRow("hidden as text") << "head" << head("\"512\"", "0.5") << QStringList{"'head.hidden'", "string"};
        QTest::newRow("hidden with a fraction") << "head" << head("64.5", "0.5") << QStringList{"'head.hidden' is 64.5, not a whole number"};
        QTest::newRow("hidden 1e300") << "head" << head("1e300", "0.5") << QStringList{"'head.hidden'", "1 to 65536"};
        QTest::newRow("hidden zero") << "head" << head("0", "0.5") << QStringList{"'head.hidden' is 0"};
        // Python's json.dumps writes a NaN as NaN, which is not JSON.
        QTest::newRow("dropout NaN") << "head" << head("64", "NaN") << QStringList{"'head' is not valid JSON"};
        QTest::newRow("dropout null") << "head" << head("64", "null") << QStringList{"'head.dropout'", "null"};
        QTest::newRow("dropout 1.5") << "head" << head("64", "1.5") << QStringList{"'head.dropout' is 1.5", "at least 0 and below 1"};
        QTest::newRow("dropout negative") << "head" << head("64", "-0.1") << QStringList{"'head.dropout' is -0.1"};
        QTest::newRow("head kind") << "head" << head("64", "0.5", "\"transformer\"") << QStringList{"'head.kind' is 'transformer'"};
        QTest::newRow("head kind a number") << "head" << head("64", "0.5", "7") << QStringList{"'head.kind' is 7"};
        QTest::newRow("head without hidden") << "head"
                                             << R"({"kind":"mlp","dropout":0.5})" << QStringList{"'head.hidden' is missing"};
        QTest::newRow("head a list") << "head"
                                     << "[1,2]" << QStringList{"'head' is not a JSON object"};
        QTest::newRow("negative classes") << "classes"
                                          << "-3" << QStringList{"'classes' is not a list"};
        QTest::newRow("one class") << "classes"
                                   << R"(["cat"])" << QStringList{"'classes' is 1", "2 to 30000"};
        QTest::newRow("no classes") << "classes"
                                    << "[]" << QStringList{"'classes' is 0"};
        QTest::newRow("class name a number") << "classes"
                                             << R"(["cat",7])" << QStringList{"'classes[1]' is 7", "text"};
        QTest::newRow("class name a list") << "classes"
                                           << R"(["cat",["dog"]])" << QStringList{"'classes[1]'"};
        QString many = QStringLiteral("[");
        for (int i = 0; i <= tl::kMaxModelClasses; ++i) many += QStringLiteral("\"c%1\",").arg(i);
        many.back() = QLatin1Char(']');
        QTest::newRow("too many classes") << "classes" << many << QStringList{"'classes' is 30001"};
        QTest::newRow("huge input size") << "preprocessing" << recipe("input_size", "100000")
                                         << QStringList{"'preprocessing.input_size' is 100000", "1 to 4096"};
        QTest::newRow("input size as text") << "preprocessing" << recipe("input_size", "\"224\"") << QStringList{"'preprocessing.input_size'"};
        QTest::newRow("input size past int64") << "preprocessing" << recipe("input_size", "1e20")
                                               << QStringList{"'preprocessing.input_size' is 1e+20"};
        QTest::newRow("resize size negative") << "preprocessing" << recipe("resize_size", "-256")
                                              << QStringList{"'preprocessing.resize_size' is -256"};
        QTest::newRow("mean not a number") << "preprocessing" << recipe("mean", R"([0.5,"x",0.5])") << QStringList{"'preprocessing.mean[1]'"};
        QTest::newRow("mean of two") << "preprocessing" << recipe("mean", "[0.5,0.5]") << QStringList{"'preprocessing.mean' is not a list of three"};
        QTest::newRow("mean huge") << "preprocessing" << recipe("mean", "[1e308,0,0]") << QStringList{"'preprocessing.mean[0]' is 1e+308"};
        QTest::newRow("std zero") << "preprocessing" << recipe("std", "[0,1,1]") << QStringList{"'preprocessing.std[0]' is 0", "above 0"};
        QTest::newRow("divisor negative") << "preprocessing" << recipe("divisor", "-1") << QStringList{"'preprocessing.divisor' is -1"};
        QTest::newRow("bgr a number") << "preprocessing" << recipe("bgr", "1") << QStringList{"'preprocessing.bgr' is 1"};
        QTest::newRow("recipe not JSON") << "preprocessing"
                                         << "{" << QStringList{"'preprocessing' is not valid JSON"};
        QTest::newRow("unknown architecture") << "arch"
                                              << "resnet18(); import os" << QStringList{"'arch' is 'resnet18(); import os'"};
    }

    void refusesHostileModelFileMetadata() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QStringList, words);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hostile.safetensors"));
        auto metadata = tltest::validModelMetadata();
        metadata[key.toStdString()] = value.toStdString();
        QVERIFY(tltest::writeModelFile(path, metadata));
        words << path;
        // Every reader of model files: the metadata alone, the model, the export.
        const std::string file = path.toStdString(), out = dir.filePath(QStringLiteral("out.pth")).toStdString();
        TL_VERIFY_ERROR_NAMING(tl::readModelFileInfo(file), words);
        TL_VERIFY_ERROR_NAMING(tl::loadModelFile(file), words);
        TL_VERIFY_ERROR_NAMING(tl::exportModel(file, out), words);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.pth"))));
    }

    void refusesAnMlpHeadThatIsNotTheFilesShape() {
        // Metadata in range, tensors of another shape: refused before the head is built, naming the tensor.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mlp.safetensors"));
        auto metadata = tltest::validModelMetadata();
        metadata["head"] = R"({"kind":"mlp","hidden":65536,"dropout":0.5})";
        QVERIFY(tltest::writeModelFile(path, metadata, {{"fc.0.weight", {4, 512}}, {"fc.3.weight", {2, 4}}}));
        const std::string file = path.toStdString();
        TL_VERIFY_ERROR_NAMING(tl::loadModelFile(file), (QStringList{path, "'fc.0.weight' is [4, 512]", "'head.hidden' 65536", "[65536, 512]"}));
        QVERIFY(tltest::writeModelFile(path, metadata, {{"fc.0.weight", {65536, 1}}}));
        TL_VERIFY_ERROR_NAMING(tl::loadModelFile(file), (QStringList{path, "'fc.0.weight' is [65536, 1]"}));
        metadata["head"] = R"({"kind":"mlp","hidden":4,"dropout":0.5})";
        QVERIFY(tltest::writeModelFile(path, metadata, {{"fc.0.weight", {4, 512}}}));
        TL_VERIFY_ERROR_NAMING(tl::loadModelFile(file), (QStringList{path, "'fc.3.weight' is missing"}));
    }

    void mlpHeadRefusesImpossibleSizes() {
        tl::Model m = tl::Model::create("resnet18", 2);
        for (const auto& [hidden, dropout] : std::vector<std::pair<int, double>>{{2000000000, 0.5}, {0, 0.5}, {64, std::nan("")}, {64, 1.0}}) {
            qInfo("hidden %d, dropout %g", hidden, dropout);
            TL_VERIFY_ERROR_NAMING(m.setMlpHead(hidden, dropout), (QStringList{"hidden ≤ 65536", "dropout < 1"}));
        }
        QVERIFY(!m.hasMlpHead());
    }

    void summaryLikeKeras() {
        tl::Model m = tl::Model::create("resnet18");
        tl::ModelSummary s = m.summary(224);
        QCOMPARE(s.total, int64_t(11689512));
        QCOMPARE(s.trainable, s.total);
        QCOMPARE(s.nonTrainable, int64_t(0));
        QCOMPARE(layer(s, "layer4").outputShape, (std::vector<int64_t>{1, 512, 7, 7}));
        QCOMPARE(layer(s, "layer1.0.conv1").outputShape, (std::vector<int64_t>{1, 64, 56, 56}));
        QCOMPARE(layer(s, "avgpool").outputShape, (std::vector<int64_t>{1, 512, 1, 1}));
        QCOMPARE(layer(s, "fc").outputShape, (std::vector<int64_t>{1, 1000}));
        QCOMPARE(layer(s, "fc").params, int64_t(513000));
        QVERIFY(layer(s, "fc").leaf);
        QVERIFY(!layer(s, "layer4").leaf);

        m.replaceHead(10);
        m.setTrainable("", false);
        m.setTrainable("fc", true);
        s = m.summary(224);
        QCOMPARE(s.trainable, int64_t(5130));
        QCOMPARE(s.nonTrainable, int64_t(11689512 - 513000));
        const QString text = QString::fromStdString(tl::formatSummary(s));
        QVERIFY2(text.contains(QStringLiteral("Total params: 11,181,642")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Trainable params: 5,130")));
        QVERIFY(text.contains(QStringLiteral("(None, 512, 7, 7)")));
        try {
            m.setTrainable("layer9", false);
            QFAIL("no error");
        } catch (const tl::Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("layer9")));
        }
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
