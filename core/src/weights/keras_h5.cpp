#include "weights/keras_h5.h"

#include "io/atomic_file.h"

#include "tl/error.h"
#include "weights/h5_handle.h"
#include "weights/safetensors.h"

#include <hdf5.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

namespace tl::weights {

namespace {

using h5::Handle;

// Debian's libhdf5 is built without thread safety: one reader at a time.
std::mutex& hdf5Mutex() {
    static std::mutex m;
    return m;
}


enum class Role { Kernel, Bias, Gamma, Beta, Mean, Variance, Unknown };

/// The role of a weight by its stored name: "conv1/kernel:0", "bn/moving_variance:0", and Keras 1's
/// "block1_conv1_W_1:0" / "bn_running_std:0" (which holds the variance); TF-slim's "conv1/conv1_1/weights".
Role roleOf(const std::string& layer, std::string name) {
    name = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
    if (const auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
    static const std::map<std::string, Role> roles = {
        {"kernel", Role::Kernel}, {"depthwise_kernel", Role::Kernel}, {"W", Role::Kernel}, {"weights", Role::Kernel},
        {"bias", Role::Bias}, {"b", Role::Bias}, {"biases", Role::Bias}, {"gamma", Role::Gamma}, {"beta", Role::Beta}, {"moving_mean", Role::Mean},
        {"running_mean", Role::Mean}, {"moving_variance", Role::Variance}, {"running_std", Role::Variance}};
    if (auto it = roles.find(name); it != roles.end()) return it->second;
    if (name.rfind(layer + "_", 0) == 0) {  // Keras 1: layer name, role, then an index
        std::string rest = name.substr(layer.size() + 1);
        const auto underscore = rest.find_last_of('_');
        if (underscore != std::string::npos && rest.find_first_not_of("0123456789", underscore + 1) == std::string::npos)
            rest.resize(underscore);
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

bool isHdf5File(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    return in.read(head, 8) && std::string_view(head, 8) == std::string_view("\x89HDF\r\n\x1a\n", 8);
}

KerasFile readKerasFile(const std::string& path) {
    // libhdf5 reads the file in a child process (app/h5read); what comes back is safetensors in memory and,
    // for weights stored as they are, where they lie in the file.
    const KerasChildOutput child = readKerasInChild(path);
    Checkpoint checkpoint = readSafetensors(child.output);
    const auto meta = [&](const char* key) {
        const auto it = checkpoint.metadata.find(key);
        if (it == checkpoint.metadata.end()) throw Error(path, std::string("the HDF5 reader's output has no '") + key + "'");
        return it->second;
    };
    if (meta("format") != "keras-h5") throw Error(path, "the HDF5 reader's output is of another format");
    KerasFile out;
    out.path = path;
    out.kind = meta("kind");
    out.kerasVersion = meta("keras_version");
    out.backend = meta("backend");
    std::map<std::string, torch::Tensor> tensors(checkpoint.tensors.begin(), checkpoint.tensors.end());
    try {
        const auto names = nlohmann::json::parse(meta("layer_names"));
        for (const auto& n : names) out.layerNames.push_back(n.get<std::string>());
        const auto layers = nlohmann::json::parse(meta("layers"));
        for (std::size_t l = 0; l < layers.size(); ++l) {
            KerasLayer layer;
            layer.name = layers.at(l).at(0).get<std::string>();
            const auto& weights = layers.at(l).at(1);
            for (std::size_t w = 0; w < weights.size(); ++w) {
                const std::string where = "weight " + std::to_string(w) + " of layer '" + layer.name + "'";
                const auto& entry = weights.at(w);
                std::vector<int64_t> shape;
                std::uint64_t numel = 1;
                for (const auto& d : entry.at(1)) {
                    const auto v = d.get<std::uint64_t>();
                    if (v == 0 || v > child.input->size() || __builtin_mul_overflow(numel, v, &numel) || numel > child.input->size())
                        throw Error(path, "the HDF5 reader's output gives " + where + " an impossible shape");
                    shape.push_back(static_cast<int64_t>(v));
                }
                torch::Tensor t;
                if (const auto offset = entry.at(2).get<std::int64_t>(); offset >= 0) {
                    t = tensorOverFile(child.input, static_cast<std::uint64_t>(offset), torch::kFloat32, static_cast<int64_t>(numel), where);
                } else {
                    const auto it = tensors.find(std::to_string(l) + "/" + std::to_string(w));
                    if (it == tensors.end() || it->second.scalar_type() != torch::kFloat32 || it->second.numel() != static_cast<int64_t>(numel))
                        throw Error(path, "the HDF5 reader's output lacks " + where);
                    t = it->second;
                }
                layer.weights.emplace_back(entry.at(0).get<std::string>(), t.view(shape));
            }
            out.layers.push_back(std::move(layer));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("the HDF5 reader's output is malformed: ") + e.what());
    }
    if (out.layers.empty()) throw Error(path, "a Keras file without any weights");
    return out;
}

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
            if (n < 1 || n > 2) throw Error(file.path, where + ": a convolution holds a kernel and maybe a bias, the file has " + std::to_string(n) + " weights");
            for (std::size_t i = 0; i < n; ++i) {
                const torch::Tensor& w = layer.weights[i].second;
                if (roles[i] == Role::Kernel) {
                    if (w.dim() != 4) throw Error(file.path, where + ": the kernel has shape " + kerasShapeText(w.sizes()) + ", not (h, w, in, out)");
                    const bool depthwise = conv->options.groups() > 1;
                    const torch::Tensor v = depthwise ? w.reshape({w.size(0), w.size(1), -1}).permute({2, 0, 1}).unsqueeze(1)
                                                      : w.permute({3, 2, 0, 1});
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
                case Role::Gamma: put("weight", w, bn->weight, w); gamma = true; break;
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

namespace {

/// A 1-D attribute of fixed-length, null-padded strings (numpy's 'S' arrays, as h5py writes Keras' names).
void writeStrings(hid_t object, const char* name, const std::vector<std::string>& values) {
    if (values.empty()) {  // Keras writes an empty list as an empty float64 array
        const hsize_t zero = 0;
        Handle space(H5Screate_simple(1, &zero, nullptr), H5Sclose);
        Handle attr(H5Acreate2(object, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!attr.ok()) throw Error(name, "cannot be written");
        return;
    }
    std::size_t size = 1;
    for (const auto& v : values) size = std::max(size, v.size());
    std::vector<char> bytes(size * values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i) std::memcpy(bytes.data() + i * size, values[i].data(), values[i].size());
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), size);
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    const hsize_t n = values.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Handle attr(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok() || H5Awrite(attr.get(), type.get(), bytes.data()) < 0) throw Error(name, "cannot be written");
}

/// A scalar variable-length string attribute, as h5py writes a Python str.
void writeString(hid_t object, const char* name, const std::string& value) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const char* p = value.c_str();
    if (!attr.ok() || H5Awrite(attr.get(), type.get(), &p) < 0) throw Error(name, "cannot be written");
}

void writeLayers(hid_t root, const KerasFile& file) {
    writeStrings(root, "layer_names", file.layerNames);
    writeString(root, "backend", file.backend.empty() ? "tensorflow" : file.backend);
    writeString(root, "keras_version", file.kerasVersion.empty() ? "2.15.0" : file.kerasVersion);
    std::map<std::string, const KerasLayer*> withWeights;
    for (const auto& layer : file.layers) withWeights[layer.name] = &layer;
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    for (const auto& name : file.layerNames) {
        Handle group(H5Gcreate2(root, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
        if (!group.ok()) throw Error("layer '" + name + "'", "its group cannot be created");
        const auto it = withWeights.find(name);
        std::vector<std::string> names;
        if (it != withWeights.end())
            for (const auto& [weight, tensor] : it->second->weights) {
                names.push_back(weight);
                std::vector<hsize_t> dims(tensor.sizes().begin(), tensor.sizes().end());
                Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
                Handle set(H5Dcreate2(group.get(), weight.c_str(), H5T_IEEE_F32LE, space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
                const torch::Tensor data = tensor.to(torch::kFloat32).contiguous();
                if (!set.ok() || H5Dwrite(set.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data_ptr<float>()) < 0)
                    throw Error("layer '" + name + "'", "weight '" + weight + "' cannot be written");
            }
        writeStrings(group.get(), "weight_names", names);
    }
}

}  // namespace

void writeKerasFile(const std::string& path, const KerasFile& file) {
    for (const auto& layer : file.layers)
        if (std::find(file.layerNames.begin(), file.layerNames.end(), layer.name) == file.layerNames.end())
            throw Error(path, "layer '" + layer.name + "' has weights but is not in the list of layers");
    io::AtomicFile out(path, io::AtomicFile::Mode::ByPath);  // HDF5 opens the file by its name
    {
        std::lock_guard lock(hdf5Mutex());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        const hid_t h5 = H5Fcreate(out.tempPath().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (h5 < 0) throw Error(path, "cannot be created (is its folder writable?)");
        std::string problem;
        try {
            writeLayers(h5, file);  // every object it opens is closed again, also when it throws
            if (H5Fflush(h5, H5F_SCOPE_GLOBAL) < 0) problem = "cannot be written (is the disk full?)";
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (H5Fclose(h5) < 0 && problem.empty()) problem = "cannot be written (is the disk full?)";
        if (!problem.empty()) throw Error(path, problem);
    }
    out.commit();
}

}  // namespace tl::weights
