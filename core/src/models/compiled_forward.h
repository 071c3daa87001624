#pragma once
// The CPU inference path: a prepared network's forward pass compiled for one input shape.
//
// The forward pass of our C++ modules is traced (torch::jit::tracer) into a TorchScript graph whose weights are
// constants — the graph torch.jit.freeze gives a Python user — and LibTorch's own optimize_for_inference passes
// run on it: convolutions and linear layers become oneDNN ops on blocked (mkldnn) tensors with their weights
// reordered once, ReLU/ReLU6/Hardswish/additions run on those tensors in place, and conversions back to dense
// tensors are inserted before any op oneDNN lacks (so every architecture runs: unsupported parts keep their
// dense kernels). Only float32 on the CPU; the output stays within rounding of the eager forward.
//
// A trace bakes the input shape into the graph (C++ size() calls are plain integers), so a graph serves one
// shape; ForwardCache keeps the most recent few.

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace torch::jit {
struct Code;
struct Graph;
}  // namespace torch::jit

namespace tl::models {

using ForwardFn = std::function<torch::Tensor(const torch::Tensor&)>;

class CompiledForward {
public:
    /// How far the compiled output may be from the eager one, relative to the largest logit (absolute below 1):
    /// oneDNN runs the same convolution kernels as the eager path (measured: identical logits for VGG, ResNet,
    /// Inception, MobileNet v2), but its Hardswish and Sigmoid round differently (MobileNet v3, EfficientNet:
    /// up to 7e-6 on logits of scale 0.03; tst_compiled_forward prints each).
    static constexpr double kTolerance = 1e-4;

    /// Traces `fn` on `example` (float32, CPU), optimises the graph and runs it once on `example`. Throws what
    /// tracing throws, and std::runtime_error when the graph fails on the example or its output is further than
    /// kTolerance from the traced (eager) one.
    CompiledForward(const ForwardFn& fn, const torch::Tensor& example);
    ~CompiledForward();
    CompiledForward(const CompiledForward&) = delete;
    CompiledForward& operator=(const CompiledForward&) = delete;

    /// Runs the graph; `x` must have the example's shape. Safe to call from several threads.
    torch::Tensor operator()(const torch::Tensor& x) const;
    const std::vector<int64_t>& shape() const { return shape_; }
    /// The optimised graph as text (for tests and `DNNL_VERBOSE`-style inspection).
    std::string graphText() const;
    /// How many of the graph's nodes run on oneDNN tensors (prim::mkldnn_convolution, aten::linear on mkldnn ...).
    int mkldnnOps() const { return mkldnnOps_; }

private:
    std::shared_ptr<torch::jit::Graph> graph_;
    std::unique_ptr<torch::jit::Code> code_;
    std::vector<int64_t> shape_;
    int mkldnnOps_ = 0;
};

/// The compiled forward passes of one network, by input shape (the `capacity` most recently used), and the
/// decision whether to use them: CPU, float32, not switched off by TL_INFERENCE=eager, and the compilation for
/// this shape did not fail before (such a shape stays eager; a graph that fails while running makes the whole
/// network eager). The fallbacks print one line on stderr: slower, never a different answer.
class ForwardCache {
public:
    explicit ForwardCache(std::size_t capacity = 2) : capacity_(capacity) {}
    /// `fn(x)` through the compiled graph for x's shape (compiling it on first use), or eagerly.
    torch::Tensor run(const ForwardFn& fn, const torch::Tensor& x);
    void clear();
    /// How many compiled graphs the cache holds.
    std::size_t size();
    /// Whether TL_INFERENCE in the environment asks for the eager path ("eager"); read once per process.
    static bool eagerRequested();

private:
    std::mutex mutex_;
    std::vector<std::shared_ptr<CompiledForward>> entries_;  // most recently used last
    std::vector<std::vector<int64_t>> failedShapes_;
    std::size_t capacity_;
    bool failed_ = false;
};

}  // namespace tl::models
