#pragma once
// Writes a file so that readers see either the old content or the complete new one, never a torn
// file: data goes to a hidden temporary file beside the target (".NAME.tmp-XXXXXX", mode 0644), is flushed to
// disk (fsync), and is renamed over the target on commit(), after which the folder is synced too. Without
// commit() the temporary file is removed. Every file the app writes whole goes through here: model files, run
// files, imported weights, Keras exports (a library that opens files by name writes to tempPath()).

#include <cstddef>
#include <string>

namespace tl::io {

class AtomicFile {
public:
    /// Whether the app writes through write() (Descriptor) or a library writes the file at tempPath() itself
    /// (ByPath: HDF5's H5Fcreate, say), before commit().
    enum class Mode { Descriptor, ByPath };

    /// Creates the temporary file; throws tl::Error naming `path` when its folder is not writable.
    explicit AtomicFile(std::string path, Mode mode = Mode::Descriptor);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& path() const { return path_; }
    const std::string& tempPath() const { return temp_; }
    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    /// fsync, rename over the target, fsync the folder.
    void commit();

private:
    std::string path_;
    std::string temp_;
    int fd_ = -1;
    bool done_ = false;
};

/// Moves the finished file `from` over `to` for good: fsync `from`, rename, fsync the folder. Throws tl::Error
/// naming `to`. AtomicFile::commit and the resumable download's last step both end here.
void moveIntoPlace(const std::string& from, const std::string& to);

}  // namespace tl::io
