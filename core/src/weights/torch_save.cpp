#include "weights/torch_save.h"

#include "io/atomic_file.h"
#include "tl/error.h"

#include <caffe2/serialize/inline_container.h>

#include <cstdint>
#include <cstring>
#include <limits>

namespace tl::weights {

namespace {

/// The few pickle opcodes (protocol 2) a state dict needs.
class PickleWriter {
public:
    PickleWriter() { raw("\x80\x02", 2); }  // PROTO 2

    void global(const std::string& module, const std::string& name) { text("c" + module + "\n" + name + "\n"); }
    void mark() { text("("); }
    void tuple() { text("t"); }
    void emptyTuple() { text(")"); }
    void reduce() { text("R"); }
    void setItems() { text("u"); }
    void binPersId() { text("Q"); }
    void newFalse() { text("\x89"); }
    void stop() { text("."); }

    void string(const std::string& s) {
        text("X");
        u32(static_cast<std::uint32_t>(s.size()));
        text(s);
    }

    void integer(std::int64_t v) {
        if (v >= 0 && v < 256) {
            text("K");
            out_.push_back(static_cast<char>(v));
        } else if (v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max()) {
            text("J");
            u32(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
        } else {  // LONG1: 8 little-endian two's-complement bytes
            out_.push_back('\x8a');
            out_.push_back('\x08');
            for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
        }
    }

    void intTuple(c10::IntArrayRef values) {
        mark();
        for (const auto v : values) integer(v);
        tuple();
    }

    /// collections.OrderedDict() on the stack.
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        emptyTuple();
        reduce();
    }

    const std::string& bytes() const { return out_; }

private:
    void raw(const char* p, std::size_t n) { out_.append(p, n); }
    void text(const std::string& s) { out_ += s; }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    std::string out_;
};

const char* storageType(torch::ScalarType t, const std::string& path, const std::string& key) {
    switch (t) {
        case torch::kFloat32: return "FloatStorage";
        case torch::kFloat64: return "DoubleStorage";
        case torch::kFloat16: return "HalfStorage";
        case torch::kBFloat16: return "BFloat16Storage";
        case torch::kInt64: return "LongStorage";
        case torch::kInt32: return "IntStorage";
        case torch::kInt16: return "ShortStorage";
        case torch::kInt8: return "CharStorage";
        case torch::kUInt8: return "ByteStorage";
        case torch::kBool: return "BoolStorage";
        default: throw Error(path, "cannot save '" + key + "': no torch storage type for " + std::string(c10::toString(t)));
    }
}

}  // namespace

void writeTorchSave(const std::string& path, const StateDict& dict) {
    std::vector<torch::Tensor> data;
    data.reserve(dict.size());
    PickleWriter p;
    p.emptyOrderedDict();
    p.mark();
    for (std::size_t i = 0; i < dict.size(); ++i) {
        const auto& [key, tensor] = dict[i];
        const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        p.string(key);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        // the storage, as a persistent id: ('storage', torch.XStorage, 'N', 'cpu', numel)
        p.mark();
        p.string("storage");
        p.global("torch", storageType(t.scalar_type(), path, key));
        p.string(std::to_string(i));
        p.string("cpu");
        p.integer(t.numel());
        p.tuple();
        p.binPersId();
        p.integer(0);  // storage offset
        p.intTuple(t.sizes());
        p.intTuple(t.strides());
        p.newFalse();          // requires_grad
        p.emptyOrderedDict();  // backward hooks
        p.tuple();
        p.reduce();
        data.push_back(t);
    }
    p.setItems();
    p.stop();

    io::AtomicFile out(path);
    try {
        caffe2::serialize::PyTorchStreamWriter zip([&out](const void* bytes, std::size_t n) {
            out.write(bytes, n);
            return n;
        });
        zip.writeRecord("data.pkl", p.bytes().data(), p.bytes().size());
        for (std::size_t i = 0; i < data.size(); ++i)
            zip.writeRecord("data/" + std::to_string(i), data[i].data_ptr(), static_cast<std::size_t>(data[i].numel()) * data[i].element_size());
        zip.writeEndOfFile();
    } catch (const c10::Error& e) {
        throw Error(path, std::string("cannot write: ") + e.what_without_backtrace());
    }
    out.commit();
}

}  // namespace tl::weights
