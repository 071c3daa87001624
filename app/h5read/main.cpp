// transfer-studio-h5read: reads one Keras HDF5 file for the app, in a process of its own, because libhdf5 1.10
// crashes, hangs and allocates what the file asks on damaged input (docs/security.md).
//
// Started by core (weights/keras_h5.cpp) with the input file open on descriptor 3 and an empty memory file on
// descriptor 4; writes the weights into 4 as safetensors and one JSON line on standard output:
// {"ok":true} or {"ok":false,"error":"..."}. Before it reads a byte it closes every other descriptor and
// limits itself: no core dump, no new descriptor (so no file is opened), address space and CPU time sized by
// the input, output size. The parent adds a wall-clock timeout and turns a crash into a tl::Error.
//
// Usage (by core only): transfer-studio-h5read --limits ADDRESS_SPACE_BYTES CPU_SECONDS

#include "tl/error.h"
#include "weights/keras_h5_read.h"

#include <nlohmann/json.hpp>

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
#define TL_H5READ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_H5READ_ASAN 1
#endif
#endif

namespace {

constexpr int kInput = 3;
constexpr int kOutput = 4;

void report(bool ok, const std::string& error = {}) {
    nlohmann::json j = {{"ok", ok}};
    if (!ok) j["error"] = error;
    const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

bool limit(int resource, rlim_t value) {
    const rlimit r{value, value};
    return ::setrlimit(resource, &r) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4 || std::strcmp(argv[1], "--limits") != 0) {
        std::fprintf(stderr, "transfer-studio-h5read is started by Transfer Studio to read a Keras .h5 file; it is not run by hand\n");
        return 64;
    }
#ifdef TL_H5READ_ASAN
    const unsigned long long addressSpace = 0;  // AddressSanitizer reserves terabytes of shadow memory (asan preset)
#else
    const unsigned long long addressSpace = std::strtoull(argv[2], nullptr, 10);
#endif
    const unsigned long long cpuSeconds = std::strtoull(argv[3], nullptr, 10);
    struct stat out {
    }, st{};
    if (::fstat(kOutput, &out) != 0 || ::fstat(kInput, &st) != 0 || !S_ISREG(st.st_mode)) {
        report(false, "the reader was started without its input and output");
        return 64;
    }
    // Nothing but the input, the output and the standard streams; then no new descriptor at all.
    ::close_range(kOutput + 1, ~0U, 0);
    if (!limit(RLIMIT_CORE, 0) || !limit(RLIMIT_NOFILE, kOutput + 1) || (addressSpace && !limit(RLIMIT_AS, addressSpace)) ||
        (cpuSeconds && !limit(RLIMIT_CPU, cpuSeconds)) || !limit(RLIMIT_FSIZE, static_cast<rlim_t>(st.st_size) * 3 + (64u << 20))) {
        report(false, std::string("the reader cannot limit itself: ") + std::strerror(errno));
        return 70;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    void* data = size ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, kInput, 0) : nullptr;
    if (size && data == MAP_FAILED) {
        report(false, std::string("the file cannot be mapped into memory: ") + std::strerror(errno));
        return 2;
    }
    try {
        const tl::weights::h5::KerasH5 file(data, size);
        tl::weights::h5::writeKerasSafetensors(file, kOutput);
        report(true);
        return 0;
    } catch (const tl::Error& e) {
        report(false, e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        report(false, "reading it needs more memory than the reader's limit allows (the file declares impossible sizes)");
        return 3;
    } catch (const std::exception& e) {
        report(false, e.what());
        return 2;
    }
}
