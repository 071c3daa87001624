#pragma once
// A reader for the subset of Python's pickle format that torch.save uses for state dicts. It is safe by
// construction: it executes nothing, it knows only the globals a state dict needs (collections.OrderedDict,
// torch._utils._rebuild_tensor_v2 / _rebuild_parameter, the torch.*Storage types) and refuses every
// other global by name, and every length it reads is checked against the bytes it was given.

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tl::weights::pickle {

/// A storage referenced by tensors; its bytes are attached by the container format after unpickling.
struct Storage {
    std::string key;
    c10::ScalarType dtype = c10::ScalarType::Float;
    std::int64_t numel = 0;
    torch::Tensor data;  ///< 1-D, numel elements, set by the format reader
};

/// A tensor as _rebuild_tensor_v2 describes it: a strided view of a storage.
struct TensorRef {
    std::shared_ptr<Storage> storage;
    std::int64_t offset = 0;
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
};

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
    enum class Kind { None, Bool, Int, BigInt, Float, String, Bytes, Tuple, List, Dict, Global, Tensor, Storage };
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string text;                   ///< String, Bytes, BigInt (little-endian bytes), Global ("module.name")
    std::vector<ValuePtr> items;        ///< Tuple and List; Dict as key, value, key, value...
    std::shared_ptr<TensorRef> tensor;  ///< Tensor
    std::shared_ptr<Storage> storage;   ///< Storage

    const char* kindName() const;
};

/// Turns a persistent id (the tuple torch.save writes for each storage) into a Storage value.
using PersistentLoad = std::function<ValuePtr(const Value& pid)>;

/// Unpickles one object from `bytes`. `where` names the file (and record) in error messages.
/// `consumed`, when given, receives the number of bytes up to and including the STOP opcode.
ValuePtr unpickle(std::string_view bytes, const std::string& where, const PersistentLoad& persistentLoad, std::size_t* consumed = nullptr);

/// dtype of a torch.<Name>Storage global such as "torch.FloatStorage"; throws tl::Error for others.
c10::ScalarType storageDtype(const std::string& global, const std::string& where);

/// The tensor a TensorRef describes, after its storage's data is attached; checks that the view lies
/// inside the storage.
torch::Tensor materialise(const TensorRef& ref, const std::string& where);

}  // namespace tl::weights::pickle
