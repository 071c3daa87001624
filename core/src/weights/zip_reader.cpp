#include "weights/zip_reader.h"

#include "tl/error.h"

#include <cstring>

namespace tl::weights {
namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint64_t kMaxRecords = 1u << 20;

std::uint64_t le(std::string_view bytes, std::size_t at, int width) {
    std::uint64_t v = 0;
    for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(bytes[at + static_cast<std::size_t>(i)]);
    return v;
}

}  // namespace

ZipReader::ZipReader(MappedFilePtr file) : file_(std::move(file)) {
    const std::string& path = file_->path();
    const std::uint64_t size = file_->size();
    if (size < 22) throw Error(path, "not a ZIP archive: too short to hold a ZIP directory (truncated?)");

    // The end-of-directory record sits in the last 22 + 65535 bytes (its comment may follow it).
    const std::uint64_t searchFrom = size > 22 + 65535 ? size - 22 - 65535 : 0;
    const std::string_view tail = file_->bytes(searchFrom, size - searchFrom, "ZIP directory");
    std::int64_t eocd = -1;
    for (std::int64_t i = static_cast<std::int64_t>(tail.size()) - 22; i >= 0; --i) {
        if (le(tail, static_cast<std::size_t>(i), 4) == kEndOfDirectory) {
            eocd = static_cast<std::int64_t>(searchFrom) + i;
            break;
        }
    }
    if (eocd < 0) throw Error(path, "ZIP end-of-directory record not found: the file is truncated or not a ZIP archive");

    const std::string_view end = file_->bytes(static_cast<std::uint64_t>(eocd), 22, "ZIP end-of-directory record");
    std::uint64_t count = le(end, 10, 2);
    std::uint64_t dirSize = le(end, 12, 4);
    std::uint64_t dirOffset = le(end, 16, 4);

    if (count == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF) {
        if (eocd < 20) throw Error(path, "ZIP64 locator missing");
        const std::string_view loc = file_->bytes(static_cast<std::uint64_t>(eocd) - 20, 20, "ZIP64 locator");
        if (le(loc, 0, 4) != kZip64Locator) throw Error(path, "ZIP64 locator missing or corrupt");
        const std::uint64_t end64At = le(loc, 8, 8);
        const std::string_view end64 = file_->bytes(end64At, 56, "ZIP64 end-of-directory record");
        if (le(end64, 0, 4) != kZip64End) throw Error(path, "ZIP64 end-of-directory record corrupt");
        count = le(end64, 32, 8);
        dirSize = le(end64, 40, 8);
        dirOffset = le(end64, 48, 8);
    }
    if (count > kMaxRecords) throw Error(path, "ZIP directory claims " + std::to_string(count) + " records");
    const std::string_view dir = file_->bytes(dirOffset, dirSize, "ZIP central directory");

    std::size_t at = 0;
    for (std::uint64_t n = 0; n < count; ++n) {
        if (at + 46 > dir.size() || le(dir, at, 4) != kDirectoryEntry)
            throw Error(path, "ZIP central directory entry " + std::to_string(n) + " is corrupt");
        const std::uint64_t method = le(dir, at + 10, 2);
        std::uint64_t compressed = le(dir, at + 20, 4);
        std::uint64_t uncompressed = le(dir, at + 24, 4);
        const std::size_t nameLen = le(dir, at + 28, 2);
        const std::size_t extraLen = le(dir, at + 30, 2);
        const std::size_t commentLen = le(dir, at + 32, 2);
        std::uint64_t localOffset = le(dir, at + 42, 4);
        if (at + 46 + nameLen + extraLen + commentLen > dir.size())
            throw Error(path, "ZIP central directory entry " + std::to_string(n) + " runs past the directory");
        std::string name(dir.substr(at + 46, nameLen));

        // ZIP64 extended information: the fields that were 0xFFFFFFFF, in this order.
        std::string_view extra = dir.substr(at + 46 + nameLen, extraLen);
        for (std::size_t e = 0; e + 4 <= extra.size();) {
            const std::uint64_t id = le(extra, e, 2);
            const std::size_t len = le(extra, e + 2, 2);
            if (e + 4 + len > extra.size()) break;
            if (id == 0x0001) {
                std::size_t f = e + 4;
                auto take = [&](std::uint64_t& field) {
                    if (field != 0xFFFFFFFF) return;
                    if (f + 8 > e + 4 + len) throw Error(path, "ZIP64 field of record '" + name + "' is short");
                    field = le(extra, f, 8);
                    f += 8;
                };
                take(uncompressed);
                take(compressed);
                take(localOffset);
            }
            e += 4 + len;
        }
        at += 46 + nameLen + extraLen + commentLen;

        if (method != 0)
            throw Error(path, "record '" + name + "' is compressed (method " + std::to_string(method) + "); torch.save writes records uncompressed");
        if (compressed != uncompressed) throw Error(path, "record '" + name + "' has inconsistent sizes");
        const std::string_view local = file_->bytes(localOffset, 30, "ZIP local header");
        if (le(local, 0, 4) != kLocalHeader) throw Error(path, "local header of record '" + name + "' is corrupt");
        const std::uint64_t dataOffset = localOffset + 30 + le(local, 26, 2) + le(local, 28, 2);
        file_->bytes(dataOffset, compressed, ("record '" + name + "'").c_str());  // bounds check
        if (!records_.emplace(name, Entry{dataOffset, compressed}).second) throw Error(path, "record '" + name + "' appears twice");
        names_.push_back(std::move(name));
    }
}

std::string_view ZipReader::record(const std::string& name) const {
    const auto it = records_.find(name);
    if (it == records_.end()) throw Error(file_->path(), "the archive has no record '" + name + "'");
    return file_->bytes(it->second.offset, it->second.size, "record");
}

std::uint64_t ZipReader::offsetOf(const std::string& name) const {
    const auto it = records_.find(name);
    if (it == records_.end()) throw Error(file_->path(), "the archive has no record '" + name + "'");
    return it->second.offset;
}

}  // namespace tl::weights
