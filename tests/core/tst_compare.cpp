// Comparing models: the table's figures for test-made model files on a test-made dataset are what evaluating
// each model alone gives; a model that cannot be compared reports why and the others go on; the Pareto
// front, the CSV and JSON exports, the same images through several models and whether they agree.
#include "dataset_maker.h"
#include "measured.h"

#include "tl/compare.h"
#include "tl/error.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/model_ref.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

namespace fs = std::filesystem;

namespace {

std::string makeModelFile(const fs::path& dir, const std::string& name, const std::string& arch, const std::vector<std::string>& classes) {
    tl::Model model = tl::Model::create(arch, static_cast<int>(classes.size()));
    tl::ModelFileInfo info;
    info.baseModel = arch;
    info.classes = classes;
    info.preprocessing = tl::recipeFor("torchvision", 48);
    const std::string path = (dir / name).string();
    tl::saveModelFile(model, path, info);
    return path;
}

tl::ComparedModel model(const std::string& name, double accuracy, double latency, const std::string& error = {}) {
    tl::ComparedModel m;
    m.name = name;
    m.evaluation.accuracy = accuracy;
    m.latencyMs = latency;
    m.error = error;
    return m;
}

}  // namespace

class TestCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        data_ = dsmaker::freshDir("cmp_data");
        for (int c = 0; c < 3; ++c) dsmaker::fill(data_ / ("kind" + std::to_string(c)), c, 10);
        const fs::path models = dsmaker::freshDir("cmp_models");
        const std::vector<std::string> classes{"kind0", "kind1", "kind2"};
        fileA_ = makeModelFile(models, "a-resnet18.safetensors", "resnet18", classes);
        fileB_ = makeModelFile(models, "b-mobilenet.safetensors", "mobilenet_v3_small", classes);
        fileC_ = makeModelFile(models, "c-resnet18.safetensors", "resnet18", classes);
        // Catalog models are looked up in an empty weight store here.
        qputenv("TORCH_HOME", dsmaker::freshDir("cmp_torch").string().c_str());
        qputenv("XDG_CACHE_HOME", dsmaker::freshDir("cmp_cache").string().c_str());
    }

    void datasetTableEqualsEachModelAlone() {
        std::vector<std::pair<std::size_t, std::size_t>> seen;  // (model, done) as reported
        const tl::ModelComparison c = tl::compareOnDataset({fileA_, fileB_, fileC_, "resnet18", "/no/such/model.safetensors"}, data_.string(), {},
                                                           [&](std::size_t m, std::size_t done, std::size_t) {
                                                               seen.emplace_back(m, done);
                                                               return true;
                                                           });
        QCOMPARE(c.split, std::string("validation"));
        QCOMPARE(c.classes, (std::vector<std::string>{"kind0", "kind1", "kind2"}));
        QCOMPARE(c.images, std::size_t{6});
        QCOMPARE(c.models.size(), std::size_t{5});
        const tl::Dataset ds = tl::scanDataset(data_.string());
        for (int i = 0; i < 3; ++i) {
            const tl::ComparedModel& m = c.models[static_cast<std::size_t>(i)];
            QVERIFY2(m.error.empty(), m.error.c_str());
            const tl::Classifier alone = tl::Classifier::fromModelFile(m.ref);
            const tl::LabelledFiles files = tl::labelledFiles(ds, alone.labels(), "validation");
            const tl::Evaluation e = tl::evaluateFiles(alone, files.paths, files.labels);
            // Both are evaluateFiles through a Classifier with its batch norms folded, batch 8, on the same 6 images:
            // the same float32 operations in the same order, so the counts (and count/6) are exact and the losses
            // are expected bit-identical. 1e-5 on a mean of -log p is a relative change of p of 1e-5 (~100 float32
            // ulps), room for a kernel choice that differs between the two runs, far below a different image or label.
            QCOMPARE(m.evaluation.images, e.images);
            QCOMPARE(m.evaluation.accuracy, e.accuracy);
            QCOMPARE(m.evaluation.top5, e.top5);
            QCOMPARE(m.evaluation.confusion, e.confusion);
            TL_VERIFY_BELOW(std::abs(m.evaluation.loss - e.loss), 1e-5);
            // Size figures: the network's own count and multiply-adds, the file's size.
            tl::ModelFileInfo info;
            const tl::Model loaded = tl::loadModelFile(m.ref, &info);
            const tl::ModelSummary s = loaded.summary(48);
            QCOMPARE(m.params, s.total);
            QCOMPARE(m.gflops, static_cast<double>(s.macs) / 1e9);  // exact: core computes the same expression from the same count
            QCOMPARE(m.weightsBytes, static_cast<std::uint64_t>(fs::file_size(m.ref)));
            QCOMPARE(m.inputSize, 48);
            QCOMPARE(m.classes, 3);
            QCOMPARE(m.arch, loaded.arch());
            // Measured figures: only that they were measured (a time, a rate, Linux's VmHWM); no bound to justify.
            TL_VERIFY_ABOVE(m.latencyMs, 0.0);
            TL_VERIFY_ABOVE(m.imagesPerSecond, 0.0);
            TL_VERIFY_ABOVE(m.peakMemoryBytes, 0.0);
            qInfo("%s: accuracy %.3f, %.2f ms/image, %.1f images/s, %.3f GFLOPs, peak %.0f MiB", m.name.c_str(), m.evaluation.accuracy, m.latencyMs,
                  m.imagesPerSecond, m.gflops, m.peakMemoryBytes / 1048576.0);
        }
        QCOMPARE(c.models[0].params, std::int64_t{11178051});
        QCOMPARE(c.models[0].name, std::string("a-resnet18.safetensors"));
        // MobileNet v3 Small is far cheaper than ResNet-18: exact counts, 0.06 against 1.81 GMACs at 224 in the catalog.
        TL_VERIFY_BELOW(c.models[1].gflops, c.models[0].gflops);
        // A catalog model whose weights are not here, and a file that does not exist: said, the others went on.
        QVERIFY2(c.models[3].error.find("resnet18") != std::string::npos, c.models[3].error.c_str());
        QVERIFY2(c.models[4].error.find("/no/such/model.safetensors") != std::string::npos, c.models[4].error.c_str());
        QVERIFY(!c.models[3].pareto && !c.models[4].pareto);
        // Progress for every model that loaded, ending at all images.
        for (std::size_t m = 0; m < 3; ++m) QVERIFY(std::find(seen.begin(), seen.end(), std::make_pair(m, std::size_t{6})) != seen.end());
        // The Pareto front: exactly the models no other beats on both accuracy and latency.
        for (const auto& m : c.models) {
            if (!m.error.empty()) continue;
            bool dominated = false;
            for (const auto& o : c.models)
                if (&o != &m && o.error.empty() && o.evaluation.accuracy >= m.evaluation.accuracy && o.latencyMs <= m.latencyMs &&
                    (o.evaluation.accuracy > m.evaluation.accuracy || o.latencyMs < m.latencyMs))
                    dominated = true;
            QCOMPARE(m.pareto, !dominated);
        }

        // Exports: a CSV row per model, and JSON with the same figures.
        const std::string csv = tl::comparisonCsv(c);
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), std::ptrdiff_t{6});
        QVERIFY(csv.rfind("model,ref,arch,images,accuracy,top5,latency_ms", 0) == 0);
        QVERIFY(csv.find("a-resnet18.safetensors") != std::string::npos);
        const nlohmann::json j = nlohmann::json::parse(tl::comparisonJson(c));
        QCOMPARE(j["models"].size(), std::size_t{5});
        // exact: nlohmann::json writes a double with the digits that read back the same double.
        QCOMPARE(j["models"][1]["accuracy"].get<double>(), c.models[1].evaluation.accuracy);
        QCOMPARE(j["models"][0]["params"].get<std::int64_t>(), std::int64_t{11178051});
        QCOMPARE(j["models"][2]["confusion"].get<std::vector<std::vector<std::int64_t>>>(), c.models[2].evaluation.confusion);
        QCOMPARE(j["images"].get<std::size_t>(), std::size_t{6});
        QVERIFY(!j["models"][4]["error"].get<std::string>().empty());
    }

    void cancelStops() {
        try {
            tl::compareOnDataset({fileA_, fileB_}, data_.string(), {}, [](std::size_t m, std::size_t, std::size_t) { return m == 0; });
            QFAIL("no cancel");
        } catch (const tl::Cancelled& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("cancelled")));
        }
    }

    void paretoFront() {
        std::vector<tl::ComparedModel> ms{model("A", 0.9, 10),           model("B", 0.8, 5), model("C", 0.7, 8), model("D", 0.9, 12),
                                          model("E", 0.99, 1, "failed"), model("F", 0.9, 10)};
        tl::markParetoFront(ms);
        QVERIFY(ms[0].pareto);   // the most accurate (tied with F: neither is better)
        QVERIFY(ms[1].pareto);   // the fastest
        QVERIFY(!ms[2].pareto);  // B is more accurate and faster
        QVERIFY(!ms[3].pareto);  // A is as accurate and faster
        QVERIFY(!ms[4].pareto);  // failed: not on any front, and dominates nothing
        QVERIFY(ms[5].pareto);
    }

    void csvQuotes() {
        tl::ModelComparison c;
        tl::ComparedModel m = model("my, \"best\" model", 0.5, 1);
        m.error = "line one\nline two";
        c.models.push_back(m);
        const std::string csv = tl::comparisonCsv(c);
        QVERIFY2(csv.find("\"my, \"\"best\"\" model\"") != std::string::npos, csv.c_str());
        QVERIFY(csv.find("\"line one\nline two\"") != std::string::npos);
    }

    void sameImagesSideBySide() {
        const tl::Dataset ds = tl::scanDataset(data_.string());
        const std::vector<std::string> files = ds.paths(tl::Split::Validation);
        // The same model twice always agrees with itself; a third, different one may not.
        const tl::FileComparison same = tl::compareOnFiles({fileA_, fileA_}, files);
        QCOMPARE(same.results.size(), std::size_t{2});
        for (std::size_t f = 0; f < files.size(); ++f) {
            QVERIFY(same.agreement[f]);
            QCOMPARE(same.results[0][f].top.size(), std::size_t{3});  // top-5 of three classes
        }
        const tl::FileComparison c = tl::compareOnFiles({fileA_, fileB_, fileC_}, files);
        QCOMPARE(c.files, files);
        QCOMPARE(c.models.size(), std::size_t{3});
        const tl::Classifier b = tl::Classifier::fromModelFile(fileB_);
        const std::vector<tl::ImageResult> alone = b.classifyFiles(files);
        for (std::size_t f = 0; f < files.size(); ++f) {
            QCOMPARE(c.results[1][f].top.front().label, alone[f].top.front().label);
            // The same Classifier path (folded, batch 8, top 5) on the same files: expected bit-identical; 1e-5 is 170
            // to 340 float32 ulps of a top-1 probability in [1/3, 1), room only for a kernel choice that differs.
            TL_VERIFY_BELOW(std::abs(c.results[1][f].top.front().probability - alone[f].top.front().probability), 1e-5f);
            const std::string& first = c.results[0][f].top.front().label;
            const bool agree = c.results[1][f].top.front().label == first && c.results[2][f].top.front().label == first;
            QCOMPARE(static_cast<bool>(c.agreement[f]), agree);
        }
        TL_VERIFY_ABOVE(c.models[1].latencyMs, 0.0);  // measured: only that it was
        // A model that cannot load: its results say why, the agreement is among the others.
        const tl::FileComparison broken = tl::compareOnFiles({fileA_, "/no/such/model.safetensors", fileA_}, files);
        QVERIFY(!broken.models[1].error.empty());
        QVERIFY(!broken.results[1][0].error.empty());
        QVERIFY(broken.agreement[0]);
    }

    void labelsMapByName() {
        const tl::Dataset ds = tl::scanDataset(data_.string());
        const tl::LabelledFiles f = tl::labelledFiles(ds, {"kind2", "kind0", "kind1"}, "all");
        QCOMPARE(f.paths.size(), std::size_t{30});
        for (std::size_t i = 0; i < f.paths.size(); ++i) {
            const int datasetLabel = ds.samples[i].label;
            QCOMPARE(f.labels[i], (datasetLabel + 1) % 3);
        }
        try {
            tl::labelledFiles(ds, {"kind0", "kind1"}, "all");
            QFAIL("no error");
        } catch (const tl::Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("kind2")));
        }
        try {
            tl::labelledFiles(ds, {"kind0", "kind1", "kind2"}, "holdout");
            QFAIL("no error");
        } catch (const tl::Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("holdout")));
        }
    }

    void modelRefsAreCheckedOnce() {
        // A catalog id: its entry, ImageNet's labels, its recipe.
        const tl::ModelRef catalogRef = tl::ModelRef::parse("resnet18");
        QVERIFY(catalogRef.valid());
        QVERIFY(!catalogRef.isFile());
        QCOMPARE(catalogRef.key(), std::string("resnet18"));
        QVERIFY(catalogRef.spec());
        QCOMPARE(catalogRef.name(), catalogRef.spec()->name);
        QCOMPARE(catalogRef.labels().size(), std::size_t{1000});
        QVERIFY(!catalogRef.fileInfo());
        // A model file: its metadata read once, its classes and recipe, its base model's entry.
        const tl::ModelRef fileRef = tl::ModelRef::parse(fileB_);
        QVERIFY(fileRef.isFile());
        QCOMPARE(fileRef.key(), fileB_);
        QCOMPARE(fileRef.name(), std::string("b-mobilenet.safetensors"));
        QVERIFY(fileRef.fileInfo());
        QCOMPARE(fileRef.labels(), (std::vector<std::string>{"kind0", "kind1", "kind2"}));
        QCOMPARE(fileRef.preprocessing().inputSize, 48);
        QVERIFY(fileRef.spec());
        QCOMPARE(fileRef.spec()->id, std::string("mobilenet_v3_small"));
        QVERIFY(fileRef == tl::ModelRef::parse(fileB_));
        QVERIFY(!(fileRef == catalogRef));
        QVERIFY(!tl::ModelRef().valid());
        // Neither: the error names what was given and why.
        const std::string image = (data_ / "kind0" / "img_000.png").string();
        const std::vector<std::pair<std::string, std::string>> refused{
            {"no_such_model", "no such catalog model id or model file"},
            {image, "not a model file"},
        };
        for (const auto& [given, why] : refused) {
            try {
                tl::ModelRef::parse(given);
                QFAIL(qPrintable(QString::fromStdString("no error for " + given)));
            } catch (const tl::Error& e) {
                const QString what = QString::fromUtf8(e.what());
                QVERIFY2(what.contains(QString::fromStdString(given)) && what.contains(QString::fromStdString(why)), qPrintable(what));
            }
        }
    }

private:
    fs::path data_;
    std::string fileA_, fileB_, fileC_;
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
