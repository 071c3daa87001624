#include "models/compiled_forward.h"

#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/constant_propagation.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/passes/frozen_conv_add_relu_fusion.h>
#include <torch/csrc/jit/passes/frozen_graph_optimizations.h>
#include <torch/csrc/jit/passes/frozen_linear_transpose.h>
#include <torch/csrc/jit/passes/frozen_ops_to_mkldnn.h>
#include <torch/csrc/jit/runtime/interpreter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace tl::models {

CompiledForward::CompiledForward(const ForwardFn& fn, const torch::Tensor& example) : shape_(example.sizes().vec()) {
    torch::NoGradGuard noGrad;
    auto traced = torch::jit::tracer::trace(
        {example}, [&fn](torch::jit::Stack inputs) { return torch::jit::Stack{fn(inputs.at(0).toTensor())}; },
        [](const torch::autograd::Variable&) { return std::string(); }, /*strict=*/false, /*force_outplace=*/false);
    graph_ = traced.first->graph;
    // What torch.jit.freeze + torch.jit.optimize_for_inference run on a frozen graph (LibTorch 1.13,
    // torch/csrc/jit/api/module.cpp): conv folding with constants, conv + add + relu fusion, oneDNN conversion,
    // linear weights transposed once.
    torch::jit::EliminateDeadCode(graph_);
    torch::jit::OptimizeFrozenGraph(graph_, /*optimize_numerics=*/true);
    torch::jit::FuseFrozenConvAddRelu(graph_);
    torch::jit::ConvertFrozenOpsToMKLDNN(graph_);
    torch::jit::FrozenLinearTranspose(graph_);
    torch::jit::EliminateDeadCode(graph_);
    for (const torch::jit::Node* node : graph_->nodes()) {
        const std::string kind = node->kind().toQualString();
        if (kind.find("mkldnn") != std::string::npos || kind.find("MKLDNN") != std::string::npos) ++mkldnnOps_;
    }
    code_ = std::make_unique<torch::jit::Code>(graph_, "forward");
    // The graph must give the traced (eager) output on the example before it replaces the eager forward: some
    // oneDNN ops refuse shapes their ATen counterparts take (adaptive pooling to a size that does not divide
    // the input, as VGG's 7×7 pool on a small image), and the result must stay within float32 rounding.
    const torch::Tensor expected = traced.second.at(0).toTensor();
    const torch::Tensor got = (*this)(example);
    const double scale = expected.abs().max().item<double>();
    const double diff = got.sizes() == expected.sizes() ? (got - expected).abs().max().item<double>() : INFINITY;
    if (!(diff <= kTolerance * std::max(scale, 1.0)))
        throw std::runtime_error("the compiled forward pass differs from the eager one by " + std::to_string(diff) + " (scale " +
                                 std::to_string(scale) + ")");
}

CompiledForward::~CompiledForward() = default;

torch::Tensor CompiledForward::operator()(const torch::Tensor& x) const {
    torch::NoGradGuard noGrad;
    torch::jit::Stack stack{x};
    torch::jit::InterpreterState(*code_).run(stack);
    return stack.at(0).toTensor();
}

std::string CompiledForward::graphText() const {
    std::ostringstream out;
    out << *graph_;
    return out.str();
}

bool ForwardCache::eagerRequested() {
    static const bool eager = [] {
        const char* v = std::getenv("TL_INFERENCE");
        return v != nullptr && std::string(v) == "eager";
    }();
    return eager;
}

void ForwardCache::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
    failedShapes_.clear();
    failed_ = false;
}

std::size_t ForwardCache::size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

torch::Tensor ForwardCache::run(const ForwardFn& fn, const torch::Tensor& x) {
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat32 || eagerRequested() || !torch::globalContext().userEnabledMkldnn()) return fn(x);
    std::shared_ptr<CompiledForward> compiled;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (failed_ || std::find(failedShapes_.begin(), failedShapes_.end(), x.sizes().vec()) != failedShapes_.end()) return fn(x);
        const auto it = std::find_if(entries_.begin(), entries_.end(), [&x](const auto& e) { return e->shape() == x.sizes().vec(); });
        if (it != entries_.end()) {
            compiled = *it;
            entries_.erase(it);
        } else {
            try {
                compiled = std::make_shared<CompiledForward>(fn, x);
            } catch (const std::exception& e) {
                // Not an error for the user: the eager forward gives the same result, only slower.
                std::cerr << "transfer-studio: no compiled CPU forward pass for input " << x.sizes() << ", using the eager one (" << e.what()
                          << ")\n";
                failedShapes_.push_back(x.sizes().vec());
                return fn(x);
            }
        }
        entries_.push_back(compiled);
        if (entries_.size() > capacity_) entries_.erase(entries_.begin());
    }
    try {
        return (*compiled)(x);
    } catch (const std::exception& e) {
        std::cerr << "transfer-studio: the compiled CPU forward pass failed, using the eager one from now on (" << e.what() << ")\n";
        std::lock_guard<std::mutex> lock(mutex_);
        failed_ = true;
        entries_.clear();
    }
    return fn(x);
}

}  // namespace tl::models
