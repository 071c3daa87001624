#include "models/keras_weights.h"

#include "tl/error.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace tl::models {

using weights::KerasFile;
using weights::KerasLayer;
using weights::StateDict;

namespace {

enum class Role { Kernel, Bias, Gamma, Beta, Mean, Variance, Unknown };

/// The role of a weight by its stored name: "conv1/kernel:0", "bn/moving_variance:0", and Keras 1's
/// "block1_conv1_W_1:0" / "bn_running_std:0" (which holds the variance); TF-slim's "conv1/conv1_1/weights".
Role roleOf(const std::string& layer, std::string name) {
    name = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
    if (const auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
    static const std::map<std::string, Role> roles = {{"kernel", Role::Kernel},
                                                      {"depthwise_kernel", Role::Kernel},
                                                      {"W", Role::Kernel},
                                                      {"weights", Role::Kernel},
                                                      {"bias", Role::Bias},
                                                      {"b", Role::Bias},
                                                      {"biases", Role::Bias},
                                                      {"gamma", Role::Gamma},
                                                      {"beta", Role::Beta},
                                                      {"moving_mean", Role::Mean},
                                                      {"running_mean", Role::Mean},
                                                      {"moving_variance", Role::Variance},
                                                      {"running_std", Role::Variance}};
    if (auto it = roles.find(name); it != roles.end()) return it->second;
    if (name.rfind(layer + "_", 0) == 0) {  // Keras 1: layer name, role, then an index
        std::string rest = name.substr(layer.size() + 1);
        const auto underscore = rest.find_last_of('_');
        if (underscore != std::string::npos && rest.find_first_not_of("0123456789", underscore + 1) == std::string::npos) rest.resize(underscore);
        if (auto it = roles.find(rest); it != roles.end()) return it->second;
    }
    return Role::Unknown;
}

std::string kerasShapeText(c10::IntArrayRef shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + ")";
}

}  // namespace

std::string recogniseKerasArchitecture(const KerasFile& file, bool* hasTop) {
    std::map<std::string, const KerasLayer*> byName;
    for (const auto& layer : file.layers) byName[layer.name] = &layer;
    const auto has = [&](const char* name) { return byName.count(name) > 0; };
    std::string arch;
    bool top = false;
    if (has("block5_conv4")) {
        top = has("predictions");
        arch = top ? "keras_vgg19" : "keras_vgg19_notop";
    } else if (has("block5_conv3")) {
        top = has("predictions");
        arch = top ? "keras_vgg16" : "keras_vgg16_notop";
    } else if (has("conv_dw_13") && has("conv1") && !byName["conv1"]->weights.empty()) {
        const torch::Tensor& kernel = byName["conv1"]->weights.front().second;
        const int64_t filters = kernel.dim() == 4 ? kernel.size(3) : 0;
        const std::map<int64_t, std::string> alphas = {{8, "025"}, {16, "050"}, {24, "075"}, {32, "100"}};
        if (alphas.count(filters)) arch = "keras_mobilenet_v1_" + alphas.at(filters);
        top = has("conv_preds");
    } else if (has("conv5_block3_3_conv")) {
        arch = "keras_resnet50";
        top = has("probs") || has("predictions");
    } else if (has("conv2d_94") && has("batch_normalization_94")) {
        arch = "keras_inception_v3";
        top = has("predictions");
    }
    if (hasTop) *hasTop = top;
    return arch;
}

void normaliseKerasNames(KerasFile& file) {
    // Keras numbers unnamed layers per session: an InceptionV3 built after other models has conv2d_95 …
    // conv2d_188. Its 94 convolutions and BatchNorms are renumbered from 1, in their order.
    for (const char* prefix : {"conv2d_", "batch_normalization_"}) {
        std::vector<std::pair<long, KerasLayer*>> numbered;
        for (auto& layer : file.layers) {
            const std::string& n = layer.name;
            if (n.rfind(prefix, 0) == 0 && n.size() > std::strlen(prefix) &&
                n.find_first_not_of("0123456789", std::strlen(prefix)) == std::string::npos && n.size() < std::strlen(prefix) + 9)
                numbered.emplace_back(std::stol(n.substr(std::strlen(prefix))), &layer);
        }
        if (numbered.size() != 94) continue;
        std::sort(numbered.begin(), numbered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        if (numbered.front().first == 1) continue;
        for (std::size_t i = 0; i < numbered.size(); ++i) numbered[i].second->name = prefix + std::to_string(i + 1);
    }
}

StateDict kerasStateDict(const KerasFile& file, const torch::nn::Module& net, const std::string& arch) {
    // Keras layer name -> (the network's child name, the child).
    std::map<std::string, std::pair<std::string, std::shared_ptr<torch::nn::Module>>> modules;
    for (const auto& item : net.named_children()) modules[item.key()] = {item.key(), item.value()};
    // The classifier's Dense has had several names across Keras versions for the same network.
    for (const char* head : {"predictions", "probs", "fc1000"})
        if (modules.count(head))
            for (const char* alias : {"predictions", "probs", "fc1000"}) modules.emplace(alias, modules.at(head));
    StateDict out;
    for (const KerasLayer& layer : file.layers) {
        const auto it = modules.find(layer.name);
        if (it == modules.end())
            throw Error(file.path, "layer '" + layer.name + "' is not a layer of " + net.name() +
                                       " (a file of another architecture, or of a model with another top?)");
        torch::nn::Module& module = *it->second.second;
        const std::string& moduleName = it->second.first;
        const std::string where = "layer '" + layer.name + "'";
        std::vector<Role> roles;
        bool named = true;
        for (const auto& [name, tensor] : layer.weights) {
            roles.push_back(roleOf(layer.name, name));
            named = named && roles.back() != Role::Unknown;
        }
        const std::size_t n = layer.weights.size();
        const auto put = [&](const std::string& key, torch::Tensor value, const torch::Tensor& like, const torch::Tensor& stored) {
            if (!like.defined()) throw Error(file.path, where + " has a " + key + " in the file, but not in the model");
            if (value.sizes() != like.sizes())
                throw Error(file.path, where + ": " + key + " of shape " + kerasShapeText(stored.sizes()) + " in the file does not fit " +
                                           kerasShapeText(like.sizes()) + " of the model (" + kerasShapeText(value.sizes()) + " converted)");
            out.emplace_back(moduleName + "." + key, value.contiguous());
        };
        if (auto* conv = module.as<torch::nn::Conv2d>()) {
            if (!named) {
                roles.assign(n, Role::Unknown);
                if (n >= 1) roles[0] = Role::Kernel;
                if (n == 2) roles[1] = Role::Bias;
            }
            if (n < 1 || n > 2)
                throw Error(file.path, where + ": a convolution holds a kernel and maybe a bias, the file has " + std::to_string(n) + " weights");
            for (std::size_t i = 0; i < n; ++i) {
                const torch::Tensor& w = layer.weights[i].second;
                if (roles[i] == Role::Kernel) {
                    if (w.dim() != 4) throw Error(file.path, where + ": the kernel has shape " + kerasShapeText(w.sizes()) + ", not (h, w, in, out)");
                    const bool depthwise = conv->options.groups() > 1;
                    const torch::Tensor v =
                        depthwise ? w.reshape({w.size(0), w.size(1), -1}).permute({2, 0, 1}).unsqueeze(1) : w.permute({3, 2, 0, 1});
                    put("weight", v, conv->weight, w);
                } else if (roles[i] == Role::Bias) {
                    put("bias", w, conv->bias, w);
                } else {
                    throw Error(file.path, where + ": weight '" + layer.weights[i].first + "' is not one a convolution has");
                }
            }
        } else if (auto* bn = module.as<torch::nn::BatchNorm2d>()) {
            if (!named) {
                if (n == 4) roles = {Role::Gamma, Role::Beta, Role::Mean, Role::Variance};
                else if (n == 3) roles = {Role::Beta, Role::Mean, Role::Variance};
                else throw Error(file.path, where + ": BatchNormalization with " + std::to_string(n) + " weights of unknown names");
            }
            bool gamma = false;
            for (std::size_t i = 0; i < n; ++i) {
                const torch::Tensor& w = layer.weights[i].second;
                switch (roles[i]) {
                    case Role::Gamma:
                        put("weight", w, bn->weight, w);
                        gamma = true;
                        break;
                    case Role::Beta: put("bias", w, bn->bias, w); break;
                    case Role::Mean: put("running_mean", w, bn->running_mean, w); break;
                    case Role::Variance: put("running_var", w, bn->running_var, w); break;
                    default: throw Error(file.path, where + ": weight '" + layer.weights[i].first + "' is not one BatchNormalization has");
                }
            }
            if (!gamma) put("weight", torch::ones_like(bn->weight), bn->weight, bn->weight);  // scale=False: γ is 1
            if (bn->num_batches_tracked.defined()) out.emplace_back(moduleName + ".num_batches_tracked", torch::zeros_like(bn->num_batches_tracked));
        } else if (auto* fc = module.as<torch::nn::Linear>()) {
            if (!named) {
                roles.assign(n, Role::Unknown);
                if (n >= 1) roles[0] = Role::Kernel;
                if (n == 2) roles[1] = Role::Bias;
            }
            if (n != 2) throw Error(file.path, where + ": a Dense layer holds a kernel and a bias, the file has " + std::to_string(n) + " weights");
            for (std::size_t i = 0; i < n; ++i) {
                const torch::Tensor& w = layer.weights[i].second;
                if (roles[i] == Role::Kernel) {
                    // (in, out), or a convolution kernel (h, w, in, out) over the whole input (MobileNet's conv_preds,
                    // TF-slim's fc6): flattened in channels-last order, as the network flattens.
                    if (w.dim() != 2 && w.dim() != 4) throw Error(file.path, where + ": the kernel has shape " + kerasShapeText(w.sizes()));
                    put("weight", w.reshape({-1, w.size(w.dim() - 1)}).t(), fc->weight, w);
                } else if (roles[i] == Role::Bias) {
                    put("bias", w, fc->bias, w);
                } else {
                    throw Error(file.path, where + ": weight '" + layer.weights[i].first + "' is not one a Dense layer has");
                }
            }
        } else {
            throw Error(file.path, where + " has weights in the file, but is a layer without weights in the model");
        }
    }
    return out;
}

KerasLayer kerasDense(const std::string& name, const torch::Tensor& weight, const torch::Tensor& bias) {
    KerasLayer layer{name, {}};
    layer.weights.emplace_back(name + "/kernel:0", weight.detach().to(torch::kCPU, torch::kFloat32).t().contiguous());
    layer.weights.emplace_back(name + "/bias:0", bias.detach().to(torch::kCPU, torch::kFloat32).contiguous());
    return layer;
}

KerasFile kerasLayersOf(const torch::nn::Module& net, const std::vector<std::string>& order, const std::string& skip) {
    KerasFile file;
    file.kind = "weights";
    file.backend = "tensorflow";
    const auto children = net.named_children();
    std::vector<std::string> names;
    if (order.empty()) {
        for (const auto& item : children) names.push_back(item.key());
    } else {
        for (const auto& name : order)
            if (children.contains(name)) names.push_back(name);
        if (names.size() != children.size()) throw Error(net.name(), "the Keras layer order does not name every layer");
    }
    const auto cpu = [](const torch::Tensor& t) { return t.detach().to(torch::kCPU, torch::kFloat32).contiguous(); };
    for (const std::string& name : names) {
        if (name == skip) continue;
        file.layerNames.push_back(name);
        const torch::nn::Module& module = *children[name];
        KerasLayer layer{name, {}};
        const auto add = [&](const char* weight, const torch::Tensor& t) { layer.weights.emplace_back(name + "/" + weight + ":0", cpu(t)); };
        if (const auto* conv = module.as<torch::nn::Conv2d>()) {
            if (conv->options.groups() > 1) {
                add("depthwise_kernel", conv->weight.squeeze(1).permute({1, 2, 0}).unsqueeze(3));  // (C, 1, H, W) -> (H, W, C, 1)
            } else {
                add("kernel", conv->weight.permute({2, 3, 1, 0}));  // OIHW -> HWIO
            }
            if (conv->bias.defined()) add("bias", conv->bias);
        } else if (const auto* bn = module.as<torch::nn::BatchNorm2d>()) {
            if (module.named_parameters(false).find("weight") != nullptr) add("gamma", bn->weight);
            add("beta", bn->bias);
            add("moving_mean", bn->running_mean);
            add("moving_variance", bn->running_var);
        } else if (const auto* fc = module.as<torch::nn::Linear>()) {
            layer = kerasDense(name, fc->weight, fc->bias);
            if (name == "conv_preds") layer.weights[0].second = layer.weights[0].second.reshape({1, 1, fc->weight.size(1), fc->weight.size(0)});
        } else if (!module.parameters().empty()) {
            throw Error(net.name(), "layer '" + name + "' has weights of a kind a Keras file cannot hold");
        }
        if (!layer.weights.empty()) file.layers.push_back(std::move(layer));
    }
    return file;
}

}  // namespace tl::models
