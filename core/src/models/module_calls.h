#pragma once
// Every module call that run() and runSequential() make while a ShapeTrace is installed can also be told to a
// function of this thread — the ONNX export uses it to name the layer each traced operation belongs to.

#include <torch/torch.h>

#include <functional>

namespace tl::models {

using ModuleCallFn = std::function<void(const torch::nn::Module* module, const torch::Tensor& output)>;

/// Installs `fn` for this thread while it lives (the previous one comes back after).
class ModuleCallHook {
public:
    explicit ModuleCallHook(ModuleCallFn fn);
    ~ModuleCallHook();
    ModuleCallHook(const ModuleCallHook&) = delete;
    ModuleCallHook& operator=(const ModuleCallHook&) = delete;

    /// The function installed on this thread (empty when none).
    static const ModuleCallFn& current();

private:
    ModuleCallFn previous_;
};

}  // namespace tl::models
