#include "weights/tf_bundle.h"

#include "weights/checkpoint_reader.h"
#include "weights/crc32c.h"
#include "weights/mapped_file.h"

#include "tl/error.h"

#include <sys/stat.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

// The format, as TensorFlow documents it (tensorflow/core/util/tensor_bundle/tensor_bundle.h and .proto,
// tensorflow/core/lib/io/format.h, LevelDB's doc/table_format.md):
//
// PREFIX.index is a table: data blocks, a metaindex block, an index block, then a 48-byte footer (two
// block handles — varint64 offset and size — padded to 40 bytes, then the magic number). Every block is
// followed by a 5-byte trailer: its compression type and the masked CRC-32C of the block and that byte.
// A block is a run of entries (varint32 shared key bytes, varint32 unshared key bytes, varint32 value
// bytes, the unshared key bytes, the value), then an array of uint32 restart offsets (entries whose key
// is stored whole) and their count. The index block maps a key at or past each data block's last key
// to that block's handle. The table's first key is "" with a BundleHeaderProto; every other key is a
// tensor name with a BundleEntryProto saying where in which PREFIX.data-SSSSS-of-NNNNN shard its bytes
// are, their dtype, shape and masked CRC-32C.

namespace tl::weights {
namespace {

constexpr std::uint64_t kTableMagic = 0xdb4775248b80fb57ull;
constexpr std::uint64_t kFooterSize = 48;
constexpr std::uint64_t kHandlesSize = 40;
constexpr std::uint64_t kBlockTrailerSize = 5;
constexpr std::int64_t kMaxShards = 100000;
constexpr std::size_t kMaxKeyBytes = 64 * 1024;
constexpr std::size_t kMaxDims = 64;
constexpr std::int64_t kReaderVersion = 1;  // TensorFlow's kTensorBundleVersion
constexpr char kObjectGraphKey[] = "_CHECKPOINTABLE_OBJECT_GRAPH";
// The fuzz preset's builds (tests/fuzz) skip the CRC-32C checks, which libFuzzer cannot get past; every other
// build refuses a mismatch.
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
constexpr bool kCheckCrc = false;
#else
constexpr bool kCheckCrc = true;
#endif

// ---------------------------------------------------------------------------------------------------
// Names and paths

bool isRegularFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool endsWith(std::string_view s, std::string_view suffix) { return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix; }

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// `path` without ".index" or ".data-<digits>-of-<digits>", when it ends with one.
std::optional<std::string> withoutBundleSuffix(const std::string& path) {
    if (endsWith(path, ".index")) return path.substr(0, path.size() - 6);
    const std::size_t at = path.rfind(".data-");
    if (at == std::string::npos) return std::nullopt;
    const std::string_view rest = std::string_view(path).substr(at + 6);
    const std::size_t of = rest.find("-of-");
    if (of == std::string_view::npos || !allDigits(rest.substr(0, of)) || !allDigits(rest.substr(of + 4))) return std::nullopt;
    return path.substr(0, at);
}

std::optional<std::string> findPrefix(const std::string& pathOrPrefix) {
    if (auto stripped = withoutBundleSuffix(pathOrPrefix); stripped && isRegularFile(*stripped + ".index")) return stripped;
    if (isRegularFile(pathOrPrefix + ".index")) return pathOrPrefix;
    return std::nullopt;
}

std::string shardPath(const std::string& prefix, std::int64_t shard, std::int64_t numShards) {
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, ".data-%05" PRId64 "-of-%05" PRId64, shard, numShards);
    return prefix + suffix;
}

/// A key as it can be shown in a message: control bytes escaped.
std::string printable(std::string_view key) {
    std::string out;
    for (const char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else {
            out += c;
        }
    }
    return out;
}

std::string hex32(std::uint32_t v) {
    char s[16];
    std::snprintf(s, sizeof s, "0x%08" PRIx32, v);
    return s;
}

// ---------------------------------------------------------------------------------------------------
// Bytes

std::uint32_t fixed32(const char* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);  // the format is little-endian, as are the hosts we build for
    return v;
}

std::uint64_t fixed64(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return v;
}

