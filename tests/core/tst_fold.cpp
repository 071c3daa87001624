// BatchNorm folding for inference (models/fold.h): for every architecture (torchvision's and Keras'), with BatchNorm statistics and
// affine parameters far from their initial values, the folded network gives the same logits within 1e-4 of
// their scale, skips the folded layers, and still reports every layer's output shape.
#include "models/fold.h"
#include "models/network.h"
#include "measured.h"

#include "tl/runtime.h"

#include <QtTest/QtTest>

class TestFold : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void sameLogits_data() {
        QTest::addColumn<QString>("arch");
        for (const auto& arch : tl::models::architectures()) QTest::newRow(arch.c_str()) << QString::fromStdString(arch);
        for (const auto& arch : tl::models::kerasArchitectures()) QTest::newRow(arch.c_str()) << QString::fromStdString(arch);
    }
    void sameLogits() {
        QFETCH(QString, arch);
        torch::manual_seed(11);
        auto net = tl::models::createNetwork(arch.toStdString());
        int norms = 0;
        {
            torch::NoGradGuard noGrad;
            for (const auto& m : net->modules()) {
                if (auto* bn = m->as<torch::nn::BatchNorm2dImpl>()) {
                    ++norms;
                    bn->weight.uniform_(0.5, 1.5);
                    bn->bias.normal_(0.0, 0.2);
                    bn->running_mean.normal_(0.0, 0.2);
                    bn->running_var.uniform_(0.5, 2.0);
                }
            }
        }
        net->eval();
        // Inception needs 75 px at least; Keras' VGG (whose head sees the flattened 7×7 map) exactly 224.
        const int size = arch.contains(QStringLiteral("inception_v3")) ? 96 : arch.startsWith(QStringLiteral("keras_vgg")) ? 224 : 64;
        const torch::Tensor x = torch::randn({2, 3, size, size});
        torch::NoGradGuard noGrad;
        const torch::Tensor before = net->forward(x);
        const int folded = tl::models::foldBatchNorm(*net);
        QCOMPARE(folded, norms);  // every BatchNorm of these architectures follows a convolution
        const torch::Tensor after = net->forward(x);
        const double scale = before.abs().max().item<double>();
        const double diff = (after - before).abs().max().item<double>();
        // Folding re-rounds each convolution weight (half an ulp, 3e-8 relative) and changes which float32 sums are
        // formed: a sum of K terms errs by about sqrt(K) · 6e-8 of its scale, and layers add up like sqrt(depth).
        // VGG (16 layers, K up to 25088 in its first linear layer): ≈ 1e-5 · 4; the ~100-layer networks (Inception,
        // EfficientNet; K ≤ ~4e3): ≈ 4e-6 · 10. About 4e-5 either way: 1e-4 of the logits' scale leaves a 2.5x margin.
        qInfo("max difference %g of scale %g", diff, scale);
        TL_VERIFY_AT_MOST(diff, 1e-4 * scale);
        QCOMPARE(tl::models::foldBatchNorm(*net), 0);  // folding twice changes nothing

        // A folded layer is skipped, but the model tree still shows its output shape.
        tl::models::ShapeTrace trace;
        net->forward(x);
        for (const auto& item : net->named_modules("", false))  // (Inception's AuxLogits runs only in training)
            if (item.value()->as<torch::nn::BatchNorm2dImpl>() && item.key().rfind("AuxLogits", 0) != 0)
                QVERIFY2(!trace.shapeOf(item.value().get()).empty(), item.key().c_str());
    }
};

QTEST_GUILESS_MAIN(TestFold)
#include "tst_fold.moc"
