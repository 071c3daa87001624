// train: fine-tune a catalog model on a folder dataset, from a JSON config (the GUI's TrainConfig) and/or
// flags. A progress line on a terminal; with --json, every event as a JSON line on stdout.
#include "cli_common.h"
#include "commands.h"

#include "tl/classifier.h"
#include "tl/compare.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/evaluation.h"
#include "tl/image.h"
#include "tl/run_log.h"
#include "tl/trainer.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace tl::cli {
namespace {

struct TrainArgs {
    std::string config;
    std::string resume;
    std::string name, model, weights, dataset, out, optimizer, freeze, augment, device, head;
    int epochs = 0, batch = 0, imageSize = 0, fineTuneEpochs = 0;
    double lr = 0, fineTuneLr = 0;
    std::int64_t seed = -1;
    bool json = false;
};

nlohmann::json withFlags(nlohmann::json j, const TrainArgs& a);

/// The config file (or defaults) with the flags given on the command line on top.
TrainConfig configOf(const TrainArgs& a) {
    nlohmann::json j = a.config.empty() ? nlohmann::json::object() : nlohmann::json::parse(readTextFile(a.config), nullptr, false);
    if (j.is_discarded()) throw Error(a.config, "not valid JSON");
    if (!j.is_object()) throw Error(a.config, "a train config is a JSON object");
    try {
        return parseTrainConfig(withFlags(std::move(j), a).dump(), a.config.empty() ? "command line" : a.config);
    } catch (const nlohmann::json::exception& e) {  // a flag's setting where the file holds something else than an object
        throw Error(a.config, std::string("a setting given on the command line does not fit this config: ") + e.what());
    }
}

/// `j` (a config file's object, or empty) with the settings given as flags on top.
nlohmann::json withFlags(nlohmann::json j, const TrainArgs& a) {
    if (!a.name.empty()) j["name"] = a.name;
    if (!a.model.empty()) j["model"] = a.model;
    if (!a.weights.empty()) j["weights"] = a.weights;
    if (!a.dataset.empty()) j["dataset"] = a.dataset;
    if (!a.out.empty()) j["output_dir"] = a.out;
    if (!a.device.empty()) j["device"] = a.device;
    if (a.batch > 0) j["batch_size"] = a.batch;
    if (a.imageSize > 0) j["image_size"] = a.imageSize;
    if (a.seed >= 0) j["seed"] = a.seed;
    if (!a.head.empty()) j["head"]["kind"] = a.head;
    if (!a.augment.empty()) {
        j["augment"] = true;
        j["augmentation"] = nlohmann::json::parse(readTextFile(a.augment), nullptr, false);
        if (j["augmentation"].is_discarded()) throw Error(a.augment, "not valid JSON");
    }
    if (!j.contains("phases")) j["phases"] = nlohmann::json::array({nlohmann::json::object()});
    if (!j["phases"].is_array()) return j;  // parseTrainConfig says what it expects
    auto& first = j["phases"][0];
    if (a.epochs > 0) first["epochs"] = a.epochs;
    if (a.lr > 0) first["optimizer"]["lr"] = a.lr;
    if (!a.optimizer.empty()) first["optimizer"]["name"] = a.optimizer;
    if (!a.freeze.empty()) first["freeze"]["preset"] = a.freeze;
    if (a.fineTuneEpochs > 0) {
        const nlohmann::json second =
            nlohmann::json::parse(phaseConfigJson(fineTunePhase(a.fineTuneEpochs, a.fineTuneLr > 0 ? a.fineTuneLr : kFineTuneLr)));
        if (j["phases"].size() < 2) j["phases"].push_back(second);
        else j["phases"][1] = second;
    }
    return j;
}

/// Prints a run for a person (a rewritten progress line on a terminal, one line per epoch) or as JSON lines.
class Printer : public TrainObserver {
public:
    /// Ctrl+C stops `trainer` after the current batch (the model is still saved).
    Printer(bool json, Trainer& trainer) : json_(json), tty_(::isatty(STDERR_FILENO)), trainer_(trainer) {}