/// A cursor over bytes; every read is bounded and reports failure instead of reading past the end.
class Cursor {
public:
    explicit Cursor(std::string_view bytes) : rest_(bytes) {}
    bool empty() const { return rest_.empty(); }
    std::size_t remaining() const { return rest_.size(); }

    bool varint64(std::uint64_t& value) {
        value = 0;
        for (int i = 0; i < 10; ++i) {
            if (rest_.empty()) return false;
            const auto byte = static_cast<std::uint8_t>(rest_.front());
            rest_.remove_prefix(1);
            if (i == 9 && byte > 1) return false;  // more than 64 bits
            value |= static_cast<std::uint64_t>(byte & 0x7fu) << (7 * i);
            if ((byte & 0x80u) == 0) return true;
        }
        return false;
    }
    bool varint32(std::uint32_t& value) {
        std::uint64_t v = 0;
        if (!varint64(v) || v > std::numeric_limits<std::uint32_t>::max()) return false;
        value = static_cast<std::uint32_t>(v);
        return true;
    }
    bool fixed32(std::uint32_t& value) {
        if (rest_.size() < 4) return false;
        value = weights::fixed32(rest_.data());
        rest_.remove_prefix(4);
        return true;
    }
    bool fixed64(std::uint64_t& value) {
        if (rest_.size() < 8) return false;
        value = weights::fixed64(rest_.data());
        rest_.remove_prefix(8);
        return true;
    }
    bool bytes(std::uint64_t n, std::string_view& out) {
        if (n > rest_.size()) return false;
        out = rest_.substr(0, static_cast<std::size_t>(n));
        rest_.remove_prefix(static_cast<std::size_t>(n));
        return true;
    }

private:
    std::string_view rest_;
};

// ---------------------------------------------------------------------------------------------------
// Protocol buffers: just the wire format, walked field by field.

enum WireType : std::uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct Field {
    std::uint32_t number = 0;
    std::uint32_t wire = 0;
    std::uint64_t value = 0;  // varint, fixed64 or fixed32
    std::string_view bytes;   // length-delimited
};

class ProtoReader {
public:
    /// `where` and `what` name the message in errors ("x.index: vgg_16/fc8/biases", "BundleEntryProto").
    ProtoReader(std::string_view message, const std::string& where, const char* what) : in_(message), where_(where), what_(what) {}

    bool next(Field& f) {
        if (in_.empty()) return false;
        std::uint64_t tag = 0;
        if (!in_.varint64(tag)) fail("a field tag is truncated");
        if ((tag >> 3) == 0 || (tag >> 3) > 0x1fffffff) fail("field number " + std::to_string(tag >> 3) + " is invalid");
        f.number = static_cast<std::uint32_t>(tag >> 3);
        f.wire = static_cast<std::uint32_t>(tag & 7);
        f.value = 0;
        f.bytes = {};
        bool ok = false;
        std::uint32_t v32 = 0;
        std::uint64_t length = 0;
        switch (f.wire) {
            case kVarint: ok = in_.varint64(f.value); break;
            case kFixed64: ok = in_.fixed64(f.value); break;
            case kFixed32:
                ok = in_.fixed32(v32);
                f.value = v32;
                break;
            case kLengthDelimited: ok = in_.varint64(length) && in_.bytes(length, f.bytes); break;
            default: fail("field " + std::to_string(f.number) + " has unsupported wire type " + std::to_string(f.wire));
        }
        if (!ok) fail("field " + std::to_string(f.number) + " runs past the end of the message");
        return true;
    }

    /// Throws unless `f` has wire type `wire` (a known field of the wrong kind).
    void expect(const Field& f, std::uint32_t wire) const {
        if (f.wire != wire)
            fail("field " + std::to_string(f.number) + " has wire type " + std::to_string(f.wire) + ", expected " + std::to_string(wire));
    }

    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(where_, std::string("malformed ") + what_ + ": " + problem + " (the index file is corrupt)");
    }

private:
    Cursor in_;
    const std::string& where_;
    const char* what_;
};

struct Header {
    std::int64_t numShards = 0;
    std::uint64_t endianness = 0;  // 0 little, 1 big
    std::int64_t minConsumer = 0;
    std::vector<std::int64_t> badConsumers;
};

