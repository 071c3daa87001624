#include "tl/run_log.h"

#include "io/checked_read.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/train_config.h"
#include "train/run_events.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace tl {

namespace train {

nlohmann::json runStartEvent(const RunStart& r) {
    return {{"event", "run_start"},
            {"run_dir", r.runDir},
            {"classes", r.classes},
            {"train_images", r.trainImages},
            {"validation_images", r.validationImages},
            {"device", r.device},
            {"input_size", r.inputSize}};
}

nlohmann::json phaseStartEvent(const PhaseStart& p) {
    return {{"event", "phase_start"},   {"phase", p.phase},   {"epochs", p.epochs},
            {"trainable", p.trainable}, {"frozen", p.frozen}, {"description", p.description}};
}

nlohmann::json batchEvent(const BatchEnd& b) {
    return {{"event", "batch"},     {"phase", b.phase}, {"epoch", b.epoch},       {"batch", b.batch}, {"batches", b.batches},
            {"step", b.step},       {"loss", b.loss},   {"accuracy", b.accuracy}, {"lr", b.lr},       {"images_per_s", b.imagesPerSecond},
            {"eta_s", b.etaSeconds}};
}

nlohmann::json epochEvent(const EpochEnd& e) {
    nlohmann::json j{{"event", "epoch"},
                     {"phase", e.phase},
                     {"epoch", e.epoch},
                     {"epoch_in_phase", e.epochInPhase},
                     {"train_loss", e.trainLoss},
                     {"train_accuracy", e.trainAccuracy},
                     {"lr", e.lr},
                     {"seconds", e.seconds},
                     {"images_per_s", e.imagesPerSecond},
                     {"best", e.best}};
    if (e.validation.images > 0) {
        const Evaluation& v = e.validation;
        j["validation"] = {{"loss", v.loss},           {"accuracy", v.accuracy}, {"top5", v.top5}, {"images", v.images},  {"confusion", v.confusion},
                           {"precision", v.precision}, {"recall", v.recall},     {"f1", v.f1},     {"support", v.support}};
    }
    return j;
}

nlohmann::json runEndEvent(const RunResult& r) {
    return {
        {"event", "run_end"},   {"status", r.status}, {"epochs", r.epochs}, {"best_epoch", r.bestEpoch}, {"best_accuracy", r.bestValidationAccuracy},
        {"model", r.modelPath}, {"run_dir", r.runDir}};
}

}  // namespace train

std::string eventJson(const RunStart& start) { return train::runStartEvent(start).dump(); }
std::string eventJson(const PhaseStart& phase) { return train::phaseStartEvent(phase).dump(); }
std::string eventJson(const BatchEnd& batch) { return train::batchEvent(batch).dump(); }
std::string eventJson(const EpochEnd& epoch) { return train::epochEvent(epoch).dump(); }
std::string eventJson(const RunResult& end) { return train::runEndEvent(end).dump(); }

std::string formatDuration(double seconds) {
    const long long s = seconds > 0 && seconds < 1e12 ? static_cast<long long>(seconds + 0.5) : 0;
    char text[48];
    if (s >= 3600) std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, (s / 60) % 60);
    else std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    return text;
}

