#include "tl/import.h"

#include "models/foreign.h"
#include "models/keras_weights.h"
#include "models/model_impl.h"
#include "weights/state_dict.h"
#include "weights/keras_h5.h"
#include "weights/slim_names.h"
#include "weights/tf_bundle.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/preprocess.h"

#include <filesystem>

namespace tl {

namespace models {

namespace {

/// The classifier's outputs in a Keras file: the last dimension of the head layer's kernel.
int kerasClasses(const weights::KerasFile& file, const std::string& headLayer) {
    const auto isHead = [&headLayer](const std::string& name) {
        const bool dense = name == "predictions" || name == "probs" || name == "fc1000";  // one Dense, several names
        return name == headLayer || (dense && (headLayer == "predictions" || headLayer == "probs" || headLayer == "fc1000"));
    };
    for (const auto& layer : file.layers)
        if (isHead(layer.name) && !layer.weights.empty() && layer.weights.front().second.dim() >= 2)
            return static_cast<int>(layer.weights.front().second.size(layer.weights.front().second.dim() - 1));
    return 0;
}

/// The layer that holds the architecture's classifier (kerasClasses() also takes the other Dense names).
std::string headLayerOf(const std::string& arch) {
    if (arch.rfind("keras_mobilenet", 0) == 0) return "conv_preds";
    return arch == "keras_resnet50" ? "probs" : "predictions";
}

}  // namespace

weights::KerasFile readForeignFile(const std::string& path) {
    if (weights::isHdf5File(path)) {
        weights::KerasFile file = weights::readKerasFile(path);
        normaliseKerasNames(file);
        return file;
    }
    if (weights::isTfBundlePrefix(path)) return weights::slimAsKerasFile(weights::readTfBundle(path), path);
    throw Error(path, "neither a Keras .h5 file nor a TF-slim checkpoint (a prefix with its .index and .data files)");
}

ForeignTensors probeForeignFile(const weights::KerasFile& file) {
    ForeignTensors out;
    out.format = file.kind == "model" ? "Keras HDF5 (model.save)" : file.kind == "TF-slim" ? "TF-slim checkpoint" : "Keras HDF5 (weights)";
    out.fits = recogniseKerasArchitecture(file, &out.hasHead);
    if (!out.fits.empty() && out.hasHead) out.classes = kerasClasses(file, headLayerOf(out.fits));
    return out;
}

ForeignTensors foreignTensors(const weights::KerasFile& file, const Network& net) {
    ForeignTensors out = probeForeignFile(file);
    if (out.fits.empty())
        throw Error(file.path, "a Keras file of an architecture the app does not build (its first layer with weights: " +
                                   (file.layers.empty() ? std::string("none") : file.layers.front().name) + ")");
    if (out.fits != net.arch()) throw Error(file.path, "holds " + out.fits + " weights, not " + net.arch() + " weights");
    // The head's presence is judged by the network's own head layer (a VGG file without its top is
    // keras_vgg16_notop; it still loads into that network with a new head).
    const std::string headLayer = net.headPrefix().substr(0, net.headPrefix().size() - 1);
    out.classes = kerasClasses(file, headLayer);
    out.hasHead = out.classes > 0;
    out.tensors = kerasStateDict(file, net, net.arch());
    return out;
}

ForeignTensors readForeignTensors(const std::string& path, const Network& net) { return foreignTensors(readForeignFile(path), net); }

}  // namespace models

namespace {

std::string base(const std::string& arch) { return arch.substr(0, arch.rfind("_notop")); }

struct Loaded {
    ForeignWeights info;
    Model model;
};

/// The name the catalog gives such a file: a checkpoint's prefix ("inception_v3.ckpt"), else the file's name.
std::string fileName(const std::string& path) {
    if (!weights::isHdf5File(path) && weights::isTfBundlePrefix(path))
        return std::filesystem::path(weights::tfBundlePrefix(path)).filename().string();
    return std::filesystem::path(path).filename().string();
}

/// The catalog model a file belongs to: the entry of its architecture that names this file; else, among the
/// entries of its architecture, one of the same kind (TF-slim checkpoints are the .ckpt entries, Keras files the
/// others), the same classifier size and the same include_top, as far as one exists.
std::string catalogIdFor(const std::string& path, const std::string& arch, bool hasTop, int classes) {
    const std::string name = fileName(path);
    const bool checkpoint = !weights::isHdf5File(path);
    const auto isCheckpointEntry = [](const ModelSpec& spec) {
        const std::string& f = spec.weights.fileName;
        return f.size() > 5 && f.compare(f.size() - 5, 5, ".ckpt") == 0;
    };
    const ModelSpec* best = nullptr;
    int bestScore = -1;
    for (const auto& spec : Catalog::builtin().models()) {
        if (base(spec.arch) != base(arch)) continue;
        if (spec.arch == arch && spec.weights.fileName == name) return spec.id;
        const int score = (spec.arch == arch ? 8 : 0) + (isCheckpointEntry(spec) == checkpoint ? 4 : 0) + (spec.includeTop == hasTop ? 2 : 0) +
                          (!hasTop || spec.numClasses == classes ? 1 : 0);
        if (score > bestScore) best = &spec, bestScore = score;
    }
    return best ? best->id : std::string();
}

Loaded load(const std::string& path, const std::string& arch, int classes) {
    const weights::KerasFile file = models::readForeignFile(path);  // read once: probed, then loaded
    const models::ForeignTensors probe = models::probeForeignFile(file);
    ForeignWeights info;
    info.path = path;
    info.format = probe.format;
    info.arch = arch.empty() ? probe.fits : arch;
    if (info.arch.empty())
        throw Error(path,
                    "its layer names fit no architecture the app builds (Keras Applications' VGG16, VGG19, ResNet50, "
                    "InceptionV3 and MobileNet v1; TF-slim's vgg_16 and inception_v3); name one with --arch");
    // Build with the file's head size so that its classifier loads as it is.
    Model model = Model::create(info.arch, probe.classes > 0 && base(probe.fits) == base(info.arch) ? probe.classes : 1000);
    auto& impl = *model.impl();
    const models::ForeignTensors tensors = models::foreignTensors(file, *impl.net);
    weights::LoadOptions options;
    if (!tensors.hasHead) options.skipPrefixes = {impl.net->headPrefix()};
    const weights::LoadReport report = weights::loadStateDict(*impl.net, tensors.tensors, path, options);
    info.hasTop = tensors.hasHead;
    info.classes = tensors.hasHead ? tensors.classes : 0;
    info.tensors = report.loaded;
    info.catalogId = catalogIdFor(path, info.arch, info.hasTop, info.classes);
    info.message = info.format + ", " + std::to_string(report.loaded) + " tensors loaded into " + info.arch +
                   (info.hasTop ? ", with its classifier of " + std::to_string(info.classes) + " classes"
                                : ", without a classifier (include_top=False): the head is new");
    impl.load.source = path;
    impl.load.loaded = report.loaded;
    impl.load.message = info.message;
    if (classes > 0 && classes != model.classes()) model.replaceHead(classes);
    impl.net->eval();
    return {info, model};
}

}  // namespace

bool isForeignWeights(const std::string& path) { return weights::isHdf5File(path) || weights::isTfBundlePrefix(path); }

ForeignWeights inspectForeignWeights(const std::string& path, const std::string& arch) { return load(path, arch, 0).info; }

Model loadForeignWeights(const std::string& path, const std::string& arch, int classes, ForeignWeights* info) {
    Loaded loaded = load(path, arch, classes);
    if (info) *info = loaded.info;
    return loaded.model;
}

ModelFileInfo importAsModelFile(const std::string& path, const std::string& outPath, const std::string& arch) {
    Loaded loaded = load(path, arch, 0);
    const ForeignWeights& f = loaded.info;
    if (!f.hasTop)
        throw Error(path, "has no classifier (include_top=False), so it cannot classify on its own: use it as the weights of " +
                              (f.catalogId.empty() ? std::string("a catalog model") : "catalog model " + f.catalogId) +
                              " to train from ('import FILE --model ID', or train --weights FILE)");
    ModelFileInfo info;
    info.arch = f.arch;
    info.baseModel = f.catalogId;
    const ModelSpec* spec = f.catalogId.empty() ? nullptr : Catalog::builtin().find(f.catalogId);
    if (spec) info.preprocessing = spec->preprocessing;
    ModelSpec labels;
    labels.numClasses = f.classes;
    info.classes = labelsFor(labels);
    info.transformInput = loaded.model.transformsInput();
    saveModelFile(loaded.model, outPath, info);
    info.path = outPath;
    return info;
}

namespace detail {
weights::StateDict readWeightsFor(const models::Network& net, const std::string& path, bool* hasHead);  // model.cpp
}  // namespace detail

int stateDictClasses(const ModelSpec& spec, const std::string& path) {
    const Model probe = Model::create(spec.arch, spec.numClasses, spec.transformInput);
    bool hasHead = true;
    const weights::StateDict tensors = detail::readWeightsFor(*probe.impl()->net, path, &hasHead);
    if (!hasHead) return 0;
    const std::string key = probe.impl()->net->headPrefix() + "weight";
    for (const auto& [name, tensor] : tensors)
        if (name == key) return tensor.dim() < 1 ? 0 : static_cast<int>(tensor.size(0));
    return 0;
}

ModelFileInfo importStateDictAsModelFile(const ModelSpec& spec, const std::string& path, const std::vector<std::string>& classes,
                                         const std::string& outPath) {
    const int outputs = stateDictClasses(spec, path);
    if (outputs <= 0)
        throw Error(path, "has no classifier for " + spec.name + " (no " + Model::create(spec.arch, 1).headPath() +
                              " weight), so it cannot classify on its own: import it as the model's weights and train from it");
    if (outputs > kMaxModelClasses)
        throw Error(path, "its classifier has " + std::to_string(outputs) + " outputs; a model file has at most " + std::to_string(kMaxModelClasses));
    if (static_cast<int>(classes.size()) != outputs)
        throw Error(path, std::to_string(classes.size()) + " class names were given, but its classifier has " + std::to_string(outputs) +
                              " outputs: give exactly " + std::to_string(outputs) + " names");
    Model model = Model::create(spec.arch, outputs, spec.transformInput);
    auto& impl = *model.impl();
    bool hasHead = true;
    const weights::StateDict tensors = detail::readWeightsFor(*impl.net, path, &hasHead);
    try {
        const weights::LoadReport report = weights::loadStateDict(*impl.net, tensors, path, {});
        impl.load.source = path;
        impl.load.loaded = report.loaded;
        impl.load.message = report.describe();
    } catch (const Error& e) {
        throw Error(path, "is not a set of " + spec.name + " weights with a " + std::to_string(outputs) +
                              "-class classifier: " + std::string(e.what()).substr(path.size() + 2));
    }
    impl.net->eval();
    ModelFileInfo info;
    info.arch = spec.arch;
    info.baseModel = spec.id;
    info.classes = classes;
    info.preprocessing = spec.preprocessing;
    info.transformInput = spec.transformInput;
    saveModelFile(model, outPath, info);
    info.path = outPath;
    return info;
}

}  // namespace tl
