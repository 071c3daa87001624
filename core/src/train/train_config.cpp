#include "tl/train_config.h"

#include "io/checked_read.h"
#include "tl/error.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <set>

namespace tl {

namespace {

using json = nlohmann::json;
using io::Limit;

// ---- the ranges of a train config: every number it holds, from the CLI, the GUI or a run's config.json ----
// Held-out fraction of the images: none, up to nearly all.
constexpr Limit<double> kValidationFraction{0.0, 1.0, "the validation fraction is {}", false, true};
// Seeds: any 64-bit value.
constexpr Limit<std::uint64_t> kSeed{0, std::numeric_limits<std::uint64_t>::max(), "a seed is {}"};
// 0 is the model's own input; 2048² images are 50 MB of floats each (validateTrainConfig also asks for ≥ 16).
constexpr Limit<int> kImageSize{0, 2048, "the image size is {} pixels (0: the model's)"};
// The head (kMaxHiddenUnits: model.h says why).
constexpr Limit<int> kHidden{1, kMaxHiddenUnits, "a hidden layer has {} units"};
constexpr Limit<double> kDropout{0.0, 1.0, "a dropout rate is {}", false, true};
// One phase, or the seeds' two: the head first, then fine-tuning.
constexpr Limit<std::int64_t> kPhases{1, 2, "a run has {} phases"};
// 100,000 epochs of a single batch each are already days of training.
constexpr Limit<int> kEpochs{1, 100000, "a phase has {} epochs"};
// Leaf layers frozen from the input: the deepest catalog network has a few hundred.
constexpr Limit<int> kFirstN{0, 100000, "first_n freezes {} layers"};
// Module paths frozen by a custom plan: more than any network has modules; each a dotted path.
constexpr std::size_t kMaxFrozenPaths = 100000;
constexpr std::size_t kMaxPathBytes = 4096;  // PATH_MAX, for file paths too
constexpr std::size_t kMaxWordBytes = 256;   // names: optimizers, schedules, devices, catalog ids
// A learning rate of 10 already diverges for every network here; 0 learns nothing.
constexpr Limit<double> kLr{0.0, 10.0, "a learning rate is {}", true, true};
constexpr Limit<double> kMomentum{0.0, 1.0, "momentum is {}", false, true};
// Decay × learning rate above 1 erases the weights in a step; 100 leaves room for tiny learning rates.
constexpr Limit<double> kWeightDecay{0.0, 100.0, "weight decay is {}"};
constexpr Limit<double> kBackboneLrScale{0.0, 1.0, "the backbone's learning-rate scale is {}", true, false};
// Schedules: counted in epochs, as phases are (validateTrainConfig also keeps warm-up within the phase).
constexpr Limit<int> kWarmupEpochs{0, 100000, "a warm-up lasts {} epochs"};
constexpr Limit<int> kStepEpochs{1, 100000, "a step schedule steps every {} epochs"};
constexpr Limit<double> kGamma{0.0, 1.0, "gamma is {}", true, false};
constexpr Limit<double> kMinLr{0.0, 10.0, "the final learning rate is {}", false, true};
// Batches: 4096 images of 224² are 2.4 GB of floats.
constexpr Limit<int> kBatchSize{1, 4096, "a batch has {} images"};
constexpr Limit<double> kLabelSmoothing{0.0, 1.0, "label smoothing is {}", false, true};
constexpr Limit<int> kPatience{0, 100000, "early stopping waits {} epochs (0: never)"};
// Gradient norms of these networks are below 1,000; 0 turns clipping off.
constexpr Limit<double> kGradClipNorm{0.0, 1e6, "the gradient clipping norm is {} (0: off)"};
// Loader threads: more than any machine's cores (0: one per core).
constexpr Limit<int> kWorkers{0, 1024, "the loader has {} threads (0: one per core)"};
// The decoded-image cache: up to 1 TiB (MiB << 20 must not overflow).
constexpr Limit<std::uint64_t> kCacheMiB{0, std::uint64_t{1} << 20, "the image cache is {} MiB"};

/// Reads the keys of object `j` (at `where`) through `read`, refusing keys it does not know.
template <typename Fn>
void readObject(const json& j, const std::string& where, const std::set<std::string>& known, Fn&& read) {
    if (!j.is_object()) throw Error(where, "expects a JSON object");
    for (const auto& [key, value] : j.items()) {
        if (!known.count(key)) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw Error(where.empty() ? key : where + "." + key, "unknown setting (known: " + list + ")");
        }
        try {
            read(key, value);
        } catch (const json::exception& e) {
            throw Error(where.empty() ? key : where + "." + key, std::string("wrong value type: ") + e.what());
        }
    }
}

std::string keyOf(const std::string& where, const std::string& k) { return where.empty() ? k : where + "." + k; }

FreezePlan freezeFrom(const json& j, const std::string& where) {
    FreezePlan f;
    if (j.is_string()) {
        f.preset = io::jsonString(j, "", where, kMaxWordBytes);
        return f;
    }
    readObject(j, where, {"preset", "first_n", "frozen"}, [&](const std::string& k, const json& v) {
        if (k == "preset") f.preset = io::jsonString(v, "", keyOf(where, k), kMaxWordBytes);
        else if (k == "first_n") f.firstN = io::jsonInteger(v, "", keyOf(where, k), kFirstN);
        else {
            if (!v.is_array()) throw Error(keyOf(where, k), "expects a list of module paths");
            if (v.size() > kMaxFrozenPaths)
                throw Error(keyOf(where, k),
                            "lists " + std::to_string(v.size()) + " paths; at most " + std::to_string(kMaxFrozenPaths) + " are allowed");
            f.frozen.clear();
            for (std::size_t i = 0; i < v.size(); ++i)
                f.frozen.push_back(io::jsonString(v[i], "", keyOf(where, k) + "[" + std::to_string(i) + "]", kMaxPathBytes));
        }
    });
    return f;
}

PhaseConfig phaseFrom(const json& j, const std::string& where) {
    PhaseConfig p;
    readObject(j, where, {"epochs", "freeze", "optimizer", "schedule"}, [&](const std::string& k, const json& v) {
        if (k == "epochs") p.epochs = io::jsonInteger(v, "", keyOf(where, k), kEpochs);
        else if (k == "freeze") p.freeze = freezeFrom(v, where + ".freeze");
        else if (k == "optimizer") {
            const std::string at = where + ".optimizer";
            readObject(v, at, {"name", "lr", "momentum", "nesterov", "weight_decay", "backbone_lr_scale"}, [&](const std::string& o, const json& x) {
                if (o == "name") p.optimizer.name = io::jsonString(x, "", keyOf(at, o), kMaxWordBytes);
                else if (o == "lr") p.optimizer.lr = io::jsonNumber(x, "", keyOf(at, o), kLr);
                else if (o == "momentum") p.optimizer.momentum = io::jsonNumber(x, "", keyOf(at, o), kMomentum);
                else if (o == "nesterov") p.optimizer.nesterov = io::jsonBool(x, "", keyOf(at, o));
                else if (o == "weight_decay") p.optimizer.weightDecay = io::jsonNumber(x, "", keyOf(at, o), kWeightDecay);
                else p.optimizer.backboneLrScale = io::jsonNumber(x, "", keyOf(at, o), kBackboneLrScale);
            });
        } else {
            const std::string at = where + ".schedule";
            readObject(v, at, {"name", "warmup_epochs", "step_epochs", "gamma", "min_lr"}, [&](const std::string& o, const json& x) {
                if (o == "name") p.schedule.name = io::jsonString(x, "", keyOf(at, o), kMaxWordBytes);
                else if (o == "warmup_epochs") p.schedule.warmupEpochs = io::jsonInteger(x, "", keyOf(at, o), kWarmupEpochs);
                else if (o == "step_epochs") p.schedule.stepEpochs = io::jsonInteger(x, "", keyOf(at, o), kStepEpochs);
                else if (o == "gamma") p.schedule.gamma = io::jsonNumber(x, "", keyOf(at, o), kGamma);
                else p.schedule.minLr = io::jsonNumber(x, "", keyOf(at, o), kMinLr);
            });
        }
    });
    return p;
}

json phaseJson(const PhaseConfig& p) {
    return {{"epochs", p.epochs},
            {"freeze", {{"preset", p.freeze.preset}, {"first_n", p.freeze.firstN}, {"frozen", p.freeze.frozen}}},
            {"optimizer",
             {{"name", p.optimizer.name},
              {"lr", p.optimizer.lr},
              {"momentum", p.optimizer.momentum},
              {"nesterov", p.optimizer.nesterov},
              {"weight_decay", p.optimizer.weightDecay},
              {"backbone_lr_scale", p.optimizer.backboneLrScale}}},
            {"schedule",
             {{"name", p.schedule.name},
              {"warmup_epochs", p.schedule.warmupEpochs},
              {"step_epochs", p.schedule.stepEpochs},
              {"gamma", p.schedule.gamma},
              {"min_lr", p.schedule.minLr}}}};
}

void check(bool ok, const std::string& key, const std::string& what) {
    if (!ok) throw Error(key, what);
}

}  // namespace