namespace {

// ---- the ranges of an event's fields (train_config.cpp: at most two phases of at most 100,000 epochs) ----
using io::Limit;
constexpr Limit<int> kPhase{1, 2, "a run's phase is {}"};
constexpr Limit<int> kEpochs{0, 200000, "a run has {} epochs"};
constexpr Limit<int> kEpoch{1, 200000, "an epoch is {}"};
constexpr Limit<int> kBatch{1, 1 << 30, "a batch is {}"};
constexpr Limit<std::int64_t> kStep{0, std::int64_t{1} << 53, "a run has done {} batches"};
constexpr Limit<std::int64_t> kParameters{0, std::int64_t{1} << 40, "a network has {} parameters"};
constexpr Limit<double> kLoss{0.0, 1e30, "a loss is {}"};
constexpr Limit<double> kFraction{0.0, 1.0, "an accuracy is {}"};
constexpr Limit<double> kLr{0.0, 1e6, "a learning rate is {}"};
constexpr Limit<double> kSeconds{0.0, 1e9, "a duration is {} seconds"};
constexpr Limit<double> kRate{0.0, 1e12, "a throughput is {} images a second"};
constexpr Limit<std::uint64_t> kImages{0, std::uint64_t{1} << 40, "a split has {} images"};
constexpr std::size_t kMaxText = 4096;  // a status, a description, a path

/// One line's fields, each checked; any that is absent, of the wrong type or out of range makes the line damaged.
class Fields {
public:
    Fields(const nlohmann::json& j, const std::string& where) : j_(j), where_(where) {}
    int integer(const char* key, const Limit<int>& limit) const { return io::jsonInteger(io::member(j_, key, where_, ""), where_, key, limit); }
    std::int64_t integer64(const char* key, const Limit<std::int64_t>& limit) const {
        return io::jsonInteger(io::member(j_, key, where_, ""), where_, key, limit);
    }
    double number(const char* key, const Limit<double>& limit) const { return io::jsonNumber(io::member(j_, key, where_, ""), where_, key, limit); }
    std::string text(const char* key) const { return io::jsonString(io::member(j_, key, where_, ""), where_, key, kMaxText); }
    bool flag(const char* key) const { return io::jsonBool(io::member(j_, key, where_, ""), where_, key); }
    bool has(const char* key) const { return j_.contains(key); }
    Fields object(const char* key) const {
        const nlohmann::json& v = io::member(j_, key, where_, "");
        if (!v.is_object()) throw Error(where_, std::string("'") + key + "' is not an object");
        return Fields(v, where_);
    }

private:
    const nlohmann::json& j_;
    const std::string& where_;
};

std::string readConfigField(const nlohmann::json& config, const char* key) {
    const auto it = config.find(key);
    if (it == config.end() || !it->is_string()) return {};
    const auto& s = it->get_ref<const std::string&>();
    return s.size() <= kMaxText ? s : std::string();
}

PhaseStart phaseFrom(const Fields& f) {
    PhaseStart p;
    p.phase = f.integer("phase", kPhase);
    p.epochs = f.integer("epochs", kEpochs);
    p.trainable = f.integer64("trainable", kParameters);
    p.frozen = f.integer64("frozen", kParameters);
    p.description = f.text("description");
    return p;
}

BatchEnd batchFrom(const Fields& f) {
    BatchEnd b;
    b.phase = f.integer("phase", kPhase);
    b.epoch = f.integer("epoch", kEpoch);
    b.batch = f.integer("batch", kBatch);
    b.step = f.integer64("step", kStep);
    b.loss = f.number("loss", kLoss);
    b.accuracy = f.number("accuracy", kFraction);
    b.lr = f.number("lr", kLr);
    return b;
}

EpochEnd epochFrom(const Fields& f, const nlohmann::json& j, const std::string& path) {
    EpochEnd e;
    e.phase = f.integer("phase", kPhase);
    e.epoch = f.integer("epoch", kEpoch);
    e.epochInPhase = f.integer("epoch_in_phase", kEpoch);
    e.trainLoss = f.number("train_loss", kLoss);
    e.trainAccuracy = f.number("train_accuracy", kFraction);
    e.lr = f.number("lr", kLr);
    e.seconds = f.number("seconds", kSeconds);
    e.imagesPerSecond = f.number("images_per_s", kRate);
    e.best = f.flag("best");
    if (f.has("validation")) {
        const Fields v = f.object("validation");
        e.validation.loss = v.number("loss", kLoss);
        e.validation.accuracy = v.number("accuracy", kFraction);
        e.validation.top5 = v.number("top5", kFraction);
        e.validation.images =
            static_cast<std::size_t>(io::jsonInteger(io::member(j["validation"], "images", path, "validation"), path, "validation.images", kImages));
    }
    return e;
}

RunResult runEndFrom(const Fields& f, const std::string& dir) {
    RunResult r;
    r.status = f.text("status");
    r.epochs = f.integer("epochs", kEpochs);
    r.bestEpoch = f.integer("best_epoch", kEpochs);
    r.bestValidationAccuracy = f.number("best_accuracy", kFraction);
    r.modelPath = f.text("model");
    r.runDir = dir;
    return r;
}

/// The name, model and dataset the run's config.json names (left empty when it cannot be read).
void readConfigNames(const std::string& dir, RunRecord& run) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const std::string configPath = (fs::path(dir) / "config.json").string();
    const auto configSize = fs::file_size(configPath, ec);
    if (!ec && configSize <= (1u << 20)) {
        std::ifstream config(configPath, std::ios::binary);
        const nlohmann::json c = nlohmann::json::parse(config, nullptr, false);
        if (c.is_object()) {
            run.model = readConfigField(c, "model");
            run.dataset = readConfigField(c, "dataset");
            run.name = readConfigField(c, "name");
            if (run.name.size() > kMaxRunNameBytes) run.name.clear();
        }
    }
}

}  // namespace

