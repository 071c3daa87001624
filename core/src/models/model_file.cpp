#include "tl/model_file.h"

#include "io/checked_read.h"
#include "models/keras_weights.h"
#include "models/model_impl.h"
#include "tl/error.h"
#include "tl/preprocess.h"
#include "weights/checkpoint_reader.h"
#include "weights/keras_h5.h"
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
    return nlohmann::json{{"preprocessing", p.mode},
                          {"geometry", p.geometry},
                          {"input_size", p.inputSize},
                          {"resize_size", p.resizeSize},
                          {"interpolation", p.interpolation},
                          {"divisor", p.divisor},
                          {"bgr", p.bgr},
                          {"mean", p.mean},
                          {"std", p.std}}
        .dump();
}

// ---- what a model file's metadata may hold: every number is checked here before it is used ----
// (kMaxModelClasses and kMaxHiddenUnits, shared with the trainer, are in model_file.h and model.h.)
using io::Limit;
// A classifier tells at least two classes apart.
constexpr Limit<std::int64_t> kClassCount{2, kMaxModelClasses, "a model file has {} classes"};
// A class name is a folder name; 4096 bytes is PATH_MAX, so no folder's name is longer.
constexpr std::size_t kMaxClassNameBytes = 4096;
// The head: the range train configs allow (kMaxHiddenUnits, model.h).
constexpr Limit<int> kHidden{1, kMaxHiddenUnits, "a hidden layer has {} units"};
constexpr Limit<double> kDropout{0.0, 1.0, "a dropout rate is {}", false, true};
// Epochs trained: far above any run's (two phases of at most 100,000 epochs), and an int.
constexpr Limit<std::int64_t> kEpochs{0, 10000000, "a model is trained for {} epochs"};
// The recipe: validateRecipe's sizes (a 4096² input is 200 MB of floats per image).
constexpr Limit<int> kInputSize{1, 4096, "a network input is {} pixels square"};
constexpr Limit<int> kResizeSize{1, 8192, "the resize side is {} pixels"};
// Pixel values are 0 to 255 (65,535 in 16-bit): scales and offsets beyond 65,536 are no preprocessing.
constexpr Limit<double> kDivisor{0.0, 65536.0, "a pixel divisor is {}", true};
constexpr Limit<double> kMean{-65536.0, 65536.0, "a channel mean is {}"};
constexpr Limit<double> kStd{0.0, 65536.0, "a channel std is {}", true};
// Names and words: architectures, modes and the like are short; 256 bytes leave room.
constexpr std::size_t kMaxWordBytes = 256;

std::array<float, 3> channelsFrom(const nlohmann::json& v, const std::string& where, const std::string& field, const Limit<double>& limit) {
    if (!v.is_array() || v.size() != 3) throw Error(where, "'" + field + "' is not a list of three numbers (R, G, B)");
    std::array<float, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) out[i] = static_cast<float>(io::jsonNumber(v[i], where, field + "[" + std::to_string(i) + "]", limit));
    return out;
}

Preprocessing preprocessingFrom(const nlohmann::json& j, const std::string& where) {
    const auto at = [&](const char* key) -> const nlohmann::json& { return io::member(j, key, where, "preprocessing"); };
    Preprocessing p;
    p.mode = io::jsonString(at("preprocessing"), where, "preprocessing.preprocessing", kMaxWordBytes);
    p.geometry = io::jsonString(at("geometry"), where, "preprocessing.geometry", kMaxWordBytes);
    p.inputSize = io::jsonInteger(at("input_size"), where, "preprocessing.input_size", kInputSize);
    p.resizeSize = io::jsonInteger(at("resize_size"), where, "preprocessing.resize_size", kResizeSize);
    p.interpolation = io::jsonString(at("interpolation"), where, "preprocessing.interpolation", kMaxWordBytes);
    p.divisor = static_cast<float>(io::jsonNumber(at("divisor"), where, "preprocessing.divisor", kDivisor));
    p.bgr = io::jsonBool(at("bgr"), where, "preprocessing.bgr");
    p.mean = channelsFrom(at("mean"), where, "preprocessing.mean", kMean);
    p.std = channelsFrom(at("std"), where, "preprocessing.std", kStd);
    try {
        validateRecipe(p);
    } catch (const Error& e) {
        throw Error(where, e.what());
    }
    return p;
}

