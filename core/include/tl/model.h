#pragma once
// A network of the catalog, held behind a torch-free interface for the CLI and the GUI: build it,
// load weights into it (reporting what did not fit, by name), replace its head, list its layers and
// summarise it Keras-style. The LibTorch module lives inside core.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tl {

struct ModelSpec;

/// The head a network is trained with (a train config's "head", recorded in its model file).
struct HeadConfig {
    std::string kind = "linear";  ///< "linear", or "mlp": Flatten → Dense(hidden, ReLU) → Dropout → Dense(C)
    int hidden = 256;             ///< 1 to kMaxHiddenUnits
    double dropout = 0.5;         ///< at least 0 and below 1
};

/// The widest hidden layer of an MLP head, in train configs, model files and setMlpHead: 64 times the
/// Keras tutorials' 256 and 16 times VGG's 4096-unit layers, yet at most 6.6 GB of weights on the widest
/// features (25,088) instead of the 16 GB and up a damaged file could ask for.
inline constexpr int kMaxHiddenUnits = 65536;

struct LayerInfo {
    std::string path;                       ///< module path as in torchvision ("layer4.2.conv3"); "" is the model itself
    std::string type;                       ///< "Conv2d", "BatchNorm2d", "Bottleneck"...
    int depth = 0;                          ///< 0 for the model, 1 for its children, ...
    bool leaf = false;                      ///< has no child modules
    std::int64_t params = 0;                ///< parameters in this module and below
    std::int64_t trainableParams = 0;       ///< of which requires_grad
    std::vector<std::int64_t> outputShape;  ///< filled by summary(); empty when not called
};

struct ModelSummary {
    std::string arch;
    std::vector<std::int64_t> inputShape;  ///< [1, 3, H, W]
    std::vector<LayerInfo> layers;         ///< every module, in torchvision's order
    std::int64_t total = 0;
    std::int64_t trainable = 0;
    std::int64_t nonTrainable = 0;
    /// Multiply-adds of one image of inputShape through every convolution and fully connected layer (the
    /// "FLOPs" of torchvision's documentation and of the papers' tables).
    std::int64_t macs = 0;
};

struct WeightsLoad {
    std::string source;
    std::size_t loaded = 0;
    std::vector<std::string> skipped;  ///< head tensors left out because the head was replaced
    std::string message;               ///< what happened, in one paragraph
};

class Model {
public:
    /// Architecture `arch` with random weights (torchvision's initialisation) and `classes` outputs;
    /// `transformInput`: Inception v3's torchvision transform_input (on for its pretrained weights).
    static Model create(const std::string& arch, int classes = 1000, bool transformInput = false);
    /// A catalog model: `spec`'s architecture, its weights read from `weightsPath`. When `classes`
    /// differs from the spec's, the head is replaced and its tensors in the file are skipped, and the
    /// load report says so. Throws tl::Error naming the file and every missing, unexpected or
    /// mismatched key when the file does not fit.
    static Model fromCatalog(const ModelSpec& spec, const std::string& weightsPath, int classes = 0);

    const std::string& arch() const;
    /// Inception v3 re-normalises its input as torchvision's transform_input does (false elsewhere).
    bool transformsInput() const;
    int classes() const;
    int featureDim() const;
    std::int64_t parameterCount() const;
    const WeightsLoad& weightsLoad() const;

    /// The module path of the head ("fc", "classifier.6", ...).
    std::string headPath() const;
    /// Replaces the head by a fresh Linear layer with `classes` outputs.
    void replaceHead(int classes);
    /// Replaces the head by Flatten → Dense(hidden, ReLU) → Dropout(dropout) → Dense(classes()) on the
    /// penultimate features (the Keras tutorials' top); saved under the head's path as nn.Sequential names it.
    void setMlpHead(int hidden, double dropout);
    bool hasMlpHead() const;
    /// Freezes (or unfreezes) every parameter under `path` ("" = the whole model).
    void setTrainable(const std::string& path, bool trainable);

    std::vector<LayerInfo> layers() const;
    /// Output shapes of every layer for one image of `inputSize` (square), plus the totals.
    ModelSummary summary(int inputSize) const;

    /// Moves the model to `device`: "cpu", "cuda", "cuda:N", or "auto" (the first GPU when there is one,
    /// else the CPU). Throws tl::Error when a GPU is asked for and none is usable.
    void setDevice(const std::string& device);
    /// "cpu" or "cuda:N".
    std::string device() const;

    /// Makes the model an inference-only one: eval mode, every parameter frozen, and each BatchNorm folded
    /// into the convolution before it (fewer passes over the activations; the same outputs within float
    /// rounding). Irreversible: such a model must not be trained, and its device is fixed (set it first).
    void prepareForInference();
    bool inferenceOnly() const;

    /// Runs an NCHW float batch (already preprocessed) in eval mode on the model's device and returns the
    /// logits, row-major [N, classes].
    std::vector<float> forward(const std::vector<float>& input, int batch, int height, int width) const;

    struct Impl;
    std::shared_ptr<Impl> impl() const { return impl_; }

private:
    explicit Model(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> impl_;
};

/// Keras-style text table of a summary (layer path, type, output shape, params, trainable, totals).
std::string formatSummary(const ModelSummary& summary, bool leavesOnly = false);

}  // namespace tl
