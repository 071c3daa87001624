#include "train/checkpoint.h"

#include "io/checked_read.h"
#include "tl/error.h"
#include "weights/checkpoint_reader.h"
#include "weights/safetensors.h"
#include "weights/state_dict.h"

#include <nlohmann/json.hpp>

#include <map>
#include <vector>

namespace tl::train {

namespace {

// ---- the ranges of a checkpoint's position (checkRunPosition also holds it against the run's config) ----
using io::Limit;
// A run has one or two phases (train_config.cpp) of at most 100,000 epochs each.
constexpr Limit<int> kPhaseIndex{0, 1, "a run's phase index is {}"};
constexpr Limit<int> kEpochInPhase{0, 100000, "a phase has done {} epochs"};
constexpr Limit<int> kEpoch{0, 200000, "a run has done {} epochs"};
// Batches: 2^53, far beyond any run, keeps the count exact in JSON readers that use doubles.
constexpr Limit<std::int64_t> kStep{0, std::int64_t{1} << 53, "a run has done {} batches"};
// Accuracies are fractions; the best of a phase starts at -1 (none yet).
constexpr Limit<double> kBest{0.0, 1.0, "a validation accuracy is {}"};
constexpr Limit<double> kBestInPhase{-1.0, 1.0, "a phase's best validation accuracy is {} (-1: none yet)"};
// A metrics.csv row as RunFiles::formatRow writes it: one line of ten numbers, under 512 bytes.
constexpr std::size_t kMaxMetricsRowBytes = 4096;

std::string positionJson(const RunPosition& p) {
    return nlohmann::json{{"phase_index", p.phaseIndex},
                          {"epoch_in_phase", p.epochInPhase},
                          {"epoch", p.epoch},
                          {"step", p.step},
                          {"best", p.best},
                          {"best_epoch", p.bestEpoch},
                          {"best_in_phase", p.bestInPhase},
                          {"since_best", p.sinceBest},
                          {"early_stopped", p.earlyStopped},
                          {"metrics_row", p.metricsRow}}
        .dump();
}

constexpr const char* kFormat = "transfer-studio run checkpoint";
constexpr const char* kVersion = "1";
// A step count of Adam or RMSprop: a batch count, so in kStep's range.
constexpr Limit<std::int64_t> kOptimizerStep{0, std::int64_t{1} << 53, "an optimizer has taken {} steps"};

/// The checkpoint's tensors by name, and its metadata, once the file is known to be a checkpoint of ours.
struct Contents {
    std::map<std::string, torch::Tensor> tensors;
    std::map<std::string, std::string> metadata;
};

Contents openCheckpoint(const std::string& path) {
    const weights::MappedFilePtr file = weights::MappedFile::open(path);
    if (!weights::looksLikeSafetensors(*file)) throw Error(path, "not a Transfer Studio run checkpoint (not a safetensors file)");
    weights::Checkpoint checkpoint = weights::readSafetensors(file);
    const auto format = checkpoint.metadata.find("format");
    if (format == checkpoint.metadata.end() || format->second != kFormat) throw Error(path, "not a Transfer Studio run checkpoint");
    const auto version = checkpoint.metadata.find("version");
    if (version == checkpoint.metadata.end() || version->second != kVersion)
        throw Error(path, "a run checkpoint of format version '" + (version == checkpoint.metadata.end() ? std::string() : version->second) +
                              "', which this version does not read (it reads version " + kVersion + ")");
    Contents out;
    for (auto& [key, tensor] : checkpoint.tensors) out.tensors[key] = std::move(tensor);
    out.metadata = std::move(checkpoint.metadata);
    return out;
}

/// The tensors whose names start with `prefix`, the prefix taken off, in the file's order.
weights::StateDict withPrefix(const Contents& c, const std::string& prefix) {
    weights::StateDict out;
    for (const auto& [key, tensor] : c.tensors)
        if (key.rfind(prefix, 0) == 0) out.emplace_back(key.substr(prefix.size()), tensor);
    return out;
}

std::string optimizerName(const torch::optim::Optimizer& o) {
    if (dynamic_cast<const torch::optim::SGD*>(&o)) return "sgd";
    if (dynamic_cast<const torch::optim::AdamW*>(&o)) return "adamw";
    if (dynamic_cast<const torch::optim::Adam*>(&o)) return "adam";
    if (dynamic_cast<const torch::optim::RMSprop*>(&o)) return "rmsprop";
    throw Error("checkpoint", "an optimizer the run checkpoint does not know");
}

}  // namespace

void saveCheckpoint(const std::string& path, torch::nn::Module& net, torch::nn::Module* head, torch::optim::Optimizer& optimizer,
                    const RunPosition& position) {
    weights::StateDict tensors;
    for (auto& [key, t] : weights::stateDictOf(net)) tensors.emplace_back("net." + key, t);
    if (head)
        for (auto& [key, t] : weights::stateDictOf(*head)) tensors.emplace_back("head." + key, t);
    const auto& groups = optimizer.param_groups();
    const auto& state = optimizer.state();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& params = groups[g].params();
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto it = state.find(c10::guts::to_string(params[i].unsafeGetTensorImpl()));
            if (it == state.end()) continue;  // not stepped yet (no gradient reached it)
            const std::string prefix = "optimizer." + std::to_string(g) + "." + std::to_string(i) + ".";
            const auto put = [&](const char* field, const torch::Tensor& t) {
                if (t.defined()) tensors.emplace_back(prefix + field, t);
            };
            const auto step = [&](std::int64_t n) { put("step", torch::tensor({n}, torch::kLong)); };
            const auto putAdam = [&](const auto& adam) {  // Adam's and AdamW's states have the same fields
                step(adam.step());
                put("exp_avg", adam.exp_avg());
                put("exp_avg_sq", adam.exp_avg_sq());
                put("max_exp_avg_sq", adam.max_exp_avg_sq());
            };
            if (const auto* s = dynamic_cast<const torch::optim::SGDParamState*>(it->second.get())) {
                put("momentum_buffer", s->momentum_buffer());
            } else if (const auto* a = dynamic_cast<const torch::optim::AdamParamState*>(it->second.get())) {
                putAdam(*a);
            } else if (const auto* w = dynamic_cast<const torch::optim::AdamWParamState*>(it->second.get())) {
                putAdam(*w);
            } else if (const auto* r = dynamic_cast<const torch::optim::RMSpropParamState*>(it->second.get())) {
                step(r->step());
                put("square_avg", r->square_avg());
                put("momentum_buffer", r->momentum_buffer());
                put("grad_avg", r->grad_avg());
            }
        }
    }
    tensors.emplace_back("rng", at::detail::getDefaultCPUGenerator().get_state());
    weights::writeSafetensors(
        path, tensors, {{"format", kFormat}, {"version", kVersion}, {"optimizer", optimizerName(optimizer)}, {"position", positionJson(position)}});
}

