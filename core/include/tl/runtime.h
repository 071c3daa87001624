#pragma once
// Process-wide set-up of the engine, done once at start-up by every executable (GUI, CLI, tests, benches):
// the allocator and LibTorch's thread pool. Also what the About box and `info` report.

#include <string>

namespace tl {

struct RuntimeOptions {
    /// Intra-op threads for LibTorch; 0 means one per core of this machine.
    int threads = 0;
    /// Keep large tensors in the heap instead of one mmap/munmap per allocation (glibc's default),
    /// which costs LibTorch 3-16x on batched work. The environment variable TL_NO_MALLOPT=1 turns it off
    /// (benchmarks use that to measure the difference).
    bool configureAllocator = true;
};

struct RuntimeInfo {
    std::string appVersion;
    std::string torchVersion;  ///< the LibTorch compiled against, e.g. "1.13.0"
    std::string opencvVersion;
    bool cudaBuild = false;      ///< LibTorch has CUDA kernels
    bool cudaAvailable = false;  ///< and a usable GPU is present
    int cudaDeviceCount = 0;
    std::string device;      ///< the default compute device: "cpu" or "cuda:0"
    std::string deviceName;  ///< the CPU model or the GPU name
    int intraOpThreads = 0;
    int cores = 0;
    bool allocatorConfigured = false;
    bool blasSingleThreaded = false;  ///< OpenBLAS's own thread pool turned off (LibTorch's threads use the cores)
};

/// Configures the allocator and LibTorch's threads. Call first thing in main(); later calls only
/// change the thread count (the allocator is set once).
RuntimeInfo initRuntime(const RuntimeOptions& options = {});

/// The current state, without changing anything.
RuntimeInfo runtimeInfo();

/// Hands free heap memory back to the system (call after a model is unloaded: with the allocator
/// configured, glibc keeps freed memory for reuse until asked).
void releaseMemory();

/// Multi-line human-readable summary ("LibTorch 1.13.0 (CPU)\nDevice: cpu, ...").
std::string describe(const RuntimeInfo& info);

}  // namespace tl