void readVersion(std::string_view message, const std::string& where, Header& header) {
    ProtoReader in(message, where, "VersionDef");
    Field f;
    while (in.next(f)) {
        if (f.number == 2) {
            in.expect(f, kVarint);
            header.minConsumer = static_cast<std::int64_t>(f.value);
        } else if (f.number == 3 && f.wire == kVarint) {
            header.badConsumers.push_back(static_cast<std::int64_t>(f.value));
        } else if (f.number == 3) {  // packed
            in.expect(f, kLengthDelimited);
            Cursor packed(f.bytes);
            while (!packed.empty()) {
                std::uint64_t v = 0;
                if (!packed.varint64(v)) in.fail("bad_consumers is truncated");
                header.badConsumers.push_back(static_cast<std::int64_t>(v));
            }
        }
    }
}

Header readHeader(std::string_view message, const std::string& where) {
    Header header;
    ProtoReader in(message, where, "BundleHeaderProto");
    Field f;
    while (in.next(f)) {
        switch (f.number) {
            case 1:
                in.expect(f, kVarint);
                header.numShards = static_cast<std::int64_t>(f.value);
                break;
            case 2:
                in.expect(f, kVarint);
                header.endianness = f.value;
                break;
            case 3:
                in.expect(f, kLengthDelimited);
                readVersion(f.bytes, where, header);
                break;
            default: break;  // unknown fields are skipped, as protobuf does
        }
    }
    if (header.endianness == 1) throw Error(where, "the checkpoint was written big-endian: only little-endian checkpoints can be read");
    if (header.endianness != 0) throw Error(where, "unknown endianness " + std::to_string(header.endianness));
    if (header.numShards < 1 || header.numShards > kMaxShards)
        throw Error(where, "an absurd number of shards (" + std::to_string(header.numShards) + "): the index file is corrupt");
    if (header.minConsumer > kReaderVersion)
        throw Error(where, "the checkpoint needs a reader of bundle format version " + std::to_string(header.minConsumer) +
                               " or later; this one reads version " + std::to_string(kReaderVersion));
    if (std::find(header.badConsumers.begin(), header.badConsumers.end(), kReaderVersion) != header.badConsumers.end())
        throw Error(where, "the checkpoint says readers of bundle format version " + std::to_string(kReaderVersion) + " must not read it");
    return header;
}

struct Entry {
    std::uint64_t dtype = 0;
    std::vector<std::int64_t> dims;
    bool unknownRank = false;
    std::int64_t shardId = 0;
    std::int64_t offset = 0;
    std::int64_t size = 0;
    std::uint32_t crc = 0;  // masked
    bool sliced = false;
};

void readShape(std::string_view message, const std::string& where, Entry& entry) {
    ProtoReader in(message, where, "TensorShapeProto");
    Field f;
    while (in.next(f)) {
        if (f.number == 2) {
            in.expect(f, kLengthDelimited);
            if (entry.dims.size() == kMaxDims) in.fail("more than " + std::to_string(kMaxDims) + " dimensions");
            std::int64_t size = 0;
            ProtoReader dim(f.bytes, where, "TensorShapeProto.Dim");
            Field d;
            while (dim.next(d)) {
                if (d.number == 1) {
                    dim.expect(d, kVarint);
                    size = static_cast<std::int64_t>(d.value);
                }
            }
            entry.dims.push_back(size);
        } else if (f.number == 3) {
            in.expect(f, kVarint);
            entry.unknownRank = f.value != 0;
        }
    }
}

Entry readEntry(std::string_view message, const std::string& where) {
    Entry entry;
    ProtoReader in(message, where, "BundleEntryProto");
    Field f;
    while (in.next(f)) {
        switch (f.number) {
            case 1:
                in.expect(f, kVarint);
                entry.dtype = f.value;
                break;
            case 2:
                in.expect(f, kLengthDelimited);
                readShape(f.bytes, where, entry);
                break;
            case 3:
                in.expect(f, kVarint);
                entry.shardId = static_cast<std::int64_t>(f.value);
                break;
            case 4:
                in.expect(f, kVarint);
                entry.offset = static_cast<std::int64_t>(f.value);
                break;
            case 5:
                in.expect(f, kVarint);
                entry.size = static_cast<std::int64_t>(f.value);
                break;
            case 6:
                in.expect(f, kFixed32);
                entry.crc = static_cast<std::uint32_t>(f.value);
                break;
            case 7:
                in.expect(f, kLengthDelimited);
                entry.sliced = true;
                break;
            default: break;
        }
    }
    return entry;
}

