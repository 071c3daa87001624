#include "train/checkpoint.h"

#include "io/atomic_file.h"
#include "io/checked_read.h"
#include "tl/error.h"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
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
    return nlohmann::json{{"phase_index", p.phaseIndex}, {"epoch_in_phase", p.epochInPhase}, {"epoch", p.epoch},
                          {"step", p.step},              {"best", p.best},                   {"best_epoch", p.bestEpoch},
                          {"best_in_phase", p.bestInPhase}, {"since_best", p.sinceBest},     {"early_stopped", p.earlyStopped},
                          {"metrics_row", p.metricsRow}}
        .dump();
}

torch::serialize::InputArchive openArchive(const std::string& path) {
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
    } catch (const c10::Error& e) {
        throw Error(path, std::string("not a readable checkpoint: ") + e.what_without_backtrace());
    } catch (const std::exception& e) {  // LibTorch's archive reader also throws others (torch::jit::ErrorReport)
        throw Error(path, std::string("not a readable checkpoint: ") + e.what());
    }
    return archive;
}

}  // namespace

void saveCheckpoint(const std::string& path, torch::nn::Module& net, torch::nn::Module* head, torch::optim::Optimizer& optimizer,
                    const RunPosition& position) {
    torch::serialize::OutputArchive archive, netArchive, headArchive, optimizerArchive;
    net.save(netArchive);
    archive.write("net", netArchive);
    if (head) {
        head->save(headArchive);
        archive.write("head", headArchive);
    }
    optimizer.save(optimizerArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("rng", at::detail::getDefaultCPUGenerator().get_state());
    archive.write("position", c10::IValue(positionJson(position)));
    std::ostringstream bytes;
    archive.save_to(bytes);
    io::AtomicFile file(path);
    file.write(bytes.str());
    file.commit();
}

RunPosition readRunPosition(const std::string& path) {
    auto archive = openArchive(path);
    c10::IValue value;
    if (!archive.try_read("position", value) || !value.isString()) throw Error(path, "not a Transfer Studio checkpoint");
    const auto j = io::parseJson(value.toStringRef(), path, "position");
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

/// The shape and type of each parameter and buffer of a module, by name, as text ("[4, 3] Float").
std::map<std::string, std::string> layout(const torch::nn::Module& m) {
    const auto text = [](const torch::Tensor& t) {
        if (!t.defined()) return std::string("undefined");  // an affine-free BatchNorm's weight, for one
        std::ostringstream s;
        s << t.sizes() << ' ' << c10::toString(t.scalar_type());
        return s.str();
    };
    std::map<std::string, std::string> out;
    for (const auto& item : m.named_parameters(true)) out[item.key()] = text(item.value());
    for (const auto& item : m.named_buffers(true)) out[item.key()] = text(item.value());
    return out;
}

/// LibTorch's archive replaces a tensor by the file's whatever its shape: refuse one that is not the run's.
void checkLayout(const torch::nn::Module& m, const std::map<std::string, std::string>& before, const std::string& path, const char* part) {
    for (const auto& [name, now] : layout(m)) {
        const auto it = before.find(name);
        if (it != before.end() && it->second == now) continue;
        throw Error(path, std::string("does not fit this run: its ") + part + " '" + name + "' is " + now +
                              (it != before.end() ? ", the run's is " + it->second : std::string()));
    }
}

}  // namespace

void loadWeights(const std::string& path, torch::nn::Module& net, torch::nn::Module* head) {
    auto archive = openArchive(path);
    try {
        torch::serialize::InputArchive netArchive;
        archive.read("net", netArchive);
        const auto netLayout = layout(net);
        net.load(netArchive);
        checkLayout(net, netLayout, path, "network's");
        if (head) {
            torch::serialize::InputArchive headArchive;
            archive.read("head", headArchive);
            const auto headLayout = layout(*head);
            head->load(headArchive);
            checkLayout(*head, headLayout, path, "head's");
        }
        torch::Tensor rng;
        archive.read("rng", rng);
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(rng);
    } catch (const c10::Error& e) {
        throw Error(path, std::string("does not fit this run: ") + e.what_without_backtrace());
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(path, std::string("does not fit this run: ") + e.what());
    }
}

void loadOptimizer(const std::string& path, torch::optim::Optimizer& optimizer) {
    auto archive = openArchive(path);
    try {
        torch::serialize::InputArchive optimizerArchive;
        archive.read("optimizer", optimizerArchive);
        optimizer.load(optimizerArchive);
    } catch (const c10::Error& e) {
        throw Error(path, std::string("optimizer state does not fit this run: ") + e.what_without_backtrace());
    } catch (const std::exception& e) {
        throw Error(path, std::string("optimizer state does not fit this run: ") + e.what());
    }
}

}  // namespace tl::train
