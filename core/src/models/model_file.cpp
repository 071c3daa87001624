#include "tl/model_file.h"

#include "models/model_impl.h"
#include "tl/error.h"
#include "tl/preprocess.h"
#include "weights/checkpoint_reader.h"
#include "weights/mapped_file.h"
#include "weights/safetensors.h"
#include "weights/state_dict.h"
#include "weights/torch_save.h"

#include <nlohmann/json.hpp>

#include <sstream>

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
        const auto transform = m.find("transform_input");
        info.transformInput = transform != m.end() && transform->second == "true";
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("damaged model metadata: ") + e.what());
    } catch (const std::invalid_argument&) {
        throw Error(path, "damaged model metadata: epochs");
    }
    if (info.classes.size() < 2) throw Error(path, "a model file needs at least two classes");
    return info;
}

/// "classifier.6" -> "model.classifier[6]", as Python addresses a submodule.
std::string pythonPath(const std::string& path) {
    std::string out = "model";
    std::stringstream parts(path);
    for (std::string part; std::getline(parts, part, '.');)
        out += (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos) ? "[" + part + "]" : "." + part;
    return out;
}

std::string pythonList(const std::array<float, 3>& v) {
    std::ostringstream s;
    s << '[' << v[0] << ", " << v[1] << ", " << v[2] << ']';
    return s.str();
}

std::string torchvisionCode(const ModelFileInfo& info, const std::string& headPath, std::int64_t featureDim, const std::string& statePath) {
    const auto classes = static_cast<std::int64_t>(info.classes.size());
    std::ostringstream py;
    py << "import json, torch, torchvision\n"
       << "from torch import nn\n\n"
       << "model = torchvision.models." << info.arch << "(num_classes=" << classes
       << (info.arch == "inception_v3" ? std::string(", aux_logits=False, init_weights=False, transform_input=") + (info.transformInput ? "True" : "False") : "")
       << ")\n";
    if (info.head.kind == "mlp")
        py << pythonPath(headPath) << " = nn.Sequential(nn.Linear(" << featureDim << ", " << info.head.hidden << "), nn.ReLU(), nn.Dropout("
           << info.head.dropout << "), nn.Linear(" << info.head.hidden << ", " << classes << "))\n";
    py << "model.load_state_dict(torch.load(" << nlohmann::json(statePath).dump() << ", map_location=\"cpu\", weights_only=True))\n"
       << "model.eval()\n"
       << "classes = json.loads(" << nlohmann::json(nlohmann::json(info.classes).dump()).dump() << ")\n";
    const Preprocessing& p = info.preprocessing;
    if (p.mode == "torchvision" && p.geometry == "resize_crop")
        py << "transform = torchvision.transforms.Compose([\n"
           << "    torchvision.transforms.Resize(" << p.resizeSize << ", interpolation=torchvision.transforms.InterpolationMode."
           << (p.interpolation == "bicubic" ? "BICUBIC" : p.interpolation == "nearest" ? "NEAREST" : "BILINEAR") << "),\n"
           << "    torchvision.transforms.CenterCrop(" << p.inputSize << "),\n"
           << "    torchvision.transforms.ToTensor(),\n"
           << "    torchvision.transforms.Normalize(" << pythonList(p.mean) << ", " << pythonList(p.std) << "),\n"
           << "])\n";
    else
        py << "# preprocessing (not a torchvision transform): " << preprocessingJson(p) << "\n";
    return py.str();
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
        {"epochs", std::to_string(info.epochs)},
        {"transform_input", model.transformsInput() ? "true" : "false"}};
    weights::writeSafetensors(path, state, metadata);
}

Model loadModelFile(const std::string& path, ModelFileInfo* infoOut) {
    const weights::Checkpoint checkpoint = weights::readCheckpoint(path);
    const ModelFileInfo info = infoFrom(checkpoint.metadata, path);
    Model model = Model::create(info.arch, static_cast<int>(info.classes.size()), info.transformInput);
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

TorchExport exportTorchStateDict(const std::string& modelFile, const std::string& outPath) {
    const weights::Checkpoint checkpoint = weights::readCheckpoint(modelFile);
    const ModelFileInfo info = infoFrom(checkpoint.metadata, modelFile);
    weights::StateDict state;
    std::string headPath;
    std::int64_t featureDim = 0;
    for (const auto& [key, tensor] : checkpoint.tensors) {
        if (key.rfind("AuxLogits.", 0) == 0) continue;
        state.emplace_back(key, tensor);
        // An MLP head is an nn.Sequential: <head>.0 = Linear(features, hidden), <head>.3 = Linear(hidden, C).
        const std::string suffix = ".3.weight";
        if (info.head.kind == "mlp" && tensor.dim() == 2 && tensor.size(0) == static_cast<std::int64_t>(info.classes.size()) &&
            key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string path = key.substr(0, key.size() - suffix.size());
            for (const auto& [k, t] : checkpoint.tensors)
                if (k == path + ".0.weight" && t.dim() == 2 && t.size(0) == tensor.size(1)) {
                    headPath = path;
                    featureDim = t.size(1);
                }
        }
    }
    if (info.head.kind == "mlp" && featureDim == 0) throw Error(modelFile, "damaged model file: its MLP head's layers are missing");
    weights::writeTorchSave(outPath, state);
    TorchExport out;
    out.path = outPath;
    out.tensors = state.size();
    out.pythonCode = torchvisionCode(info, headPath, featureDim, outPath);
    return out;
}

}  // namespace tl
