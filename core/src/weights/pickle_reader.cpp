#include "weights/pickle_reader.h"

#include "tl/error.h"

#include <cstring>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace tl::weights::pickle {
namespace {

using Kind = Value::Kind;

// The globals a state dict may name. Everything else is refused at the GLOBAL opcode.
const char* const kAllowedGlobals[] = {
    "collections.OrderedDict",
    "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_tensor",
    "torch._utils._rebuild_parameter",
    "torch._utils._rebuild_parameter_with_state",
    "torch.FloatStorage",
    "torch.DoubleStorage",
    "torch.HalfStorage",
    "torch.BFloat16Storage",
    "torch.LongStorage",
    "torch.IntStorage",
    "torch.ShortStorage",
    "torch.CharStorage",
    "torch.ByteStorage",
    "torch.BoolStorage",
};

bool allowedGlobal(const std::string& name) {
    for (const char* g : kAllowedGlobals)
        if (name == g) return true;
    return false;
}

ValuePtr make(Kind kind) {
    auto v = std::make_shared<Value>();
    v->kind = kind;
    return v;
}

// A state dict nests a few levels (a checkpoint's {"model": {"state_dict": ...}} wrappers, an optimizer's state).
// Deeper values are refused: they are destroyed, and walked by the readers, recursively.
constexpr std::size_t kMaxDepth = 100;

class Unpickler {
public:
    Unpickler(std::string_view bytes, const std::string& where, const PersistentLoad& load) : in_(bytes), where_(where), load_(load) {}

    ValuePtr run(std::size_t* consumed) {
        for (;;) {
            const std::size_t opAt = pos_;
            const std::uint8_t op = u8();
            switch (op) {
                case 0x80: u8(); break;     // PROTO
                case 0x95: take(8); break;  // FRAME (protocol 4): length only
                case '.':                   // STOP
                    if (consumed) *consumed = pos_;
                    if (stack_.size() != 1 || !marks_.empty()) fail(opAt, "STOP with an unbalanced stack");
                    dismantle(checkShape(*stack_.back(), opAt));
                    return stack_.back();
                case '(': marks_.push_back(stack_.size()); break;  // MARK
                case 'N': push(make(Kind::None)); break;
                case 0x88: push(boolean(true)); break;                             // NEWTRUE
                case 0x89: push(boolean(false)); break;                            // NEWFALSE
                case 'K': push(integer(u8())); break;                              // BININT1
                case 'M': push(integer(le(2))); break;                             // BININT2
                case 'J': push(integer(static_cast<std::int32_t>(le(4)))); break;  // BININT
                case 0x8a: push(long1(opAt)); break;                               // LONG1
                case 'G': push(binfloat()); break;                                 // BINFLOAT
                case 'X': push(text(Kind::String, le(4))); break;                  // BINUNICODE
                case 0x8c: push(text(Kind::String, u8())); break;                  // SHORT_BINUNICODE
                case 'T': push(text(Kind::String, le(4))); break;                  // BINSTRING
                case 'U': push(text(Kind::String, u8())); break;                   // SHORT_BINSTRING
                case 'B': push(text(Kind::Bytes, le(4))); break;                   // BINBYTES
                case 'C': push(text(Kind::Bytes, u8())); break;                    // SHORT_BINBYTES
                case ')': push(container(Kind::Tuple)); break;                     // EMPTY_TUPLE
                case ']': push(container(Kind::List)); break;                      // EMPTY_LIST
                case '}': push(container(Kind::Dict)); break;                      // EMPTY_DICT
                case 't': push(tupleFrom(popMark(opAt))); break;                   // TUPLE
                case 0x85: push(tupleOf(1, opAt)); break;                          // TUPLE1
                case 0x86: push(tupleOf(2, opAt)); break;                          // TUPLE2
                case 0x87: push(tupleOf(3, opAt)); break;                          // TUPLE3
                case 'l': {                                                        // LIST
                    auto list = container(Kind::List);
                    list->items = popMark(opAt);
                    push(list);
                    break;
                }
                case 'a': {  // APPEND
                    ValuePtr v = pop(opAt);
                    expect(top(opAt), Kind::List, opAt, "APPEND")->items.push_back(v);
                    break;
                }
                case 'e': {  // APPENDS
                    auto items = popMark(opAt);
                    auto& list = expect(top(opAt), Kind::List, opAt, "APPENDS")->items;
                    list.insert(list.end(), items.begin(), items.end());
                    break;
                }
                case 's': {  // SETITEM
                    ValuePtr v = pop(opAt);
                    ValuePtr k = pop(opAt);
                    auto& dict = expect(top(opAt), Kind::Dict, opAt, "SETITEM")->items;
                    dict.push_back(k);
                    dict.push_back(v);
                    break;
                }
                case 'u': {  // SETITEMS
                    auto items = popMark(opAt);
                    if (items.size() % 2) fail(opAt, "SETITEMS with an odd number of items");
                    auto& dict = expect(top(opAt), Kind::Dict, opAt, "SETITEMS")->items;
                    dict.insert(dict.end(), items.begin(), items.end());
                    break;
                }
                case 'q': memoPut(u8()); break;               // BINPUT
                case 'r': memoPut(le(4)); break;              // LONG_BINPUT
                case 0x94: memoPut(memo_.size()); break;      // MEMOIZE
                case 'h': push(memoGet(u8(), opAt)); break;   // BINGET
                case 'j': push(memoGet(le(4), opAt)); break;  // LONG_BINGET
                case 'c': {                                   // GLOBAL "module\nname\n"
                    std::string module = line(opAt);
                    std::string name = line(opAt);
                    push(global(module + "." + name, opAt));
                    break;
                }
                case 0x93: {  // STACK_GLOBAL
                    ValuePtr name = pop(opAt);
                    ValuePtr module = pop(opAt);
                    expect(name, Kind::String, opAt, "STACK_GLOBAL");
                    expect(module, Kind::String, opAt, "STACK_GLOBAL");
                    push(global(module->text + "." + name->text, opAt));
                    break;
                }
                case 'R': {  // REDUCE
                    ValuePtr args = pop(opAt);
                    ValuePtr callable = pop(opAt);
                    push(reduce(*expect(callable, Kind::Global, opAt, "REDUCE"), *expect(args, Kind::Tuple, opAt, "REDUCE"), opAt));
                    break;
                }
                case 'b': {  // BUILD: only an OrderedDict's attributes (_metadata)
                    pop(opAt);
                    expect(top(opAt), Kind::Dict, opAt, "BUILD");
                    break;
                }
                case 'Q': {  // BINPERSID
                    ValuePtr pid = pop(opAt);
                    if (!load_) fail(opAt, "a persistent id where none is expected");
                    push(load_(*pid));
                    break;
                }
                default: {
                    char hex[8];
                    std::snprintf(hex, sizeof hex, "0x%02x", op);
                    fail(opAt, std::string("unsupported pickle opcode ") + hex + " (not part of a torch.save state dict)");
                }
            }
        }
    }

