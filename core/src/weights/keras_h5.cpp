#include "weights/keras_h5.h"

#include "tl/error.h"

#include <hdf5.h>

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

// Debian's libhdf5 is built without thread safety: one reader at a time.
std::mutex& hdf5Mutex() {
    static std::mutex m;
    return m;
}

constexpr std::size_t kMaxNames = 100000;    // layers or weights of one attribute
constexpr std::size_t kMaxNameBytes = 4096;  // one layer or weight name

/// An HDF5 identifier closed with its own close function.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    hid_t get() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

class Reader {
public:
    Reader(std::string path, std::uint64_t fileSize) : path_(std::move(path)), fileSize_(fileSize) {}

    /// A string attribute (scalar or 1-D, fixed or variable length) of `object`; empty when absent.
    std::vector<std::string> stringsAttribute(hid_t object, const std::string& name, const std::string& where) const {
        if (H5Aexists(object, name.c_str()) <= 0) return {};
        Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
        if (!attr.ok()) throw Error(path_, where + ": attribute '" + name + "' cannot be read");
        Handle type(H5Aget_type(attr.get()), H5Tclose);
        Handle space(H5Aget_space(attr.get()), H5Sclose);
        if (H5Sget_simple_extent_ndims(space.get()) > 1) throw Error(path_, where + ": attribute '" + name + "' has more than one dimension");
        const hssize_t n = H5Sget_simple_extent_npoints(space.get());
        if (n < 0 || static_cast<std::size_t>(n) > kMaxNames) throw Error(path_, where + ": attribute '" + name + "' has an impossible size");
        std::vector<std::string> out;
        if (n == 0) return out;  // Keras writes an empty list of a weightless layer as an empty float array
        if (H5Tget_class(type.get()) != H5T_STRING)
            throw Error(path_, where + ": attribute '" + name + "' is not a list of names");
        const auto count = static_cast<std::size_t>(n);
        if (H5Tis_variable_str(type.get()) > 0) {
            Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(mem.get(), H5T_VARIABLE);
            std::vector<char*> ptrs(count, nullptr);
            if (H5Aread(attr.get(), mem.get(), ptrs.data()) < 0) throw Error(path_, where + ": attribute '" + name + "' cannot be read");
            for (char* p : ptrs) {
                out.emplace_back(p ? std::string(p, strnlen(p, kMaxNameBytes)) : std::string());
                if (p) H5free_memory(p);
            }
            return out;
        }
        const std::size_t size = H5Tget_size(type.get());
        if (size == 0 || size > kMaxNameBytes || size * count > fileSize_)
            throw Error(path_, where + ": attribute '" + name + "' has an impossible size");
        Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mem.get(), size);
        H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
        std::vector<char> bytes(size * count);
        if (H5Aread(attr.get(), mem.get(), bytes.data()) < 0) throw Error(path_, where + ": attribute '" + name + "' cannot be read");
        for (std::size_t i = 0; i < count; ++i) {
            const char* p = bytes.data() + i * size;
            out.emplace_back(p, strnlen(p, size));
        }
        return out;
    }

    /// `name`, or its chunks name0, name1, ... as Keras splits attributes past HDF5's 64 KB header limit.
    std::vector<std::string> namesAttribute(hid_t object, const std::string& name, const std::string& where, bool* present) const {
        *present = H5Aexists(object, name.c_str()) > 0;
        if (*present) return stringsAttribute(object, name, where);
        std::vector<std::string> out;
        for (int chunk = 0;; ++chunk) {
            const std::string part = name + std::to_string(chunk);
            if (H5Aexists(object, part.c_str()) <= 0) break;
            *present = true;
            for (auto& s : stringsAttribute(object, part, where)) out.push_back(std::move(s));
            if (out.size() > kMaxNames) throw Error(path_, where + ": too many names in '" + name + "'");
        }
        return out;
    }

    torch::Tensor dataset(hid_t group, const std::string& layer, const std::string& name) const {
        const std::string where = "layer '" + layer + "', weight '" + name + "'";
        if (name.empty() || name.size() > kMaxNameBytes || name.front() == '/') throw Error(path_, where + ": not a weight name");
        H5O_info_t info;
        if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0 && !existsAlongPath(group, name))
            throw Error(path_, where + ": the dataset is missing");
        if (H5Oget_info_by_name(group, name.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET)
            throw Error(path_, where + ": not a dataset");
        Handle set(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
        if (!set.ok()) throw Error(path_, where + ": the dataset cannot be opened");
        Handle type(H5Dget_type(set.get()), H5Tclose);
        Handle space(H5Dget_space(set.get()), H5Sclose);
        if (H5Tget_class(type.get()) != H5T_FLOAT) throw Error(path_, where + ": not floating-point numbers");
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank < 1 || rank > 4) throw Error(path_, where + ": rank " + std::to_string(rank) + " (a weight has 1 to 4 dimensions)");
        hsize_t dims[4] = {0, 0, 0, 0};
        H5Sget_simple_extent_dims(space.get(), dims, nullptr);
        std::vector<int64_t> shape;
        std::uint64_t numel = 1;
        const std::uint64_t element = H5Tget_size(type.get());
        for (int i = 0; i < rank; ++i) {
            if (dims[i] == 0 || dims[i] > fileSize_) throw Error(path_, where + ": impossible shape");
            numel *= dims[i];
            if (numel * element > fileSize_ || numel * sizeof(float) > 2 * fileSize_)
                throw Error(path_, where + ": declares more values than the file holds");
            shape.push_back(static_cast<int64_t>(dims[i]));
        }
        torch::Tensor t = torch::empty(shape, torch::kFloat32);
        if (H5Dread(set.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data_ptr<float>()) < 0)
            throw Error(path_, where + ": its data cannot be read (is the file truncated?)");
        return t;
    }