void validateTrainConfig(const TrainConfig& c) {
    // Every number against the limits above (a config built in code or read from a file alike), then the
    // settings that depend on each other.
    const auto range = [](auto value, const std::string& field, const auto& limit) { io::checked(value, "", field, limit); };
    check(!c.model.empty(), "model", "is required (a catalog id, e.g. resnet18)");
    check(!c.dataset.empty(), "dataset", "is required (a dataset folder)");
    check(!c.outputDir.empty(), "output_dir", "is required (the run directory)");
    range(c.validationFraction, "validation_fraction", kValidationFraction);
    range(c.imageSize, "image_size", kImageSize);
    check(c.imageSize == 0 || c.imageSize >= 16, "image_size", "must be 0 (the model's) or 16..2048");
    check(c.head.kind == "linear" || c.head.kind == "mlp", "head.kind", "must be linear or mlp, not '" + c.head.kind + "'");
    range(c.head.hidden, "head.hidden", kHidden);
    range(c.head.dropout, "head.dropout", kDropout);
    range(static_cast<std::int64_t>(c.phases.size()), "phases", kPhases);
    for (std::size_t i = 0; i < c.phases.size(); ++i) {
        const PhaseConfig& p = c.phases[i];
        const std::string at = "phases[" + std::to_string(i) + "]";
        range(p.epochs, at + ".epochs", kEpochs);
        static const std::set<std::string> presets{"head_only", "last_block", "first_n", "all", "custom"};
        check(presets.count(p.freeze.preset) > 0, at + ".freeze.preset",
              "must be head_only, last_block, first_n, all or custom, not '" + p.freeze.preset + "'");
        range(p.freeze.firstN, at + ".freeze.first_n", kFirstN);
        static const std::set<std::string> optimizers{"sgd", "adam", "adamw", "rmsprop"};
        check(optimizers.count(p.optimizer.name) > 0, at + ".optimizer.name", "must be sgd, adam, adamw or rmsprop, not '" + p.optimizer.name + "'");
        range(p.optimizer.lr, at + ".optimizer.lr", kLr);
        range(p.optimizer.momentum, at + ".optimizer.momentum", kMomentum);
        range(p.optimizer.weightDecay, at + ".optimizer.weight_decay", kWeightDecay);
        range(p.optimizer.backboneLrScale, at + ".optimizer.backbone_lr_scale", kBackboneLrScale);
        check(!p.optimizer.nesterov || (p.optimizer.name == "sgd" && p.optimizer.momentum > 0), at + ".optimizer.nesterov",
              "needs sgd with momentum");
        static const std::set<std::string> schedules{"constant", "step", "cosine", "onecycle"};
        check(schedules.count(p.schedule.name) > 0, at + ".schedule.name",
              "must be constant, step, cosine or onecycle, not '" + p.schedule.name + "'");
        range(p.schedule.warmupEpochs, at + ".schedule.warmup_epochs", kWarmupEpochs);
        check(p.schedule.warmupEpochs <= p.epochs, at + ".schedule.warmup_epochs", "must be 0..epochs");
        range(p.schedule.stepEpochs, at + ".schedule.step_epochs", kStepEpochs);
        range(p.schedule.gamma, at + ".schedule.gamma", kGamma);
        range(p.schedule.minLr, at + ".schedule.min_lr", kMinLr);
        check(p.schedule.minLr < p.optimizer.lr, at + ".schedule.min_lr", "must be at least 0 and below lr");
    }
    range(c.batchSize, "batch_size", kBatchSize);
    range(c.labelSmoothing, "label_smoothing", kLabelSmoothing);
    range(c.earlyStoppingPatience, "early_stopping_patience", kPatience);
    range(c.gradClipNorm, "grad_clip_norm", kGradClipNorm);
    check(c.precision == "fp32" || c.precision == "bf16" || c.precision == "fp16", "precision", "must be fp32, bf16 or fp16");
    range(c.workers, "workers", kWorkers);
    range(static_cast<std::uint64_t>(c.cacheMiB), "cache_mib", kCacheMiB);
    if (c.augment) validateAugmentConfig(c.augmentation);
}

