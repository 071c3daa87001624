// The fine-tuning engine: configs as JSON, freeze plans, schedules, metrics, and whole runs of a test-made
// resnet18 checkpoint on generated datasets — it learns, frozen BatchNorm statistics stay put, two phases,
// an MLP head, early stopping, pause / resume / stop, and the run directory's files.
#include "dataset_maker.h"
#include "measured.h"
#include "thrown.h"

#include "train/checkpoint.h"
#include "train/loss_scaler.h"
#include "train/metrics.h"
#include "train/schedule.h"
#include "weights/checkpoint_reader.h"
#include "weights/safetensors.h"

#include "tl/classifier.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/evaluation.h"
#include "tl/freeze.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/run_log.h"
#include "tl/runtime.h"
#include "tl/trainer.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <functional>
#include <thread>

namespace fs = std::filesystem;

namespace {

std::string checkpoint() { return qEnvironmentVariable("TL_TEST_TMP").toStdString() + "/checkpoints/resnet18.pt"; }

/// Three classes told apart by colour (red, green, blue backgrounds with noise and a few random shapes).
fs::path colourDataset(const std::string& name, int perClass, std::uint64_t seed = 11) {
    const fs::path root = dsmaker::freshDir(name);
    const cv::Scalar colours[] = {{200, 40, 40}, {40, 190, 60}, {40, 60, 200}};
    const char* names[] = {"red", "green", "blue"};
    cv::RNG rng(seed);
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < perClass; ++i) {
            cv::Mat rgb(48, 56, CV_8UC3, colours[c]);
            cv::Mat noise(rgb.size(), CV_8UC3);
            rng.fill(noise, cv::RNG::UNIFORM, 0, 40);
            rgb += noise;
            for (int k = 0; k < 2; ++k) {
                const cv::Point a(rng.uniform(0, 56), rng.uniform(0, 48));
                cv::rectangle(rgb, a, a + cv::Point(rng.uniform(4, 12), rng.uniform(4, 12)),
                              cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)), cv::FILLED);
            }
            char file[32];
            std::snprintf(file, sizeof file, "%03d.png", i);
            dsmaker::write(root / names[c] / file, rgb);
        }
    return root;
}

tl::TrainConfig baseConfig(const fs::path& dataset, const std::string& run) {
    tl::TrainConfig c;
    c.model = "resnet18";
    c.weights = checkpoint();
    c.dataset = dataset.string();
    c.outputDir = dsmaker::freshDir(run).string();
    c.imageSize = 64;
    c.batchSize = 16;
    c.workers = 2;
    c.device = "cpu";
    c.phases[0].epochs = 2;
    return c;
}

/// The seed of a learning test (TL_TEST_SEED, else 1): its run's seed, and its dataset's (10 + seed: seed 1 draws
/// the images these tests always had).
std::uint64_t learningSeed() { return tltest::testSeed(1); }

// Learning outcomes, measured over seeds 1-20 (scripts/seed-margins.sh; docs/testing.md).
// fineTuningLearns: best validation accuracy 1.000 for every seed; 0.9 allows 2 of the 24 images wrong.
constexpr double kFineTuningAccuracy = 0.9;
// lossOptionsAndClipping: last training loss without smoothing 0.072-0.383; the claim is that it goes well below
// the smoothed target's entropy (0.9503), so 0.9.
constexpr double kPlainLoss = 0.9;
// classWeightsFavourRareClasses: P(red) within 0.0028 (plain) and 0.0007 (weighted) of its optimum; 0.01 is
// 3.5x the worst and a fortieth of the 0.43 between the two optima.
constexpr double kFrequencyError = 0.01;

std::vector<std::string> lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

torch::Tensor tensorIn(const std::string& path, const std::string& key) {
    const auto ck = tl::weights::readCheckpoint(path);
    for (const auto& [k, t] : ck.tensors)
        if (k == key) return t.clone();
    throw std::runtime_error("no " + key + " in " + path);
}