HeadConfig headFrom(const nlohmann::json& j, const std::string& where) {
    HeadConfig head;
    head.kind = io::jsonString(io::member(j, "kind", where, "head"), where, "head.kind", kMaxWordBytes);
    if (head.kind != "linear" && head.kind != "mlp") throw Error(where, "'head.kind' is '" + head.kind + "'; a head is linear or mlp");
    head.hidden = io::jsonInteger(io::member(j, "hidden", where, "head"), where, "head.hidden", kHidden);
    head.dropout = io::jsonNumber(io::member(j, "dropout", where, "head"), where, "head.dropout", kDropout);
    return head;
}

std::vector<std::string> classesFrom(const nlohmann::json& j, const std::string& where) {
    if (!j.is_array()) throw Error(where, "'classes' is not a list of class names");
    io::checked(static_cast<std::int64_t>(j.size()), where, "classes", kClassCount);
    std::vector<std::string> classes;
    classes.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i)
        classes.push_back(io::jsonString(j[i], where, "classes[" + std::to_string(i) + "]", kMaxClassNameBytes));
    return classes;
}

bool knownArchitecture(const std::string& arch) {
    for (const auto& list : {models::architectures(), models::kerasArchitectures()})
        for (const auto& name : list)
            if (name == arch) return true;
    return false;
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
    info.arch = get("arch");
    if (!knownArchitecture(info.arch)) {
        const std::string shown = info.arch.size() > 60 ? info.arch.substr(0, 57) + "..." : info.arch;
        throw Error(path, "'arch' is '" + shown + "', not an architecture this version knows");
    }
    info.baseModel = get("base_model");
    if (info.baseModel.size() > kMaxWordBytes)
        throw Error(path, "'base_model' is " + std::to_string(info.baseModel.size()) + " bytes long; at most " + std::to_string(kMaxWordBytes) +
                              " are allowed");
    info.classes = classesFrom(io::parseJson(get("classes"), path, "classes"), path);
    info.preprocessing = preprocessingFrom(io::parseJson(get("preprocessing"), path, "preprocessing"), path);
    info.head = headFrom(io::parseJson(get("head"), path, "head"), path);
    info.epochs = static_cast<int>(io::parseInteger(get("epochs"), path, "epochs", kEpochs));
    const auto transform = m.find("transform_input");
    info.transformInput = transform != m.end() && transform->second == "true";
    if (const auto name = m.find("name"); name != m.end()) {  // optional: files before 2026-12 have none
        if (name->second.size() > kMaxRunNameBytes)
            throw Error(path, "'name' is " + std::to_string(name->second.size()) + " bytes long; at most " + std::to_string(kMaxRunNameBytes) +
                                  " are allowed");
        info.name = name->second;
    }
    return info;
}

/// Refuses an MLP head whose layers in the file are not the shapes its metadata and the network give, before
/// the head is built: what it allocates is then no more than the file holds.
void checkMlpHeadShapes(const weights::StateDict& tensors, const std::string& prefix, std::int64_t features, const ModelFileInfo& info,
                        const std::string& path) {
    const auto expect = [&](const std::string& key, std::int64_t rows, std::int64_t cols) {
        for (const auto& [name, tensor] : tensors)
            if (name == key) {
                if (tensor.dim() == 2 && tensor.size(0) == rows && tensor.size(1) == cols) return;
                std::ostringstream shape;
                shape << tensor.sizes();
                throw Error(path, "its MLP head's '" + key + "' is " + shape.str() + "; 'head.hidden' " + std::to_string(info.head.hidden) + ", " +
                                      std::to_string(info.classes.size()) + " classes and the network's " + std::to_string(features) +
                                      " features need [" + std::to_string(rows) + ", " + std::to_string(cols) + "]");
            }
        throw Error(path, "damaged model file: its MLP head's '" + key + "' is missing");
    };
    expect(prefix + "0.weight", info.head.hidden, features);
    expect(prefix + "3.weight", static_cast<std::int64_t>(info.classes.size()), info.head.hidden);
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
       << (info.arch == "inception_v3"
               ? std::string(", aux_logits=False, init_weights=False, transform_input=") + (info.transformInput ? "True" : "False")
               : "")
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
           << (p.interpolation == "bicubic"   ? "BICUBIC"
               : p.interpolation == "nearest" ? "NEAREST"
                                              : "BILINEAR")
           << "),\n"
           << "    torchvision.transforms.CenterCrop(" << p.inputSize << "),\n"
           << "    torchvision.transforms.ToTensor(),\n"
           << "    torchvision.transforms.Normalize(" << pythonList(p.mean) << ", " << pythonList(p.std) << "),\n"
           << "])\n";
    else py << "# preprocessing (not a torchvision transform): " << preprocessingJson(p) << "\n";
    return py.str();
}

