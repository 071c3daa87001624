// Parity with torchvision: each architecture loads a torchvision state dict (made at test time by
// make_parity_fixtures.py) and must give torchvision's logits and penultimate features in eval mode, and
// its logits with BatchNorm batch statistics in training mode, within 1e-4 of the output's scale.
// TL_PARITY_ARCH=a,b restricts the architectures; TL_PARITY_DIR points at the fixtures.
#include "models/network.h"
#include "weights/checkpoint_reader.h"
#include "weights/state_dict.h"

#include "tl/runtime.h"

#include "measured.h"

#include <QtTest/QtTest>

#include <fstream>

namespace {

QString fixtureDir() {
    const QByteArray dir = qgetenv("TL_PARITY_DIR");
    if (!dir.isEmpty()) return QString::fromLocal8Bit(dir);
    return QString::fromLocal8Bit(qgetenv("TL_TEST_TMP")) + QStringLiteral("/parity");
}

/// The architectures whose fixture also has the state dict in torch.save's legacy format (LEGACY in
/// make_parity_fixtures.py): the small ones; the reader does not depend on the architecture.
bool hasLegacyFixture(const QString& arch) {
    static const QStringList archs{QStringLiteral("resnet18"), QStringLiteral("mobilenet_v2"), QStringLiteral("mobilenet_v3_large"),
                                   QStringLiteral("mobilenet_v3_small"), QStringLiteral("efficientnet_b0")};
    return archs.contains(arch);
}

std::vector<char> readAll(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

c10::Dict<c10::IValue, c10::IValue> loadPlainDict(const QString& path) {
    const auto bytes = readAll(path);
    if (bytes.empty()) throw std::runtime_error("missing fixture " + path.toStdString());
    return torch::pickle_load(bytes).toGenericDict();
}

/// max |a - b| relative to max |expected|.
double relativeError(const torch::Tensor& actual, const torch::Tensor& expected) {
    const double scale = std::max(expected.abs().max().item<double>(), 1e-12);
    return (actual - expected).abs().max().item<double>() / scale;
}

void trainWithoutRandomness(torch::nn::Module& net) {
    net.train();
    for (auto& m : net.modules()) {
        const std::string type = m->name();
        if (type.find("Dropout") != std::string::npos || type.find("StochasticDepth") != std::string::npos) m->eval();
    }
}

}  // namespace

class TestModelParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void parity_data() {
        QTest::addColumn<QString>("arch");
        const QStringList only = QString::fromLocal8Bit(qgetenv("TL_PARITY_ARCH")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const auto& arch : tl::models::architectures()) {
            const QString name = QString::fromStdString(arch);
            if (only.isEmpty() || only.contains(name)) QTest::newRow(arch.c_str()) << name;
        }
    }