/// Records events; optionally stops or pauses the trainer at a batch.
struct Recorder : tl::TrainObserver {
    tl::Trainer* trainer = nullptr;
    int stopAtStep = 0, pauseAtStep = 0;
    std::vector<tl::BatchEnd> batches;
    std::vector<tl::EpochEnd> epochs;
    std::vector<tl::PhaseStart> phases;
    std::vector<bool> pauses;
    std::vector<std::string> logs;
    void onPhaseStart(const tl::PhaseStart& p) override { phases.push_back(p); }
    void onBatch(const tl::BatchEnd& b) override {
        batches.push_back(b);
        if (b.step == stopAtStep) trainer->stop();
        if (b.step == pauseAtStep) {
            trainer->pause();
            std::thread([t = trainer] {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                t->resume();
            }).detach();
        }
    }
    void onEpoch(const tl::EpochEnd& e) override { epochs.push_back(e); }
    void onPaused(bool p) override { pauses.push_back(p); }
    void onLog(const std::string& m) override { logs.push_back(m); }
};

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        // Empty weight caches: whatever this machine has downloaded must not change the results.
        const fs::path caches = dsmaker::freshDir("tr_caches");
        qputenv("TORCH_HOME", (caches / "torch").string().c_str());
        qputenv("XDG_CACHE_HOME", caches.string().c_str());
    }

    void configJsonRoundTripAndErrors() {
        tl::TrainConfig c = baseConfig("/data", "tr_cfg");
        c.phases.push_back(tl::PhaseConfig{});
        c.phases[1].freeze.preset = "last_block";
        c.phases[1].optimizer.name = "sgd";
        c.phases[1].optimizer.lr = 1e-4;
        c.phases[1].schedule.name = "cosine";
        c.head.kind = "mlp";
        c.augment = true;
        c.augmentation.horizontalFlip = true;
        const std::string text = tl::trainConfigJson(c);
        QCOMPARE(tl::trainConfigJson(tl::parseTrainConfig(text, "run.json")), text);
        const auto fails = [](const std::string& json, const char* word) {
            try {
                tl::parseTrainConfig(json, "run.json");
            } catch (const tl::Error& e) {
                const std::string m = e.what();
                return m.find(word) != std::string::npos && m.find("run.json") != std::string::npos;
            }
            return false;
        };
        const std::string base = R"("model": "resnet18", "dataset": "d", "output_dir": "o")";
        QVERIFY(fails("{" + base + R"(, "phases": [{"optimizer": {"lrr": 1}}]})", "phases[0].optimizer.lrr"));
        QVERIFY(fails("{" + base + R"(, "phases": [{"optimizer": {"name": "lion"}}]})", "lion"));
        QVERIFY(fails("{" + base + R"(, "batch_size": 0})", "batch_size"));
        QVERIFY(fails("{" + base + R"(, "phases": [{"freeze": "half"}]})", "freeze.preset"));
        QVERIFY(fails(R"({"dataset": "d", "output_dir": "o"})", "model"));
        QVERIFY(fails("{" + base + R"(, "augmentation": {"rotation": 3}})", "rotation"));
        QVERIFY(fails("{" + base + R"(, "phases": [{"optimizer": {"name": "adam", "nesterov": true}}]})", "nesterov"));
    }

    void configNumbersAreRangeChecked() {
        // Every number of a config file has a finite range; out of it, of the wrong type or not representable, the
        // tl::Error names the file, the key, the value seen and the range (no nlohmann exception, no silent wrap).
        const std::string base = R"("model": "resnet18", "dataset": "d", "output_dir": "o")";
        const std::vector<std::pair<std::string, QStringList>> hostile{
            {R"("phases": [{"epochs": 99999999999}])", {"'phases[0].epochs' is 99999999999", "a phase has 1 to 100000 epochs"}},
            {R"("head": {"kind": "mlp", "hidden": 2000000000})", {"'head.hidden' is 2000000000; a hidden layer has 1 to 65536 units"}},
            {R"("head": {"hidden": true})", {"'head.hidden' is true (boolean, not a number)"}},
            {R"("head": {"dropout": 1e308})", {"'head.dropout' is 1e+308", "at least 0 and below 1"}},
            {R"("head": {"dropout": null})", {"'head.dropout' is null"}},
            {R"("batch_size": "32")", {"'batch_size' is \"32\" (string, not a number)", "1 to 4096"}},
            {R"("batch_size": 1e20)", {"'batch_size' is 1e+20"}},
            {R"("workers": 3.5)", {"'workers' is 3.5, not a whole number"}},
            {R"("workers": 100000)", {"'workers' is 100000", "0 to 1024"}},
            {R"("seed": -1)", {"'seed' is -1", "0 to 18446744073709551615"}},
            {R"("split_seed": 1.8446744073709552e19)", {"'split_seed' is 1.8446744073709552e+19"}},
            {R"("cache_mib": 18446744073709551615)", {"'cache_mib' is 18446744073709551615", "0 to 1048576"}},
            {R"("image_size": -224)", {"'image_size' is -224"}},
            {R"("image_size": 8)", {"image_size", "16..2048"}},
            {R"("validation_fraction": 1)", {"'validation_fraction' is 1", "at least 0 and below 1"}},
            {R"("label_smoothing": -0.5)", {"'label_smoothing' is -0.5"}},
            {R"("early_stopping_patience": -1)", {"'early_stopping_patience' is -1"}},
            {R"("grad_clip_norm": 1e300)", {"'grad_clip_norm' is 1e+300", "0 to 1e+06"}},
            {R"("augment": 1)", {"'augment' is 1; it must be true or false"}},
            {R"("model": 5)", {"'model' is 5 (number); it must be text"}},
            {R"("phases": [{"optimizer": {"lr": "fast"}}])", {"'phases[0].optimizer.lr' is \"fast\""}},
            {R"("phases": [{"optimizer": {"lr": 0}}])", {"'phases[0].optimizer.lr' is 0", "above 0 and below 10"}},
            {R"("phases": [{"optimizer": {"weight_decay": 1e9}}])", {"'phases[0].optimizer.weight_decay' is 1e+09", "0 to 100"}},
            {R"("phases": [{"schedule": {"step_epochs": 0}}])", {"'phases[0].schedule.step_epochs' is 0"}},
            {R"("phases": [{"schedule": {"warmup_epochs": -2}}])", {"'phases[0].schedule.warmup_epochs' is -2"}},
            {R"("phases": [{"freeze": {"preset": "first_n", "first_n": -1}}])", {"'phases[0].freeze.first_n' is -1"}},
            {R"("phases": [{"freeze": {"preset": "custom", "frozen": ["layer1", 2]}}])", {"'phases[0].freeze.frozen[1]' is 2"}},
            {R"("phases": [{}, {}, {}])", {"'phases' is 3", "a run has 1 to 2 phases"}},
            {R"("phases": [5])", {"phases[0]", "expects a JSON object"}},
            {R"("augmentation": {"width_shift_range": 1e300})", {"augmentation", "'width_shift_range' is 1e+300"}},
        };
        for (const auto& [setting, words] : hostile)
            TL_VERIFY_ERROR_NAMING(tl::parseTrainConfig("{" + base + ", " + setting + "}", "run.json"), words + QStringList{"run.json"});
        // NaN and infinity cannot be written in JSON; a config built in code (the GUI's) gets the same checks.
        tl::TrainConfig c = baseConfig("/data", "tr_cfg_nan");
        c.head.dropout = std::nan("");
        TL_VERIFY_ERROR_NAMING(tl::validateTrainConfig(c), (QStringList{"'head.dropout' is NaN"}));
        c.head.dropout = 0.5;
        c.gradClipNorm = INFINITY;
        TL_VERIFY_ERROR_NAMING(tl::validateTrainConfig(c), (QStringList{"'grad_clip_norm' is infinity"}));
        c.gradClipNorm = 0;
        c.phases[0].optimizer.lr = std::nan("");
        TL_VERIFY_ERROR_NAMING(tl::validateTrainConfig(c), (QStringList{"'phases[0].optimizer.lr' is NaN"}));
        // In range it reads as before: whole numbers written with a fraction, the largest seed.
        const tl::TrainConfig ok = tl::parseTrainConfig("{" + base + R"(, "batch_size": 8.0, "seed": 18446744073709551615})", "run.json");
        QCOMPARE(ok.batchSize, 8);
        QCOMPARE(ok.seed, std::numeric_limits<std::uint64_t>::max());
    }

    void resumeRefusesADamagedRunDirectory() {
        // config.json: the same checks, naming the file.
        const fs::path dir = dsmaker::freshDir("tr_hostile_run");
        std::ofstream(dir / "checkpoint.safetensors") << "not read before the config";
        std::ofstream(dir / "config.json") << R"({"model": "resnet18", "dataset": "d", "output_dir": "o", "phases": [{"epochs": 99999999999}]})";
        const QString config = QString::fromStdString((dir / "config.json").string());
        TL_VERIFY_ERROR_NAMING(tl::Trainer::resume(dir.string()), (QStringList{config, "'phases[0].epochs' is 99999999999"}));

        // The checkpoint's position: a valid one reads back; each damaged field is named.
        torch::nn::Linear net(3, 4);
        torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1));
        tl::train::RunPosition at;
        at.phaseIndex = 1;
        at.epochInPhase = 2;
        at.epoch = 5;
        at.step = 50;
        at.best = 0.75;
        at.bestEpoch = 4;
        at.bestInPhase = 0.75;
        at.sinceBest = 1;
        at.metricsRow = "2,5,0.1,0.9,0.2,0.75,1.0,0.001,1.000,10.00\n";
        const std::string path = (dir / "good.safetensors").string();
        tl::train::saveCheckpoint(path, *net, nullptr, sgd, at);
        const tl::train::RunPosition back = tl::train::readRunPosition(path);
        QCOMPARE(back.epoch, 5);
        QCOMPARE(back.step, std::int64_t{50});
        QCOMPARE(back.metricsRow, at.metricsRow);
        tl::train::checkRunPosition(back, {3, 3}, path);
        const QString good = QString::fromStdString(path);
        TL_VERIFY_ERROR_NAMING(tl::train::checkRunPosition(back, {5}, path), (QStringList{good, "'position.phase_index' is 1", "0 to 0"}));
        TL_VERIFY_ERROR_NAMING(tl::train::checkRunPosition(back, {3, 1}, path), (QStringList{good, "'position.epoch_in_phase' is 2", "0 to 1"}));
        TL_VERIFY_ERROR_NAMING(tl::train::checkRunPosition(back, {1, 3}, path), (QStringList{good, "'position.epoch' is 5", "0 to 4"}));

        const nlohmann::json valid{{"phase_index", 0},
                                   {"epoch_in_phase", 3},
                                   {"epoch", 3},
                                   {"step", 30},
                                   {"best", 0.5},
                                   {"best_epoch", 2},
                                   {"best_in_phase", 0.5},
                                   {"since_best", 1},
                                   {"early_stopped", false},
                                   {"metrics_row", "1,3\n"}};
        const std::vector<std::pair<std::string, QStringList>> hostile{
            {R"({"epoch": 99999999999})", {"'position.epoch' is 99999999999", "0 to 200000"}},
            {R"({"phase_index": "0"})", {"'position.phase_index' is \"0\""}},
            {R"({"phase_index": 7})", {"'position.phase_index' is 7", "0 to 1"}},
            {R"({"step": -1})", {"'position.step' is -1"}},
            {R"({"best": 2})", {"'position.best' is 2", "0 to 1"}},
            {R"({"best_in_phase": null})", {"'position.best_in_phase' is null"}},
            {R"({"early_stopped": 0})", {"'position.early_stopped' is 0"}},
            {R"({"metrics_row": 5})", {"'position.metrics_row' is 5"}},
            {R"({"metrics_row": "1,2\n3,4\n"})", {"'position.metrics_row' holds more than one line"}},
            {R"({"epoch_in_phase": 9})", {"'position' counts more epochs"}},
            {R"({"epoch": null})", {"'position.epoch' is null"}},
        };
        const auto write = [&](const std::string& position) {
            tl::weights::writeSafetensors(path, {{"rng", torch::zeros({4}, torch::kByte)}},
                                          {{"format", "transfer-studio run checkpoint"}, {"version", "1"}, {"position", position}});
        };
        for (const auto& [change, words] : hostile) {
            nlohmann::json position = valid;
            position.update(nlohmann::json::parse(change));
            write(position.dump());
            TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), words + QStringList{good});
        }
        nlohmann::json missing = valid;
        missing.erase("epoch");
        write(missing.dump());
        TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), (QStringList{good, "'position.epoch' is missing"}));
        write(R"({"best": NaN})");  // Python's json.dumps of a NaN
        TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), (QStringList{good, "'position' is not valid JSON"}));
        write("[1, 2]");
        TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), (QStringList{good, "'position' is not a JSON object"}));

        // Not a checkpoint of ours, or of a later format: named as such.
        tl::weights::writeSafetensors(path, {{"w", torch::zeros({2})}});
        TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), (QStringList{good, "not a Transfer Studio run checkpoint"}));
        tl::weights::writeSafetensors(path, {{"w", torch::zeros({2})}}, {{"format", "transfer-studio run checkpoint"}, {"version", "2"}});
        TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), (QStringList{good, "format version '2'"}));
        std::ofstream(path, std::ios::trunc) << "PK\x03\x04 a LibTorch archive";
        TL_VERIFY_ERROR_NAMING(tl::train::readRunPosition(path), (QStringList{good, "not a safetensors file"}));

        // Weights of another shape, missing or left over: the run refuses them, naming each.
        tl::train::saveCheckpoint(path, *net, nullptr, sgd, at);
        torch::nn::Linear wider(3, 5);
        TL_VERIFY_ERROR_NAMING(tl::train::loadWeights(path, *wider, nullptr), (QStringList{good, "network's", "bias: file [4] vs model [5]"}));
        torch::nn::Sequential two(torch::nn::Linear(3, 4));
        TL_VERIFY_ERROR_NAMING(tl::train::loadWeights(path, *two, nullptr), (QStringList{good, "0.weight", "weight"}));
        torch::nn::Linear same(3, 4);
        tl::train::loadWeights(path, *same, nullptr);
        QVERIFY(torch::equal(same->weight, net->weight));

        // A run saved by a version before 2026-12 (a LibTorch archive): refused with the reason, never read.
        const fs::path legacy = dsmaker::freshDir("tr_legacy_run");
        std::ofstream(legacy / "config.json") << tl::trainConfigJson(
            tl::parseTrainConfig(R"({"model": "resnet18", "dataset": "d", "output_dir": "o", "phases": [{"epochs": 2}]})", "run.json"));
        std::ofstream(legacy / "checkpoint.pt") << "PK\x03\x04 never opened";
        TL_VERIFY_ERROR_NAMING(tl::Trainer::resume(legacy.string()),
                               (QStringList{QString::fromStdString(legacy.string()), "checkpoint.pt", "not read any more"}));
    }

    void secondPhaseRuleAndDurations() {
        // The tutorials' second phase, as the CLI and the Train area add it, survives its JSON form.
        const tl::PhaseConfig second = tl::fineTunePhase(3, 2e-5);
        QCOMPARE(second.freeze.preset, std::string("last_block"));
        QCOMPARE(second.optimizer.name, std::string("sgd"));
        QCOMPARE(second.optimizer.momentum, 0.9);
        const tl::TrainConfig c = tl::parseTrainConfig(
            R"({"model": "resnet18", "dataset": "d", "output_dir": "o", "phases": [{"epochs": 1}, )" + tl::phaseConfigJson(second) + "]}",
            "run.json");
        QCOMPARE(c.phases[1].epochs, 3);
        QCOMPARE(c.phases[1].optimizer.lr, 2e-5);
        QCOMPARE(c.phases[1].freeze.preset, std::string("last_block"));
        QCOMPARE(tl::fineTunePhase(1).optimizer.lr, tl::kFineTuneLr);
        QCOMPARE(tl::formatDuration(59.6), std::string("1m00s"));
        QCOMPARE(tl::formatDuration(3725), std::string("1h02m"));
        QCOMPARE(tl::formatDuration(std::nan("")), std::string("0m00s"));
        QCOMPARE(tl::formatDuration(-5), std::string("0m00s"));
    }

    void optimizerStateRoundTrips_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"sgd", "adam", "adamw", "rmsprop"}) QTest::newRow(n) << QString::fromLatin1(n);
    }

    void optimizerStateRoundTrips() {
        // Two steps, a checkpoint, then the same next step from the original and from the restored copy: the
        // moments, momentum buffers and step counts come back exactly, so the parameters agree bit for bit.
        QFETCH(QString, name);
        tl::OptimizerConfig oc;
        oc.name = name.toStdString();
        oc.lr = 0.05;
        oc.momentum = 0.9;
        oc.weightDecay = 1e-3;
        const auto build = [&](torch::nn::Linear& head, torch::nn::Linear& backbone) {
            return tl::train::makeOptimizer(oc, head->parameters(), backbone->parameters());
        };
        torch::manual_seed(3);
        torch::nn::Linear headA(4, 3), backA(5, 4);
        auto optA = build(headA, backA);
        const torch::Tensor x = torch::randn({8, 5});
        const auto step = [&](torch::nn::Linear& head, torch::nn::Linear& back, torch::optim::Optimizer& opt) {
            opt.zero_grad();
            head->forward(back->forward(x)).pow(2).sum().backward();
            opt.step();
        };
        step(headA, backA, *optA);
        step(headA, backA, *optA);
        const fs::path dir = dsmaker::freshDir("tr_optimizer_" + oc.name);
        const std::string path = (dir / "checkpoint.safetensors").string();
        torch::nn::Sequential net(backA, headA);
        tl::train::saveCheckpoint(path, *net, nullptr, *optA, tl::train::RunPosition{});

        torch::nn::Linear headB(4, 3), backB(5, 4);
        torch::nn::Sequential netB(backB, headB);
        tl::train::loadWeights(path, *netB, nullptr);
        auto optB = build(headB, backB);
        tl::train::loadOptimizer(path, *optB);
        QCOMPARE(optB->state().size(), optA->state().size());
        step(headA, backA, *optA);
        step(headB, backB, *optB);
        for (const auto& [a, b] :
             {std::pair{headA->weight, headB->weight}, std::pair{backA->weight, backB->weight}, std::pair{backA->bias, backB->bias}})
            QVERIFY2(torch::equal(a, b),
                     qPrintable(QStringLiteral("%1: the restored run differs by %2 after a step").arg(name).arg((a - b).abs().max().item<double>())));

        // Another optimizer, or moments of another shape, are refused by name.
        tl::OptimizerConfig other = oc;
        other.name = oc.name == "sgd" ? "adam" : "sgd";
        auto wrong = tl::train::makeOptimizer(other, headB->parameters(), backB->parameters());
        TL_VERIFY_ERROR_NAMING(tl::train::loadOptimizer(path, *wrong), (QStringList{QString::fromStdString(path), "written by '" + name + "'"}));
        torch::nn::Linear headC(4, 2), backC(5, 4);
        auto narrow = tl::train::makeOptimizer(oc, headC->parameters(), backC->parameters());
        TL_VERIFY_ERROR_NAMING(tl::train::loadOptimizer(path, *narrow),
                               (QStringList{QString::fromStdString(path), "optimizer.0.0.", "[3, 4]", "[2, 4]"}));
    }

    void freezePresets() {
        tl::Model m = tl::Model::create("resnet18", 3);
        const std::int64_t total = m.parameterCount();
        tl::FreezePlan plan;
        auto r = tl::applyFreezePlan(m, plan);
        QCOMPARE(r.trainable, std::int64_t{512 * 3 + 3});
        QCOMPARE(r.trainable + r.frozen, total);
        QCOMPARE(r.trainableModules, std::vector<std::string>{"fc"});
        plan.preset = "last_block";
        r = tl::applyFreezePlan(m, plan);
        QCOMPARE(r.trainableModules, (std::vector<std::string>{"layer4", "fc"}));
        plan.preset = "first_n";
        plan.firstN = 3;  // conv1, bn1, relu: as Keras' model.layers[:3]
        QCOMPARE(tl::leafModules(m)[2], std::string("relu"));
        r = tl::applyFreezePlan(m, plan);
        QCOMPARE(r.frozen, std::int64_t{64 * 3 * 7 * 7 + 2 * 64});
        plan.preset = "all";
        r = tl::applyFreezePlan(m, plan);
        QCOMPARE(r.frozen, std::int64_t{0});
        QCOMPARE(r.trainableModules, std::vector<std::string>{""});
        plan.preset = "custom";
        plan.frozen = {"layer1", "layer2.0"};
        r = tl::applyFreezePlan(m, plan);
        QVERIFY(std::find(r.trainableModules.begin(), r.trainableModules.end(), "layer2.1") != r.trainableModules.end());
        QVERIFY(std::find(r.trainableModules.begin(), r.trainableModules.end(), "layer1") == r.trainableModules.end());
        plan.frozen = {"layer9"};
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::applyFreezePlan(m, plan));
        plan.preset = "first_n";
        plan.firstN = 10000;
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::applyFreezePlan(m, plan));

        // The last block of each family.
        QCOMPARE(tl::lastBlockModules(tl::Model::create("inception_v3", 3)), (std::vector<std::string>{"Mixed_7b", "Mixed_7c"}));
        QCOMPARE(tl::lastBlockModules(tl::Model::create("mobilenet_v2", 3)), (std::vector<std::string>{"features.17", "features.18"}));
        QCOMPARE(tl::lastBlockModules(tl::Model::create("efficientnet_b0", 3)), (std::vector<std::string>{"features.7", "features.8"}));
        // VGG16 block5: conv 24, 26, 28 with their ReLUs and the pool, then the classifier.
        const auto vgg = tl::lastBlockModules(tl::Model::create("vgg16", 3));
        QCOMPARE(vgg.front(), std::string("features.24"));
        QCOMPARE(vgg[vgg.size() - 2], std::string("features.30"));
        QCOMPARE(vgg.back(), std::string("classifier"));
    }

    void schedules() {
        tl::ScheduleConfig s;
        s.name = "step";
        s.stepEpochs = 2;
        s.gamma = 0.5;
        const tl::train::LrSchedule step(s, 0.1, 60, 10);
        QCOMPARE(step.at(0), 0.1);
        QCOMPARE(step.at(19), 0.1);
        QCOMPARE(step.at(20), 0.05);
        QCOMPARE(step.at(45), 0.025);
        s.name = "cosine";
        s.warmupEpochs = 1;
        s.minLr = 0.001;
        const tl::train::LrSchedule cosine(s, 0.1, 61, 10);
        // Closed forms in double (a cosine, a few products): rounding is a few ulps of 0.1 (1.4e-17 each); 1e-12
        // is far above that and far below any wrong formula (the nearest wrong answer is a batch off, ~1e-4).
        TL_VERIFY_BELOW(std::abs(cosine.at(0) - 0.019), 1e-12);  // warm-up starts at a tenth
        TL_VERIFY_BELOW(std::abs(cosine.at(9) - 0.1), 1e-12);    // and ends at lr
        TL_VERIFY_BELOW(std::abs(cosine.at(10) - 0.1), 1e-12);
        TL_VERIFY_BELOW(std::abs(cosine.at(35) - 0.0505), 1e-12);  // half way
        TL_VERIFY_BELOW(std::abs(cosine.at(60) - 0.001), 1e-12);   // the last batch
        s.name = "onecycle";
        const tl::train::LrSchedule one(s, 0.1, 101, 10);
        TL_VERIFY_BELOW(std::abs(one.at(0) - 0.004), 1e-12);
        TL_VERIFY_BELOW(std::abs(one.at(30) - 0.1), 1e-12);
        TL_VERIFY_BELOW(std::abs(one.at(100) - 0.1 / 25e4), 1e-15);  // 4e-7: a few ulps are ~1e-22
    }

    void confusionMetrics() {
        tl::EvaluationAccumulator acc(3);
        // true 0 0 1 1 2 2 ; predicted 0 1 1 1 2 0
        const torch::Tensor logits =
            torch::tensor({{5.f, 1.f, 0.f}, {1.f, 5.f, 0.f}, {0.f, 5.f, 1.f}, {0.f, 5.f, 1.f}, {0.f, 1.f, 5.f}, {5.f, 0.f, 1.f}});
        const torch::Tensor target = torch::tensor({0, 0, 1, 1, 2, 2}, torch::kInt64);
        tl::train::addBatch(acc, logits, target);
        const double meanLoss = torch::nn::functional::cross_entropy(logits, target).item<double>();
        const tl::Evaluation e = acc.result();
        QCOMPARE(e.images, std::size_t{6});
        QCOMPARE(e.accuracy, 4.0 / 6.0);
        QCOMPARE(e.top5, 1.0);
        // Six float32 cross-entropies (about 0.02-5) summed in another order than torch's mean: a few ulps of 5
        // (5e-7 each) at most; 1e-6 is above that, far below one image's loss.
        TL_VERIFY_BELOW(std::abs(e.loss - meanLoss), 1e-6);
        QCOMPARE(e.confusion[0], (std::vector<std::int64_t>{1, 1, 0}));
        QCOMPARE(e.confusion[2], (std::vector<std::int64_t>{1, 0, 1}));
        QCOMPARE(e.precision[1], 2.0 / 3.0);
        QCOMPARE(e.recall[1], 1.0);
        QCOMPARE(e.f1[1], 0.8);
        QCOMPARE(e.support, (std::vector<std::int64_t>{2, 2, 2}));
    }

    void fineTuningLearns() {
        const std::uint64_t seed = learningSeed();
        const fs::path data = colourDataset("tr_colours", 40, 10 + seed);
        tl::TrainConfig c = baseConfig(data, "tr_learns");
        c.seed = seed;
        c.phases[0].epochs = 6;
        c.phases[0].freeze.preset = "all";
        c.phases[0].optimizer.lr = 3e-4;
        Recorder rec;
        tl::Trainer trainer(c);
        rec.trainer = &trainer;
        const tl::RunResult r = trainer.run(&rec);
        QCOMPARE(r.status, std::string("completed"));
        QCOMPARE(r.epochs, 6);
        qInfo("validation accuracy by epoch: %s",
              [&] {
                  std::string s;
                  for (const auto& e : rec.epochs) s += std::to_string(e.validation.accuracy).substr(0, 5) + " ";
                  return s;
              }()
                  .c_str());
        qInfo("margin best_accuracy %.4f", r.bestValidationAccuracy);
        TL_VERIFY_AT_LEAST(r.bestValidationAccuracy, kFineTuningAccuracy);
        QCOMPARE(r.bestValidationAccuracy, std::max_element(rec.epochs.begin(), rec.epochs.end(), [](const auto& a, const auto& b) {
                                               return a.validation.accuracy < b.validation.accuracy;
                                           })->validation.accuracy);
        QCOMPARE(rec.epochs.back().validation.images, std::size_t{24});
        // Batches: 96 training images in batches of 16, six epochs.
        QCOMPARE(rec.batches.size(), std::size_t{36});
        QCOMPARE(rec.batches.back().step, std::int64_t{36});

        // The run directory.
        const fs::path dir(r.runDir);
        const auto metrics = lines((dir / "metrics.csv").string());
        QCOMPARE(metrics.size(), std::size_t{7});
        QVERIFY(metrics[0].rfind("phase,epoch,train_loss", 0) == 0);
        QVERIFY(metrics[6].rfind("1,6,", 0) == 0);
        const auto classes = nlohmann::json::parse(std::ifstream(dir / "classes.json"));
        QCOMPARE(classes["classes"].get<std::vector<std::string>>(), (std::vector<std::string>{"blue", "green", "red"}));
        std::ifstream configFile(dir / "config.json");
        const std::string configText((std::istreambuf_iterator<char>(configFile)), std::istreambuf_iterator<char>());
        QCOMPARE(tl::parseTrainConfig(configText, "config.json").phases[0].epochs, 6);
        int epochEvents = 0, batchEvents = 0;
        for (const auto& l : lines((dir / "events.jsonl").string())) {
            const auto e = nlohmann::json::parse(l);
            epochEvents += e["event"] == "epoch";
            batchEvents += e["event"] == "batch";
        }
        QCOMPARE(epochEvents, 6);
        QCOMPARE(batchEvents, 36);
        QVERIFY(fs::exists(r.modelPath));
        QCOMPARE(tensorIn(r.modelPath, "fc.weight").size(0), 3);

        // The model file classifies like a catalog model, and gives the run's own validation figures.
        const tl::ModelFileInfo info = tl::readModelFileInfo(r.modelPath);
        QCOMPARE(info.arch, std::string("resnet18"));
        QCOMPARE(info.classes, (std::vector<std::string>{"blue", "green", "red"}));
        QCOMPARE(info.preprocessing.inputSize, 64);
        QCOMPARE(info.epochs, 6);
        QVERIFY(tl::isModelFile(r.modelPath));
        QVERIFY(!tl::isModelFile(checkpoint()));
        const tl::Dataset ds = tl::scanDataset(data.string());
        const tl::Evaluation e =
            tl::evaluateFiles(tl::Classifier::fromModelFile(r.modelPath), ds.paths(tl::Split::Validation), ds.labels(tl::Split::Validation));
        QCOMPARE(e.images, std::size_t{24});
        QCOMPARE(e.accuracy, rec.epochs.back().validation.accuracy);
        QCOMPARE(e.confusion, rec.epochs.back().validation.confusion);
        // The Classifier folds BatchNorm into the convolutions, the trainer does not: two float32 evaluations of the
        // network, whose logits differ by rounding (tst_fold: within 1e-4 of their scale), and -log p moves by at most
        // twice the logit change. 1e-3 of the loss (or of 1) leaves that room tenfold.
        TL_VERIFY_BELOW(std::abs(e.loss - rec.epochs.back().validation.loss), 1e-3 * std::max(1.0, e.loss));
    }

    void sameConfigAndSeedRepeat() {
        // Everything that draws random numbers at once: the whole network trains (BatchNorm statistics too), an
        // MLP head with dropout, augmentation, a shuffled order, two loader threads. On one machine with the same
        // thread count the sums run in the same order, so the second run repeats the first exactly; 1e-6 is the
        // promise (docs/user-guide.md, "Reproducible runs").
        const fs::path data = colourDataset("tr_repeat", 12);
        const auto runOnce = [&](const std::string& name) {
            tl::TrainConfig c = baseConfig(data, name);
            c.phases[0].epochs = 2;
            c.phases[0].freeze.preset = "all";
            c.phases[0].optimizer.lr = 1e-3;
            c.head.kind = "mlp";
            c.head.hidden = 32;
            c.augment = true;
            c.augmentation.horizontalFlip = true;
            c.augmentation.rotationRange = 15;
            Recorder rec;
            tl::Trainer trainer(c);
            rec.trainer = &trainer;
            const tl::RunResult r = trainer.run(&rec);
            return std::pair{rec, lines((fs::path(r.runDir) / "metrics.csv").string())};
        };
        const auto [first, firstMetrics] = runOnce("tr_repeat_1");
        const auto [second, secondMetrics] = runOnce("tr_repeat_2");
        QCOMPARE(second.batches.size(), first.batches.size());
        double worst = 0;
        for (std::size_t i = 0; i < first.batches.size(); ++i) {
            worst = std::max(worst, std::abs(first.batches[i].loss - second.batches[i].loss));
            worst = std::max(worst, std::abs(first.batches[i].accuracy - second.batches[i].accuracy));
        }
        // metrics.csv: every column but the two clock ones (seconds, images_per_s: the last two).
        QCOMPARE(secondMetrics.size(), firstMetrics.size());
        for (std::size_t row = 1; row < firstMetrics.size(); ++row) {
            const QStringList a = QString::fromStdString(firstMetrics[row]).split(','), b = QString::fromStdString(secondMetrics[row]).split(',');
            QCOMPARE(b.size(), a.size());
            for (qsizetype col = 0; col + 2 < a.size(); ++col) worst = std::max(worst, std::abs(a[col].toDouble() - b[col].toDouble()));
        }
        qInfo("the same config and seed twice: largest difference of a batch or epoch metric %.3g", worst);
        TL_VERIFY_AT_MOST(worst, 1e-6);
    }

    void frozenBatchNormKeepsItsStatistics() {
        const fs::path data = colourDataset("tr_bn", 12);
        tl::TrainConfig c = baseConfig(data, "tr_bn_head");
        c.phases[0].epochs = 1;
        const tl::RunResult headOnly = tl::Trainer(c).run();
        const torch::Tensor before = tensorIn(checkpoint(), "layer1.0.bn1.running_mean");
        QVERIFY(torch::equal(tensorIn(headOnly.modelPath, "layer1.0.bn1.running_mean"), before));
        QVERIFY(torch::equal(tensorIn(headOnly.modelPath, "layer4.1.bn2.running_var"), tensorIn(checkpoint(), "layer4.1.bn2.running_var")));
        QVERIFY(!torch::equal(tensorIn(headOnly.modelPath, "fc.weight").narrow(0, 0, 3), tensorIn(checkpoint(), "fc.weight").narrow(0, 0, 3)));

        c.outputDir = dsmaker::freshDir("tr_bn_all").string();
        c.phases[0].freeze.preset = "all";
        const tl::RunResult all = tl::Trainer(c).run();
        QVERIFY(!torch::equal(tensorIn(all.modelPath, "layer1.0.bn1.running_mean"), before));
    }

    void twoPhasesMlpHeadAndEarlyStopping() {
        const fs::path data = colourDataset("tr_phases", 12);
        tl::TrainConfig c = baseConfig(data, "tr_phases_run");
        c.head.kind = "mlp";
        c.head.hidden = 32;
        c.phases[0].epochs = 1;
        c.phases.push_back(tl::PhaseConfig{});
        c.phases[1].epochs = 1;
        c.phases[1].freeze.preset = "last_block";
        c.phases[1].optimizer.name = "sgd";
        c.phases[1].optimizer.lr = 1e-4;
        Recorder rec;
        tl::Trainer trainer(c);
        rec.trainer = &trainer;
        const tl::RunResult r = trainer.run(&rec);
        QCOMPARE(rec.phases.size(), std::size_t{2});
        QCOMPARE(rec.phases[0].trainable, std::int64_t{512 * 32 + 32 + 32 * 3 + 3});
        QVERIFY(rec.phases[1].trainable > rec.phases[0].trainable);
        QCOMPARE(rec.epochs.size(), std::size_t{2});
        QCOMPARE(rec.epochs[1].phase, 2);
        QCOMPARE(tensorIn(r.modelPath, "fc.0.weight").size(0), 32);
        QCOMPARE(tensorIn(r.modelPath, "fc.3.weight").size(0), 3);
        const tl::Dataset ds = tl::scanDataset(data.string());
        const tl::Evaluation e =
            tl::evaluateFiles(tl::Classifier::fromModelFile(r.modelPath), ds.paths(tl::Split::Validation), ds.labels(tl::Split::Validation));
        QCOMPARE(e.confusion, rec.epochs.back().validation.confusion);  // the MLP head loads back

        // The run read back from its folder, as the runs list and the run viewer read it.
        tl::RunRecord back = tl::readRun(r.runDir);
        QCOMPARE(back.phases.size(), std::size_t{2});
        QCOMPARE(back.phases[1].description, rec.phases[1].description);
        QCOMPARE(back.epochs.size(), std::size_t{2});
        QCOMPARE(back.epochs[1].phase, 2);
        QCOMPARE(back.epochs[1].validation.accuracy, rec.epochs[1].validation.accuracy);  // written by nlohmann::json, read back exactly
        QCOMPARE(back.batches.size(), rec.batches.size());
        QCOMPARE(back.batches.back().batches, rec.batches.back().batches);
        QVERIFY(back.ended);
        QCOMPARE(back.end.status, r.status);
        QCOMPARE(back.end.modelPath, r.modelPath);
        QCOMPARE(back.dataset, data.string());
        QCOMPARE(back.damagedLines, 0);
        // Lines from elsewhere: torn, not JSON, a field out of range or of another type, an absurd string. Each is
        // skipped and counted; a repeated epoch (a resumed run) replaces the earlier record.
        {
            std::ofstream events(fs::path(r.runDir) / "events.jsonl", std::ios::app);
            const nlohmann::json epoch{{"event", "epoch"},      {"phase", 1}, {"epoch", -5},  {"epoch_in_phase", 1}, {"train_loss", 0.1},
                                       {"train_accuracy", 0.5}, {"lr", 0.1},  {"seconds", 1}, {"images_per_s", 1},   {"best", false}};
            nlohmann::json again = epoch;
            again.update({{"phase", 2}, {"epoch", 2}, {"train_loss", 0.25}});
            const nlohmann::json batch{{"event", "batch"}, {"phase", 1},  {"epoch", 1},      {"batch", 1},
                                       {"step", 1},        {"loss", "x"}, {"accuracy", 0.5}, {"lr", 0.1}};
            const nlohmann::json phase{{"event", "phase_start"}, {"phase", 3}, {"epochs", 1}, {"trainable", 1}, {"frozen", 1}, {"description", "d"}};
            const nlohmann::json end{
                {"event", "run_end"}, {"status", std::string(5000, 'x')}, {"epochs", 1}, {"best_epoch", 1}, {"best_accuracy", 0.5}, {"model", "m"}};
            for (const auto& j : {epoch, batch, phase, end, again}) events << j.dump() << '\n';
            events << "not json\n" << batch.dump().substr(0, 20);
        }
        back = tl::readRun(r.runDir);
        QCOMPARE(back.damagedLines, 6);
        QCOMPARE(back.epochs.size(), std::size_t{2});
        QCOMPARE(back.epochs[1].trainLoss, 0.25);
        QCOMPARE(back.epochs[1].validation.images, std::size_t{0});
        QCOMPARE(back.end.status, r.status);
        QCOMPARE(back.phases.size(), std::size_t{2});
        TL_VERIFY_ERROR_NAMING(tl::readRun(data.string()), (QStringList{QString::fromStdString((data / "events.jsonl").string()), "cannot read"}));

        // A learning rate too small to change anything: no better validation accuracy, so the phase stops.
        tl::TrainConfig still = baseConfig(data, "tr_early");
        still.phases[0].epochs = 5;
        still.phases[0].optimizer.lr = 1e-12;
        still.earlyStoppingPatience = 1;
        const tl::RunResult early = tl::Trainer(still).run();
        QCOMPARE(early.status, std::string("early_stopped"));
        QCOMPARE(early.epochs, 2);
    }

    void bottleneckMatchesTheFullPath() {
        const fs::path data = colourDataset("tr_bottleneck", 20);
        tl::TrainConfig c = baseConfig(data, "tr_bn_full");
        c.phases[0].epochs = 3;
        c.head.kind = "mlp";  // with dropout: the random numbers must line up too
        c.head.hidden = 16;
        c.bottleneck = false;
        Recorder full;
        tl::Trainer fullTrainer(c);
        full.trainer = &fullTrainer;
        fullTrainer.run(&full);
        c.bottleneck = true;
        c.outputDir = dsmaker::freshDir("tr_bn_cached").string();
        Recorder cached;
        tl::Trainer cachedTrainer(c);
        cached.trainer = &cachedTrainer;
        cachedTrainer.run(&cached);
        const auto logged = [](const Recorder& r, const char* part) {
            return std::any_of(r.logs.begin(), r.logs.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
        };
        QVERIFY(!logged(full, "bottleneck mode"));
        QVERIFY(logged(cached, "bottleneck mode"));
        QVERIFY(logged(cached, "computed in"));
        QCOMPARE(cached.epochs.size(), full.epochs.size());
        for (std::size_t i = 0; i < full.epochs.size(); ++i) {
            const auto& a = full.epochs[i];
            const auto& b = cached.epochs[i];
            qInfo("epoch %zu: train loss %.6f / %.6f, validation loss %.6f / %.6f", i + 1, a.trainLoss, b.trainLoss, a.validation.loss,
                  b.validation.loss);
            // The head sees the frozen network's features either way: recomputed every batch, or once and cached (frozen
            // BatchNorm uses its running statistics in both). They agree to float32 rounding of the network, which moves
            // a loss by ~1e-5 of its size; 1e-4 is 10x that. Measured: equal to the 6 digits logged above.
            TL_VERIFY_BELOW(std::abs(a.trainLoss - b.trainLoss), 1e-4 * std::max(1.0, a.trainLoss));
            TL_VERIFY_BELOW(std::abs(a.validation.loss - b.validation.loss), 1e-4 * std::max(1.0, a.validation.loss));
            QCOMPARE(b.validation.confusion, a.validation.confusion);
        }
        // A later run reuses the cached features; another input size computes new ones.
        c.outputDir = dsmaker::freshDir("tr_bn_again").string();
        Recorder again;
        tl::Trainer againTrainer(c);
        again.trainer = &againTrainer;
        againTrainer.run(&again);
        QVERIFY(logged(again, "reused"));
        c.outputDir = dsmaker::freshDir("tr_bn_size").string();
        c.imageSize = 56;
        Recorder resized;
        tl::Trainer resizedTrainer(c);
        resized.trainer = &resizedTrainer;
        resizedTrainer.run(&resized);
        QVERIFY(!logged(resized, "reused"));
        // Augmentation turns it off.
        c.outputDir = dsmaker::freshDir("tr_bn_aug").string();
        c.augment = true;
        c.augmentation.horizontalFlip = true;
        Recorder augmented;
        tl::Trainer augmentedTrainer(c);
        augmented.trainer = &augmentedTrainer;
        augmentedTrainer.run(&augmented);
        QVERIFY(!logged(augmented, "bottleneck mode"));
    }

    void lossOptionsAndClipping() {
        const std::uint64_t seed = learningSeed();
        const fs::path data = colourDataset("tr_options", 12, 10 + seed);
        const auto runWith = [&](const std::string& name, const std::function<void(tl::TrainConfig&)>& change) {
            tl::TrainConfig c = baseConfig(data, name);
            c.seed = seed;
            c.phases[0].epochs = 8;
            c.phases[0].optimizer.lr = 0.01;
            change(c);
            Recorder rec;
            tl::Trainer trainer(c);
            rec.trainer = &trainer;
            const tl::RunResult r = trainer.run(&rec);
            return std::pair{rec, r};
        };
        // Label smoothing 0.6 over 3 classes: the loss cannot fall below the entropy of the smoothed target
        // (−0.6 ln 0.6 − 0.4 ln 0.2 = 0.9503); without it the loss goes well below that.
        const auto [plain, plainRun] = runWith("tr_plain", [](tl::TrainConfig&) {});
        const auto [smooth, smoothRun] = runWith("tr_smooth", [](tl::TrainConfig& c) { c.labelSmoothing = 0.6; });
        qInfo("last train loss: plain %.4f, smoothed %.4f", plain.epochs.back().trainLoss, smooth.epochs.back().trainLoss);
        qInfo("margin plain_final_loss %.4f", plain.epochs.back().trainLoss);
        TL_VERIFY_BELOW(plain.epochs.back().trainLoss, kPlainLoss);
        // The entropy bound holds for each image's loss; the epoch's mean of float32 losses (about 1) over a
        // few dozen images rounds by about 1e-6, far inside the 1e-4 allowed.
        for (const auto& e : smooth.epochs) TL_VERIFY_ABOVE(e.trainLoss, 0.9503 - 1e-4);
        // The same seed gives the same run (the new head's initial weights included).
        const auto [again, againRun] = runWith("tr_plain_again", [](tl::TrainConfig&) {});
        QVERIFY(torch::equal(tensorIn(plainRun.modelPath, "fc.weight"), tensorIn(againRun.modelPath, "fc.weight")));
        // Gradients clipped to a norm of 1e-9: the head cannot move.
        const auto [clipped1, clipRun1] = runWith("tr_clip1", [](tl::TrainConfig& c) {
            c.gradClipNorm = 1e-9;
            c.phases[0].optimizer.name = "sgd";
            c.phases[0].optimizer.momentum = 0.0;
            c.phases[0].epochs = 1;
        });
        const auto [clipped8, clipRun8] = runWith("tr_clip8", [](tl::TrainConfig& c) {
            c.gradClipNorm = 1e-9;
            c.phases[0].optimizer.name = "sgd";
            c.phases[0].optimizer.momentum = 0.0;
        });
        const double moved = (tensorIn(clipRun1.modelPath, "fc.weight") - tensorIn(clipRun8.modelPath, "fc.weight")).abs().max().item<double>();
        // Seven more epochs of a few steps each, every one at most lr × 1e-9 = 1e-11: less than half an ulp of a
        // head weight (|w| ~ 0.04, ulp 3.7e-9), so nothing moves at all; 1e-8 is a few ulps.
        TL_VERIFY_BELOW(moved, 1e-8);
        // Unclipped, eight epochs of Adam at 1e-2 move a weight by about lr per step: far above 1e-3.
        TL_VERIFY_ABOVE((tensorIn(clipRun1.modelPath, "fc.weight") - tensorIn(plainRun.modelPath, "fc.weight")).abs().max().item<double>(), 1e-3);
    }

    void classWeightsFavourRareClasses() {
        // 40 "red", 6 "green", 6 "blue" images that are all the same picture: nothing tells the classes apart,
        // so the best a model can do is predict the class frequencies of the training split (red 32/42 after
        // the stratified hold-out) — or, with the loss weighted
        // by inverse class frequency, equal probabilities (every class carries the same total weight).
        const fs::path data = dsmaker::freshDir("tr_skewed");
        cv::Mat picture(48, 56, CV_8UC3, cv::Scalar(120, 90, 60));
        cv::circle(picture, {28, 24}, 12, cv::Scalar(220, 220, 40), cv::FILLED);
        for (const auto& [name, count] : std::vector<std::pair<std::string, int>>{{"red", 40}, {"green", 6}, {"blue", 6}})
            for (int i = 0; i < count; ++i) dsmaker::write(data / name / (std::to_string(i) + ".png"), picture);
        const auto redProbability = [&](bool weighted) {
            tl::TrainConfig c = baseConfig(data, weighted ? "tr_skewed_weighted" : "tr_skewed_plain");
            // One batch holds all 42 training images: each step follows the whole (weighted) loss, not a sample of
            // it. In batches of 16, every batch has its own class mix and the logits wandered about the optimum:
            // P(red) ended up to 0.15 away from 1/3 over 20 seeds; in one batch, they settle on it.
            c.batchSize = 64;
            c.phases[0].epochs = 100;
            c.phases[0].optimizer.name = "sgd";  // Adam's per-coordinate steps would make the logits jump about
            c.phases[0].optimizer.lr = 0.002;
            c.classWeights = weighted;
            c.seed = learningSeed();
            const tl::RunResult r = tl::Trainer(c).run();
            const tl::ImageResult p = tl::Classifier::fromModelFile(r.modelPath).classify(picture, "picture");
            for (const auto& t : p.top)
                if (t.label == "red") return static_cast<double>(t.probability);
            return 0.0;
        };
        const double plain = redProbability(false), weighted = redProbability(true);
        qInfo("P(red) of the one picture: plain %.3f (frequency 0.762), class-weighted %.3f (1/3)", plain, weighted);
        qInfo("margin plain_frequency_error %.4f", std::abs(plain - 32.0 / 42.0));
        qInfo("margin weighted_frequency_error %.4f", std::abs(weighted - 1.0 / 3.0));
        TL_VERIFY_NEAR(plain, 32.0 / 42.0, kFrequencyError);
        TL_VERIFY_NEAR(weighted, 1.0 / 3.0, kFrequencyError);
    }

    void fp16LossScaling() {
        // The scaler GradScaler-style: scaled loss, gradients unscaled exactly, an overflow skips the step
        // and halves the scale, a run of good steps doubles it. Off, it is the identity.
        tl::train::LossScaler off(false);
        const torch::Tensor loss = torch::tensor(2.5);
        QCOMPARE(off.scaled(loss).item<double>(), 2.5);
        QCOMPARE(off.scale(), 1.0);
        tl::train::LossScaler scaler(true, 1024.0, 3);
        torch::Tensor w = torch::tensor({1.0f, -2.0f}).requires_grad_(true);
        const auto step = [&](float factor) {
            w.mutable_grad() = torch::Tensor();
            scaler.scaled((w * factor).sum()).backward();
            return scaler.unscale({w});
        };
        QVERIFY(step(3.0f));
        QVERIFY(torch::equal(w.grad(), torch::tensor({3.0f, 3.0f})));  // 3 × 1024 / 1024
        QCOMPARE(scaler.scale(), 1024.0);
        QVERIFY(!step(std::numeric_limits<float>::infinity()));
        QCOMPARE(scaler.scale(), 512.0);
        QVERIFY(step(1.0f));
        QVERIFY(step(1.0f));
        QCOMPARE(scaler.scale(), 512.0);
        QVERIFY(step(1.0f));  // the third good step in a row
        QCOMPARE(scaler.scale(), 1024.0);
    }

    void discriminativeLearningRates() {
        const fs::path data = colourDataset("tr_discriminative", 10);
        const auto layer4Change = [&](double scale, const std::string& name) {
            tl::TrainConfig c = baseConfig(data, name);
            c.phases[0].epochs = 1;
            c.phases[0].freeze.preset = "last_block";
            c.phases[0].optimizer.name = "sgd";
            c.phases[0].optimizer.lr = 0.05;
            c.phases[0].optimizer.backboneLrScale = scale;
            const tl::RunResult r = tl::Trainer(c).run();
            return (tensorIn(r.modelPath, "layer4.1.conv2.weight") - tensorIn(checkpoint(), "layer4.1.conv2.weight")).abs().max().item<double>();
        };
        const double full = layer4Change(1.0, "tr_lr_full"), scaled = layer4Change(1e-4, "tr_lr_scaled");
        qInfo("largest change of layer4.1.conv2: %.3g at the head's rate, %.3g at 1e-4 of it", full, scaled);
        // SGD without momentum moves a weight by lr × gradient: at 1e-4 of the rate the change is about 1e-4 of the full
        // one (the gradients differ only as the head moves). 1e-2 leaves a factor of 100 for that.
        TL_VERIFY_ABOVE(full, 0.0);
        TL_VERIFY_BELOW(scaled, full * 1e-2);
    }

    void pauseResumeStop() {
        const fs::path data = colourDataset("tr_control", 20);
        tl::TrainConfig c = baseConfig(data, "tr_pause");
        c.batchSize = 8;
        Recorder rec;
        tl::Trainer trainer(c);
        rec.trainer = &trainer;
        rec.pauseAtStep = 2;
        QElapsedTimer timer;
        timer.start();
        const tl::RunResult r = trainer.run(&rec);
        QCOMPARE(r.status, std::string("completed"));
        QCOMPARE(rec.pauses, (std::vector<bool>{true, false}));
        // Not a speed bound: the run cannot finish before the resuming thread's 200 ms sleep has ended.
        TL_VERIFY_AT_LEAST(timer.elapsed(), 200);

        c.outputDir = dsmaker::freshDir("tr_stop").string();
        Recorder stopper;
        tl::Trainer second(c);
        stopper.trainer = &second;
        stopper.stopAtStep = 3;
        const tl::RunResult s = second.run(&stopper);
        QCOMPARE(s.status, std::string("stopped"));
        QCOMPARE(stopper.batches.size(), std::size_t{3});  // stopped after the current batch
        QVERIFY(fs::exists(s.modelPath));                  // and what was learnt is kept
    }

    void datasetErrors() {
        const fs::path root = dsmaker::freshDir("tr_one_class");
        dsmaker::fill(root / "only", 0, 5);
        tl::TrainConfig c = baseConfig(root, "tr_one_class_run");
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::Trainer(c).run());
        c.weights.clear();
        c.model = "vgg19";  // no weights anywhere on a test machine
        c.dataset = colourDataset("tr_noweights", 3).string();
        try {
            tl::Trainer(c).run();
            QFAIL("ran without weights");
        } catch (const tl::Error& e) {
            QVERIFY2(std::string(e.what()).find("no pretrained weights") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
