#pragma once
// Writes a file so that readers see either the old content or the complete new one, never a torn
// file: data goes to a temporary file beside the target, is flushed to disk (fsync), and is renamed
// over the target on commit(). Without commit() the temporary file is removed.

#include <cstddef>
#include <string>

namespace tl::io {

class AtomicFile {
public:
    /// Creates the temporary file; throws tl::Error naming `path` when its folder is not writable.
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    /// fsync, rename over the target, fsync the folder.
    void commit();

private:
    std::string path_;
    std::string temp_;
    int fd_ = -1;
};

}  // namespace tl::io
