#include "weights/checkpoint_reader.h"

#include "weights/pickle_reader.h"
#include "weights/safetensors.h"
#include "weights/zip_reader.h"

#include "tl/error.h"

#include <cstring>
#include <limits>
#include <unordered_map>

namespace tl::weights {
namespace {

using pickle::Value;
using pickle::ValuePtr;
using Kind = Value::Kind;

// torch.save's legacy format starts with this number, pickled as a 10-byte LONG1.
const unsigned char kLegacyMagic[] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};

const Value& item(const Value& tuple, std::size_t i, Kind kind, const std::string& where, const char* what) {
    if (tuple.kind != Kind::Tuple || i >= tuple.items.size() || tuple.items[i]->kind != kind)
        throw Error(where, std::string("malformed storage reference: ") + what);
    return *tuple.items[i];
}

/// Storages by key, shared by the tensors that view them.
class StorageTable {
public:
    explicit StorageTable(std::string where) : where_(std::move(where)) {}

    ValuePtr load(const Value& pid, bool legacy) {
        if (pid.kind != Kind::Tuple || pid.items.empty() || pid.items[0]->kind != Kind::String || pid.items[0]->text != "storage")
            throw Error(where_, "the file references an object that is not a tensor storage (a pickled module?)");
        if (pid.items.size() < 5) throw Error(where_, "malformed storage reference");
        const std::string& type = item(pid, 1, Kind::Global, where_, "type").text;
        const std::string& key = item(pid, 2, Kind::String, where_, "key").text;
        const std::int64_t numel = item(pid, 4, Kind::Int, where_, "size").integer;
        if (legacy && pid.items.size() > 5 && pid.items[5]->kind != Kind::None)
            throw Error(where_, "storage views of the oldest torch.save format are not supported");
        if (numel < 0) throw Error(where_, "storage '" + key + "' has a negative size");
        auto& storage = storages_[key];
        if (!storage) {
            storage = std::make_shared<pickle::Storage>();
            storage->key = key;
            storage->dtype = pickle::storageDtype(type, where_);
            storage->numel = numel;
            order_.push_back(key);
        } else if (storage->numel != numel || storage->dtype != pickle::storageDtype(type, where_)) {
            throw Error(where_, "storage '" + key + "' is described twice, differently");
        }
        auto v = std::make_shared<Value>();
        v->kind = Kind::Storage;
        v->storage = storage;
        return v;
    }

    std::shared_ptr<pickle::Storage> find(const std::string& key) const {
        const auto it = storages_.find(key);
        return it == storages_.end() ? nullptr : it->second;
    }
    const std::vector<std::string>& keys() const { return order_; }

private:
    std::string where_;
    std::unordered_map<std::string, std::shared_ptr<pickle::Storage>> storages_;
    std::vector<std::string> order_;
};

/// The tensors of a dict, or of the dict under a usual wrapper key ("state_dict", "model").
const Value& stateDictObject(const Value& top, const std::string& where) {
    if (top.kind != Kind::Dict) throw Error(where, std::string("holds a ") + top.kindName() + ", not a state dict");
    bool anyTensor = false;
    for (std::size_t i = 1; i < top.items.size(); i += 2) anyTensor |= top.items[i]->kind == Kind::Tensor;
    if (anyTensor) return top;
    for (const char* wrapper : {"state_dict", "model_state_dict", "model"}) {
        for (std::size_t i = 0; i + 1 < top.items.size(); i += 2) {
            if (top.items[i]->kind == Kind::String && top.items[i]->text == wrapper && top.items[i + 1]->kind == Kind::Dict)
                return stateDictObject(*top.items[i + 1], where);
        }
    }
    throw Error(where, "holds no tensors: not a state dict");
}

StateDict collect(const Value& top, const std::string& where) {
    const Value& dict = stateDictObject(top, where);
    StateDict out;
    for (std::size_t i = 0; i + 1 < dict.items.size(); i += 2) {
        const Value& key = *dict.items[i];
        const Value& value = *dict.items[i + 1];
        if (value.kind != Kind::Tensor) continue;  // e.g. a training checkpoint's epoch counter
        if (key.kind != Kind::String) throw Error(where, "a tensor key is not a string");
        out.emplace_back(key.text, pickle::materialise(*value.tensor, where + ": " + key.text));
    }
    return out;
}

Checkpoint readZip(const MappedFilePtr& file) {
    const std::string& path = file->path();
    ZipReader zip(file);
    std::string pkl;
    for (const auto& name : zip.names()) {
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.compare(slash, std::string::npos, "/data.pkl") == 0) {
            pkl = name;
            break;
        }
    }
    if (pkl.empty()) throw Error(path, "a ZIP archive without data.pkl: not a torch.save file");
    const std::string prefix = pkl.substr(0, pkl.size() - std::strlen("data.pkl"));
    if (zip.has(prefix + "byteorder") && zip.record(prefix + "byteorder") != "little") throw Error(path, "big-endian checkpoints are not supported");