/// Python that builds keras.applications' model of `info` and loads an exported weights file into it.
std::string kerasCode(const ModelFileInfo& info, const std::string& weightsPath) {
    const std::string& arch = info.arch;
    const int size = info.preprocessing.inputSize;
    const auto classes = info.classes.size();
    const bool mlp = info.head.kind == "mlp";
    const std::string shape = "input_shape=(" + std::to_string(size) + ", " + std::to_string(size) + ", 3)";
    std::string constructor, features;
    bool top = true;
    if (arch.rfind("keras_vgg", 0) == 0) {
        constructor = arch.substr(6, 5) == "vgg16" ? "VGG16" : "VGG19";
        top = arch.find("_notop") == std::string::npos;
        features = top ? "fc2" : "";
    } else if (arch == "keras_resnet50") {
        constructor = "ResNet50", features = "avg_pool";
    } else if (arch == "keras_inception_v3") {
        constructor = "InceptionV3", features = "avg_pool";
    } else {  // keras_mobilenet_v1_<alpha × 100>
        const std::string alpha = arch.substr(arch.size() - 3);
        constructor = "MobileNet", features = "dropout";
        constructor += "(alpha=" + (alpha == "100" ? std::string("1.0") : "0." + alpha.substr(1)) + ", ";
    }
    if (constructor.back() != ' ') constructor += "(";
    constructor += shape + ", ";
    std::ostringstream py;
    py << "import json\n"
       << "import numpy as np\n"
       << "from tensorflow import keras  # Keras 2 (tf.keras); with Keras 3: import keras\n\n";
    if (top && !mlp) {
        py << "model = keras.applications." << constructor << "weights=None, classes=" << classes << ")\n";
    } else {
        py << "base = keras.applications." << constructor << "weights=None" << (top ? "" : ", include_top=False") << ")\n";
        py << "x = keras.layers.Flatten(" << (top ? "" : "name=\"flatten\"") << ")("
           << (top ? "base.get_layer(\"" + features + "\").output" : "base.output") << ")\n";
        if (mlp)
            py << "x = keras.layers.Dense(" << info.head.hidden << ", activation=\"relu\", name=\"head_dense\")(x)\n"
               << "x = keras.layers.Dropout(" << info.head.dropout << ", name=\"head_dropout\")(x)\n";
        py << "x = keras.layers.Dense(" << classes << ", activation=\"softmax\", name=\"predictions\")(x)\n"
           << "model = keras.Model(base.input, x)\n";
    }
    py << "model.load_weights(" << nlohmann::json(weightsPath).dump() << ")\n"
       << "classes = json.loads(" << nlohmann::json(nlohmann::json(info.classes).dump()).dump() << ")\n\n"
       << "image = keras.utils.load_img(\"photo.jpg\", target_size=(" << size << ", " << size << "))\n"
       << "x = np.expand_dims(keras.utils.img_to_array(image), 0)\n";
    const Preprocessing& p = info.preprocessing;
    if (p.mode == "caffe" || p.mode == "tf" || p.mode == "torch")
        py << "x = keras.applications.imagenet_utils.preprocess_input(x, mode=\"" << p.mode << "\")\n";
    else py << "# this model's preprocessing: " << preprocessingJson(p) << "\n";
    py << "print(classes[int(np.argmax(model.predict(x)[0]))])\n";
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
        for (auto& [key, tensor] : weights::stateDictOf(*impl.mlp))
            state.emplace_back(headPrefix + key, tensor.detach().to(torch::kCPU).contiguous());
    std::map<std::string, std::string> metadata{
        {"format", kFormat},
        {"arch", model.arch()},
        {"base_model", info.baseModel},
        {"classes", nlohmann::json(info.classes).dump()},
        {"preprocessing", preprocessingJson(info.preprocessing)},
        {"head", nlohmann::json{{"kind", impl.mlp ? "mlp" : "linear"}, {"hidden", info.head.hidden}, {"dropout", info.head.dropout}}.dump()},
        {"epochs", std::to_string(info.epochs)},
        {"transform_input", model.transformsInput() ? "true" : "false"}};
    if (!info.name.empty()) metadata["name"] = info.name;
    weights::writeSafetensors(path, state, metadata);
}