    void parity() {
        QFETCH(QString, arch);
        const QString dir = fixtureDir() + QLatin1Char('/') + arch;
        const auto io = loadPlainDict(dir + QStringLiteral("/io.pt"));
        const auto tensor = [&io](const char* key) { return io.at(c10::IValue(std::string(key))).toTensor(); };

        tl::models::NetworkOptions options;
        auto net = tl::models::createNetwork(arch.toStdString(), options);
        QCOMPARE(net->arch(), arch.toStdString());
        QCOMPARE(tl::models::parameterCount(*net), tensor("param_count").item<int64_t>());

        // torchvision's state dict in both torch.save formats, read by our reader: identical tensors.
        const std::string zipPath = (dir + QStringLiteral("/state_dict.pt")).toStdString();
        const auto checkpoint = tl::weights::readCheckpoint(zipPath);
        QCOMPARE(QString::fromStdString(checkpoint.format), QStringLiteral("torch.save zip"));
        const auto& dict = checkpoint.tensors;
        if (hasLegacyFixture(arch)) {
            const auto legacy = tl::weights::readCheckpoint((dir + QStringLiteral("/state_dict_legacy.pt")).toStdString());
            QCOMPARE(QString::fromStdString(legacy.format), QStringLiteral("torch.save legacy"));
            QCOMPARE(legacy.tensors.size(), dict.size());
            for (size_t i = 0; i < dict.size(); ++i) {
                QCOMPARE(legacy.tensors[i].first, dict[i].first);
                QVERIFY(legacy.tensors[i].second.equal(dict[i].second));
            }
        }
        // Same keys in the same order as torchvision's state_dict.
        const auto ours = tl::weights::stateDictOf(*net);
        QCOMPARE(ours.size(), dict.size());
        for (size_t i = 0; i < ours.size(); ++i) QCOMPARE(QString::fromStdString(ours[i].first), QString::fromStdString(dict[i].first));
        const auto report = tl::weights::loadStateDict(*net, dict, zipPath);
        QCOMPARE(report.loaded, dict.size());

        torch::NoGradGuard noGrad;
        const torch::Tensor x = tensor("input");
        net->eval();
        const torch::Tensor features = net->features(x);
        const torch::Tensor logits = net->head(features);
        const double featureErr = relativeError(features, tensor("eval_features"));
        const double logitErr = relativeError(logits, tensor("eval_logits"));
        qInfo("%s eval: logits %.2e, features %.2e", qPrintable(arch), logitErr, featureErr);
        // Relative to the output's scale. The same weights and input through other kernels (LibTorch here, PyTorch in
        // make_parity_fixtures.py) differ only in float32 summation order: a sum of K terms errs by about sqrt(K) · 6e-8
        // of its scale, and layers add up like sqrt(depth). VGG (16 layers, K up to 25088): ≈ 1e-5 · 4; the ~100-layer
        // networks (Inception, EfficientNet; K ≤ ~4e3): ≈ 4e-6 · 10. About 4e-5 either way: 1e-4 leaves a 2.5x margin.
        // The test logs each measured error.
        TL_VERIFY_BELOW(featureErr, 1e-4);
        TL_VERIFY_BELOW(logitErr, 1e-4);
        // Exact: forward(x) is head(features(x)), the same kernels on the same input.
        const torch::Tensor forwarded = net->forward(x);
        const double forwardGap = (forwarded - logits).abs().max().item<double>();
        QVERIFY2(forwarded.equal(logits), tltest::describeCheck("max |forward(x) - head(features(x))|", forwardGap, "<=", 0.0).constData());

        trainWithoutRandomness(*net);
        const torch::Tensor trainLogits = net->forward(x);
        const double trainErr = relativeError(trainLogits, tensor("train_logits"));
        qInfo("%s train: logits %.2e", qPrintable(arch), trainErr);
        // Batch statistics add float32 reductions over N·H·W values per channel (mean, then variance), of the same
        // order of error as the convolutions' sums: the same estimate, the same bound.
        TL_VERIFY_BELOW(trainErr, 1e-4);
        if (io.contains(c10::IValue(std::string("train_aux")))) {
            const double auxErr = relativeError(net->auxLogits(), tensor("train_aux"));
            qInfo("%s train: aux logits %.2e", qPrintable(arch), auxErr);
            TL_VERIFY_BELOW(auxErr, 1e-4);
        }
    }

    void headReplacement_data() { parity_data(); }
    void headReplacement() {
        QFETCH(QString, arch);
        auto net = tl::models::createNetwork(arch.toStdString());
        const int64_t dim = net->featureDim();
        net->replaceHead(5);
        QCOMPARE(net->numClasses(), int64_t(5));
        QCOMPARE(net->featureDim(), dim);
        net->eval();
        torch::NoGradGuard noGrad;
        const int64_t size = arch == QStringLiteral("inception_v3") ? 299 : 224;
        const auto out = net->forward(torch::randn({1, 3, size, size}));
        QCOMPARE(out.size(1), int64_t(5));
        // The head's keys are where headPrefix() says, with the new shape.
        bool found = false;
        for (const auto& [key, t] : tl::weights::stateDictOf(*net)) {
            if (key == net->headPrefix() + "weight") {
                found = true;
                QCOMPARE(t.size(0), int64_t(5));
                QCOMPARE(t.size(1), dim);
            }
        }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestModelParity)
#include "tst_model_parity.moc"