    StorageTable storages(path);
    const ValuePtr top = pickle::unpickle(zip.record(pkl), path + " (" + pkl + ")", [&](const Value& pid) { return storages.load(pid, false); });
    for (const auto& key : storages.keys()) {
        auto storage = storages.find(key);
        const std::string record = prefix + "data/" + key;
        if (!zip.has(record)) throw Error(path, "the archive has no record '" + record + "' for storage '" + key + "'");
        const std::uint64_t need = static_cast<std::uint64_t>(storage->numel) * c10::elementSize(storage->dtype);
        if (zip.record(record).size() < need)
            throw Error(path, "record '" + record + "' holds " + std::to_string(zip.record(record).size()) + " bytes, its storage needs " +
                                  std::to_string(need));
        storage->data = tensorOverFile(file, zip.offsetOf(record), storage->dtype, storage->numel, record);
    }
    return {"torch.save zip", collect(*top, path), {}};
}

Checkpoint readLegacy(const MappedFilePtr& file) {
    const std::string& path = file->path();
    const std::string_view all(reinterpret_cast<const char*>(file->data()), file->size());
    std::size_t at = 0;
    auto next = [&](const pickle::PersistentLoad& load, const char* what) {
        std::size_t used = 0;
        ValuePtr v = pickle::unpickle(all.substr(at), path + " (" + what + ")", load, &used);
        at += used;
        return v;
    };
    const ValuePtr magic = next(nullptr, "magic number");
    if (magic->kind != Kind::BigInt || magic->text != std::string(reinterpret_cast<const char*>(kLegacyMagic), sizeof kLegacyMagic))
        throw Error(path, "not a torch.save file (wrong magic number)");
    const ValuePtr protocol = next(nullptr, "protocol version");
    if (protocol->kind != Kind::Int || protocol->integer != 1001) throw Error(path, "unsupported torch.save protocol version");
    const ValuePtr sysInfo = next(nullptr, "system info");
    if (sysInfo->kind == Kind::Dict) {
        for (std::size_t i = 0; i + 1 < sysInfo->items.size(); i += 2) {
            if (sysInfo->items[i]->text == "little_endian" && sysInfo->items[i + 1]->kind == Kind::Bool && !sysInfo->items[i + 1]->boolean)
                throw Error(path, "big-endian checkpoints are not supported");
        }
    }
    StorageTable storages(path);
    const ValuePtr top = next([&](const Value& pid) { return storages.load(pid, true); }, "object");
    const ValuePtr keys = next(nullptr, "storage keys");
    if (keys->kind != Kind::List) throw Error(path, "storage key list missing");
    for (const auto& key : keys->items) {
        if (key->kind != Kind::String) throw Error(path, "a storage key is not a string");
        auto storage = storages.find(key->text);
        if (!storage) throw Error(path, "data for storage '" + key->text + "' that no tensor uses");
        const std::string_view count = file->bytes(at, 8, "storage size");
        std::int64_t numel = 0;
        std::memcpy(&numel, count.data(), 8);
        if (numel != storage->numel)
            throw Error(path, "storage '" + key->text + "' holds " + std::to_string(numel) + " elements, " + std::to_string(storage->numel) +
                                  " were declared");
        at += 8;
        storage->data = tensorOverFile(file, at, storage->dtype, numel, "storage '" + key->text + "'");
        at += static_cast<std::size_t>(numel) * c10::elementSize(storage->dtype);
    }
    for (const auto& key : storages.keys()) {
        if (!storages.find(key)->data.defined()) throw Error(path, "the data of storage '" + key + "' is missing");
    }
    return {"torch.save legacy", collect(*top, path), {}};
}

}  // namespace

torch::Tensor tensorOverFile(const MappedFilePtr& file, std::uint64_t offset, c10::ScalarType dtype, std::int64_t numel, const std::string& what) {
    const std::size_t element = c10::elementSize(dtype);
    if (numel < 0 || static_cast<std::uint64_t>(numel) > std::numeric_limits<std::uint64_t>::max() / element)
        throw Error(file->path(), what + " has an impossible size");
    const std::string_view bytes = file->bytes(offset, static_cast<std::uint64_t>(numel) * element, what.c_str());
    const auto options = torch::TensorOptions().dtype(dtype);
    if (numel == 0) return torch::empty({0}, options);
    void* data = const_cast<char*>(bytes.data());
    if (reinterpret_cast<std::uintptr_t>(data) % element != 0) {
        torch::Tensor copy = torch::empty({numel}, options);
        std::memcpy(copy.data_ptr(), data, bytes.size());
        return copy;
    }
    MappedFilePtr keep = file;
    return torch::from_blob(
        data, {numel}, [keep](void*) mutable { keep.reset(); }, options);
}

Checkpoint readCheckpoint(const std::string& path) {
    const MappedFilePtr file = MappedFile::open(path);
    const std::string_view head(reinterpret_cast<const char*>(file->data()), std::min<std::size_t>(file->size(), 16));
    if (head.size() < 8) throw Error(path, "too short to be a weights file (" + std::to_string(file->size()) + " bytes)");
    if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return readZip(file);
    if (static_cast<unsigned char>(head[0]) == 0x80 && head.size() >= 3 && head[2] == '\x8a') return readLegacy(file);
    if (looksLikeSafetensors(*file)) return readSafetensors(file);
    if (head.substr(0, 8) == "\x89HDF\r\n\x1a\n") throw Error(path, "a Keras HDF5 file: import it as a Keras model, not as a torchvision checkpoint");
    throw Error(path, "not a weights file: neither torch.save (zip or legacy) nor safetensors");
}

}  // namespace tl::weights
