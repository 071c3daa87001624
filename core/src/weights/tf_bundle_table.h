#pragma once
// The index file of a TensorFlow V2 checkpoint (PREFIX.index): its table (LevelDB's format: blocks, restart
// points, a footer) and the protocol-buffer values in it (BundleHeaderProto, BundleEntryProto), read with every
// offset, length and count checked. Torch-free: what the entries describe is read by weights/tf_bundle.cpp.

#include "weights/mapped_file.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tl::weights::tf_table {

constexpr std::uint64_t kTableMagic = 0xdb4775248b80fb57ull;
constexpr std::uint64_t kFooterSize = 48;
// The fuzz preset's builds (tests/fuzz) skip the CRC-32C checks, which libFuzzer cannot get past; every other
// build refuses a mismatch.
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
constexpr bool kCheckCrc = false;
#else
constexpr bool kCheckCrc = true;
#endif

/// BundleHeaderProto: how many shards, and which readers may read the bundle.
struct Header {
    std::int64_t numShards = 0;
    std::uint64_t endianness = 0;  // 0 little, 1 big
    std::int64_t minConsumer = 0;
    std::vector<std::int64_t> badConsumers;
};

/// BundleEntryProto: where a tensor's bytes are (shard, offset, size), its dtype, shape and checksum.
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

/// The header, version checked against this reader's (tl::Error naming `where` otherwise).
Header readHeader(std::string_view message, const std::string& where);
/// One tensor's entry; tl::Error naming `where` when malformed.
Entry readEntry(std::string_view message, const std::string& where);

/// Calls fn(key, value) for every entry of the index file's table in key order, after checking the footer, each
/// block's place, checksum and compression, and that the keys strictly increase.
void forEachEntry(const MappedFilePtr& index, const std::function<void(const std::string& key, std::string_view value)>& fn);

/// A little-endian 64-bit integer at `p`.
std::uint64_t fixed64(const char* p);
/// A key as it can be shown in a message: control bytes escaped.
std::string printable(std::string_view key);
/// "0x" and eight hex digits.
std::string hex32(std::uint32_t v);

}  // namespace tl::weights::tf_table
