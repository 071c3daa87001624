// The CPU inference path (models/compiled_forward.h): for every architecture (torchvision's and Keras'), the traced
// and oneDNN-optimised forward pass of a folded network gives the eager forward's logits within 1e-4 of their scale,
// runs its convolutions on oneDNN, serves each input shape from its own graph, and Model::forward goes through it
// once the model is prepared for inference.
#include "models/compiled_forward.h"
#include "models/fold.h"
#include "models/model_impl.h"
#include "models/network.h"
#include "measured.h"

#include "tl/model.h"
#include "tl/runtime.h"

#include <QtTest/QtTest>

namespace {

// Inception needs 75 px at least; Keras' VGG (whose head sees the flattened 7×7 map) exactly 224, and torchvision's
// VGG 224 for its 7×7 adaptive pooling to run on oneDNN (a smaller map stays eager: see fallback()).
int inputSize(const QString& arch) { return arch.contains(QStringLiteral("inception_v3")) ? 96 : arch.contains(QStringLiteral("vgg")) ? 224 : 64; }

void randomiseNorms(torch::nn::Module& net) {
    torch::NoGradGuard noGrad;
    for (const auto& m : net.modules()) {
        if (auto* bn = m->as<torch::nn::BatchNorm2dImpl>()) {
            bn->weight.uniform_(0.5, 1.5);
            bn->bias.normal_(0.0, 0.2);
            bn->running_mean.normal_(0.0, 0.2);
            bn->running_var.uniform_(0.5, 2.0);
        }
    }
}

}  // namespace

class TestCompiledForward : public QObject {
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
        randomiseNorms(*net);
        net->eval();
        for (auto& p : net->parameters()) p.set_requires_grad(false);
        tl::models::foldBatchNorm(*net);
        const int size = inputSize(arch);
        const torch::Tensor x = torch::randn({2, 3, size, size});
        torch::NoGradGuard noGrad;
        const tl::models::ForwardFn eager = [&net](const torch::Tensor& t) { return net->forward(t); };
        const torch::Tensor expected = eager(x);
        const tl::models::CompiledForward compiled(eager, x);
        const torch::Tensor got = compiled(x);
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        QVERIFY(!got.is_mkldnn());
        const double scale = expected.abs().max().item<double>();
        const double diff = (got - expected).abs().max().item<double>();
        // The eager convolutions are oneDNN's too (identical logits measured); Hardswish and Sigmoid round
        // differently on oneDNN (MobileNet v3 small: 7e-6 on logits of scale 0.03). The bound is the one the graph
        // checks itself against before it is used: 1e-4 of the logits' scale, absolute below 1.
        qInfo("max difference %g of scale %g, %d oneDNN ops", diff, scale, compiled.mkldnnOps());
        TL_VERIFY_AT_MOST(diff, tl::models::CompiledForward::kTolerance * std::max(scale, 1.0));
        // Every architecture here is mostly convolutions: they must be the oneDNN ones (else the path is pointless).
        QVERIFY2(compiled.mkldnnOps() > 0, compiled.graphText().c_str());
        // The input is not written to, and a second call gives the same result.
        QVERIFY(compiled(x).equal(got));
    }

    // One graph per input shape: a batch of another size is traced anew, and the cache keeps the last ones.
    void shapes() {
        torch::manual_seed(3);
        auto net = tl::models::createNetwork("mobilenet_v2");
        net->eval();
        for (auto& p : net->parameters()) p.set_requires_grad(false);
        tl::models::foldBatchNorm(*net);
        torch::NoGradGuard noGrad;
        const tl::models::ForwardFn eager = [&net](const torch::Tensor& t) { return net->forward(t); };
        tl::models::ForwardCache cache(2);
        for (const int batch : {3, 1, 3, 2, 1}) {
            const torch::Tensor x = torch::randn({batch, 3, 64, 64});
            const torch::Tensor expected = eager(x);
            const torch::Tensor got = cache.run(eager, x);
            QCOMPARE(got.size(0), batch);
            const double diff = (got - expected).abs().max().item<double>();
            TL_VERIFY_AT_MOST(diff, tl::models::CompiledForward::kTolerance * std::max(expected.abs().max().item<double>(), 1.0));
        }
    }

    // A shape the oneDNN graph cannot run (VGG's 7×7 adaptive pooling of a 2×2 map: oneDNN pools only to sizes that
    // divide the input) is refused when compiling, and the cache answers it with the eager forward.
    void fallback() {
        torch::manual_seed(7);
        auto net = tl::models::createNetwork("vgg16");
        net->eval();
        for (auto& p : net->parameters()) p.set_requires_grad(false);
        torch::NoGradGuard noGrad;
        const tl::models::ForwardFn eager = [&net](const torch::Tensor& t) { return net->forward(t); };
        const torch::Tensor x = torch::randn({1, 3, 64, 64});
        QVERIFY_THROWS_EXCEPTION(std::exception, (void)tl::models::CompiledForward(eager, x));
        tl::models::ForwardCache cache;
        QVERIFY(cache.run(eager, x).equal(eager(x)));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    // Model::forward of a prepared model (the path of Classifier, Compare and Evaluate) goes through the compiled
    // graph and agrees with the network's eager forward; an unprepared model stays eager.
    void modelForward() {
        torch::manual_seed(5);
        tl::Model model = tl::Model::create("resnet18", 10);
        randomiseNorms(*model.impl()->net);
        model.prepareForInference();
        const int n = 2, s = 64;
        std::vector<float> input(static_cast<std::size_t>(n * 3 * s * s));
        const torch::Tensor x = torch::randn({n, 3, s, s});
        std::copy(x.data_ptr<float>(), x.data_ptr<float>() + x.numel(), input.begin());
        const std::vector<float> logits = model.forward(input, n, s, s);
        torch::NoGradGuard noGrad;
        const torch::Tensor expected = model.impl()->forward(x);
        const torch::Tensor got = torch::from_blob(const_cast<float*>(logits.data()), {n, 10});
        TL_VERIFY_AT_MOST((got - expected).abs().max().item<double>(),
                          tl::models::CompiledForward::kTolerance * std::max(expected.abs().max().item<double>(), 1.0));
        QCOMPARE(model.impl()->compiled->size(), tl::models::ForwardCache::eagerRequested() ? 0 : 1);
    }
};

QTEST_GUILESS_MAIN(TestCompiledForward)
#include "tst_compiled_forward.moc"