TrainConfig parseTrainConfig(const std::string& text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
    TrainConfig c;
    try {
        readObject(j, "", {"name",           "model",          "weights",
                           "dataset",        "validation_fraction",
                           "split_seed",     "image_size",
                           "head",           "phases",
                           "batch_size",     "augment",
                           "augmentation",   "label_smoothing",
                           "class_weights",  "early_stopping_patience",
                           "grad_clip_norm", "precision",
                           "channels_last",  "device",
                           "seed",           "output_dir",
                           "workers",        "cache_mib",
                           "bottleneck"},
                   [&](const std::string& k, const json& v) {
                       if (k == "name") c.name = io::jsonString(v, "", k, kMaxRunNameBytes);
                       else if (k == "model") c.model = io::jsonString(v, "", k, kMaxWordBytes);
                       else if (k == "weights") c.weights = io::jsonString(v, "", k, kMaxPathBytes);
                       else if (k == "dataset") c.dataset = io::jsonString(v, "", k, kMaxPathBytes);
                       else if (k == "validation_fraction") c.validationFraction = io::jsonNumber(v, "", k, kValidationFraction);
                       else if (k == "split_seed") c.splitSeed = io::jsonInteger(v, "", k, kSeed);
                       else if (k == "image_size") c.imageSize = io::jsonInteger(v, "", k, kImageSize);
                       else if (k == "head")
                           readObject(v, "head", {"kind", "hidden", "dropout"}, [&](const std::string& h, const json& x) {
                               if (h == "kind") c.head.kind = io::jsonString(x, "", "head.kind", kMaxWordBytes);
                               else if (h == "hidden") c.head.hidden = io::jsonInteger(x, "", "head.hidden", kHidden);
                               else c.head.dropout = io::jsonNumber(x, "", "head.dropout", kDropout);
                           });
                       else if (k == "phases") {
                           if (!v.is_array()) throw Error("phases", "expects a list of phases");
                           io::checked(static_cast<std::int64_t>(v.size()), "", "phases", kPhases);
                           c.phases.clear();
                           for (std::size_t i = 0; i < v.size(); ++i) c.phases.push_back(phaseFrom(v[i], "phases[" + std::to_string(i) + "]"));
                       } else if (k == "batch_size") c.batchSize = io::jsonInteger(v, "", k, kBatchSize);
                       else if (k == "augment") c.augment = io::jsonBool(v, "", k);
                       else if (k == "augmentation") c.augmentation = parseAugmentConfig(v.dump(), "augmentation");
                       else if (k == "label_smoothing") c.labelSmoothing = io::jsonNumber(v, "", k, kLabelSmoothing);
                       else if (k == "class_weights") c.classWeights = io::jsonBool(v, "", k);
                       else if (k == "early_stopping_patience") c.earlyStoppingPatience = io::jsonInteger(v, "", k, kPatience);
                       else if (k == "grad_clip_norm") c.gradClipNorm = io::jsonNumber(v, "", k, kGradClipNorm);
                       else if (k == "precision") c.precision = io::jsonString(v, "", k, kMaxWordBytes);
                       else if (k == "channels_last") c.channelsLast = io::jsonBool(v, "", k);
                       else if (k == "device") c.device = io::jsonString(v, "", k, kMaxWordBytes);
                       else if (k == "seed") c.seed = io::jsonInteger(v, "", k, kSeed);
                       else if (k == "output_dir") c.outputDir = io::jsonString(v, "", k, kMaxPathBytes);
                       else if (k == "workers") c.workers = io::jsonInteger(v, "", k, kWorkers);
                       else if (k == "cache_mib") c.cacheMiB = io::jsonInteger(v, "", k, kCacheMiB);
                       else c.bottleneck = io::jsonBool(v, "", k);
                   });
        validateTrainConfig(c);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        throw Error(source, e.what());
    }
    return c;
}

