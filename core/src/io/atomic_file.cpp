#include "io/atomic_file.h"

#include "tl/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace tl::io {
namespace {

std::string folderOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string hiddenTempPattern(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    return folder + "." + path.substr(slash == std::string::npos ? 0 : slash + 1) + ".tmp-XXXXXX";
}

void syncFolder(const std::string& path) {
    const int dir = ::open(folderOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;  // best effort: the rename itself has happened
    ::fsync(dir);
    ::close(dir);
}

}  // namespace

AtomicFile::AtomicFile(std::string path, Mode mode) : path_(std::move(path)) {
    std::string pattern = hiddenTempPattern(path_);
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) throw Error(path_, std::string("cannot create a file here: ") + std::strerror(errno));
    temp_ = name.data();
    ::fchmod(fd_, 0644);  // as any file the user saves, not mkstemp's 0600
    if (mode == Mode::ByPath) {
        ::close(fd_);
        fd_ = -1;
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!done_) ::unlink(temp_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
    if (fd_ < 0) throw Error(path_, done_ ? "already committed" : "written by path (AtomicFile::Mode::ByPath), not through write()");
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(path_, std::string("write failed: ") + std::strerror(errno));
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (done_) throw Error(path_, "already committed");
    if (fd_ >= 0) {
        if (::fsync(fd_) != 0) throw Error(path_, std::string("fsync failed: ") + std::strerror(errno));
        ::close(fd_);
        fd_ = -1;
    }
    moveIntoPlace(temp_, path_);
    done_ = true;
}

void moveIntoPlace(const std::string& from, const std::string& to) {
    const int fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(to, std::string("cannot finish writing: ") + std::strerror(errno));
    const int synced = ::fsync(fd);
    const int syncError = errno;
    ::close(fd);
    if (synced != 0) throw Error(to, std::string("fsync failed: ") + std::strerror(syncError));
    if (::rename(from.c_str(), to.c_str()) != 0) throw Error(to, std::string("cannot replace the file: ") + std::strerror(errno));
    syncFolder(to);
}

}  // namespace tl::io