    /// Empties every tuple, list and dict made so far but those in `keep` (the result's), without recursion:
    /// what is left over is freed even when it refers to itself in a cycle (APPEND of a memoised list into itself)
    /// or nests deeply. After a failure nothing is kept.
    void dismantle(const std::unordered_set<const Value*>& keep = {}) {
        std::vector<ValuePtr> items;
        for (const auto& c : containers_) {
            if (keep.count(c.get())) continue;
            for (auto& item : c->items) items.push_back(std::move(item));
            c->items.clear();
        }
        items.clear();  // each container is still held by containers_: nothing is freed recursively here
        containers_.clear();
        memo_.clear();
    }

private:
    /// A tuple, list or dict; every one is remembered, for dismantle().
    ValuePtr container(Kind kind) {
        auto v = make(kind);
        containers_.push_back(v);
        return v;
    }

    /// Refuses a result that contains itself (the memo can make one) or nests deeper than kMaxDepth: walked
    /// without recursion, each container once. Returns the containers the result holds.
    std::unordered_set<const Value*> checkShape(const Value& root, std::size_t opAt) const {
        enum State : std::uint8_t { kOpen = 1, kDone = 2 };
        std::unordered_map<const Value*, std::uint8_t> state;
        struct Frame {
            const Value* value;
            std::size_t next;
        };
        std::vector<Frame> path{{&root, 0}};
        state[&root] = kOpen;
        while (!path.empty()) {
            Frame& top = path.back();
            if (top.next == top.value->items.size()) {
                state[top.value] = kDone;
                path.pop_back();
                continue;
            }
            const Value* child = top.value->items[top.next++].get();
            if (child->items.empty()) continue;
            std::uint8_t& s = state[child];
            if (s == kOpen) fail(opAt, "the pickled object contains itself");
            if (s == kDone) continue;
            if (path.size() == kMaxDepth) fail(opAt, "objects nested more than " + std::to_string(kMaxDepth) + " deep");
            s = kOpen;
            path.push_back({child, 0});
        }
        std::unordered_set<const Value*> held;
        for (const auto& [value, s] : state) held.insert(value);
        return held;
    }

    [[noreturn]] void fail(std::size_t at, const std::string& what) const { throw Error(where_, what + " at pickle offset " + std::to_string(at)); }

