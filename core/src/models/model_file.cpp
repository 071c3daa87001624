#include "tl/model_file.h"

#include "models/model_impl.h"
#include "tl/error.h"
#include "tl/preprocess.h"
#include "weights/checkpoint_reader.h"
#include "weights/mapped_file.h"
#include "weights/safetensors.h"
#include "weights/state_dict.h"

#include <nlohmann/json.hpp>

namespace tl {

namespace {

constexpr const char* kFormat = "transfer-studio-model";

std::string preprocessingJson(const Preprocessing& p) {
    return nlohmann::json{{"preprocessing", p.mode},     {"geometry", p.geometry},           {"input_size", p.inputSize},
                          {"resize_size", p.resizeSize}, {"interpolation", p.interpolation}, {"divisor", p.divisor},
                          {"bgr", p.bgr},                {"mean", p.mean},                   {"std", p.std}}
        .dump();
}

Preprocessing preprocessingFrom(const nlohmann::json& j) {
    Preprocessing p;
    p.mode = j.at("preprocessing");
    p.geometry = j.at("geometry");
    p.inputSize = j.at("input_size");
    p.resizeSize = j.at("resize_size");
    p.interpolation = j.at("interpolation");
    p.divisor = j.at("divisor");
    p.bgr = j.at("bgr");
    p.mean = j.at("mean");
    p.std = j.at("std");
    validateRecipe(p);
    return p;
}

ModelFileInfo infoFrom(const std::map<std::string, std::string>& m, const std::string& path) {
    const auto get = [&](const char* key) -> const std::string& {
        const auto it = m.find(key);
        if (it == m.end()) throw Error(path, std::string("not a Transfer Studio model file (no '") + key + "' in its metadata)");
        return it->second;
    };
    if (get("format") != kFormat) throw Error(path, "not a Transfer Studio model file");
    ModelFileInfo info;
    info.path = path;
    try {
        info.arch = get("arch");
        info.baseModel = get("base_model");
        info.classes = nlohmann::json::parse(get("classes")).get<std::vector<std::string>>();
        info.preprocessing = preprocessingFrom(nlohmann::json::parse(get("preprocessing")));
        const auto head = nlohmann::json::parse(get("head"));
        info.head.kind = head.at("kind");
        info.head.hidden = head.at("hidden");
        info.head.dropout = head.at("dropout");
        info.epochs = std::stoi(get("epochs"));
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("damaged model metadata: ") + e.what());
    } catch (const std::invalid_argument&) {
        throw Error(path, "damaged model metadata: epochs");
    }
    if (info.classes.size() < 2) throw Error(path, "a model file needs at least two classes");
    return info;
}

}  // namespace

bool isModelFile(const std::string& path) {
    try {
        const auto file = weights::MappedFile::open(path);
        if (!weights::looksLikeSafetensors(*file)) return false;
        const auto m = weights::readSafetensors(file).metadata;
        const auto it = m.find("format");
        return it != m.end() && it->second == kFormat;
    } catch (const Error&) {
        return false;
    }
}

ModelFileInfo readModelFileInfo(const std::string& path) {
    const auto file = weights::MappedFile::open(path);
    if (!weights::looksLikeSafetensors(*file)) throw Error(path, "not a Transfer Studio model file (not safetensors)");
    return infoFrom(weights::readSafetensors(file).metadata, path);
}

void saveModelFile(const Model& model, const std::string& path, const ModelFileInfo& info) {
    const auto& impl = *model.impl();
    const std::string headPrefix = impl.net->headPrefix();
    weights::StateDict state;
    for (auto& [key, tensor] : weights::stateDictOf(*impl.net)) {
        if (impl.mlp && key.rfind(headPrefix, 0) == 0) continue;
        state.emplace_back(key, tensor.detach().to(torch::kCPU).contiguous());
    }
    if (impl.mlp)
        for (auto& [key, tensor] : weights::stateDictOf(*impl.mlp)) state.emplace_back(headPrefix + key, tensor.detach().to(torch::kCPU).contiguous());
    const std::map<std::string, std::string> metadata{
        {"format", kFormat},
        {"arch", model.arch()},
        {"base_model", info.baseModel},
        {"classes", nlohmann::json(info.classes).dump()},
        {"preprocessing", preprocessingJson(info.preprocessing)},
        {"head", nlohmann::json{{"kind", impl.mlp ? "mlp" : "linear"}, {"hidden", info.head.hidden}, {"dropout", info.head.dropout}}.dump()},
        {"epochs", std::to_string(info.epochs)}};
    weights::writeSafetensors(path, state, metadata);
}

Model loadModelFile(const std::string& path, ModelFileInfo* infoOut) {
    const weights::Checkpoint checkpoint = weights::readCheckpoint(path);
    const ModelFileInfo info = infoFrom(checkpoint.metadata, path);
    Model model = Model::create(info.arch, static_cast<int>(info.classes.size()));
    auto& impl = *model.impl();
    weights::LoadOptions options;
    if (info.head.kind == "mlp") {
        model.setMlpHead(info.head.hidden, info.head.dropout);
        const std::string prefix = impl.net->headPrefix();
        options.skipPrefixes = {prefix};
        weights::StateDict head;
        for (const auto& [key, tensor] : checkpoint.tensors)
            if (key.rfind(prefix, 0) == 0) head.emplace_back(key.substr(prefix.size()), tensor);
        weights::loadStateDict(*impl.mlp, head, path);
    }
    const weights::LoadReport report = weights::loadStateDict(*impl.net, checkpoint.tensors, path, options);
    impl.load.source = path;
    impl.load.loaded = report.loaded;
    impl.load.message = report.describe();
    impl.net->eval();
    if (impl.mlp) impl.mlp->eval();
    if (infoOut) *infoOut = info;
    return model;
}

}  // namespace tl
