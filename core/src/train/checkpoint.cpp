#include "train/checkpoint.h"

#include "io/atomic_file.h"
#include "tl/error.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace tl::train {

namespace {

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
    try {
        const auto j = nlohmann::json::parse(value.toStringRef());
        RunPosition p;
        p.phaseIndex = j.at("phase_index");
        p.epochInPhase = j.at("epoch_in_phase");
        p.epoch = j.at("epoch");
        p.step = j.at("step");
        p.best = j.at("best");
        p.bestEpoch = j.at("best_epoch");
        p.bestInPhase = j.at("best_in_phase");
        p.sinceBest = j.at("since_best");
        p.earlyStopped = j.at("early_stopped");
        p.metricsRow = j.at("metrics_row");
        return p;
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("damaged checkpoint state: ") + e.what());
    }
}

void loadWeights(const std::string& path, torch::nn::Module& net, torch::nn::Module* head) {
    auto archive = openArchive(path);
    try {
        torch::serialize::InputArchive netArchive;
        archive.read("net", netArchive);
        net.load(netArchive);
        if (head) {
            torch::serialize::InputArchive headArchive;
            archive.read("head", headArchive);
            head->load(headArchive);
        }
        torch::Tensor rng;
        archive.read("rng", rng);
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(rng);
    } catch (const c10::Error& e) {
        throw Error(path, std::string("does not fit this run: ") + e.what_without_backtrace());
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
    }
}

}  // namespace tl::train