RunPosition readRunPosition(const std::string& path) {
    const Contents contents = openCheckpoint(path);
    const auto text = contents.metadata.find("position");
    if (text == contents.metadata.end()) throw Error(path, "a run checkpoint without its position ('position' is missing)");
    const auto j = io::parseJson(text->second, path, "position");
    const auto at = [&](const char* key) -> const nlohmann::json& { return io::member(j, key, path, "position"); };
    RunPosition p;
    p.phaseIndex = io::jsonInteger(at("phase_index"), path, "position.phase_index", kPhaseIndex);
    p.epochInPhase = io::jsonInteger(at("epoch_in_phase"), path, "position.epoch_in_phase", kEpochInPhase);
    p.epoch = io::jsonInteger(at("epoch"), path, "position.epoch", kEpoch);
    p.step = io::jsonInteger(at("step"), path, "position.step", kStep);
    p.best = io::jsonNumber(at("best"), path, "position.best", kBest);
    p.bestEpoch = io::jsonInteger(at("best_epoch"), path, "position.best_epoch", kEpoch);
    p.bestInPhase = io::jsonNumber(at("best_in_phase"), path, "position.best_in_phase", kBestInPhase);
    p.sinceBest = io::jsonInteger(at("since_best"), path, "position.since_best", kEpoch);
    p.earlyStopped = io::jsonBool(at("early_stopped"), path, "position.early_stopped");
    p.metricsRow = io::jsonString(at("metrics_row"), path, "position.metrics_row", kMaxMetricsRowBytes);
    const auto newline = p.metricsRow.find('\n');
    if (newline != std::string::npos && newline + 1 != p.metricsRow.size())
        throw Error(path, "'position.metrics_row' holds more than one line; it is one metrics.csv row");
    if (p.epochInPhase > p.epoch || p.bestEpoch > p.epoch || p.sinceBest > p.epoch)
        throw Error(path, "'position' counts more epochs in a phase, since or at the best than the run's " + std::to_string(p.epoch));
    return p;
}

