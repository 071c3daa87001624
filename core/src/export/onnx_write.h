#pragma once
// The libonnx half of the ONNX export (no LibTorch): the traced nodes (onnx_ir.h) become a ModelProto with its
// inputs, outputs and metadata, checked by ONNX's checker and shape inference, serialised. Optionally the
// weights are stored as float16 (cast to float32 inside the graph) and the input is the raw uint8 RGB crop
// (NHWC) with the recipe's normalisation inside the graph.

#include "export/onnx_ir.h"
#include "tl/catalog.h"

#include <string>
#include <utility>
#include <vector>

namespace tl::onnx_export {

/// The opset written. 13: the lowest the deployments we check against all read (OpenCV DNN 4.6 is the oldest),
/// with single-axis Softmax and Clip's bounds as inputs; Hardswish (opset 14) is written as x · HardSigmoid(x).
constexpr int kOpset = 13;

struct WriteOptions {
    bool float16 = false;   ///< weights stored as float16, computed in float32
    bool rawInput = false;  ///< input "image": uint8 [N, size, size, 3] RGB, normalised inside the graph
    Preprocessing recipe;   ///< what the normalisation does (rawInput) and what the metadata says
    std::vector<std::string> classes;
    std::vector<std::pair<std::string, std::string>> metadata;  ///< more key/value pairs
    std::string docString;
};

struct Written {
    std::string bytes;  ///< the serialised ModelProto
    std::size_t nodes = 0;
    std::size_t initializers = 0;
    std::string inputName;
};

/// Builds, checks (onnx::checker, strict shape inference) and serialises the model. Throws tl::Error when the
/// checker refuses it.
Written buildOnnx(const onnxir::Graph& graph, const WriteOptions& options);

/// The model at `path` with its float16 initializers widened to float32 (exactly: every float16 is a float32), for
/// readers without float16 tensors (OpenCV DNN 4.6): the same arithmetic as the file's. Empty when the file has
/// no float16 tensor. Throws tl::Error when the file cannot be read or parsed.
std::string widenFloat16(const std::string& path);

/// The metadata written for `recipe` (recipe JSON, input layout, classes), also for the sidecar and the parity report.
std::vector<std::pair<std::string, std::string>> recipeMetadata(const Preprocessing& recipe, const std::vector<std::string>& classes, bool rawInput);

}  // namespace tl::onnx_export