RunRecord readRun(const std::string& dir) {
    namespace fs = std::filesystem;
    const std::string path = (fs::path(dir) / "events.jsonl").string();
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error(path, "cannot read: " + ec.message());
    if (size > kMaxRunLogBytes)
        throw Error(path, "is " + std::to_string(size) + " bytes; a run's events are read up to " + std::to_string(kMaxRunLogBytes) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open");

    RunRecord run;
    run.dir = dir;
    std::map<int, PhaseStart> phases;
    std::map<std::pair<int, int>, BatchEnd> batches;
    std::map<int, EpochEnd> epochs;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("event") || !j["event"].is_string()) {
            ++run.damagedLines;  // a torn line, or not JSON
            continue;
        }
        const Fields f(j, path);
        const std::string& kind = j["event"].get_ref<const std::string&>();
        try {
            if (kind == "phase_start") {
                const PhaseStart p = phaseFrom(f);
                phases[p.phase] = p;
            } else if (kind == "batch") {
                const BatchEnd b = batchFrom(f);
                batches[{b.epoch, b.batch}] = b;
            } else if (kind == "epoch") {
                const EpochEnd e = epochFrom(f, j, path);
                epochs[e.epoch] = e;
            } else if (kind == "run_end") {
                run.end = runEndFrom(f, dir);
                run.ended = true;
            } else if (kind == "run_resumed") {
                ++run.resumes;
            }
        } catch (const Error&) {
            ++run.damagedLines;  // a field missing, of another type or out of range
        }
    }
    if (in.bad()) throw Error(path, "could not be read to its end");

    for (auto& [n, p] : phases) run.phases.push_back(p);
    std::map<int, int> perEpoch;  // the batches of each epoch: the highest batch number seen
    for (const auto& [key, b] : batches) perEpoch[key.first] = std::max(perEpoch[key.first], key.second);
    for (auto& [key, b] : batches) {
        b.batches = perEpoch[key.first];
        run.batches.push_back(b);
    }
    for (auto& [n, e] : epochs) run.epochs.push_back(e);

    readConfigNames(dir, run);
    return run;
}

std::vector<std::string> runValidationImages(const std::string& dir) {
    namespace fs = std::filesystem;
    const std::string configPath = (fs::path(dir) / "config.json").string();
    std::error_code ec;
    const auto size = fs::file_size(configPath, ec);
    if (ec) throw Error(configPath, "no run configuration here: " + ec.message());
    if (size > (1u << 20)) throw Error(configPath, "larger than a run configuration can be (1 MiB)");
    std::ifstream in(configPath, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const TrainConfig config = parseTrainConfig(text, configPath);
    ScanOptions options;
    options.validationFraction = config.validationFraction;
    options.seed = config.splitSeed;
    options.detectLeakage = false;
    const Dataset dataset = scanDataset(config.dataset, options);
    std::vector<std::string> images = dataset.paths(Split::Validation);
    if (images.empty())
        for (const DatasetSample& sample : dataset.samples) images.push_back(sample.path);
    return images;
}

}  // namespace tl
