#include "weights/safetensors.h"

#include "io/atomic_file.h"
#include "tl/error.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <limits>

namespace tl::weights {
namespace {

constexpr std::uint64_t kMaxHeader = 100u << 20;

const std::pair<const char*, c10::ScalarType> kDtypes[] = {
    {"F32", c10::ScalarType::Float}, {"F16", c10::ScalarType::Half},  {"BF16", c10::ScalarType::BFloat16}, {"F64", c10::ScalarType::Double},
    {"I64", c10::ScalarType::Long},  {"I32", c10::ScalarType::Int},   {"I16", c10::ScalarType::Short},     {"I8", c10::ScalarType::Char},
    {"U8", c10::ScalarType::Byte},   {"BOOL", c10::ScalarType::Bool},
};

c10::ScalarType dtypeOf(const std::string& name, const std::string& where) {
    for (const auto& [n, t] : kDtypes)
        if (name == n) return t;
    throw Error(where, "unsupported safetensors dtype '" + name + "'");
}

const char* nameOf(c10::ScalarType type) {
    for (const auto& [n, t] : kDtypes)
        if (type == t) return n;
    throw Error(std::string("cannot write tensors of type ") + c10::toString(type) + " as safetensors");
}

std::uint64_t headerLength(const MappedFile& file) {
    std::uint64_t n = 0;
    std::memcpy(&n, file.data(), 8);
    return n;
}

}  // namespace

bool looksLikeSafetensors(const MappedFile& file) {
    if (file.size() < 10) return false;
    const std::uint64_t n = headerLength(file);
    return n >= 2 && n <= file.size() - 8 && file.data()[8] == '{';
}

Checkpoint readSafetensors(const MappedFilePtr& file) {
    const std::string& path = file->path();
    const std::uint64_t n = headerLength(*file);
    if (n > kMaxHeader) throw Error(path, "safetensors header of " + std::to_string(n) + " bytes is implausible");
    const std::string_view header = file->bytes(8, n, "safetensors header");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(header);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("safetensors header is not valid JSON: ") + e.what());
    }
    if (!json.is_object()) throw Error(path, "safetensors header is not a JSON object");

    Checkpoint out;
    out.format = "safetensors";
    const std::uint64_t dataStart = 8 + n;
    const std::uint64_t dataSize = file->size() - dataStart;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const std::string& key = it.key();
        const auto& entry = it.value();
        if (key == "__metadata__") {
            if (!entry.is_object()) throw Error(path, "__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m)
                if (m.value().is_string()) out.metadata[m.key()] = m.value().get<std::string>();
            continue;
        }
        const std::string where = path + ": " + key;
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets") ||
            !entry["dtype"].is_string() || !entry["shape"].is_array() || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
            throw Error(where, "malformed safetensors entry");
        const c10::ScalarType dtype = dtypeOf(entry["dtype"].get<std::string>(), where);
        std::vector<std::int64_t> shape;
        std::uint64_t numel = 1;
        std::uint64_t extent = 1;  // the product of the non-zero dimensions: bounded even when a zero makes numel 0
        constexpr auto kMaxDim = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        for (const auto& d : entry["shape"]) {
            if (!d.is_number_unsigned()) throw Error(where, "negative or non-integer dimension");
            const std::uint64_t v = d.get<std::uint64_t>();
            if (v > 0 && extent > kMaxDim / v) throw Error(where, "absurd shape");
            if (v > 0) extent *= v;
            numel *= v;
            shape.push_back(static_cast<std::int64_t>(v));
        }
        const auto& offsets = entry["data_offsets"];
        if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned()) throw Error(where, "data_offsets are not unsigned integers");
        const std::uint64_t begin = offsets[0].get<std::uint64_t>();
        const std::uint64_t end = offsets[1].get<std::uint64_t>();
        if (begin > end || end > dataSize) throw Error(where, "data_offsets lie outside the file's data");
        if (end - begin != numel * c10::elementSize(dtype))
            throw Error(where, "data_offsets cover " + std::to_string(end - begin) + " bytes, the shape needs " +
                                   std::to_string(numel * c10::elementSize(dtype)));
        torch::Tensor flat = tensorOverFile(file, dataStart + begin, dtype, static_cast<std::int64_t>(numel), key);
        out.tensors.emplace_back(key, flat.view(shape));
    }
    // The JSON object is unordered: keep the file's data order, which is how it was written.
    std::vector<std::pair<std::uint64_t, std::size_t>> order;
    for (std::size_t i = 0; i < out.tensors.size(); ++i) order.emplace_back(json[out.tensors[i].first]["data_offsets"][0].get<std::uint64_t>(), i);
    std::sort(order.begin(), order.end());
    StateDict sorted;
    for (const auto& [offset, i] : order) sorted.push_back(std::move(out.tensors[i]));
    out.tensors = std::move(sorted);
    return out;
}

void writeSafetensors(const std::string& path, const StateDict& tensors, const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> data;
    std::uint64_t offset = 0;
    for (const auto& [key, tensor] : tensors) {
        torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * t.element_size();
        header[key] = {{"dtype", nameOf(t.scalar_type())}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        data.push_back(std::move(t));
    }
    std::string json = header.dump();
    json.append((8 - json.size() % 8) % 8, ' ');  // keep the data 8-byte aligned
    const std::uint64_t n = json.size();

    io::AtomicFile out(path);
    char length[8];
    std::memcpy(length, &n, 8);
    out.write(length, 8);
    out.write(json.data(), json.size());
    for (const auto& t : data) out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::size_t>(t.numel()) * t.element_size());
    out.commit();
}

}  // namespace tl::weights
