#pragma once
// Everything that differs between the LibTorch versions we build against lives here:
// Debian's LibTorch 1.13 (CPU) and the CUDA LibTorch 2.x bundled with Python torch on GPU machines.
// Code elsewhere in core calls these helpers and never tests TORCH_VERSION_* itself.

#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/autocast_mode.h>

#include "tl/error.h"

#include <string>

#if defined(TL_WITH_CUDA)
#include <ATen/cuda/CUDAContext.h>
#endif

#define TL_TORCH_AT_LEAST(major, minor) (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

namespace tl::compat {

/// "1.13.0" style version of the LibTorch this binary was compiled against.
inline std::string torchVersion() {
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." + std::to_string(TORCH_VERSION_PATCH);
}

/// True when this build has CUDA kernels (a CUDA LibTorch), whether or not a GPU is present now.
constexpr bool builtWithCuda() {
#if defined(TL_WITH_CUDA)
    return true;
#else
    return false;
#endif
}

/// Name of CUDA device `index`, or an empty string in a CPU-only build or when it cannot be read.
inline std::string cudaDeviceName(int index) {
#if defined(TL_WITH_CUDA)
    if (!torch::cuda::is_available() || index >= static_cast<int>(torch::cuda::device_count())) return {};
    const auto* props = at::cuda::getDeviceProperties(index);
    return props ? std::string(props->name) : std::string();
#else
    (void)index;
    return {};
#endif
}

/// "cpu", "cuda", "cuda:N" or "auto" (the first GPU when one is usable, else the CPU) as a device. Throws
/// tl::Error for anything else, and when a GPU is asked for that this build or machine does not have.
inline torch::Device parseDevice(const std::string& name) {
    if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (name == "cpu") return torch::Device(torch::kCPU);
    if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
        int index = 0;
        if (name.size() > 5) {
            try {
                std::size_t used = 0;
                index = std::stoi(name.substr(5), &used);
                if (used != name.size() - 5 || index < 0) throw std::invalid_argument(name);
            } catch (const std::exception&) {
                throw Error("device", "'" + name + "' is not a device (cpu, cuda, cuda:N or auto)");
            }
        }
        if (!builtWithCuda()) throw Error("device", "'" + name + "' asked for, but this build has no CUDA support (CPU only)");
        if (!torch::cuda::is_available() || index >= static_cast<int>(torch::cuda::device_count()))
            throw Error("device", "'" + name + "' asked for, but no such CUDA GPU is usable on this machine");
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    throw Error("device", "'" + name + "' is not a device (cpu, cuda, cuda:N or auto)");
}

/// Turns autocast (mixed precision) on or off for one device type, with the reduced dtype to use.
/// 2.4 replaced the per-device functions (set_enabled / set_cpu_enabled) by device-typed ones.
inline void setAutocast(c10::DeviceType device, bool enabled, c10::ScalarType dtype) {
#if TL_TORCH_AT_LEAST(2, 4)
    at::autocast::set_autocast_enabled(device, enabled);
    at::autocast::set_autocast_dtype(device, dtype);
#else
    if (device == c10::DeviceType::CUDA) {
        at::autocast::set_enabled(enabled);
        at::autocast::set_autocast_gpu_dtype(dtype);
    } else {
        at::autocast::set_cpu_enabled(enabled);
        at::autocast::set_autocast_cpu_dtype(dtype);
    }
#endif
    if (!enabled) at::autocast::clear_cache();
}

inline bool autocastEnabled(c10::DeviceType device) {
#if TL_TORCH_AT_LEAST(2, 4)
    return at::autocast::is_autocast_enabled(device);
#else
    return device == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

inline c10::ScalarType autocastDtype(c10::DeviceType device) {
#if TL_TORCH_AT_LEAST(2, 4)
    return at::autocast::get_autocast_dtype(device);
#else
    return device == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
#endif
}

/// RAII: autocast on for the lifetime of the guard, restored to its previous state after.
class AutocastGuard {
public:
    AutocastGuard(c10::DeviceType device, bool enabled, c10::ScalarType dtype)
        : device_(device), wasEnabled_(autocastEnabled(device)), oldDtype_(autocastDtype(device)) {
        // Off, the dtype stays what it was: CPU autocast refuses fp16 as its dtype even when it is off.
        setAutocast(device_, enabled, enabled ? dtype : oldDtype_);
    }
    ~AutocastGuard() { setAutocast(device_, wasEnabled_, oldDtype_); }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    c10::DeviceType device_;
    bool wasEnabled_;
    c10::ScalarType oldDtype_;
};

}  // namespace tl::compat
