#include "weights/keras_h5_read.h"

#include "tl/error.h"
#include "weights/h5_handle.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

namespace tl::weights::h5 {

namespace {

constexpr std::size_t kMaxNames = 100000;    // layers or weights of one attribute
constexpr std::size_t kMaxNameBytes = 4096;  // one layer or weight name

/// A string attribute (scalar or 1-D, fixed or variable length) of `object`; empty when absent.
std::vector<std::string> stringsAttribute(hid_t object, const std::string& name, const std::string& where, std::uint64_t fileSize) {
    if (H5Aexists(object, name.c_str()) <= 0) return {};
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) throw Error(where + ": attribute '" + name + "' cannot be read");
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    if (!type.ok() || !space.ok()) throw Error(where + ": attribute '" + name + "' cannot be read");
    if (H5Sget_simple_extent_ndims(space.get()) > 1) throw Error(where + ": attribute '" + name + "' has more than one dimension");
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0 || static_cast<std::size_t>(n) > kMaxNames) throw Error(where + ": attribute '" + name + "' has an impossible size");
    std::vector<std::string> out;
    if (n == 0) return out;  // Keras writes an empty list of a weightless layer as an empty float array
    if (H5Tget_class(type.get()) != H5T_STRING) throw Error(where + ": attribute '" + name + "' is not a list of names");
    const auto count = static_cast<std::size_t>(n);
    if (H5Tis_variable_str(type.get()) > 0) {
        if (count * sizeof(char*) > fileSize) throw Error(where + ": attribute '" + name + "' has an impossible size");
        Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mem.get(), H5T_VARIABLE);
        H5Tset_cset(mem.get(), H5Tget_cset(type.get()));  // libhdf5 converts no string between character sets
        std::vector<char*> ptrs(count, nullptr);
        if (H5Aread(attr.get(), mem.get(), ptrs.data()) < 0) throw Error(where + ": attribute '" + name + "' cannot be read");
        for (char* p : ptrs) {
            out.emplace_back(p ? std::string(p, strnlen(p, kMaxNameBytes)) : std::string());
            if (p) H5free_memory(p);
        }
        return out;
    }
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0 || size > kMaxNameBytes || size * count > fileSize) throw Error(where + ": attribute '" + name + "' has an impossible size");
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), size);
    H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    std::vector<char> bytes(size * count);
    if (H5Aread(attr.get(), mem.get(), bytes.data()) < 0) throw Error(where + ": attribute '" + name + "' cannot be read");
    for (std::size_t i = 0; i < count; ++i) {
        const char* p = bytes.data() + i * size;
        out.emplace_back(p, strnlen(p, size));
    }
    return out;
}

/// `name`, or its chunks name0, name1, ... as Keras splits attributes past HDF5's 64 KB header limit.
std::vector<std::string> namesAttribute(hid_t object, const std::string& name, const std::string& where, std::uint64_t fileSize, bool* present) {
    *present = H5Aexists(object, name.c_str()) > 0;
    if (*present) return stringsAttribute(object, name, where, fileSize);
    std::vector<std::string> out;
    for (int chunk = 0;; ++chunk) {
        const std::string part = name + std::to_string(chunk);
        if (H5Aexists(object, part.c_str()) <= 0) break;
        *present = true;
        for (auto& s : stringsAttribute(object, part, where, fileSize)) out.push_back(std::move(s));
        if (out.size() > kMaxNames) throw Error(where + ": too many names in '" + name + "'");
    }
    return out;
}

