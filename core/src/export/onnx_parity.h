#pragma once
// The check every ONNX export ends with: the written file, loaded by OpenCV DNN, classifies the same images as
// the app's classifier — the same decoded pixels, the same crop — and the probabilities are compared class by
// class. Torch-free.

#include "tl/classifier.h"
#include "tl/onnx_export.h"

#include <functional>
#include <string>
#include <vector>

namespace tl::onnx_export {

/// `float16`: the file stores float16 weights (read widened to float32: OpenCV DNN 4.6 reads no float16 tensor).
/// `progress(done, total)`: returning false cancels (tl::Cancelled).
OnnxParity checkParity(const std::string& onnxPath, const Classifier& app, const std::vector<std::string>& images, bool rawInput, bool float16,
                       double bound, const std::function<bool(std::size_t, std::size_t)>& progress = {});

}  // namespace tl::onnx_export