    void onRunStart(const RunStart& r) override {
        if (json_) return line(eventJson(r));
        std::cerr << "run: " << r.runDir << "\n"
                  << r.classes.size() << " classes, " << r.trainImages << " training and " << r.validationImages << " validation images, "
                  << r.inputSize << "×" << r.inputSize << " on " << r.device << '\n';
    }
    void onPhaseStart(const PhaseStart& p) override {
        if (json_) return line(eventJson(p));
    }
    void onBatch(const BatchEnd& b) override {
        if (interrupted()) trainer_.stop();
        if (json_) return line(eventJson(b));
        if (!tty_) return;
        const int width = 24, filled = b.batches ? width * b.batch / b.batches : 0;
        std::cerr << "\repoch " << b.epoch << " [" << std::string(static_cast<std::size_t>(filled), '#')
                  << std::string(static_cast<std::size_t>(width - filled), '.') << "] " << b.batch << "/" << b.batches << "  loss " << std::fixed
                  << std::setprecision(4) << b.loss << "  " << std::setprecision(1) << b.imagesPerSecond << " img/s  ETA "
                  << formatDuration(b.etaSeconds) << "\033[K" << std::flush;
    }
    void onEpoch(const EpochEnd& e) override {
        if (json_) return line(eventJson(e));
        if (tty_) std::cerr << "\r\033[K";
        std::cerr << "epoch " << e.epoch << " (phase " << e.phase << "): loss " << std::fixed << std::setprecision(4) << e.trainLoss << ", accuracy "
                  << std::setprecision(3) << e.trainAccuracy;
        if (e.validation.images)
            std::cerr << " | validation loss " << std::setprecision(4) << e.validation.loss << ", accuracy " << std::setprecision(3)
                      << e.validation.accuracy << ", top-5 " << e.validation.top5;
        std::cerr << " | " << std::setprecision(1) << e.seconds << " s" << (e.best ? "  *best" : "") << '\n';
    }
    void onLog(const std::string& message) override {
        if (json_) return line(nlohmann::json{{"event", "log"}, {"message", message}}.dump());
        if (tty_) std::cerr << "\r\033[K";
        std::cerr << message << '\n';
    }

private:
    void line(const std::string& json) { std::cout << json << std::endl; }
    bool json_, tty_;
    Trainer& trainer_;
};

struct EvaluateArgs {
    std::string model, dataset, split = "all", device = "cpu";
    int batch = 16;
    bool json = false;
};

void printEvaluation(const Evaluation& e, const std::vector<std::string>& classes) {
    std::cout << std::fixed << std::setprecision(4) << "images: " << e.images << (e.failed ? " (" + std::to_string(e.failed) + " unreadable)" : "")
              << "\naccuracy: " << e.accuracy << "\ntop-5 accuracy: " << e.top5 << "\nloss: " << e.loss << "\n\n";
    std::size_t width = 5;
    for (const auto& c : classes) width = std::max(width, c.size());
    const int w = static_cast<int>(width) + 2;
    std::cout << std::left << std::setw(w) << "class" << std::right << std::setw(10) << "precision" << std::setw(8) << "recall" << std::setw(8)
              << "F1" << std::setw(9) << "images" << '\n';
    for (std::size_t i = 0; i < classes.size(); ++i)
        std::cout << std::left << std::setw(w) << classes[i] << std::right << std::setprecision(3) << std::setw(10) << e.precision[i] << std::setw(8)
                  << e.recall[i] << std::setw(8) << e.f1[i] << std::setw(9) << e.support[i] << '\n';
    const Calibration& c = e.calibration;
    std::cout << "\ncalibration (" << c.bins.size() << " equal-width bins of the top-1 probability): ECE " << std::setprecision(4) << c.ece
              << ", MCE " << c.mce << ", NLL " << c.nll << ", Brier " << c.brier
              << (c.meaningful() ? "" : " — fewer than " + std::to_string(kMinCalibrationImages) + " images: not meaningful") << '\n';
    std::cout << "\nconfusion matrix (rows: true class, columns: predicted)\n";
    for (std::size_t i = 0; i < classes.size(); ++i) {
        std::cout << std::left << std::setw(w) << classes[i] << std::right;
        for (const auto n : e.confusion[i]) std::cout << std::setw(7) << n;
        std::cout << '\n';
    }
}

}  // namespace