Model loadModelFile(const std::string& path, ModelFileInfo* infoOut) {
    const weights::Checkpoint checkpoint = weights::readCheckpoint(path);
    const ModelFileInfo info = infoFrom(checkpoint.metadata, path);
    Model model = Model::create(info.arch, static_cast<int>(info.classes.size()), info.transformInput);
    auto& impl = *model.impl();
    weights::LoadOptions options;
    if (info.head.kind == "mlp") {
        const std::string prefix = impl.net->headPrefix();
        checkMlpHeadShapes(checkpoint.tensors, prefix, impl.net->featureDim(), info, path);
        model.setMlpHead(info.head.hidden, info.head.dropout);
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

ModelExport exportTorchStateDict(const std::string& modelFile, const std::string& outPath) {
    const weights::Checkpoint checkpoint = weights::readCheckpoint(modelFile);
    const ModelFileInfo info = infoFrom(checkpoint.metadata, modelFile);
    if (exportFormatOf(info) != "torch")
        throw Error(modelFile, "a model of Keras' " + info.arch + " has no torchvision counterpart: export it as a Keras .h5 file");
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
    ModelExport out;
    out.path = outPath;
    out.format = "torch";
    out.tensors = state.size();
    out.pythonCode = torchvisionCode(info, headPath, featureDim, outPath);
    return out;
}

ModelExport exportKerasWeights(const std::string& modelFile, const std::string& outPath) {
    ModelFileInfo info;
    const Model model = loadModelFile(modelFile, &info);
    if (exportFormatOf(info) != "keras") throw Error(modelFile, "a model of " + info.arch + " is not of a Keras architecture: export it for PyTorch");
    const auto& impl = *model.impl();
    std::string head = impl.net->headPrefix();
    head.pop_back();  // "predictions." -> "predictions"
    weights::KerasFile file = models::kerasLayersOf(*impl.net, impl.net->kerasLayerOrder(), impl.mlp ? head : "");
    if (impl.mlp) {
        // The Keras tutorials' top: Dense(hidden, relu) -> Dropout -> Dense(classes), after the features.
        const auto* hidden = impl.mlp->ptr(0)->as<torch::nn::Linear>();
        const auto* output = impl.mlp->ptr(3)->as<torch::nn::Linear>();
        if (!hidden || !output) throw Error(modelFile, "damaged model file: its MLP head's layers are missing");
        for (const char* name : {"head_dense", "head_dropout", "predictions"}) file.layerNames.push_back(name);
        file.layers.push_back(models::kerasDense("head_dense", hidden->weight, hidden->bias));
        file.layers.push_back(models::kerasDense("predictions", output->weight, output->bias));
    }
    weights::writeKerasFile(outPath, file);
    ModelExport out;
    out.path = outPath;
    out.format = "keras";
    for (const auto& layer : file.layers) out.tensors += layer.weights.size();
    out.pythonCode = kerasCode(info, outPath);
    return out;
}

std::string exportFormatOf(const ModelFileInfo& info) { return info.arch.rfind("keras_", 0) == 0 ? "keras" : "torch"; }

std::string exportExtensionOf(const ModelFileInfo& info) { return exportFormatOf(info) == "keras" ? ".h5" : ".pth"; }

ModelExport exportModel(const std::string& modelFile, const std::string& outPath) {
    return exportFormatOf(readModelFileInfo(modelFile)) == "keras" ? exportKerasWeights(modelFile, outPath)
                                                                   : exportTorchStateDict(modelFile, outPath);
}

}  // namespace tl