// ---------------------------------------------------------------------------------------------------
// DataType (tensorflow/core/framework/types.proto)

std::optional<c10::ScalarType> scalarTypeOf(std::uint64_t dtype) {
    switch (dtype) {
        case 1: return c10::ScalarType::Float;
        case 2: return c10::ScalarType::Double;
        case 3: return c10::ScalarType::Int;
        case 4: return c10::ScalarType::Byte;
        case 5: return c10::ScalarType::Short;
        case 6: return c10::ScalarType::Char;
        case 9: return c10::ScalarType::Long;
        case 14: return c10::ScalarType::BFloat16;
        case 19: return c10::ScalarType::Half;
        default: return std::nullopt;
    }
}

std::string dtypeName(std::uint64_t dtype) {
    static const char* const kNames[] = {
        "DT_INVALID",   "DT_FLOAT",  "DT_DOUBLE",     "DT_INT32", "DT_UINT8",    "DT_INT16",   "DT_INT8",     "DT_STRING",
        "DT_COMPLEX64", "DT_INT64",  "DT_BOOL",       "DT_QINT8", "DT_QUINT8",   "DT_QINT32",  "DT_BFLOAT16", "DT_QINT16",
        "DT_QUINT16",   "DT_UINT16", "DT_COMPLEX128", "DT_HALF",  "DT_RESOURCE", "DT_VARIANT", "DT_UINT32",   "DT_UINT64",
    };
    if (dtype < std::size(kNames)) return kNames[dtype];
    return "DataType " + std::to_string(dtype);
}