void addTrainCommand(CLI::App& root, Context& ctx) {
    auto ev = std::make_shared<EvaluateArgs>();
    auto* evaluate =
        root.add_subcommand("evaluate", "Accuracy, top-5, per-class precision/recall/F1 and the confusion matrix of a model file on a dataset");
    evaluate->add_option("MODEL_FILE", ev->model, "A fine-tuned model (model.safetensors of a run)")->required()->check(CLI::ExistingFile);
    evaluate->add_option("DATASET", ev->dataset, "Dataset folder with the model's class folders")->required();
    evaluate->add_option("--split", ev->split, "all, train, validation or test")->check(CLI::IsMember({"all", "train", "validation", "test"}));
    evaluate->add_option("--batch", ev->batch, "Images per forward pass")->check(CLI::Range(1, 1024));
    evaluate->add_option("--device", ev->device, "cpu, cuda, cuda:N or auto");
    evaluate->add_flag("--json", ev->json, "Print the evaluation as JSON");
    evaluate->callback([ev, &ctx] {
        ClassifierOptions options;
        options.batchSize = ev->batch;
        options.device = ev->device;
        const Classifier classifier = Classifier::fromModelFile(ev->model, options);
        ScanOptions scan;
        scan.detectLeakage = false;
        const Dataset ds = scanDataset(ev->dataset, scan);
        const LabelledFiles files = labelledFiles(ds, classifier.labels(), ev->split);
        const std::vector<std::string>& paths = files.paths;
        const std::vector<int>& labels = files.labels;
        catchInterrupts();
        const bool tty = ::isatty(STDERR_FILENO);
        const Evaluation e = evaluateFiles(classifier, paths, labels, [tty](std::size_t done, std::size_t total) {
            if (tty) std::cerr << "\revaluating: " << done << " / " << total << "\033[K" << std::flush;
            return !interrupted();
        });
        if (tty) std::cerr << "\r\033[K";
        if (ev->json) {
            std::cout << nlohmann::json{{"model", ev->model},
                                        {"dataset", ev->dataset},
                                        {"split", ev->split},
                                        {"classes", classifier.labels()},
                                        {"images", e.images},
                                        {"failed", e.failed},
                                        {"accuracy", e.accuracy},
                                        {"top5", e.top5},
                                        {"loss", e.loss},
                                        {"precision", e.precision},
                                        {"recall", e.recall},
                                        {"f1", e.f1},
                                        {"support", e.support},
                                        {"confusion", e.confusion},
                                        {"calibration", nlohmann::json::parse(calibrationJson(e.calibration))}}
                             .dump(2)
                      << '\n';
        } else {
            printEvaluation(e, classifier.labels());
        }
        ctx.exitCode = e.failed ? 1 : 0;
    });

    auto a = std::make_shared<TrainArgs>();
    auto* cmd = root.add_subcommand("train", "Fine-tune a catalog model on a folder dataset (a JSON config and/or flags)");
    cmd->add_option("--config,-c", a->config, "Run config (JSON; the flags below override it)")->check(CLI::ExistingFile);
    cmd->add_option("--resume", a->resume, "Continue the run in this directory from its last complete epoch")->check(CLI::ExistingDirectory);
    cmd->add_option("--model,-m", a->model, "Catalog id, e.g. resnet50");
    cmd->add_option("--weights,-w", a->weights, "Pretrained weights file (default: from the weight store); none: train from scratch")
        ->check(CLI::ExistingFile | CLI::IsMember({kNoWeights}));
    cmd->add_option("--dataset,-d", a->dataset, "Dataset folder");
    cmd->add_option("--out,-o", a->out, "Run directory (created)");
    cmd->add_option("--name", a->name, "The run's name, kept in config.json and the model file (the app lists the model by it)");
    cmd->add_option("--epochs,-e", a->epochs, "Epochs of phase 1")->check(CLI::PositiveNumber);
    cmd->add_option("--batch,-b", a->batch, "Batch size")->check(CLI::PositiveNumber);
    cmd->add_option("--lr", a->lr, "Learning rate of phase 1")->check(CLI::PositiveNumber);
    cmd->add_option("--optimizer", a->optimizer, "sgd, adam, adamw or rmsprop");
    cmd->add_option("--freeze", a->freeze, "head_only, last_block, all (phase 1)");
    cmd->add_option("--head", a->head, "linear or mlp");
    cmd->add_option("--fine-tune-epochs", a->fineTuneEpochs, "Add phase 2: the last block unfrozen, SGD momentum 0.9")->check(CLI::PositiveNumber);
    cmd->add_option("--fine-tune-lr", a->fineTuneLr, "Learning rate of phase 2 (default 1e-4)")->check(CLI::PositiveNumber);
    cmd->add_option("--image-size", a->imageSize, "Network input size (default: the model's)")->check(CLI::Range(16, 2048));
    cmd->add_option("--augment", a->augment, "Augmentation config (JSON, Keras ImageDataGenerator names)")->check(CLI::ExistingFile);
    cmd->add_option("--device", a->device, "cpu, cuda, cuda:N or auto");
    cmd->add_option("--seed", a->seed, "Seed of the order, augmentation and initialisation");
    cmd->add_flag("--json", a->json, "Print every event as a JSON line on stdout");
    cmd->callback([a, &ctx] {
        if (!a->resume.empty() && (!a->config.empty() || !a->name.empty() || !a->model.empty() || !a->dataset.empty() || !a->out.empty()))
            throw Error("--resume", "continues a run with its own config.json; it takes no other run settings");
        const std::unique_ptr<Trainer> owned = a->resume.empty() ? std::make_unique<Trainer>(configOf(*a)) : Trainer::resume(a->resume);
        Trainer& trainer = *owned;
        catchInterrupts();
        Printer printer(a->json, trainer);
        const RunResult r = trainer.run(&printer);
        if (a->json) {
            std::cout << eventJson(r) << std::endl;
        } else {
            std::cerr << r.status << " after " << r.epochs << " epoch(s); best validation accuracy " << std::fixed << std::setprecision(3)
                      << r.bestValidationAccuracy << " (epoch " << r.bestEpoch << ")\nmodel: " << r.modelPath << '\n';
        }
        ctx.exitCode = r.status == "stopped" ? 130 : 0;
    });
}

}  // namespace tl::cli