// H5Lexists fails on a multi-component path whose middle is missing; walk it.
bool existsAlongPath(hid_t group, const std::string& name) {
    std::size_t at = 0;
    while (true) {
        const std::size_t slash = name.find('/', at);
        const std::string prefix = name.substr(0, slash);
        if (H5Lexists(group, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string::npos) return true;
        at = slash + 1;
    }
}

/// The shape of a weight dataset, checked: float, rank 1 to 4, no more values than the file can hold.
Weight describeDataset(hid_t group, const std::string& layer, const std::string& name, std::uint64_t fileSize) {
    const std::string where = "layer '" + layer + "', weight '" + name + "'";
    if (name.empty() || name.size() > kMaxNameBytes || name.front() == '/') throw Error(where + ": not a weight name");
    if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0 && !existsAlongPath(group, name)) throw Error(where + ": the dataset is missing");
    H5O_info_t info;
    if (H5Oget_info_by_name(group, name.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET) throw Error(where + ": not a dataset");
    Handle set(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!set.ok()) throw Error(where + ": the dataset cannot be opened");
    Handle type(H5Dget_type(set.get()), H5Tclose);
    Handle space(H5Dget_space(set.get()), H5Sclose);
    if (!type.ok() || !space.ok()) throw Error(where + ": the dataset cannot be opened");
    if (H5Tget_class(type.get()) != H5T_FLOAT) throw Error(where + ": not floating-point numbers");
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 1 || rank > 4) throw Error(where + ": rank " + std::to_string(rank) + " (a weight has 1 to 4 dimensions)");
    hsize_t dims[4] = {0, 0, 0, 0};
    if (H5Sget_simple_extent_dims(space.get(), dims, nullptr) != rank) throw Error(where + ": the shape cannot be read");
    Weight out;
    out.name = name;
    out.numel = 1;
    const std::uint64_t element = H5Tget_size(type.get());
    if (element == 0 || element > 16) throw Error(where + ": floating-point numbers of " + std::to_string(element) + " bytes");
    for (int i = 0; i < rank; ++i) {
        if (dims[i] == 0 || dims[i] > fileSize) throw Error(where + ": impossible shape");
        if (__builtin_mul_overflow(out.numel, dims[i], &out.numel)) throw Error(where + ": impossible shape");
        if (out.numel > fileSize || out.numel * element > fileSize || out.numel * sizeof(float) > 2 * fileSize)
            throw Error(where + ": declares more values than the file holds");
        out.shape.push_back(dims[i]);
    }
    Handle plist(H5Dget_create_plist(set.get()), H5Pclose);
    if (plist.ok() && H5Pget_layout(plist.get()) == H5D_CONTIGUOUS && H5Pget_nfilters(plist.get()) == 0 && H5Pget_external_count(plist.get()) == 0 &&
        H5Tequal(type.get(), H5T_IEEE_F32LE) > 0) {
        const haddr_t offset = H5Dget_offset(set.get());
        const hsize_t stored = H5Dget_storage_size(set.get());
        if (offset != HADDR_UNDEF && stored == out.numel * sizeof(float) && offset <= fileSize && stored <= fileSize - offset)
            out.fileOffset = static_cast<std::int64_t>(offset);
    }
    return out;
}

}  // namespace

struct KerasH5::Impl {
    hid_t file = -1;
    hid_t weightsGroup = -1;  // the root, or model_weights
    std::uint64_t size = 0;
    ~Impl() {
        if (weightsGroup >= 0) H5Gclose(weightsGroup);
        if (file >= 0) H5Fclose(file);
    }
};

