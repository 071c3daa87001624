#include "tl/train_config.h"

#include "tl/error.h"

#include <nlohmann/json.hpp>

#include <set>

namespace tl {

namespace {

using json = nlohmann::json;

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

FreezePlan freezeFrom(const json& j, const std::string& where) {
    FreezePlan f;
    if (j.is_string()) {
        f.preset = j.get<std::string>();
        return f;
    }
    readObject(j, where, {"preset", "first_n", "frozen"}, [&](const std::string& k, const json& v) {
        if (k == "preset") f.preset = v.get<std::string>();
        else if (k == "first_n") f.firstN = v.get<int>();
        else f.frozen = v.get<std::vector<std::string>>();
    });
    return f;
}

PhaseConfig phaseFrom(const json& j, const std::string& where) {
    PhaseConfig p;
    readObject(j, where, {"epochs", "freeze", "optimizer", "schedule"}, [&](const std::string& k, const json& v) {
        if (k == "epochs") p.epochs = v.get<int>();
        else if (k == "freeze") p.freeze = freezeFrom(v, where + ".freeze");
        else if (k == "optimizer")
            readObject(v, where + ".optimizer", {"name", "lr", "momentum", "nesterov", "weight_decay", "backbone_lr_scale"},
                       [&](const std::string& o, const json& x) {
                           if (o == "name") p.optimizer.name = x.get<std::string>();
                           else if (o == "lr") p.optimizer.lr = x.get<double>();
                           else if (o == "momentum") p.optimizer.momentum = x.get<double>();
                           else if (o == "nesterov") p.optimizer.nesterov = x.get<bool>();
                           else if (o == "weight_decay") p.optimizer.weightDecay = x.get<double>();
                           else p.optimizer.backboneLrScale = x.get<double>();
                       });
        else
            readObject(v, where + ".schedule", {"name", "warmup_epochs", "step_epochs", "gamma", "min_lr"},
                       [&](const std::string& s, const json& x) {
                           if (s == "name") p.schedule.name = x.get<std::string>();
                           else if (s == "warmup_epochs") p.schedule.warmupEpochs = x.get<int>();
                           else if (s == "step_epochs") p.schedule.stepEpochs = x.get<int>();
                           else if (s == "gamma") p.schedule.gamma = x.get<double>();
                           else p.schedule.minLr = x.get<double>();
                       });
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
    check(!c.model.empty(), "model", "is required (a catalog id, e.g. resnet18)");
    check(!c.dataset.empty(), "dataset", "is required (a dataset folder)");
    check(!c.outputDir.empty(), "output_dir", "is required (the run directory)");
    check(c.validationFraction >= 0 && c.validationFraction < 1, "validation_fraction", "must be at least 0 and below 1");
    check(c.imageSize == 0 || (c.imageSize >= 16 && c.imageSize <= 2048), "image_size", "must be 0 (the model's) or 16..2048");
    check(c.head.kind == "linear" || c.head.kind == "mlp", "head.kind", "must be linear or mlp, not '" + c.head.kind + "'");
    check(c.head.hidden >= 1, "head.hidden", "must be at least 1");
    check(c.head.dropout >= 0 && c.head.dropout < 1, "head.dropout", "must be at least 0 and below 1");
    check(!c.phases.empty() && c.phases.size() <= 2, "phases", "one or two phases");
    for (std::size_t i = 0; i < c.phases.size(); ++i) {
        const PhaseConfig& p = c.phases[i];
        const std::string at = "phases[" + std::to_string(i) + "]";
        check(p.epochs >= 1 && p.epochs <= 100000, at + ".epochs", "must be at least 1");
        static const std::set<std::string> presets{"head_only", "last_block", "first_n", "all", "custom"};
        check(presets.count(p.freeze.preset) > 0, at + ".freeze.preset",
              "must be head_only, last_block, first_n, all or custom, not '" + p.freeze.preset + "'");
        check(p.freeze.firstN >= 0, at + ".freeze.first_n", "must not be negative");
        static const std::set<std::string> optimizers{"sgd", "adam", "adamw", "rmsprop"};
        check(optimizers.count(p.optimizer.name) > 0, at + ".optimizer.name", "must be sgd, adam, adamw or rmsprop, not '" + p.optimizer.name + "'");
        check(p.optimizer.lr > 0 && p.optimizer.lr < 10, at + ".optimizer.lr", "must be above 0 and below 10");
        check(p.optimizer.momentum >= 0 && p.optimizer.momentum < 1, at + ".optimizer.momentum", "must be at least 0 and below 1");
        check(p.optimizer.weightDecay >= 0, at + ".optimizer.weight_decay", "must not be negative");
        check(p.optimizer.backboneLrScale > 0 && p.optimizer.backboneLrScale <= 1, at + ".optimizer.backbone_lr_scale", "must be in (0, 1]");
        check(!p.optimizer.nesterov || (p.optimizer.name == "sgd" && p.optimizer.momentum > 0), at + ".optimizer.nesterov",
              "needs sgd with momentum");
        static const std::set<std::string> schedules{"constant", "step", "cosine", "onecycle"};
        check(schedules.count(p.schedule.name) > 0, at + ".schedule.name", "must be constant, step, cosine or onecycle, not '" + p.schedule.name + "'");
        check(p.schedule.warmupEpochs >= 0 && p.schedule.warmupEpochs < p.epochs + 1, at + ".schedule.warmup_epochs", "must be 0..epochs");
        check(p.schedule.stepEpochs >= 1, at + ".schedule.step_epochs", "must be at least 1");
        check(p.schedule.gamma > 0 && p.schedule.gamma <= 1, at + ".schedule.gamma", "must be in (0, 1]");
        check(p.schedule.minLr >= 0 && p.schedule.minLr < p.optimizer.lr, at + ".schedule.min_lr", "must be at least 0 and below lr");
    }
    check(c.batchSize >= 1 && c.batchSize <= 4096, "batch_size", "must be 1..4096");
    check(c.labelSmoothing >= 0 && c.labelSmoothing < 1, "label_smoothing", "must be at least 0 and below 1");
    check(c.earlyStoppingPatience >= 0, "early_stopping_patience", "must not be negative");
    check(c.gradClipNorm >= 0, "grad_clip_norm", "must not be negative");
    check(c.precision == "fp32" || c.precision == "bf16" || c.precision == "fp16", "precision", "must be fp32, bf16 or fp16");
    check(c.workers >= 0, "workers", "must not be negative");
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
        readObject(j, "",
                   {"model", "weights", "dataset", "validation_fraction", "split_seed", "image_size", "head", "phases", "batch_size",
                    "augment", "augmentation", "label_smoothing", "class_weights", "early_stopping_patience", "grad_clip_norm",
                    "precision", "channels_last", "device", "seed", "output_dir", "workers", "cache_mib", "bottleneck"},
                   [&](const std::string& k, const json& v) {
                       if (k == "model") c.model = v.get<std::string>();
                       else if (k == "weights") c.weights = v.get<std::string>();
                       else if (k == "dataset") c.dataset = v.get<std::string>();
                       else if (k == "validation_fraction") c.validationFraction = v.get<double>();
                       else if (k == "split_seed") c.splitSeed = v.get<std::uint64_t>();
                       else if (k == "image_size") c.imageSize = v.get<int>();
                       else if (k == "head")
                           readObject(v, "head", {"kind", "hidden", "dropout"}, [&](const std::string& h, const json& x) {
                               if (h == "kind") c.head.kind = x.get<std::string>();
                               else if (h == "hidden") c.head.hidden = x.get<int>();
                               else c.head.dropout = x.get<double>();
                           });
                       else if (k == "phases") {
                           if (!v.is_array()) throw Error("phases", "expects a list of phases");
                           c.phases.clear();
                           for (std::size_t i = 0; i < v.size(); ++i) c.phases.push_back(phaseFrom(v[i], "phases[" + std::to_string(i) + "]"));
                       } else if (k == "batch_size") c.batchSize = v.get<int>();
                       else if (k == "augment") c.augment = v.get<bool>();
                       else if (k == "augmentation") c.augmentation = parseAugmentConfig(v.dump(), "augmentation");
                       else if (k == "label_smoothing") c.labelSmoothing = v.get<double>();
                       else if (k == "class_weights") c.classWeights = v.get<bool>();
                       else if (k == "early_stopping_patience") c.earlyStoppingPatience = v.get<int>();
                       else if (k == "grad_clip_norm") c.gradClipNorm = v.get<double>();
                       else if (k == "precision") c.precision = v.get<std::string>();
                       else if (k == "channels_last") c.channelsLast = v.get<bool>();
                       else if (k == "device") c.device = v.get<std::string>();
                       else if (k == "seed") c.seed = v.get<std::uint64_t>();
                       else if (k == "output_dir") c.outputDir = v.get<std::string>();
                       else if (k == "workers") c.workers = v.get<int>();
                       else if (k == "cache_mib") c.cacheMiB = v.get<std::size_t>();
                       else c.bottleneck = v.get<bool>();
                   });
        validateTrainConfig(c);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        throw Error(source, e.what());
    }
    return c;
}

std::string trainConfigJson(const TrainConfig& c, int indent) {
    json phases = json::array();
    for (const auto& p : c.phases) phases.push_back(phaseJson(p));
    const json j{{"model", c.model},
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
    return j.dump(indent);
}

}  // namespace tl
