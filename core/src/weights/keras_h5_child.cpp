// The parent half of reading a Keras HDF5 file: libhdf5 runs in transfer-studio-h5read (app/h5read), a child
// process under resource limits, and hands back safetensors in a memory file. Whatever the file does to
// libhdf5 there (a crash, a hang, an allocation the file dictates) ends as a tl::Error here.

#include "io/child_process.h"
#include "tl/error.h"
#include "weights/keras_h5.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace tl::weights {

namespace {

constexpr const char* kHelper = "transfer-studio-h5read";
const std::string kDamaged = ": the file is damaged or not a Keras file";

using Fd = io::OwnedFd;

/// The helper beside the running executable; in a build tree, where CMake put it. TL_H5READ overrides both.
std::string helperPath() {
    if (const char* env = std::getenv("TL_H5READ"); env && *env) return env;
    std::vector<std::string> tried;
    const std::string dir = io::executableDir();
    if (!dir.empty()) tried.push_back(dir + "/" + kHelper);
#ifdef TL_H5READ_BUILD_PATH
    tried.push_back(TL_H5READ_BUILD_PATH);
#endif
    for (const auto& path : tried)
        if (::access(path.c_str(), X_OK) == 0) return path;
    throw Error(kHelper, "is missing (looked for " + (tried.empty() ? std::string("it beside the app") : tried.front()) +
                             "): it reads Keras .h5 files for the app; reinstall Transfer Studio");
}

/// How long the reader may take: generous for libhdf5's speed (hundreds of MB/s), short for a hang.
std::chrono::milliseconds wallLimit(std::uint64_t size) {
    if (const char* env = std::getenv("TL_H5READ_TIMEOUT_MS"); env && *env) return std::chrono::milliseconds(std::strtoll(env, nullptr, 10));
    return std::chrono::milliseconds(20000 + size / 25000);  // 20 s + 40 ms per MB
}

std::string seconds(std::uint64_t ms) { return std::to_string((ms + 999) / 1000) + " s"; }

}  // namespace

KerasChildOutput readKerasInChild(const std::string& path) {
    Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) throw Error(path, std::string("cannot be opened: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) throw Error(path, "not a regular file");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    char head[8] = {};
    if (::pread(in.fd, head, 8, 0) != 8 || std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) != 0)
        throw Error(path, "not an HDF5 file (a Keras .h5 file starts with HDF5's signature)");
    Fd out{::memfd_create("transfer-studio-keras", MFD_CLOEXEC)};
    if (out.fd < 0) throw Error(path, std::string("no memory for reading it: ") + std::strerror(errno));

    // Address space: the input and output maps, and libhdf5's own working memory; CPU: far above its speed.
    const std::uint64_t addressSpace = (1ull << 30) + 3 * size;
    const std::uint64_t cpuSeconds = 30 + size / (20u << 20);
    std::vector<std::string> env = {"HDF5_PLUGIN_PRELOAD=::", "HDF5_USE_FILE_LOCKING=FALSE"};
    for (const char* pass : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
        if (const char* value = std::getenv(pass)) env.push_back(std::string(pass) + "=" + value);
    const auto timeout = wallLimit(size);
    const io::ChildResult r =
        io::runChild(helperPath(), {"--limits", std::to_string(addressSpace), std::to_string(cpuSeconds)}, {{in.fd, 3}, {out.fd, 4}}, env, timeout);

    if (r.timedOut)
        throw Error(path, "the HDF5 library did not finish reading it within " + seconds(static_cast<std::uint64_t>(timeout.count())) +
                              " and was stopped" + kDamaged);
    if (r.signal == SIGXCPU)
        throw Error(path, "the HDF5 library spent more than " + std::to_string(cpuSeconds) + " s of CPU time reading it and was stopped" + kDamaged);
    if (r.signal == SIGXFSZ) throw Error(path, "the HDF5 library produced more data than the file can hold and was stopped" + kDamaged);
    if (r.signal != 0) throw Error(path, "the HDF5 library crashed reading it (" + io::signalText(r.signal) + ")" + kDamaged);
    if (r.errTail.find("Sanitizer") != std::string::npos)
        throw Error(path, "the HDF5 library made a memory error reading it (caught by the sanitizer of this build)" + kDamaged);
    nlohmann::json status;
    try {
        status = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    } catch (const nlohmann::json::exception&) {}
    if (r.exitCode == 0 && status.is_object() && status.value("ok", false)) return {MappedFile::map(out.fd, path), MappedFile::map(in.fd, path)};
    if (status.is_object() && status.contains("error") && status["error"].is_string()) throw Error(path, status["error"].get<std::string>());
    std::string detail = r.errTail.substr(r.errTail.find_last_of('\n', r.errTail.size() > 1 ? r.errTail.size() - 2 : 0) + 1);
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
    throw Error(path, "the HDF5 reader failed (exit code " + std::to_string(r.exitCode) + ")" + (detail.empty() ? "" : ": " + detail));
}

}  // namespace tl::weights
