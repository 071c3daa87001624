#pragma once
// The README written beside an exported ONNX file: what goes in and comes out, the preprocessing in words, the
// parity check's result, and two short programs for that very model — ONNX Runtime in Python and OpenCV DNN in
// C++. Torch-free.

#include "tl/catalog.h"
#include "tl/onnx_export.h"

#include <string>

namespace tl::onnx_export {

struct SidecarFacts {
    std::string fileName;   ///< the .onnx file's name
    std::string modelName;  ///< the catalog name or the model file's name
    std::string arch;
    std::size_t classes = 0;
    Preprocessing recipe;
};

std::string sidecarMarkdown(const SidecarFacts& facts, const OnnxExport& result);

}  // namespace tl::onnx_export
