#pragma once
// A read-only memory map of a whole file. Readers take views into it; tensors made from it keep the map
// alive through a shared_ptr, so a checkpoint is read without copying its bytes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tl::weights {

class MappedFile {
public:
    /// Maps `path`; throws tl::Error naming the file when it cannot be opened or mapped.
    static std::shared_ptr<const MappedFile> open(const std::string& path);
    /// Maps the open descriptor `fd` (a regular or memory file; it may be closed afterwards); `label` names it in
    /// messages. Throws tl::Error naming the label.
    static std::shared_ptr<const MappedFile> map(int fd, const std::string& label);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    const std::string& path() const { return path_; }
    /// Bytes [offset, offset + length); throws tl::Error when that range is not inside the file.
    std::string_view bytes(std::uint64_t offset, std::uint64_t length, const char* what) const;

private:
    MappedFile() = default;
    std::string path_;
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

using MappedFilePtr = std::shared_ptr<const MappedFile>;

}  // namespace tl::weights
