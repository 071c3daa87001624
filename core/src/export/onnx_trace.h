#pragma once
// The LibTorch half of the ONNX export: traces a network's forward pass (LibTorch's tracer, on one example
// input) and maps every recorded ATen operation to ONNX operators (opset 13), weights as initializers. An
// operation without a mapping is refused with its layer before anything is written.

#include "export/onnx_ir.h"

#include <torch/torch.h>

#include <functional>

namespace tl::onnx_export {

/// Traces `forward` on one [1, 3, inputSize, inputSize] input. It must run on the CPU in eval mode, BatchNorm
/// folded, parameters not requiring grad. `root` is the network `forward` runs: layers are named by their path in
/// it (the modules it calls through models::run / runSequential).
onnxir::Graph traceToOnnx(const torch::nn::Module& root, const std::function<torch::Tensor(const torch::Tensor&)>& forward, int inputSize);

}  // namespace tl::onnx_export