void checkRunPosition(const RunPosition& p, const std::vector<int>& phaseEpochs, const std::string& path) {
    const int phases = static_cast<int>(phaseEpochs.size());
    io::checked(p.phaseIndex, path, "position.phase_index", Limit<int>{0, phases - 1, "this run's phase index is {}"});
    io::checked(p.epochInPhase, path, "position.epoch_in_phase",
                Limit<int>{0, phaseEpochs[static_cast<std::size_t>(p.phaseIndex)], "this run's phase has done {} epochs"});
    int total = 0;
    for (const int e : phaseEpochs) total += e;
    io::checked(p.epoch, path, "position.epoch", Limit<int>{0, total, "this run has done {} epochs"});
}

namespace {

/// The optimizer state of one parameter as the file holds it, checked against the parameter.
class ParamStateReader {
public:
    ParamStateReader(Contents& contents, std::string prefix, const torch::Tensor& param, const std::string& path)
        : contents_(contents), prefix_(std::move(prefix)), param_(param), path_(path) {}

    bool any() const {
        const auto it = contents_.tensors.lower_bound(prefix_);
        return it != contents_.tensors.end() && it->first.rfind(prefix_, 0) == 0;
    }
    /// The moment `field` as a tensor of the parameter's shape, type and device (undefined when absent and
    /// not `required`); taken out of the contents, so that what is left over can be named.
    torch::Tensor moment(const char* field, bool required) {
        const std::string key = prefix_ + field;
        const auto it = contents_.tensors.find(key);
        if (it == contents_.tensors.end()) {
            if (required) throw Error(path_, "optimizer state does not fit this run: '" + key + "' is missing");
            return {};
        }
        const torch::Tensor t = it->second;
        contents_.tensors.erase(it);
        if (t.sizes() != param_.sizes())
            throw Error(path_, "optimizer state does not fit this run: '" + key + "' is " + weights::shapeText(t.sizes()) + ", its parameter is " +
                                   weights::shapeText(param_.sizes()));
        if (!t.is_floating_point()) throw Error(path_, "optimizer state does not fit this run: '" + key + "' is not floating-point");
        return t.to(param_.device(), param_.scalar_type(), /*non_blocking=*/false, /*copy=*/true);
    }
    std::int64_t step() {
        const std::string key = prefix_ + "step";
        const auto it = contents_.tensors.find(key);
        if (it == contents_.tensors.end()) throw Error(path_, "optimizer state does not fit this run: '" + key + "' is missing");
        const torch::Tensor t = it->second;
        contents_.tensors.erase(it);
        if (t.numel() != 1 || t.scalar_type() != torch::kLong) throw Error(path_, "'" + key + "' is not one int64 step count");
        return io::checked(t.reshape({}).item<std::int64_t>(), path_, key, kOptimizerStep);
    }

private:
    Contents& contents_;
    std::string prefix_;
    const torch::Tensor& param_;
    const std::string& path_;
};

std::unique_ptr<torch::optim::OptimizerParamState> readParamState(const std::string& name, ParamStateReader& in) {
    if (name == "sgd") {
        auto s = std::make_unique<torch::optim::SGDParamState>();
        s->momentum_buffer(in.moment("momentum_buffer", true));
        return s;
    }
    if (name == "adam" || name == "adamw") {
        const auto fill = [&](auto s) {
            s->step(in.step());
            s->exp_avg(in.moment("exp_avg", true));
            s->exp_avg_sq(in.moment("exp_avg_sq", true));
            s->max_exp_avg_sq(in.moment("max_exp_avg_sq", false));
            return s;
        };
        if (name == "adam") return fill(std::make_unique<torch::optim::AdamParamState>());
        return fill(std::make_unique<torch::optim::AdamWParamState>());
    }
    auto s = std::make_unique<torch::optim::RMSpropParamState>();
    s->step(in.step());
    s->square_avg(in.moment("square_avg", true));
    s->momentum_buffer(in.moment("momentum_buffer", false));
    s->grad_avg(in.moment("grad_avg", false));
    return s;
}

}  // namespace

