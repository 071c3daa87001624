#include "weights/tf_bundle_table.h"

#include "weights/crc32c.h"

#include "tl/error.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <limits>

namespace tl::weights::tf_table {

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

namespace {

constexpr std::uint64_t kHandlesSize = 40;
constexpr std::uint64_t kBlockTrailerSize = 5;
constexpr std::int64_t kMaxShards = 100000;
constexpr std::size_t kMaxKeyBytes = 64 * 1024;
constexpr std::size_t kMaxDims = 64;
constexpr std::int64_t kReaderVersion = 1;  // TensorFlow's kTensorBundleVersion

// ---------------------------------------------------------------------------------------------------
// Bytes

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
        value = tf_table::fixed32(rest_.data());
        rest_.remove_prefix(4);
        return true;
    }
    bool fixed64(std::uint64_t& value) {
        if (rest_.size() < 8) return false;
        value = tf_table::fixed64(rest_.data());
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

}  // namespace

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

void forEachEntry(const MappedFilePtr& index, const std::function<void(const std::string& key, std::string_view value)>& fn) {
    Table(index).forEach(fn);
}

}  // namespace tl::weights::tf_table
