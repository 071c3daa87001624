#pragma once
// Reads the directory of a ZIP archive as torch.save writes it (records stored uncompressed, ZIP64 when
// large). Every offset and size is checked against the file; compressed records are refused.

#include "weights/mapped_file.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tl::weights {

class ZipReader {
public:
    explicit ZipReader(MappedFilePtr file);

    /// Record names in directory order.
    const std::vector<std::string>& names() const { return names_; }
    bool has(const std::string& name) const { return records_.count(name) != 0; }
    /// The stored bytes of a record; throws tl::Error naming the record when it is absent.
    std::string_view record(const std::string& name) const;
    /// Offset of the record's data in the file.
    std::uint64_t offsetOf(const std::string& name) const;

private:
    struct Entry {
        std::uint64_t offset = 0;
        std::uint64_t size = 0;
    };
    MappedFilePtr file_;
    std::vector<std::string> names_;
    std::map<std::string, Entry> records_;
};

}  // namespace tl::weights