std::string shapeText(const std::vector<std::int64_t>& dims) {
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

// ---------------------------------------------------------------------------------------------------
// The table

struct BlockHandle {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

class Table {
public:
    explicit Table(MappedFilePtr file) : file_(std::move(file)), path_(file_->path()) {
        if (file_->size() < kFooterSize)
            throw Error(path_,
                        "only " + std::to_string(file_->size()) + " bytes: too short for a TensorFlow checkpoint index (the file is truncated)");
        const std::string_view footer = file_->bytes(file_->size() - kFooterSize, kFooterSize, "table footer");
        if (fixed64(footer.data() + kHandlesSize) != kTableMagic)
            throw Error(path_,
                        "bad magic number at the end of the file: not a TensorFlow checkpoint index, or the "
                        "file is truncated or corrupt");
        Cursor handles(footer.substr(0, kHandlesSize));
        metaindex_ = handle(handles, "the footer's metaindex handle");
        index_ = handle(handles, "the footer's index handle");
    }

    /// Calls fn(key, value) for every entry in order; checks the keys are strictly increasing.
    template <class F>
    void forEach(F&& fn) {
        block(metaindex_, "the metaindex block");  // checked, not used: bundles have no filters
        const std::string_view index = block(index_, "the index block");
        std::string indexKey, key, previous;
        bool first = true;
        std::size_t blockNumber = 0;
        std::uint64_t keyBytes = 0;
        std::uint64_t dataEnd = 0;
        const std::uint64_t maxKeyBytes = (std::uint64_t{64} << 20) + 16 * std::uint64_t{file_->size()};
        entries(index, "the index block", indexKey, [&](std::string_view handleBytes) {
            Cursor in(handleBytes);
            const std::string what = "data block " + std::to_string(blockNumber++);
            const BlockHandle h = handle(in, "the index entry of " + what);
            // Blocks are written one after the other: overlapping ones would be read (and checksummed) twice.
            if (h.offset < dataEnd)
                throw Error(path_, what + " (offset " + std::to_string(h.offset) + ") overlaps the block before it: the index file is corrupt");
            entries(block(h, what), what, key, [&](std::string_view value) {
                if (!first && key <= previous)
                    throw Error(path_,
                                what + ": key '" + printable(key) + "' does not come after '" + printable(previous) + "': the index file is corrupt");
                keyBytes += key.size();
                if (keyBytes > maxKeyBytes) throw Error(path_, what + ": the keys expand to an absurd size: the index file is corrupt");
                first = false;
                previous = key;
                fn(static_cast<const std::string&>(key), value);
            });
            dataEnd = h.offset + h.size + kBlockTrailerSize;  // block() checked this lies inside the file
            if (!first && previous > indexKey)
                throw Error(path_, what + ": its last key '" + printable(previous) + "' is past its index key '" + printable(indexKey) +
                                       "': the index file is corrupt");
        });
    }

private:
    BlockHandle handle(Cursor& in, const std::string& what) const {
        BlockHandle h;
        if (!in.varint64(h.offset) || !in.varint64(h.size)) throw Error(path_, what + " is malformed: the index file is corrupt");
        return h;
    }

    /// The block's contents, after checking it lies inside the file, its CRC and its compression type.
    std::string_view block(const BlockHandle& h, const std::string& what) const {
        const std::uint64_t limit = file_->size() - kFooterSize;
        if (h.offset > limit || h.size > limit - h.offset || kBlockTrailerSize > limit - h.offset - h.size)
            throw Error(path_, what + " (offset " + std::to_string(h.offset) + ", " + std::to_string(h.size) +
                                   " bytes) lies past the end of the file's " + std::to_string(limit) +
                                   " bytes of blocks: the file is truncated or corrupt");
        const std::string_view all = file_->bytes(h.offset, h.size + kBlockTrailerSize, what.c_str());
        const auto n = static_cast<std::size_t>(h.size);
        const std::uint32_t stored = crc32cUnmask(fixed32(all.data() + n + 1));
        const std::uint32_t actual = crc32cExtend(0, all.data(), n + 1);
        if (kCheckCrc && stored != actual)
            throw Error(path_, "checksum mismatch in " + what + " (offset " + std::to_string(h.offset) + ", CRC-32C " + hex32(stored) + " stored, " +
                                   hex32(actual) + " computed): the index file is corrupt");
        const auto type = static_cast<std::uint8_t>(all[n]);
        if (type == 1)
            throw Error(path_, what +
                                   " is Snappy-compressed, as TensorFlow 1.0 and 1.1 wrote checkpoints: only "
                                   "uncompressed ones can be read (re-save it with TensorFlow 1.2 or later)");
        if (type != 0) throw Error(path_, what + " has unknown compression type " + std::to_string(type));
        return all.substr(0, n);
    }

    /// Calls fn(value) for each entry of `block`, with `key` holding the entry's whole key.
    template <class F>
    void entries(std::string_view block, const std::string& what, std::string& key, F&& fn) const {
        auto corrupt = [&](const std::string& problem) { return Error(path_, what + ": " + problem + ": the index file is corrupt"); };
        if (block.size() < 4) throw corrupt("too short for its restart count");
        const std::uint32_t numRestarts = fixed32(block.data() + block.size() - 4);
        if (numRestarts > (block.size() - 4) / 4)
            throw corrupt(std::to_string(numRestarts) + " restart points do not fit in its " + std::to_string(block.size()) + " bytes");
        const std::size_t restartsAt = block.size() - 4 - 4 * std::size_t{numRestarts};
        auto restart = [&](std::uint32_t i) { return fixed32(block.data() + restartsAt + 4 * std::size_t{i}); };
        if (restartsAt > 0) {
            if (numRestarts == 0) throw corrupt("entries but no restart points");
            for (std::uint32_t i = 0; i < numRestarts; ++i)
                if (restart(i) >= restartsAt || (i > 0 && restart(i) <= restart(i - 1)))
                    throw corrupt("restart point " + std::to_string(i) + " (offset " + std::to_string(restart(i)) + ") is out of range");
        }
        Cursor in(block.substr(0, restartsAt));
        key.clear();
        std::uint32_t nextRestart = 0;
        while (!in.empty()) {
            const std::size_t at = restartsAt - in.remaining();
            const bool isRestart = nextRestart < numRestarts && restart(nextRestart) == at;
            if (isRestart) ++nextRestart;
            std::uint32_t shared = 0, unshared = 0, valueSize = 0;
            if (!in.varint32(shared) || !in.varint32(unshared) || !in.varint32(valueSize))
                throw corrupt("the entry at offset " + std::to_string(at) + " is truncated");
            if (shared > key.size())
                throw corrupt("the entry at offset " + std::to_string(at) + " shares " + std::to_string(shared) + " bytes with a previous key of " +
                              std::to_string(key.size()));
            if ((isRestart || at == 0) && shared != 0)
                throw corrupt("the entry at restart offset " + std::to_string(at) + " shares bytes with a previous key");
            if (std::size_t{shared} + unshared > kMaxKeyBytes)
                throw corrupt("the key at offset " + std::to_string(at) + " is " + std::to_string(std::size_t{shared} + unshared) +
                              " bytes long, absurd for a tensor name");
            std::string_view delta, value;
            if (!in.bytes(unshared, delta) || !in.bytes(valueSize, value))
                throw corrupt("the entry at offset " + std::to_string(at) + " runs past the block's end");
            key.resize(shared);
            key.append(delta);
            fn(value);
        }
        if (restartsAt > 0 && nextRestart != numRestarts)
            throw corrupt("restart point " + std::to_string(nextRestart) + " (offset " + std::to_string(restart(nextRestart)) +
                          ") does not start an entry");
    }

    MappedFilePtr file_;
    std::string path_;
    BlockHandle metaindex_;
    BlockHandle index_;
};

// ---------------------------------------------------------------------------------------------------
// The shards

struct Shard {
    MappedFilePtr file;
    std::uint64_t claimed = 0;  // bytes the entries read so far say are theirs
};

class Shards {
public:
    Shards(std::string prefix, std::int64_t count) : prefix_(std::move(prefix)), count_(count) {}

    Shard& get(std::int64_t id) {
        auto it = open_.find(id);
        if (it != open_.end()) return it->second;
        const std::string path = shardPath(prefix_, id, count_);
        try {
            return open_[id] = Shard{MappedFile::open(path), 0};
        } catch (const Error& e) {
            throw Error(path, "data shard " + std::to_string(id + 1) + " of " + std::to_string(count_) + " of checkpoint " + prefix_ +
                                  " is missing or unreadable (" + e.detail() + ")");
        }
    }

private:
    std::string prefix_;
    std::int64_t count_;
    std::map<std::int64_t, Shard> open_;
};

torch::Tensor readTensor(const std::string& indexPath, const std::string& key, const Entry& entry, Shards& shards, std::int64_t numShards) {
    const std::string where = indexPath + ": " + printable(key);
    if (entry.sliced || (!key.empty() && key.front() == '\0'))
        throw Error(where, "a partitioned (sliced) variable: partitioned checkpoints are not supported");
    const auto dtype = scalarTypeOf(entry.dtype);
    if (!dtype)
        throw Error(where, "tensors of type " + dtypeName(entry.dtype) + " are not supported (float, double, half, bfloat16 and integers are)");
    if (entry.unknownRank) throw Error(where, "the entry's shape has an unknown rank");
    std::int64_t numel = 1;
    for (const std::int64_t d : entry.dims) {
        if (d < 0) throw Error(where, "the shape " + shapeText(entry.dims) + " has a negative dimension: the index file is corrupt");
        if (d > 0 && numel > std::numeric_limits<std::int64_t>::max() / d)
            throw Error(where, "absurd shape " + shapeText(entry.dims) + ": its element count overflows");
        numel *= d;
    }
    const auto element = static_cast<std::int64_t>(c10::elementSize(*dtype));
    if (numel > std::numeric_limits<std::int64_t>::max() / element)
        throw Error(where, "absurd shape " + shapeText(entry.dims) + ": its byte size overflows");
    if (numel * element != entry.size)
        throw Error(where, "size mismatch: shape " + shapeText(entry.dims) + " of " + dtypeName(entry.dtype) + " needs " +
                               std::to_string(numel * element) + " bytes, the entry says " + std::to_string(entry.size) +
                               ": the index file is corrupt");
    if (entry.offset < 0) throw Error(where, "negative offset " + std::to_string(entry.offset) + ": the index file is corrupt");
    if (entry.shardId < 0 || entry.shardId >= numShards)
        throw Error(where, "shard_id " + std::to_string(entry.shardId) + " is out of range: the checkpoint has " + std::to_string(numShards) +
                               (numShards == 1 ? " shard" : " shards"));

    Shard& shard = shards.get(entry.shardId);
    const std::string& shardFile = shard.file->path();
    const std::string inShard = shardFile + ": " + printable(key);
    const auto offset = static_cast<std::uint64_t>(entry.offset);
    const auto size = static_cast<std::uint64_t>(entry.size);
    const std::uint64_t available = shard.file->size();
    if (offset > available || size > available - offset)
        throw Error(inShard, "the index puts its bytes at [" + std::to_string(offset) + ", " + std::to_string(offset + size) +
                                 "), past the end of the shard's " + std::to_string(available) +
                                 " bytes: the shard is truncated or the index corrupt");
    shard.claimed += size;
    if (shard.claimed > available)
        throw Error(inShard, "the index's tensors claim more bytes than the shard's " + std::to_string(available) +
                                 " (overlapping entries): the index file is corrupt");
    const std::string_view bytes = shard.file->bytes(offset, size, "tensor data");
    const std::uint32_t actual = crc32c(bytes);
    if (kCheckCrc && crc32cUnmask(entry.crc) != actual)
        throw Error(inShard, "checksum mismatch: the tensor's bytes are corrupt (CRC-32C " + hex32(crc32cUnmask(entry.crc)) + " in the index, " +
                                 hex32(actual) + " computed)");
    return tensorOverFile(shard.file, offset, *dtype, numel, key).view(entry.dims);
}

bool looksLikeV1Checkpoint(const std::string& path) {
    if (!isRegularFile(path)) return false;
    try {
        const MappedFilePtr file = MappedFile::open(path);
        return file->size() >= kFooterSize && fixed64(reinterpret_cast<const char*>(file->data()) + file->size() - 8) == kTableMagic;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace

bool isTfBundlePrefix(const std::string& pathOrPrefix) { return findPrefix(pathOrPrefix).has_value(); }

std::string tfBundlePrefix(const std::string& pathOrPrefix) {
    if (auto prefix = findPrefix(pathOrPrefix)) return *prefix;
    if (looksLikeV1Checkpoint(pathOrPrefix))
        throw Error(pathOrPrefix,
                    "a TensorFlow V1 checkpoint (one table file, as the 2016 TF-slim downloads are): only V2 "
                    "checkpoints (PREFIX.index with PREFIX.data-* shards) can be read; re-save it with "
                    "TensorFlow as V2 (tf.train.Saver's default since TensorFlow 0.12)");
    const std::string index = withoutBundleSuffix(pathOrPrefix).value_or(pathOrPrefix) + ".index";
    throw Error(pathOrPrefix, "not a TensorFlow checkpoint: " + index + " does not exist");
}

StateDict readTfBundle(const std::string& pathOrPrefix) {
    const std::string prefix = tfBundlePrefix(pathOrPrefix);
    const std::string indexPath = prefix + ".index";
    Table table(MappedFile::open(indexPath));

    StateDict out;
    std::optional<Header> header;
    std::optional<Shards> shards;
    table.forEach([&](const std::string& key, std::string_view value) {
        if (!header) {
            if (!key.empty())
                throw Error(indexPath, "no bundle header (the table's first key is '" + printable(key) + "'): not a TensorFlow V2 checkpoint index");
            header = readHeader(value, indexPath + ": bundle header");
            shards.emplace(prefix, header->numShards);
            return;
        }
        const Entry entry = readEntry(value, indexPath + ": " + printable(key));
        if (key == kObjectGraphKey && entry.dtype == 7) return;  // the object graph of tf.train.Checkpoint: no weights
        out.emplace_back(key, readTensor(indexPath, key, entry, *shards, header->numShards));
    });
    if (!header) throw Error(indexPath, "the index is empty: no bundle header");
    return out;
}

}  // namespace tl::weights
