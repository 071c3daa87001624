// The classifier against torchvision: the same (test-made) resnet18 weights and real photos give the same
// top-5 classes and probabilities; batching, bad files, cancelling, worker threads, devices.
#include "image_fixtures.h"

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
    return tl::Classifier::fromCatalog(tl::Catalog::builtin().get("resnet18"),
                                       fixtures::manifest()["classify"]["weights"].get<std::string>(), options);
}

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
        qInfo("largest probability difference from torchvision: %.2e", static_cast<double>(worst));
        QVERIFY(worst < 1e-4f);
    }

    void batchingDoesNotChangeResults() {
        const auto paths = photoPaths();
        const auto one = makeClassifier(1).classifyFiles(paths);
        const auto three = makeClassifier(3).classifyFiles(paths);
        for (std::size_t i = 0; i < paths.size(); ++i)
            for (std::size_t k = 0; k < 5; ++k) {
                QCOMPARE(one[i].top[k].index, three[i].top[k].index);
                QVERIFY(std::abs(one[i].top[k].probability - three[i].top[k].probability) < 1e-5f);
            }
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
        QVERIFY_THROWS_EXCEPTION(tl::Cancelled, makeClassifier(1).classifyFiles(photoPaths(), [&](const tl::ImageResult&, std::size_t) {
            return ++seen < 2;
        }));
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
