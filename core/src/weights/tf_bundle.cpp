#include "weights/tf_bundle.h"

#include "weights/checkpoint_reader.h"
#include "weights/crc32c.h"
#include "weights/mapped_file.h"
#include "weights/tf_bundle_table.h"

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

using namespace tf_table;

constexpr char kObjectGraphKey[] = "_CHECKPOINTABLE_OBJECT_GRAPH";

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

    StateDict out;
    std::optional<Header> header;
    std::optional<Shards> shards;
    forEachEntry(MappedFile::open(indexPath), [&](const std::string& key, std::string_view value) {
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