KerasH5::KerasH5(const void* data, std::size_t size) : impl_(std::make_unique<Impl>()) {
    static const char kSignature[] = "\x89HDF\r\n\x1a\n";
    if (size < 8 || std::memcmp(data, kSignature, 8) != 0) throw Error("not an HDF5 file (a Keras .h5 file starts with HDF5's signature)");
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become tl::Error, not text on stderr
    H5PLset_loading_state(0);                     // no filter plugins: nothing is loaded from disk
    impl_->size = size;
    // Read in place: libhdf5 neither copies the bytes nor opens a file.
    impl_->file = H5LTopen_file_image(const_cast<void*>(data), size, H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE);
    if (impl_->file < 0) throw Error("an HDF5 file libhdf5 cannot open (truncated or damaged?)");

    Contents& out = contents_;
    Handle root(H5Gopen2(impl_->file, "/", H5P_DEFAULT), H5Gclose);
    if (!root.ok()) throw Error("the HDF5 root group cannot be read");
    const auto first = [](const std::vector<std::string>& v) { return v.empty() ? std::string() : v.front(); };
    out.kerasVersion = first(stringsAttribute(root.get(), "keras_version", "the root", size));
    out.backend = first(stringsAttribute(root.get(), "backend", "the root", size));

    const bool fullModel = H5Lexists(root.get(), "model_weights", H5P_DEFAULT) > 0;
    out.kind = fullModel ? "model" : "weights";
    impl_->weightsGroup = H5Gopen2(fullModel ? root.get() : impl_->file, fullModel ? "model_weights" : "/", H5P_DEFAULT);
    if (impl_->weightsGroup < 0) throw Error(fullModel ? "'model_weights' is not a group" : "the HDF5 root group cannot be read");
    const hid_t group = impl_->weightsGroup;
    bool present = false;
    out.layerNames = namesAttribute(group, "layer_names", fullModel ? "model_weights" : "the root", size, &present);
    if (!present) throw Error("an HDF5 file, but not a Keras one (no 'layer_names' attribute at the root or in 'model_weights')");

    std::set<std::string> seen;
    for (const std::string& layer : out.layerNames) {
        if (layer.empty() || layer.size() > kMaxNameBytes || layer.find('/') != std::string::npos || layer == "." || layer == "..")
            throw Error("a layer name is not one Keras writes: '" + layer.substr(0, 80) + "'");
        if (!seen.insert(layer).second) throw Error("layer '" + layer + "' is listed twice");
        if (H5Lexists(group, layer.c_str(), H5P_DEFAULT) <= 0) throw Error("layer '" + layer + "' is listed but has no group");
        H5O_info_t info;
        if (H5Oget_info_by_name(group, layer.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP)
            throw Error("layer '" + layer + "' is not a group");
        Handle layerGroup(H5Gopen2(group, layer.c_str(), H5P_DEFAULT), H5Gclose);
        if (!layerGroup.ok()) throw Error("layer '" + layer + "' cannot be opened");
        bool hasNames = false;
        const auto names = namesAttribute(layerGroup.get(), "weight_names", "layer '" + layer + "'", size, &hasNames);
        if (!hasNames) throw Error("layer '" + layer + "' has no 'weight_names' attribute (not a Keras weights group)");
        if (names.empty()) continue;
        Layer entry;
        entry.name = layer;
        for (const auto& name : names) entry.weights.push_back(describeDataset(layerGroup.get(), layer, name, size));
        out.layers.push_back(std::move(entry));
    }
    if (out.layers.empty()) throw Error("a Keras file without any weights");
}

KerasH5::~KerasH5() = default;

void KerasH5::read(std::size_t l, std::size_t w, float* out) const {
    const Layer& layer = contents_.layers.at(l);
    const Weight& weight = layer.weights.at(w);
    const std::string where = "layer '" + layer.name + "', weight '" + weight.name + "'";
    Handle group(H5Gopen2(impl_->weightsGroup, layer.name.c_str(), H5P_DEFAULT), H5Gclose);
    if (!group.ok()) throw Error("layer '" + layer.name + "' cannot be opened");
    Handle set(H5Dopen2(group.get(), weight.name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!set.ok()) throw Error(where + ": the dataset cannot be opened");
    if (H5Dread(set.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
        throw Error(where + ": its data cannot be read (is the file truncated?)");
}

SafetensorsLayout safetensorsLayout(const Contents& contents) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    nlohmann::json layers = nlohmann::json::array();
    for (const Layer& layer : contents.layers) {
        nlohmann::json weights = nlohmann::json::array();
        for (const Weight& w : layer.weights) weights.push_back({w.name, w.shape, w.fileOffset});
        layers.push_back({layer.name, weights});
    }
    header["__metadata__"] = {{"format", "keras-h5"},
                              {"kind", contents.kind},
                              {"keras_version", contents.kerasVersion},
                              {"backend", contents.backend},
                              {"layer_names", nlohmann::json(contents.layerNames).dump()},
                              {"layers", layers.dump()}};
    SafetensorsLayout out;
    std::uint64_t offset = 0;
    for (std::size_t l = 0; l < contents.layers.size(); ++l)
        for (std::size_t w = 0; w < contents.layers[l].weights.size(); ++w) {
            const Weight& weight = contents.layers[l].weights[w];
            if (weight.fileOffset >= 0) {
                out.offsets.push_back(kDirect);
                continue;
            }
            const std::uint64_t bytes = weight.numel * sizeof(float);
            header[std::to_string(l) + "/" + std::to_string(w)] = {
                {"dtype", "F32"}, {"shape", weight.shape}, {"data_offsets", {offset, offset + bytes}}};
            out.offsets.push_back(offset);
            offset += bytes;
        }
    // Names from the file may hold any bytes: invalid UTF-8 is replaced rather than refused.
    std::string json = header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    json.append((8 - json.size() % 8) % 8, ' ');  // keep the data 8-byte aligned
    const std::uint64_t n = json.size();
    out.header.assign(reinterpret_cast<const char*>(&n), 8);
    out.header += json;
    for (auto& o : out.offsets)
        if (o != kDirect) o += out.header.size();
    out.total = out.header.size() + offset;
    return out;
}

void writeKerasSafetensors(const KerasH5& file, int fd) {
    const Contents& contents = file.contents();
    const SafetensorsLayout layout = safetensorsLayout(contents);
    // The pages are allocated in one call and mapped up front: page by page on first touch costs 4-5x the
    // reading itself for a VGG16 (bench/bench_keras_import.cpp).
    if (::fallocate(fd, 0, 0, static_cast<off_t>(layout.total)) != 0 && ::ftruncate(fd, static_cast<off_t>(layout.total)) != 0)
        throw Error(std::string("the output of ") + std::to_string(layout.total) + " bytes cannot be made: " + std::strerror(errno));
    void* map = ::mmap(nullptr, layout.total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) throw Error(std::string("the output cannot be mapped: ") + std::strerror(errno));
    auto* bytes = static_cast<char*>(map);
    struct Unmap {
        void* p;
        std::size_t n;
        ~Unmap() { ::munmap(p, n); }
    } unmap{map, layout.total};
    std::memcpy(bytes, layout.header.data(), layout.header.size());
    std::size_t k = 0;
    for (std::size_t l = 0; l < contents.layers.size(); ++l)
        for (std::size_t w = 0; w < contents.layers[l].weights.size(); ++w, ++k)
            if (layout.offsets[k] != kDirect) file.read(l, w, reinterpret_cast<float*>(bytes + layout.offsets[k]));
}

}  // namespace tl::weights::h5
