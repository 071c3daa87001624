#include "tl/runtime.h"

#include "compat/torch_compat.h"
#include "tl/version.h"

#include <opencv2/core/version.hpp>

#include <dlfcn.h>
#include <malloc.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace tl {
namespace {

std::once_flag g_allocatorOnce;
bool g_allocatorConfigured = false;

bool envFlag(const char* name) {
    const char* v = std::getenv(name);
    return v && *v && std::string(v) != "0";
}

void configureAllocator() {
    if (envFlag("TL_NO_MALLOPT")) return;
    // Never serve large blocks with mmap: LibTorch would otherwise map and unmap every big tensor and
    // page-fault it in again on each use. Keep freed memory for reuse instead of trimming it at once.
    const bool ok = mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
    g_allocatorConfigured = ok;
}

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                auto name = line.substr(colon + 1);
                name.erase(0, name.find_first_not_of(" \t"));
                return name;
            }
        }
    }
    return "CPU";
}

/// OpenBLAS (which Debian's LibTorch calls for matrix products) keeps its own pool of threads that spin
/// beside LibTorch's OpenMP threads: on a small machine they fight over the cores, and a small product (a
/// head on bottleneck features) takes 30 times longer. LibTorch already parallelises around its BLAS calls,
/// so OpenBLAS runs single-threaded inside them (measured: resnet50 at batch 1, 60 -> 41 ms on 2 cores).
/// Returns whether OpenBLAS was found.
bool singleThreadedBlas() {
    using SetThreads = void (*)(int);
    if (auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
        set(1);
        return true;
    }
    return false;
}

std::once_flag g_blasOnce;
bool g_blasSingleThreaded = false;

int coreCount() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace

RuntimeInfo initRuntime(const RuntimeOptions& options) {
    if (options.configureAllocator) std::call_once(g_allocatorOnce, configureAllocator);
    std::call_once(g_blasOnce, [] { g_blasSingleThreaded = singleThreadedBlas(); });
    const int threads = options.threads > 0 ? options.threads : coreCount();
    if (at::get_num_threads() != threads) at::set_num_threads(threads);
    return runtimeInfo();
}

RuntimeInfo runtimeInfo() {
    RuntimeInfo info;
    info.appVersion = kVersion;
    info.torchVersion = compat::torchVersion();
    info.opencvVersion = CV_VERSION;
    info.cudaBuild = compat::builtWithCuda();
    info.cudaAvailable = info.cudaBuild && torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    info.device = info.cudaAvailable ? "cuda:0" : "cpu";
    info.deviceName = info.cudaAvailable ? compat::cudaDeviceName(0) : cpuModelName();
    info.intraOpThreads = at::get_num_threads();
    info.cores = coreCount();
    info.allocatorConfigured = g_allocatorConfigured;
    info.blasSingleThreaded = g_blasSingleThreaded;
    return info;
}

void releaseMemory() {
#if defined(TL_WITH_CUDA)
    if (torch::cuda::is_available()) c10::cuda::CUDACachingAllocator::emptyCache();
#endif
    malloc_trim(0);
}

std::string describe(const RuntimeInfo& info) {
    std::ostringstream out;
    out << kApplicationName << ' ' << info.appVersion << '\n'
        << "LibTorch " << info.torchVersion << (info.cudaBuild ? " (CUDA build)" : " (CPU build)") << '\n'
        << "OpenCV " << info.opencvVersion << '\n'
        << "CUDA: " << (info.cudaAvailable ? "available, " + std::to_string(info.cudaDeviceCount) + " device(s)" : std::string("not available"))
        << '\n'
        << "Device: " << info.device << " (" << info.deviceName << ")\n"
        << "Threads: " << info.intraOpThreads << " of " << info.cores << " cores\n"
        << "Allocator: " << (info.allocatorConfigured ? "configured for large tensors" : "glibc defaults") << '\n'
        << "BLAS: " << (info.blasSingleThreaded ? "OpenBLAS, one thread inside LibTorch's" : "as loaded") << '\n';
    return out.str();
}

}  // namespace tl
