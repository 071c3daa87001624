#pragma once
// The base of every catalog architecture, and the small helpers the architectures share.
//
// Rules for an architecture (see resnet.cpp for a complete example of the pattern):
//  - Register submodules with the names and in the order torchvision uses, so that
//    named_parameters()/named_buffers() equal torchvision's state_dict keys exactly and
//    named_modules() lists the module tree in torchvision's order.
//  - Call submodules through tl::models::run(...) / runSequential(...), never module->forward(...)
//    directly: a ShapeTrace (used by `summary`) then records every module's output shape.
//  - The head is the final Linear layer; features() is everything below it and returns the flattened
//    penultimate features [N, featureDim()].

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace tl::models {

/// Records the output shape of each module called through run() while it is installed (one per thread).
class ShapeTrace {
public:
    ShapeTrace();
    ~ShapeTrace();
    ShapeTrace(const ShapeTrace&) = delete;
    ShapeTrace& operator=(const ShapeTrace&) = delete;

    void record(const torch::nn::Module* module, const torch::Tensor& output);
    /// The last output shape recorded for `module`, empty when it was not called.
    std::vector<int64_t> shapeOf(const torch::nn::Module* module) const;
    static ShapeTrace* current();

private:
    std::map<const torch::nn::Module*, std::vector<int64_t>> shapes_;
    ShapeTrace* previous_;
};

/// Calls `module` on `x` and records the output shape when a ShapeTrace is installed.
template <typename ModuleHolder>
torch::Tensor run(ModuleHolder& module, const torch::Tensor& x) {
    if constexpr (std::is_same_v<ModuleHolder, torch::nn::BatchNorm2d>) {
        if (module->options.eps() < 0.0) {  // folded into the convolution before it (models/fold.h)
            if (auto* trace = ShapeTrace::current()) trace->record(module.get(), x);
            return x;
        }
    }
    torch::Tensor y = module->forward(x);
    if (auto* trace = ShapeTrace::current()) trace->record(module.get(), y);
    return y;
}

/// Runs a Sequential child by child (recursing into nested Sequentials), recording every child's output
/// and the Sequential's own.
torch::Tensor runSequential(torch::nn::Sequential& seq, torch::Tensor x);

/// A parameter-free module wrapping an elementwise function, with a proper type name for the tree
/// (LibTorch 1.13 has no Hardswish/Hardsigmoid modules).
class ActivationImpl : public torch::nn::Cloneable<ActivationImpl> {
public:
    ActivationImpl(std::string typeName, std::function<torch::Tensor(const torch::Tensor&)> fn)
        : typeName_(std::move(typeName)), fn_(std::move(fn)) {}
    void reset() override {}
    torch::Tensor forward(const torch::Tensor& x) { return fn_(x); }
    void pretty_print(std::ostream& stream) const override { stream << typeName_ << "()"; }
    const std::string& typeName() const { return typeName_; }

private:
    std::string typeName_;
    std::function<torch::Tensor(const torch::Tensor&)> fn_;
};
TORCH_MODULE(Activation);

Activation hardswish();
Activation hardsigmoid();

/// Options shared by every architecture's factory.
struct NetworkOptions {
    int64_t numClasses = 1000;
    /// Inception v3: build the auxiliary classifier (AuxLogits), as torchvision does by default.
    bool auxLogits = true;
    /// Inception v3: torchvision's transform_input (re-normalise ImageNet-normalised input to [-1, 1]);
    /// torchvision turns it on for its pretrained weights.
    bool transformInput = false;
    /// Dropout before the head; negative means the architecture's torchvision default.
    double dropout = -1.0;
};

class Network : public torch::nn::Module {
public:
    explicit Network(std::string arch) : arch_(std::move(arch)) {}

    const std::string& arch() const { return arch_; }

    /// Everything below the head: flattened penultimate features [N, featureDim()].
    virtual torch::Tensor features(const torch::Tensor& x) = 0;
    /// The head (final Linear layer): [N, featureDim()] -> [N, numClasses()].
    virtual torch::Tensor head(const torch::Tensor& features) = 0;
    /// The logits; for Inception v3 in training mode with AuxLogits, also sets auxLogits().
    virtual torch::Tensor forward(const torch::Tensor& x) { return head(features(x)); }

    /// Replaces the head by a freshly initialised Linear layer with `classes` outputs.
    virtual void replaceHead(int64_t classes) = 0;
    /// State-dict key prefix of the head, e.g. "fc." or "classifier.6.".
    virtual std::string headPrefix() const = 0;
    virtual int64_t featureDim() const = 0;
    virtual int64_t numClasses() const = 0;

    /// Auxiliary logits of the last training-mode forward (Inception v3 only), undefined otherwise.
    virtual torch::Tensor auxLogits() const { return {}; }

    /// The modules the "last_block" freeze preset trains besides the head; empty means freeze.cpp's rule
    /// for the torchvision families.
    virtual std::vector<std::string> lastBlock() const { return {}; }

    /// Keras architectures whose model.layers order (graph depth) differs from the order their layers are
    /// registered in: that order, which Keras' HDF5 loader matches layers by (keras_layers.h). Empty: the
    /// registration order.
    virtual std::vector<std::string> kerasLayerOrder() const { return {}; }

private:
    std::string arch_;
};

using NetworkPtr = std::shared_ptr<Network>;

/// Builds architecture `arch` ("resnet50", "vgg16_bn", ...) with random weights initialised as
/// torchvision initialises them. Throws tl::Error for an unknown name.
NetworkPtr createNetwork(const std::string& arch, const NetworkOptions& options = {});
/// Every architecture createNetwork() knows, in catalog order.
std::vector<std::string> architectures();
/// Keras Applications' architectures with Keras layer names (models/keras_layers.h), "keras_vgg16"...
std::vector<std::string> kerasArchitectures();

/// Number of elements of all parameters (not buffers), as torchvision's sum(p.numel()).
int64_t parameterCount(const torch::nn::Module& module);

}  // namespace tl::models