void loadWeights(const std::string& path, torch::nn::Module& net, torch::nn::Module* head) {
    const Contents contents = openCheckpoint(path);
    const auto load = [&](torch::nn::Module& m, const char* prefix, const char* part) {
        const weights::LoadReport report = weights::loadStateDict(m, withPrefix(contents, prefix), path, {{}, false});
        if (!report.ok()) throw Error(path, std::string("does not fit this run: its ") + part + " tensors differ. " + report.describe());
    };
    load(net, "net.", "network's");
    if (head) load(*head, "head.", "head's");
    const auto rng = contents.tensors.find("rng");
    if (rng == contents.tensors.end()) throw Error(path, "a run checkpoint without its random-number state ('rng' is missing)");
    if (rng->second.scalar_type() != torch::kByte || rng->second.dim() != 1) throw Error(path, "'rng' is not a random-number state (uint8 bytes)");
    try {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(rng->second.clone());
    } catch (const c10::Error& e) {
        throw Error(path, std::string("'rng' is not a random-number state: ") + e.what_without_backtrace());
    }
}

void loadOptimizer(const std::string& path, torch::optim::Optimizer& optimizer) {
    Contents contents = openCheckpoint(path);
    const std::string name = optimizerName(optimizer);
    const auto written = contents.metadata.find("optimizer");
    if (written == contents.metadata.end() || written->second != name)
        throw Error(path, "optimizer state does not fit this run: it was written by '" +
                              (written == contents.metadata.end() ? std::string("?") : written->second) + "', the run uses '" + name + "'");
    std::vector<std::pair<std::string, std::unique_ptr<torch::optim::OptimizerParamState>>> states;
    const auto& groups = optimizer.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& params = groups[g].params();
        for (std::size_t i = 0; i < params.size(); ++i) {
            ParamStateReader in(contents, "optimizer." + std::to_string(g) + "." + std::to_string(i) + ".", params[i], path);
            if (!in.any()) continue;
            states.emplace_back(c10::guts::to_string(params[i].unsafeGetTensorImpl()), readParamState(name, in));
        }
    }
    for (const auto& [key, tensor] : contents.tensors)
        if (key.rfind("optimizer.", 0) == 0)
            throw Error(path, "optimizer state does not fit this run: '" + key + "' belongs to no parameter of its optimizer");
    // Everything read and checked: only now replace the optimizer's state.
    auto& state = optimizer.state();
    for (auto& [key, s] : states) state[key] = std::move(s);
}

}  // namespace tl::train