PhaseConfig fineTunePhase(int epochs, double lr) {
    PhaseConfig p;
    p.epochs = epochs;
    p.freeze.preset = "last_block";
    p.optimizer.name = "sgd";
    p.optimizer.momentum = 0.9;
    p.optimizer.lr = lr;
    return p;
}

std::string phaseConfigJson(const PhaseConfig& phase) { return phaseJson(phase).dump(); }

std::string trainConfigJson(const TrainConfig& c, int indent) {
    json phases = json::array();
    for (const auto& p : c.phases) phases.push_back(phaseJson(p));
    json j{{"model", c.model},
                 {"weights", c.weights},
                 {"dataset", c.dataset},
                 {"validation_fraction", c.validationFraction},
                 {"split_seed", c.splitSeed},
                 {"image_size", c.imageSize},
                 {"head", {{"kind", c.head.kind}, {"hidden", c.head.hidden}, {"dropout", c.head.dropout}}},
                 {"phases", phases},
                 {"batch_size", c.batchSize},
                 {"augment", c.augment},
                 {"augmentation", json::parse(augmentConfigJson(c.augmentation))},
                 {"label_smoothing", c.labelSmoothing},
                 {"class_weights", c.classWeights},
                 {"early_stopping_patience", c.earlyStoppingPatience},
                 {"grad_clip_norm", c.gradClipNorm},
                 {"precision", c.precision},
                 {"channels_last", c.channelsLast},
                 {"device", c.device},
                 {"seed", c.seed},
                 {"output_dir", c.outputDir},
                 {"workers", c.workers},
                 {"cache_mib", c.cacheMiB},
                 {"bottleneck", c.bottleneck}};
    if (!c.name.empty()) j["name"] = c.name;  // only when named: a config without a name reads as before
    return j.dump(indent);
}

}  // namespace tl
