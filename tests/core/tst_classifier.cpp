// The classifier against torchvision: the same (test-made) resnet18 weights and real photos give the same
// top-5 classes and probabilities; batching, bad files, cancelling, worker threads, devices.
#include "image_fixtures.h"
#include "measured.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/runtime.h"

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <thread>

namespace {

std::vector<std::string> photoPaths() {
    std::vector<std::string> paths;
    for (const auto& r : fixtures::manifest()["classify"]["results"]) paths.push_back(r["path"]);
    return paths;
}

tl::Classifier makeClassifier(int batch = 8, const std::string& device = "cpu") {
    tl::ClassifierOptions options;
    options.batchSize = batch;
    options.device = device;
    return tl::Classifier::fromCatalog(tl::Catalog::builtin().get("resnet18"), fixtures::manifest()["classify"]["weights"].get<std::string>(),
                                       options);
}

/// The largest difference between `results`' top-5 probabilities and the fixture's float64 ones (the exact
/// answer as far as float32 can tell): the float32 error of the whole forward pass and softmax.
double float64Error(const std::vector<tl::ImageResult>& results) {
    const auto& expected = fixtures::manifest()["classify"]["results"];
    double worst = 0;
    for (std::size_t i = 0; i < results.size(); ++i)
        for (std::size_t k = 0; k < 5; ++k)
            worst = std::max(worst, std::abs(static_cast<double>(results[i].top[k].probability) - expected[i]["top_float64"][k].get<double>()));
    return worst;
}

// Tolerances of the classifier's probabilities. The fixture's resnet18 has its classifier scaled so that
// logits reach 34: float32's rounding, through 18 layers, leaves them 1.5e-4 (AVX-512 kernels) to 2.3e-4
// (AVX2 kernels: ONEDNN_MAX_CPU_ISA=AVX2) from the float64 network's, which moves a probability by
// 1.5e-5 to 2.3e-5 (PyTorch, batch sizes 1, 2, 3 and 5, one and two threads; docs/testing.md). Our forward
// pass (BatchNorm folded into the convolutions) measures within the same range. So one float32 evaluation is
// within 5e-5 of float64 (2x the largest measured), and two evaluations (ours and torchvision's, or two batch
// sizes, whose kernels sum in a different order) within 1e-4 of each other.
constexpr double kFloat32Error = 5e-5;
constexpr double kTwoEvaluations = 2 * kFloat32Error;

}  // namespace

class TestClassifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void topKOrder() {
        const std::vector<float> p{0.1f, 0.4f, 0.1f, 0.3f, 0.1f};
        const std::vector<std::string> labels{"a", "b", "c", "d", "e"};
        const auto top = tl::topK(p.data(), 5, 3, labels);
        QCOMPARE(top.size(), std::size_t(3));
        QCOMPARE(top[0].index, 1);
        QCOMPARE(top[1].index, 3);
        QCOMPARE(top[2].index, 0);  // ties: the lower index first
        QCOMPARE(QString::fromStdString(top[1].label), QStringLiteral("d"));
        QCOMPARE(tl::topK(p.data(), 5, 10, labels).size(), std::size_t(5));
    }

    void collectsFilesAndFolders() {
        namespace fs = std::filesystem;
        const fs::path root = fs::path(qEnvironmentVariable("TL_TEST_TMP").toStdString()) / "collect";
        fs::remove_all(root);
        fs::create_directories(root / "b" / "深");
        for (const char* name : {"b/2.png", "b/1.JPG", "b/深/3.webp", "b/notes.txt", "a.bmp"}) std::ofstream(root / name) << "x";
        std::vector<std::string> missing;
        const auto files = tl::collectImageFiles({(root / "b").string(), (root / "a.bmp").string(), (root / "nope").string()}, &missing);
        QCOMPARE(files.size(), std::size_t(4));
        QVERIFY(files[0].ends_with("b/1.JPG"));
        QVERIFY(files[1].ends_with("b/2.png"));
        QVERIFY(files[2].ends_with("b/深/3.webp"));
        QVERIFY(files[3].ends_with("a.bmp"));
        QCOMPARE(missing.size(), std::size_t(1));
    }

    void matchesTorchvision() {
        const tl::Classifier classifier = makeClassifier();
        const auto paths = photoPaths();
        const auto results = classifier.classifyFiles(paths);
        const auto& expected = fixtures::manifest()["classify"]["results"];
        QCOMPARE(results.size(), expected.size());
        float worst = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            QVERIFY2(r.error.empty(), r.error.c_str());
            QCOMPARE(r.top.size(), std::size_t(5));
            QCOMPARE(r.crop.cols, 224);
            for (std::size_t k = 0; k < 5; ++k) {
                const int index = expected[i]["top"][k][0].get<int>();
                const float probability = expected[i]["top"][k][1].get<float>();
                QCOMPARE(r.top[k].index, index);
                QCOMPARE(QString::fromStdString(r.top[k].label), QString::fromStdString(tl::imagenetLabels()[static_cast<std::size_t>(index)]));
                worst = std::max(worst, std::abs(r.top[k].probability - probability));
            }
        }
        qInfo("largest probability difference from torchvision: %.2e, from float64: %.2e", static_cast<double>(worst), float64Error(results));
        TL_VERIFY_AT_MOST(worst, kTwoEvaluations);
        TL_VERIFY_AT_MOST(float64Error(results), kFloat32Error);
    }

    void batchingDoesNotChangeResults() {
        const auto paths = photoPaths();
        const auto one = makeClassifier(1).classifyFiles(paths);
        const auto three = makeClassifier(3).classifyFiles(paths);
        // Kernels are chosen by batch size, so the sums run in another order: the same class order (the
        // fixture keeps the top-6 logits more than 1e-3 apart, beyond float32's 2.3e-4), and probabilities
        // within two float32 evaluations of each other.
        double worst = 0;
        for (std::size_t i = 0; i < paths.size(); ++i)
            for (std::size_t k = 0; k < 5; ++k) {
                QCOMPARE(one[i].top[k].index, three[i].top[k].index);
                worst = std::max(worst, static_cast<double>(std::abs(one[i].top[k].probability - three[i].top[k].probability)));
            }
        qInfo("batch 1 against batch 3: largest probability difference %.2e; from float64: %.2e and %.2e", worst, float64Error(one),
              float64Error(three));
        TL_VERIFY_AT_MOST(worst, kTwoEvaluations);
        TL_VERIFY_AT_MOST(float64Error(one), kFloat32Error);
        TL_VERIFY_AT_MOST(float64Error(three), kFloat32Error);
    }

    void badFilesDoNotStopTheOthers() {
        auto paths = photoPaths();
        paths.insert(paths.begin() + 1, fixtures::path("truncated.jpg"));
        paths.push_back(fixtures::path("does_not_exist.jpg"));
        std::vector<std::size_t> order;
        const auto results = makeClassifier(2).classifyFiles(paths, [&](const tl::ImageResult&, std::size_t index) {
            order.push_back(index);
            return true;
        });
        QCOMPARE(order.size(), paths.size());
        for (std::size_t i = 0; i < order.size(); ++i) QCOMPARE(order[i], i);
        QVERIFY(results[1].error.find("truncated.jpg") != std::string::npos);
        QVERIFY(results[1].top.empty());
        QVERIFY(!results.back().error.empty());
        QVERIFY(results[0].error.empty() && results[2].error.empty());
        QCOMPARE(results[2].top[0].index, fixtures::manifest()["classify"]["results"][1]["top"][0][0].get<int>());
    }

    void cancelStops() {
        int seen = 0;
        QVERIFY_THROWS_EXCEPTION(tl::Cancelled,
                                 makeClassifier(1).classifyFiles(photoPaths(), [&](const tl::ImageResult&, std::size_t) { return ++seen < 2; }));
        QCOMPARE(seen, 2);
    }

    void worksFromWorkerThreads() {
        const tl::Classifier classifier = makeClassifier(2);
        const auto paths = photoPaths();
        std::vector<tl::ImageResult> a, b;
        std::thread t1([&] { a = classifier.classifyFiles(paths); });
        std::thread t2([&] { b = classifier.classifyFiles(paths); });
        t1.join();
        t2.join();
        for (std::size_t i = 0; i < paths.size(); ++i) QCOMPARE(a[i].top[0].index, b[i].top[0].index);
    }

    void devices() {
        QCOMPARE(QString::fromStdString(makeClassifier(8, "auto").model().device()),
                 tl::runtimeInfo().cudaAvailable ? QStringLiteral("cuda:0") : QStringLiteral("cpu"));
        if (!tl::runtimeInfo().cudaAvailable) {
            try {
                makeClassifier(8, "cuda");
                QFAIL("a missing GPU was not reported");
            } catch (const tl::Error& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("cuda")), e.what());
            }
        }
        QVERIFY_THROWS_EXCEPTION(tl::Error, makeClassifier(8, "tpu"));
    }

    void labelsMustFit() {
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::Classifier(tl::Model::create("resnet18", 3), tl::recipeFor("torchvision", 224, 256), {"a", "b"}));
    }
};

QTEST_GUILESS_MAIN(TestClassifier)
#include "tst_classifier.moc"