    std::string_view take(std::uint64_t n) {
        if (n > in_.size() - pos_) fail(pos_, "pickle data ends early (truncated file?)");
        std::string_view s = in_.substr(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        return s;
    }
    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    std::uint64_t le(int width) {
        const std::string_view s = take(static_cast<std::uint64_t>(width));
        std::uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(s[static_cast<std::size_t>(i)]);
        return v;
    }
    std::string line(std::size_t opAt) {
        const std::size_t end = in_.find('\n', pos_);
        if (end == std::string_view::npos || end - pos_ > 256) fail(opAt, "GLOBAL name is not terminated");
        std::string s(in_.substr(pos_, end - pos_));
        pos_ = end + 1;
        return s;
    }

    void push(ValuePtr v) { stack_.push_back(std::move(v)); }
    ValuePtr pop(std::size_t opAt) {
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail(opAt, "pickle stack underflow");
        ValuePtr v = std::move(stack_.back());
        stack_.pop_back();
        return v;
    }
    ValuePtr& top(std::size_t opAt) {
        if (stack_.empty()) fail(opAt, "pickle stack underflow");
        return stack_.back();
    }
    std::vector<ValuePtr> popMark(std::size_t opAt) {
        if (marks_.empty()) fail(opAt, "pickle MARK missing");
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<ValuePtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
        stack_.resize(mark);
        return items;
    }
    ValuePtr expect(const ValuePtr& v, Kind kind, std::size_t opAt, const char* op) {
        if (v->kind != kind) fail(opAt, std::string(op) + " applied to a " + v->kindName());
        return v;
    }

    void memoPut(std::uint64_t index) {
        if (stack_.empty()) fail(pos_, "memo store with an empty stack");
        memo_[index] = stack_.back();
    }
    ValuePtr memoGet(std::uint64_t index, std::size_t opAt) {
        const auto it = memo_.find(index);
        if (it == memo_.end()) fail(opAt, "memo entry " + std::to_string(index) + " does not exist");
        return it->second;
    }

    static ValuePtr boolean(bool b) {
        auto v = make(Kind::Bool);
        v->boolean = b;
        return v;
    }
    static ValuePtr integer(std::int64_t i) {
        auto v = make(Kind::Int);
        v->integer = i;
        return v;
    }
    ValuePtr long1(std::size_t opAt) {
        const std::uint8_t n = u8();
        const std::string_view bytes = take(n);
        if (n > 8) {  // larger than int64: kept as bytes (the legacy format's magic number)
            auto v = make(Kind::BigInt);
            v->text = std::string(bytes);
            return v;
        }
        std::uint64_t u = 0;
        for (int i = n - 1; i >= 0; --i) u = (u << 8) | static_cast<std::uint8_t>(bytes[static_cast<std::size_t>(i)]);
        if (n > 0 && n < 8 && (static_cast<std::uint8_t>(bytes[n - 1]) & 0x80)) u |= ~std::uint64_t(0) << (8 * n);
        (void)opAt;
        return integer(static_cast<std::int64_t>(u));
    }
    ValuePtr binfloat() {
        const std::string_view s = take(8);
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<std::uint8_t>(s[static_cast<std::size_t>(i)]);  // big-endian
        auto v = make(Kind::Float);
        std::memcpy(&v->real, &bits, sizeof bits);
        return v;
    }
    ValuePtr text(Kind kind, std::uint64_t n) {
        auto v = make(kind);
        v->text = std::string(take(n));
        return v;
    }
    ValuePtr tupleFrom(std::vector<ValuePtr> items) {
        auto v = container(Kind::Tuple);
        v->items = std::move(items);
        return v;
    }
    ValuePtr tupleOf(int n, std::size_t opAt) {
        std::vector<ValuePtr> items(static_cast<std::size_t>(n));
        for (int i = n - 1; i >= 0; --i) items[static_cast<std::size_t>(i)] = pop(opAt);
        return tupleFrom(std::move(items));
    }

    ValuePtr global(const std::string& name, std::size_t opAt) {
        if (!allowedGlobal(name)) fail(opAt, "refused global '" + name + "': a weights file may only name state-dict types");
        auto v = make(Kind::Global);
        v->text = name;
        return v;
    }

    std::vector<std::int64_t> intTuple(const ValuePtr& v, std::size_t opAt, const char* what) {
        if (v->kind != Kind::Tuple) fail(opAt, std::string(what) + " is not a tuple");
        std::vector<std::int64_t> out;
        for (const auto& item : v->items) {
            if (item->kind != Kind::Int) fail(opAt, std::string(what) + " holds a non-integer");
            out.push_back(item->integer);
        }
        return out;
    }

    ValuePtr reduce(const Value& callable, const Value& args, std::size_t opAt) {
        const std::string& f = callable.text;
        const auto& a = args.items;
        if (f == "collections.OrderedDict") {
            if (!a.empty()) fail(opAt, "OrderedDict with constructor arguments");
            return container(Kind::Dict);
        }
        if (f == "torch._utils._rebuild_tensor_v2" || f == "torch._utils._rebuild_tensor") {
            if (a.size() < 4) fail(opAt, f + " with " + std::to_string(a.size()) + " arguments");
            if (a[0]->kind != Kind::Storage) fail(opAt, f + " without a storage");
            if (a[1]->kind != Kind::Int) fail(opAt, f + " with a non-integer offset");
            auto ref = std::make_shared<TensorRef>();
            ref->storage = a[0]->storage;
            ref->offset = a[1]->integer;
            ref->sizes = intTuple(a[2], opAt, "tensor size");
            ref->strides = intTuple(a[3], opAt, "tensor stride");
            if (ref->sizes.size() != ref->strides.size()) fail(opAt, "tensor size and stride differ in length");
            auto v = make(Kind::Tensor);
            v->tensor = std::move(ref);
            return v;
        }
        if (f == "torch._utils._rebuild_parameter" || f == "torch._utils._rebuild_parameter_with_state") {
            if (a.empty() || a[0]->kind != Kind::Tensor) fail(opAt, f + " without a tensor");
            return a[0];
        }
        fail(opAt, "'" + f + "' cannot be called");
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    const std::string& where_;
    const PersistentLoad& load_;
    std::vector<ValuePtr> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint64_t, ValuePtr> memo_;
    std::vector<ValuePtr> containers_;
};

}  // namespace

const char* Value::kindName() const {
    switch (kind) {
        case Kind::None: return "None";
        case Kind::Bool: return "bool";
        case Kind::Int: return "int";
        case Kind::BigInt: return "int";
        case Kind::Float: return "float";
        case Kind::String: return "str";
        case Kind::Bytes: return "bytes";
        case Kind::Tuple: return "tuple";
        case Kind::List: return "list";
        case Kind::Dict: return "dict";
        case Kind::Global: return "global";
        case Kind::Tensor: return "tensor";
        case Kind::Storage: return "storage";
    }
    return "value";
}

ValuePtr unpickle(std::string_view bytes, const std::string& where, const PersistentLoad& persistentLoad, std::size_t* consumed) {
    Unpickler unpickler(bytes, where, persistentLoad);
    try {
        return unpickler.run(consumed);
    } catch (...) {
        unpickler.dismantle();
        throw;
    }
}

c10::ScalarType storageDtype(const std::string& global, const std::string& where) {
    static const std::pair<const char*, c10::ScalarType> kTypes[] = {
        {"torch.FloatStorage", c10::ScalarType::Float}, {"torch.DoubleStorage", c10::ScalarType::Double},
        {"torch.HalfStorage", c10::ScalarType::Half},   {"torch.BFloat16Storage", c10::ScalarType::BFloat16},
        {"torch.LongStorage", c10::ScalarType::Long},   {"torch.IntStorage", c10::ScalarType::Int},
        {"torch.ShortStorage", c10::ScalarType::Short}, {"torch.CharStorage", c10::ScalarType::Char},
        {"torch.ByteStorage", c10::ScalarType::Byte},   {"torch.BoolStorage", c10::ScalarType::Bool},
    };
    for (const auto& [name, type] : kTypes)
        if (global == name) return type;
    throw Error(where, "'" + global + "' is not a storage type");
}

torch::Tensor materialise(const TensorRef& ref, const std::string& where) {
    const Storage& storage = *ref.storage;
    if (!storage.data.defined()) throw Error(where, "storage '" + storage.key + "' has no data");
    if (ref.offset < 0) throw Error(where, "negative offset into storage '" + storage.key + "'");
    // The furthest element the view reaches must lie inside the storage; no size may be negative.
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 2;
    std::int64_t last = ref.offset;
    bool empty = false;
    for (std::size_t d = 0; d < ref.sizes.size(); ++d) {
        const std::int64_t size = ref.sizes[d];
        const std::int64_t stride = ref.strides[d];
        if (size < 0 || stride < 0 || size > kMax || stride > kMax)
            throw Error(where, "tensor in storage '" + storage.key + "' has a negative or huge size or stride");
        if (size == 0) empty = true;
        if (size > 1 && stride > 0 && (size - 1) > (kMax - last) / stride)
            throw Error(where, "tensor in storage '" + storage.key + "' has an overflowing extent");
        if (size > 0) last += (size - 1) * stride;
    }
    if (!empty && last >= storage.numel)
        throw Error(where, "tensor is larger than its storage '" + storage.key + "' (" + std::to_string(storage.numel) +
                               " elements, the tensor reaches element " + std::to_string(last) + ")");
    if (empty) return torch::empty(ref.sizes, torch::TensorOptions().dtype(storage.dtype));
    return storage.data.as_strided(ref.sizes, ref.strides, ref.offset);
}

}  // namespace tl::weights::pickle