private:
    // H5Lexists fails on a multi-component path whose middle is missing; walk it.
    static bool existsAlongPath(hid_t group, const std::string& name) {
        std::size_t at = 0;
        while (true) {
            const std::size_t slash = name.find('/', at);
            const std::string prefix = name.substr(0, slash);
            if (H5Lexists(group, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
            if (slash == std::string::npos) return true;
            at = slash + 1;
        }
    }

    std::string path_;
    std::uint64_t fileSize_;
};

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

std::string shapeText(c10::IntArrayRef shape) {
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
    std::ifstream probe(path, std::ios::binary | std::ios::ate);
    if (!probe) throw Error(path, "cannot be opened");
    const auto fileSize = static_cast<std::uint64_t>(probe.tellg());
    probe.close();
    if (!isHdf5File(path)) throw Error(path, "not an HDF5 file (a Keras .h5 file starts with HDF5's signature)");

    std::lock_guard lock(hdf5Mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become tl::Error, not text on stderr
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.ok()) throw Error(path, "an HDF5 file libhdf5 cannot open (truncated or damaged?)");
    const Reader reader(path, fileSize);

    KerasFile out;
    out.path = path;
    Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    if (!root.ok()) throw Error(path, "the HDF5 root group cannot be read");
    const auto first = [](const std::vector<std::string>& v) { return v.empty() ? std::string() : v.front(); };
    out.kerasVersion = first(reader.stringsAttribute(root.get(), "keras_version", "the root"));
    out.backend = first(reader.stringsAttribute(root.get(), "backend", "the root"));

    hid_t weightsGroup = root.get();
    const bool fullModel = H5Lexists(root.get(), "model_weights", H5P_DEFAULT) > 0;
    const Handle modelWeights(fullModel ? H5Gopen2(root.get(), "model_weights", H5P_DEFAULT) : -1, H5Gclose);
    if (fullModel) {
        if (!modelWeights.ok()) throw Error(path, "'model_weights' is not a group");
        weightsGroup = modelWeights.get();
        out.kind = "model";
    } else {
        out.kind = "weights";
    }
    bool present = false;
    out.layerNames = reader.namesAttribute(weightsGroup, "layer_names", out.kind == "model" ? "model_weights" : "the root", &present);
    if (!present)
        throw Error(path, "an HDF5 file, but not a Keras one (no 'layer_names' attribute at the root or in 'model_weights')");

    std::set<std::string> seen;
    for (const std::string& layer : out.layerNames) {
        if (layer.empty() || layer.size() > kMaxNameBytes || layer.find('/') != std::string::npos || layer == "." || layer == "..")
            throw Error(path, "a layer name is not one Keras writes: '" + layer.substr(0, 80) + "'");
        if (!seen.insert(layer).second) throw Error(path, "layer '" + layer + "' is listed twice");
        if (H5Lexists(weightsGroup, layer.c_str(), H5P_DEFAULT) <= 0) throw Error(path, "layer '" + layer + "' is listed but has no group");
        H5O_info_t info;
        if (H5Oget_info_by_name(weightsGroup, layer.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP)
            throw Error(path, "layer '" + layer + "' is not a group");
        Handle group(H5Gopen2(weightsGroup, layer.c_str(), H5P_DEFAULT), H5Gclose);
        if (!group.ok()) throw Error(path, "layer '" + layer + "' cannot be opened");
        bool hasNames = false;
        const auto names = reader.namesAttribute(group.get(), "weight_names", "layer '" + layer + "'", &hasNames);
        if (!hasNames) throw Error(path, "layer '" + layer + "' has no 'weight_names' attribute (not a Keras weights group)");
        if (names.empty()) continue;
        KerasLayer entry;
        entry.name = layer;
        for (const auto& name : names) entry.weights.emplace_back(name, reader.dataset(group.get(), layer, name));
        out.layers.push_back(std::move(entry));
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
                throw Error(file.path, where + ": " + key + " of shape " + shapeText(stored.sizes()) + " in the file does not fit " +
                                           shapeText(like.sizes()) + " of the model (" + shapeText(value.sizes()) + " converted)");
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
                    if (w.dim() != 4) throw Error(file.path, where + ": the kernel has shape " + shapeText(w.sizes()) + ", not (h, w, in, out)");
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
                    if (w.dim() != 2 && w.dim() != 4) throw Error(file.path, where + ": the kernel has shape " + shapeText(w.sizes()));
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
    const std::string temp = path + ".part";
    std::error_code ec;
    {
        std::lock_guard lock(hdf5Mutex());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        const hid_t h5 = H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (h5 < 0) throw Error(path, "cannot be created (is its folder writable?)");
        std::string problem;
        try {
            writeLayers(h5, file);  // every object it opens is closed again, also when it throws
            if (H5Fflush(h5, H5F_SCOPE_GLOBAL) < 0) problem = "cannot be written (is the disk full?)";
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (H5Fclose(h5) < 0 && problem.empty()) problem = "cannot be written (is the disk full?)";
        if (!problem.empty()) {
            std::filesystem::remove(temp, ec);
            throw Error(path, problem);
        }
    }
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw Error(path, "cannot be written: " + ec.message());
    }
}

}  // namespace tl::weights
