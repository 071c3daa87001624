// The parts of a training run, each on its own (core/src/train): the set-up (dataset checks, class weights,
// the loss, where a resumed run begins, the network and its head), the feature bank, the evaluator, the
// epoch loop's pieces (trainable parameters, early stopping, batch sources, a stopped loop) and the run
// writer (what reaches the run directory, in which order). Whole runs are tst_trainer's.
#include "dataset_maker.h"
#include "measured.h"
#include "thrown.h"

#include "train/checkpoint.h"
#include "train/epoch_loop.h"
#include "train/evaluator.h"
#include "train/feature_bank.h"
#include "train/run_setup.h"
#include "train/run_writer.h"
#include "train/schedule.h"

#include "tl/catalog.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/freeze.h"
#include "tl/model_file.h"
#include "tl/run_log.h"
#include "tl/runtime.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <algorithm>
#include <fstream>

namespace fs = std::filesystem;

namespace {

std::string checkpoint() { return qEnvironmentVariable("TL_TEST_TMP").toStdString() + "/checkpoints/resnet18.pt"; }

/// Two classes, `perClass` images each (dataset_maker's patterns), and `unreadable` PNGs of the first class
/// whose header promises pixels that never come (the scan lists them; decoding fails).
fs::path twoClasses(const std::string& name, int perClass, int unreadable = 0) {
    const fs::path root = dsmaker::freshDir(name);
    dsmaker::fill(root / "a", 0, perClass);
    dsmaker::fill(root / "b", 1, perClass);
    for (int i = 0; i < unreadable; ++i) dsmaker::writePngHeader(root / "a" / ("broken" + std::to_string(i) + ".png"), 48, 40);
    return root;
}

tl::TrainConfig config(const fs::path& dataset, const std::string& run) {
    tl::TrainConfig c;
    c.model = "resnet18";
    c.weights = checkpoint();
    c.dataset = dataset.string();
    c.outputDir = dsmaker::freshDir(run).string();
    c.imageSize = 32;
    c.batchSize = 4;
    c.workers = 1;
    c.device = "cpu";
    c.phases[0].epochs = 1;
    return c;
}

struct Log : tl::TrainObserver {
    std::vector<std::string> lines;
    std::vector<tl::EpochEnd> epochs;
    std::vector<tl::BatchEnd> batches;
    void onLog(const std::string& m) override { lines.push_back(m); }
    void onEpoch(const tl::EpochEnd& e) override { epochs.push_back(e); }
    void onBatch(const tl::BatchEnd& b) override { batches.push_back(b); }
    bool has(const std::string& part) const {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
    }
};

const auto never = [] { return false; };

std::vector<std::string> lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

/// What one run's set-up makes, as Trainer::run makes it.
struct Setup {
    tl::TrainConfig c;
    Log log;
    tl::Dataset dataset;
    tl::Preprocessing recipe;
    std::unique_ptr<tl::train::RunModel> model;
    std::unique_ptr<tl::train::RunLoaders> loaders;

    Setup(tl::TrainConfig config) : c(std::move(config)) {
        const tl::ModelSpec& spec = tl::Catalog::builtin().get(c.model);
        recipe = tl::recipeAtSize(spec.preprocessing, c.imageSize);
        dataset = tl::train::scanRunDataset(c, log, never);
        model = std::make_unique<tl::train::RunModel>(spec, c, static_cast<int>(dataset.classes.size()), log);
        model->placeOnDevice(c, log);
        loaders = std::make_unique<tl::train::RunLoaders>(c, dataset, recipe, log);
    }
    tl::train::FeatureBank bank() { return {dataset, c.model, recipe, loaders->validationOptions, log, never, c.dataset}; }
};

}  // namespace

class TestTrainParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        // An empty cache: features cached by other suites or runs must not be reused here.
        const fs::path caches = dsmaker::freshDir("tp_caches");
        qputenv("TORCH_HOME", (caches / "torch").string().c_str());
        qputenv("XDG_CACHE_HOME", caches.string().c_str());
    }

    // ---- run set-up ----

    void scanRunDatasetChecksTheClasses() {
        const fs::path one = dsmaker::freshDir("tp_one_class");
        dsmaker::fill(one / "only", 0, 4);
        Log log;
        TL_VERIFY_ERROR_NAMING(tl::train::scanRunDataset(config(one, "tp_one_run"), log, never), (QStringList{"at least two classes"}));
        QVERIFY(log.has("scanning"));
        const tl::Dataset two = tl::train::scanRunDataset(config(twoClasses("tp_two", 5), "tp_two_run"), log, never);
        QCOMPARE(two.classes.size(), std::size_t{2});
        // A stop asked for during the scan cancels it.
        QVERIFY_THROWS_EXCEPTION(tl::Cancelled,
                                 tl::train::scanRunDataset(config(twoClasses("tp_two_stop", 5), "tp_stop_run"), log, [] { return true; }));
    }

    void inverseFrequencyWeights() {
        // total / (classes × count): 60 / (3 × 10) = 2, 60 / 90, 60 / 60 = 1; balanced classes weigh 1.
        const std::vector<float> w = tl::train::inverseFrequencyWeights({10, 30, 20}, 60);
        QCOMPARE(w.size(), std::size_t{3});
        const double expected[] = {2.0, 60.0 / 90.0, 1.0};
        for (int i = 0; i < 3; ++i) TL_VERIFY_NEAR(static_cast<double>(w[static_cast<std::size_t>(i)]), expected[i], 1e-7);  // float rounding: 6e-8
        for (const float x : tl::train::inverseFrequencyWeights({7, 7}, 14)) QCOMPARE(x, 1.0f);
    }

    void startPoints() {
        std::vector<tl::PhaseConfig> phases(2);
        phases[0].epochs = 3;
        phases[1].epochs = 2;
        tl::train::RunPosition p;
        auto s = tl::train::startPoint(p, phases, false);  // a new run
        QCOMPARE(s.phase, std::size_t{0});
        QCOMPARE(s.epochInPhase, 1);
        QVERIFY(!s.earlyStopped);
        p.epochInPhase = 1;  // resumed inside phase 1
        s = tl::train::startPoint(p, phases, true);
        QCOMPARE(s.phase, std::size_t{0});
        QCOMPARE(s.epochInPhase, 2);
        p.epochInPhase = 3;  // phase 1 complete: phase 2 from its start
        s = tl::train::startPoint(p, phases, true);
        QCOMPARE(s.phase, std::size_t{1});
        QCOMPARE(s.epochInPhase, 1);
        p.epochInPhase = 2;  // phase 1 stopped early at its second epoch
        p.earlyStopped = true;
        s = tl::train::startPoint(p, phases, true);
        QCOMPARE(s.phase, std::size_t{1});
        QCOMPARE(s.epochInPhase, 1);
        QVERIFY(s.earlyStopped);
        p = {};
        p.phaseIndex = 1;  // the last phase complete: nothing left
        p.epochInPhase = 2;
        QCOMPARE(tl::train::startPoint(p, phases, true).phase, phases.size());
    }

    void runLossIsCrossEntropy() {
        // Five of class a, fifteen of class b in the training split (none held out): weights 2 and 2/3.
        const fs::path root = dsmaker::freshDir("tp_loss");
        dsmaker::fill(root / "a", 0, 5);
        dsmaker::fill(root / "b", 1, 15);
        tl::TrainConfig c = config(root, "tp_loss_run");
        c.validationFraction = 0;
        Log log;
        const tl::Dataset dataset = tl::train::scanRunDataset(c, log, never);
        const torch::Tensor logits = torch::tensor({2.0f, -1.0f, 0.5f, 0.25f, -0.3f, 1.2f}).reshape({3, 2});
        const torch::Tensor target = torch::tensor({0, 1, 1}, torch::kInt64);
        const torch::Tensor logp = logits.log_softmax(1);
        const double nll[] = {-logp[0][0].item<double>(), -logp[1][1].item<double>(), -logp[2][1].item<double>()};

        const tl::train::RunLoss plain(c, dataset, torch::kCPU);
        QVERIFY(!plain.classWeights().defined());
        TL_VERIFY_NEAR(plain(logits, target).item<double>(), (nll[0] + nll[1] + nll[2]) / 3, 1e-6);  // float32 of values ~1

        c.classWeights = true;
        const tl::train::RunLoss weighted(c, dataset, torch::kCPU);
        QCOMPARE(weighted.classWeights().numel(), std::int64_t{2});
        const double wa = weighted.classWeights()[0].item<double>(), wb = weighted.classWeights()[1].item<double>();
        TL_VERIFY_NEAR(wa, 2.0, 1e-6);
        TL_VERIFY_NEAR(wb, 2.0 / 3.0, 1e-6);
        TL_VERIFY_NEAR(weighted(logits, target).item<double>(), (wa * nll[0] + wb * nll[1] + wb * nll[2]) / (wa + 2 * wb), 1e-6);

        c.classWeights = false;
        c.labelSmoothing = 0.1;  // (1 - ε) × nll + ε × the mean over classes of -log p
        const tl::train::RunLoss smoothed(c, dataset, torch::kCPU);
        double expected = 0;
        for (int i = 0; i < 3; ++i) expected += 0.9 * nll[i] - 0.1 * (logp[i][0].item<double>() + logp[i][1].item<double>()) / 2;
        TL_VERIFY_NEAR(smoothed(logits, target).item<double>(), expected / 3, 1e-6);
    }

    void runModelHeadAndTrainableParameters() {
        tl::TrainConfig c = config(twoClasses("tp_model", 4), "tp_model_run");
        c.head.kind = "mlp";
        c.head.hidden = 8;
        Setup s(c);
        tl::train::RunModel& m = *s.model;
        QVERIFY(m.mlp());
        QCOMPARE(m.weightsPath(), checkpoint());
        QVERIFY(s.log.has("weights: "));
        QVERIFY(m.isHeadKey("fc.weight"));
        QVERIFY(!m.isHeadKey("layer4.1.conv2.weight"));
        const std::int64_t features = m.net().featureDim();
        // The MLP: Linear(features, 8), Linear(8, 2), with biases.
        const std::int64_t mlpSize = features * 8 + 8 + 8 * 2 + 2;

        tl::applyFreezePlan(m.model(), tl::FreezePlan{});  // head only
        const auto headOnly = tl::train::phaseParameters(m);
        QVERIFY(headOnly.backbone.empty());
        QCOMPARE(headOnly.trainable, mlpSize);
        QCOMPARE(headOnly.all.size(), headOnly.head.size());
        std::int64_t ownHead = 0, total = 0;
        for (const auto& item : m.net().named_parameters(true)) {
            total += item.value().numel();
            if (m.isHeadKey(item.key())) {
                ownHead += item.value().numel();
                QVERIFY2(!item.value().requires_grad(), item.key().c_str());  // the network's own head is not used
            }
        }
        QCOMPARE(headOnly.frozen, total - ownHead);

        tl::FreezePlan all;
        all.preset = "all";
        tl::applyFreezePlan(m.model(), all);
        const auto everything = tl::train::phaseParameters(m);
        QVERIFY(!everything.backbone.empty());
        QCOMPARE(everything.trainable, mlpSize + total - ownHead);
        QCOMPARE(everything.frozen, std::int64_t{0});
        QCOMPARE(everything.all.size(), everything.head.size() + everything.backbone.size());

        // Phases before the start: head-only trained nothing below the head, "all" did.
        std::vector<tl::PhaseConfig> phases(2);
        QVERIFY(!tl::train::backboneTrainedBefore(m, phases, 1));
        phases[0].freeze = all;
        QVERIFY(tl::train::backboneTrainedBefore(m, phases, 1));
        QVERIFY(!tl::train::backboneTrainedBefore(m, phases, 0));

        tl::Batch b;
        s.loaders->train->startEpoch(0);
        QVERIFY(s.loaders->train->next(b));
        const auto [x, y] = m.toDevice(b);
        QCOMPARE(x.sizes().vec(), (std::vector<std::int64_t>{b.count, 3, 32, 32}));
        QCOMPARE(y.numel(), static_cast<std::int64_t>(b.count));
    }

    void phaseDescriptionAndEarlyStopping() {
        tl::PhaseConfig phase;
        phase.epochs = 4;
        phase.optimizer.name = "sgd";
        phase.optimizer.lr = 0.01;
        phase.optimizer.backboneLrScale = 0.1;
        phase.schedule.name = "cosine";
        QCOMPARE(tl::train::phaseDescription(2, "last block", phase, true),
                 std::string("phase 2: last block; sgd lr 0.01 (backbone × 0.1), cosine schedule, 4 epoch(s)"));
        QCOMPARE(tl::train::phaseDescription(1, "head only", phase, false),
                 std::string("phase 1: head only; sgd lr 0.01, cosine schedule, 4 epoch(s)"));

        tl::train::PhaseProgress p;
        QVERIFY(!p.update(0.5, 2));
        QVERIFY(!p.update(0.4, 2));
        QCOMPARE(p.sinceBest, 1);
        QVERIFY(!p.update(0.6, 2));  // a better epoch starts the count again
        QCOMPARE(p.sinceBest, 0);
        QVERIFY(!p.update(0.6, 2));  // equal is not better
        QVERIFY(p.update(0.3, 2));
        QCOMPARE(p.best, 0.6);
        tl::train::PhaseProgress never;
        for (int i = 0; i < 5; ++i) QVERIFY(!never.update(0.1, 0));  // patience 0: never stops
        QCOMPARE(never.sinceBest, 0);
    }

    // ---- the feature bank ----

    void featureBankComputesReusesAndServesRows() {
        tl::TrainConfig c = config(twoClasses("tp_bank", 6, 2), "tp_bank_run");
        c.validationFraction = 0;
        Setup s(c);
        const std::size_t images = s.dataset.size(tl::Split::Train);
        QCOMPARE(images, std::size_t{14});  // the two unreadable files are listed by the scan
        auto bank = s.bank();
        QVERIFY(!bank.has(tl::Split::Train));
        const tl::train::Features& f = bank.features(tl::Split::Train, *s.model);
        QVERIFY(bank.has(tl::Split::Train));
        QVERIFY(s.log.has("computed in"));
        QCOMPARE(f.values.size(0), static_cast<std::int64_t>(images));
        QCOMPARE(f.values.size(1), s.model->net().featureDim());
        QCOMPARE(f.present.sum().item<std::int64_t>(), std::int64_t{12});  // decoding fails for the two

        // The features are the frozen network's on the loader's images.
        s.model->setTraining(false);
        tl::BatchLoader loader(s.dataset.paths(tl::Split::Train), s.dataset.labels(tl::Split::Train), s.loaders->validationOptions);
        loader.startEpoch(0);
        tl::Batch b;
        double worst = 0;
        torch::NoGradGuard noGrad;
        while (loader.next(b)) {
            if (b.count == 0) continue;
            const auto [x, y] = s.model->toDevice(b);
            const torch::Tensor direct = s.model->net().features(x);
            for (int i = 0; i < b.count; ++i) {
                const auto row = static_cast<std::int64_t>(b.samples[static_cast<std::size_t>(i)]);
                worst = std::max(worst, (direct[i] - f.values[row]).abs().max().item<double>());
            }
        }
        qInfo("largest difference from the network's own features: %.3g", worst);
        // The same network on the same batches: equal but for float32 summation order (measured 0).
        TL_VERIFY_AT_MOST(worst, 1e-5);

        // A second bank reads them back from the cache.
        auto again = s.bank();
        const tl::train::Features& cached = again.features(tl::Split::Train, *s.model);
        QVERIFY(s.log.has("reused"));
        QVERIFY(torch::equal(cached.values, f.values));
        QVERIFY(torch::equal(cached.present, f.present));

        // Rows in the order given, unreadable ones left out, at most batchSize of the order at a time.
        std::vector<std::size_t> order(images);
        for (std::size_t i = 0; i < images; ++i) order[i] = images - 1 - i;
        std::size_t cursor = 0;
        std::vector<std::int64_t> served;
        while (cursor < order.size()) {
            const auto rows = bank.presentRows(tl::Split::Train, order, cursor, 4);
            QVERIFY(rows.size() <= 4);
            served.insert(served.end(), rows.begin(), rows.end());
        }
        QCOMPARE(served.size(), std::size_t{12});
        QVERIFY(std::is_sorted(served.rbegin(), served.rend()));
        for (const auto r : served) QCOMPARE(f.present[r].item<int>(), 1);
        const auto [x, y] = bank.rows(tl::Split::Train, {served[0], served[1]}, torch::kCPU);
        QVERIFY(torch::equal(x[1], f.values[served[1]]));
        QCOMPARE(y[0].item<std::int64_t>(), static_cast<std::int64_t>(s.dataset.labels(tl::Split::Train)[static_cast<std::size_t>(served[0])]));
    }

    // ---- the evaluator ----

    void evaluatorOnImagesAndOnFeaturesAgree() {
        tl::TrainConfig c = config(twoClasses("tp_eval", 10), "tp_eval_run");
        c.validationFraction = 0.5;
        Setup s(c);
        QVERIFY(s.loaders->validation);
        tl::train::Evaluator evaluator(*s.model, 2, c.batchSize);
        const tl::Evaluation images = evaluator.onImages(*s.loaders->validation);
        QCOMPARE(images.images, s.dataset.size(tl::Split::Validation));

        // Counted by hand: the network's top-1 on every validation image.
        s.model->setTraining(false);
        torch::NoGradGuard noGrad;
        std::int64_t right = 0, seen = 0;
        s.loaders->validation->startEpoch(0);
        tl::Batch b;
        while (s.loaders->validation->next(b)) {
            if (b.count == 0) continue;
            const auto [x, y] = s.model->toDevice(b);
            right += s.model->forward(x).argmax(1).eq(y).sum().item<std::int64_t>();
            seen += b.count;
        }
        QCOMPARE(static_cast<std::int64_t>(images.images), seen);
        TL_VERIFY_NEAR(images.accuracy, static_cast<double>(right) / static_cast<double>(seen), 1e-12);

        auto bank = s.bank();
        const tl::Evaluation features = evaluator.onFeatures(bank.features(tl::Split::Validation, *s.model), bank.labels(tl::Split::Validation));
        qInfo("validation loss %.7f on images, %.7f on features", images.loss, features.loss);
        QCOMPARE(features.images, images.images);
        QCOMPARE(features.confusion, images.confusion);
        // The head on the same features either way: float32 rounding of the network only (measured 0).
        TL_VERIFY_NEAR(features.loss, images.loss, 1e-5 * std::max(1.0, images.loss));
    }

    // ---- the epoch loop ----

    void batchSourcesFollowTheLoaderOrder() {
        tl::TrainConfig c = config(twoClasses("tp_source", 6, 1), "tp_source_run");
        c.validationFraction = 0;
        Setup s(c);
        auto bank = s.bank();
        const tl::train::Features& f = bank.features(tl::Split::Train, *s.model);
        const auto order = s.loaders->train->order(1);  // epoch 2's
        std::vector<std::int64_t> expected;
        for (const auto i : order)
            if (f.present[static_cast<std::int64_t>(i)].item<int>()) expected.push_back(s.dataset.labels(tl::Split::Train)[i]);
        tl::train::BatchSource fromFeatures(*s.loaders->train, &bank, *s.model, 2, c.batchSize);
        std::vector<std::int64_t> labels;
        torch::Tensor x, y;
        int count = 0, batches = 0;
        while (fromFeatures.next(x, y, count)) {
            ++batches;
            if (count == 0) continue;
            QCOMPARE(x.size(1), s.model->net().featureDim());
            for (int i = 0; i < count; ++i) labels.push_back(y[i].item<std::int64_t>());
        }
        QCOMPARE(labels, expected);
        QCOMPARE(batches, static_cast<int>(s.loaders->train->batchesPerEpoch()));

        tl::train::BatchSource fromImages(*s.loaders->train, nullptr, *s.model, 2, c.batchSize);
        int images = 0;
        while (fromImages.next(x, y, count))
            if (count > 0) {
                QCOMPARE(x.dim(), std::int64_t{4});
                images += count;
            }
        QCOMPARE(images, 12);  // the unreadable image is left out of its batch
    }

    void epochLoopStopsAndKeepsNoCutShortEpoch() {
        tl::TrainConfig c = config(twoClasses("tp_loop", 8), "tp_loop_run");
        c.phases[0].epochs = 2;
        Setup s(c);
        tl::train::RunWriter writer(c, false, s.dataset, s.log);
        const tl::train::RunLoss loss(c, s.dataset, s.model->device());
        auto bank = s.bank();
        tl::train::Evaluator evaluator(*s.model, 2, c.batchSize);
        int controls = 0;
        // Stop at the first batch: less than half an epoch, so no epoch is reported or checkpointed.
        tl::train::EpochLoop stopped({c, *s.model, *s.loaders, loss, bank, evaluator, writer, [&controls] { return ++controls >= 1; }}, {}, false);
        const tl::RunResult r = stopped.run();
        QCOMPARE(r.status, std::string("stopped"));
        QCOMPARE(r.epochs, 0);
        QCOMPARE(s.log.batches.size(), std::size_t{1});
        QVERIFY(s.log.epochs.empty());
        QVERIFY(!fs::exists(writer.checkpointPath()));
        QVERIFY(s.log.has("bottleneck mode"));  // head only, no augmentation

        // Run to the end: two epochs, each checkpointed, the best one recorded.
        tl::train::RunWriter writer2(config(c.dataset, "tp_loop_run2"), false, s.dataset, s.log);
        tl::train::EpochLoop whole({c, *s.model, *s.loaders, loss, bank, evaluator, writer2, never}, {}, false);
        const tl::RunResult done = whole.run();
        QCOMPARE(done.status, std::string("completed"));
        QCOMPARE(done.epochs, 2);
        QCOMPARE(s.log.epochs.size(), std::size_t{2});
        QVERIFY(done.bestEpoch >= 1 && done.bestEpoch <= 2);
        QCOMPARE(tl::train::readRunPosition(writer2.checkpointPath()).epoch, 2);
    }

    // ---- the run writer ----

    void runWriterOrdersFilesAndEvents() {
        tl::TrainConfig c = config(twoClasses("tp_writer", 4), "tp_writer_run");
        c.name = "tp_writer \xc2\xb7 ResNet-18 \xc2\xb7 2026-12-08 01:02";  // the run's name: config.json, readRun, the model file
        Setup s(c);
        tl::train::RunWriter writer(c, false, s.dataset, s.log);
        for (const char* name : {"config.json", "classes.json", "dataset.json"}) QVERIFY2(fs::exists(fs::path(writer.dir()) / name), name);
        TL_VERIFY_ERROR_NAMING(tl::train::RunWriter(c, false, s.dataset, s.log), (QStringList{}));  // a run is there already

        tl::RunStart start;
        start.runDir = writer.dir();
        start.classes = s.dataset.classes;
        writer.runStarted(start, c, false, 0);
        tl::PhaseStart ps;
        ps.phase = 1;
        ps.epochs = 2;
        ps.description = "phase 1: test";
        writer.phaseStarted(ps);
        writer.bottleneck(1, false);
        tl::BatchEnd be;
        be.phase = 1;
        be.epoch = 1;
        be.batch = 1;
        be.step = 1;
        be.loss = 0.5;
        writer.batchEnded(be);
        tl::applyFreezePlan(s.model->model(), tl::FreezePlan{});
        const auto params = tl::train::phaseParameters(*s.model);
        auto optimizer = tl::train::makeOptimizer(tl::OptimizerConfig{}, params.head, params.backbone);
        tl::EpochEnd e1;
        e1.phase = 1;
        e1.epoch = 1;
        e1.epochInPhase = 1;
        e1.trainLoss = 0.5;
        tl::train::RunPosition at;
        at.epoch = 1;
        at.epochInPhase = 1;
        at.step = 1;
        writer.epochEnded(e1, at, *s.model, *optimizer, true);
        // The checkpoint carries the row that metrics.csv ends with (the row with its newline).
        const auto metrics = lines(fs::path(writer.dir()) / "metrics.csv");
        QCOMPARE(QString::fromStdString(tl::train::readRunPosition(writer.checkpointPath()).metricsRow),
                 QString::fromStdString(metrics.back() + "\n"));
        // A stopping epoch: its row and event, no checkpoint (the last complete epoch's stays).
        tl::EpochEnd e2 = e1;
        e2.epoch = 2;
        e2.epochInPhase = 2;
        at.epoch = 2;
        writer.epochEnded(e2, at, *s.model, *optimizer, false);
        QCOMPARE(tl::train::readRunPosition(writer.checkpointPath()).epoch, 1);
        QCOMPARE(lines(fs::path(writer.dir()) / "metrics.csv").size(), metrics.size() + 1);
        QCOMPARE(s.log.epochs.size(), std::size_t{2});

        tl::RunResult result;
        result.status = "stopped";
        result.epochs = 2;
        result.runDir = writer.dir();
        writer.finished(*s.model, tl::Catalog::builtin().get(c.model), s.dataset, s.recipe, c.head, result);
        QVERIFY(fs::exists(result.modelPath));
        QVERIFY(s.log.has("saved "));

        // events.jsonl in order, read back as readRun reads it.
        std::vector<std::string> kinds;
        for (const auto& l : lines(fs::path(writer.dir()) / "events.jsonl")) kinds.push_back(nlohmann::json::parse(l)["event"].get<std::string>());
        QCOMPARE(kinds, (std::vector<std::string>{"run_start", "phase_start", "bottleneck", "batch", "epoch", "epoch", "run_end"}));
        const tl::RunRecord back = tl::readRun(writer.dir());
        QCOMPARE(back.epochs.size(), std::size_t{2});
        QVERIFY(back.ended);
        QCOMPARE(back.end.status, std::string("stopped"));
        QCOMPARE(back.damagedLines, 0);
        QCOMPARE(back.name, c.name);
        QCOMPARE(tl::readModelFileInfo(result.modelPath).name, c.name);
        std::ifstream configFile(fs::path(writer.dir()) / "config.json");
        const std::string configText((std::istreambuf_iterator<char>(configFile)), std::istreambuf_iterator<char>());
        QCOMPARE(tl::parseTrainConfig(configText, "config.json").name, c.name);
    }

    void runNameIsOptionalInTheConfig() {
        // A config without a name (every run before 2026-12) reads as before and is written without the key; a name
        // past kMaxRunNameBytes is refused naming the key.
        tl::TrainConfig c;
        c.model = "resnet18";
        c.dataset = "/data";
        c.outputDir = "/runs/a";
        const std::string unnamed = tl::trainConfigJson(c);
        QVERIFY(!nlohmann::json::parse(unnamed).contains("name"));
        QVERIFY(tl::parseTrainConfig(unnamed, "config.json").name.empty());
        c.name = "flowers \xc2\xb7 VGG16";
        QCOMPARE(tl::parseTrainConfig(tl::trainConfigJson(c), "config.json").name, c.name);
        c.name = std::string(tl::kMaxRunNameBytes + 1, 'x');
        TL_VERIFY_ERROR_NAMING(tl::parseTrainConfig(tl::trainConfigJson(c), "config.json"), (QStringList{"config.json", "name"}));
    }
};

QTEST_GUILESS_MAIN(TestTrainParts)
#include "tst_train_parts.moc"
