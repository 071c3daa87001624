#pragma once
// ONNX export of a catalog model or a fine-tuned model file, checked before it is called done: the network the
// app classifies with (BatchNorm folded) is traced and written as ONNX opset 13 by our own code with Debian's
// libonnx (checker and shape inference pass), with the preprocessing recipe and the class names in its metadata,
// a dynamic batch dimension, optionally float16 weights and a raw uint8 RGB input (NHWC) normalised inside the
// graph. Every export then loads the written file in OpenCV DNN and classifies the given images with it and with
// the app: the parity report (top-1 agreement, max and mean |Δ probability|) is kept beside the file as JSON, with
// a README sidecar showing how to run it. Torch-free.

#include "tl/model_ref.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tl {

struct OnnxExportOptions {
    bool float16 = false;   ///< weights stored as float16 (half the file), computed in float32
    bool rawInput = false;  ///< input "image": uint8 [batch, size, size, 3] RGB, the crop before normalisation
    /// The largest |Δ probability| the parity check accepts (float32 against float32: the same arithmetic in
    /// another order). A float16 file is checked against the looser float16Bound.
    double bound = 1e-4;
    double float16Bound = 1e-2;
};

/// The exported file classified beside the app, image by image.
struct OnnxParity {
    std::string runtime;       ///< "OpenCV DNN 4.6.0"
    std::size_t images = 0;    ///< compared
    std::size_t agreeing = 0;  ///< same top-1 class
    double maxAbsDiff = 0.0;   ///< of any class's probability
    double meanAbsDiff = 0.0;
    double bound = 0.0;
    bool passed = false;  ///< every image compared, maxAbsDiff ≤ bound and the same top-1 everywhere
    struct Disagreement {
        std::string file;
        std::string app, exported;  ///< the top-1 class names
        double maxAbsDiff = 0.0;
    };
    std::vector<Disagreement> disagreeing;  ///< images whose top-1 differs or whose difference exceeds the bound
    std::vector<std::string> unreadable;    ///< images that could not be read (left out, with the reason)
};

struct OnnxExport {
    std::string path;     ///< the .onnx file
    std::string sidecar;  ///< its README (Markdown): how to run it in ONNX Runtime and OpenCV DNN
    std::string report;   ///< the parity report (JSON)
    int opset = 0;
    std::string inputName;  ///< "input" (float32 NCHW) or "image" (uint8 NHWC)
    int inputSize = 0;
    std::size_t nodes = 0;
    std::size_t initializers = 0;
    std::uint64_t bytes = 0;
    bool float16 = false;
    OnnxParity parity;
};

/// `done` of `total` steps of `stage` ("tracing", "writing", "checking"); returning false cancels (tl::Cancelled).
using OnnxProgressFn = std::function<bool(const std::string& stage, std::size_t done, std::size_t total)>;

/// Exports `model` (a catalog model needs its weights on this machine) to `path`, then checks it on `checkImages`
/// (image files; none: only the file is checked). Throws tl::Error naming the layer when an operation of the
/// network has no ONNX mapping — before anything is written. Files are written atomically: a failure leaves no
/// partial file. A failed parity check keeps the file and says so in the result and the report.
OnnxExport exportOnnx(const ModelRef& model, const std::string& path, const OnnxExportOptions& options = {},
                      const std::vector<std::string>& checkImages = {}, const OnnxProgressFn& progress = {});

/// The parity report as written beside the file.
std::string onnxReportJson(const OnnxExport& result);

}  // namespace tl
