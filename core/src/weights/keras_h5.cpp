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
