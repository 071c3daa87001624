#include "weights/mapped_file.h"

#include "tl/error.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tl::weights {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(path, std::string("cannot open: ") + std::strerror(errno));
    try {
        auto file = map(fd, path);
        ::close(fd);
        return file;
    } catch (...) {
        ::close(fd);
        throw;
    }
}

std::shared_ptr<const MappedFile> MappedFile::map(int fd, const std::string& label) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) throw Error(label, "not a regular file");
    std::shared_ptr<MappedFile> file(new MappedFile);
    file->path_ = label;
    file->size_ = static_cast<std::size_t>(st.st_size);
    if (file->size_ > 0) {
        // Private and writable: a caller may modify a tensor made from the map; the file never changes.
        void* p = ::mmap(nullptr, file->size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) throw Error(label, std::string("cannot map into memory: ") + std::strerror(errno));
        ::madvise(p, file->size_, MADV_SEQUENTIAL);
        file->data_ = static_cast<const std::uint8_t*>(p);
    }
    return file;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

std::string_view MappedFile::bytes(std::uint64_t offset, std::uint64_t length, const char* what) const {
    if (offset > size_ || length > size_ - offset) {
        throw Error(path_, std::string(what) + " at offset " + std::to_string(offset) + " with " + std::to_string(length) +
                               " bytes runs past the end of the file (" + std::to_string(size_) + " bytes): the file is truncated or corrupt");
    }
    return {reinterpret_cast<const char*>(data_) + offset, static_cast<std::size_t>(length)};
}

}  // namespace tl::weights
