#pragma once
// Building blocks shared by the mobile architectures (MobileNet v2/v3, EfficientNet), named and ordered as
// torchvision builds them, so that state-dict keys line up (a conv/norm/activation block is a Sequential:
// "features.0.0.weight" is its convolution, "features.0.1.*" its BatchNorm).

#include "models/network.h"

#include <cstdint>

namespace tl::models {

/// The elementwise activations these architectures use; None adds no module.
enum class ActivationKind { None, ReLU, ReLU6, Hardswish, Hardsigmoid, SiLU, Sigmoid };

/// A parameter-free activation module of `kind` (ReLU/ReLU6 in place, as torchvision builds them with
/// inplace=True); must not be None.
torch::nn::AnyModule makeActivation(ActivationKind kind);

/// Calls an AnyModule on `x` and records its output shape when a ShapeTrace is installed.
torch::Tensor runAny(torch::nn::AnyModule& module, const torch::Tensor& x);

/// torchvision's _make_divisible: `value` rounded to the nearest multiple of `divisor` (at least
/// `minValue`, which defaults to `divisor`), never more than 10 % below `value`.
int64_t makeDivisible(double value, int64_t divisor, int64_t minValue = -1);

/// Arguments of torchvision's Conv2dNormActivation with a BatchNorm2d norm layer.
struct ConvNormActivationOptions {
    ConvNormActivationOptions(int64_t in, int64_t out) : inChannels(in), outChannels(out) {}
    int64_t inChannels;
    int64_t outChannels;
    int64_t kernelSize = 3;
    int64_t stride = 1;
    int64_t groups = 1;
    int64_t dilation = 1;
    /// BatchNorm2d eps and momentum (torchvision's defaults 1e-5 and 0.1; MobileNet v3 uses 1e-3 and 0.01).
    double eps = 1e-5;
    double momentum = 0.1;
    ActivationKind activation = ActivationKind::ReLU;

    ConvNormActivationOptions& kernel(int64_t k) {
        kernelSize = k;
        return *this;
    }
    ConvNormActivationOptions& withStride(int64_t s) {
        stride = s;
        return *this;
    }
    ConvNormActivationOptions& withGroups(int64_t g) {
        groups = g;
        return *this;
    }
    ConvNormActivationOptions& withDilation(int64_t d) {
        dilation = d;
        return *this;
    }
    ConvNormActivationOptions& norm(double e, double m) {
        eps = e;
        momentum = m;
        return *this;
    }
    ConvNormActivationOptions& withActivation(ActivationKind a) {
        activation = a;
        return *this;
    }
};

/// A Sequential that can be a child of another Sequential (LibTorch cannot push_back a plain nn::Sequential:
/// its templated forward does not fit AnyModule). Use it for every nested Sequential; runSequential()
/// recurses into it like into any Sequential. In Python terms it is an nn.Sequential.
class NestedSequentialImpl : public torch::nn::SequentialImpl {
public:
    using SequentialImpl::SequentialImpl;
    torch::Tensor forward(const torch::Tensor& x) { return SequentialImpl::forward(x); }
};
TORCH_MODULE(NestedSequential);

/// Runs a NestedSequential child by child through runSequential() (so a ShapeTrace sees every child).
torch::Tensor runSequential(NestedSequential& seq, const torch::Tensor& x);

/// torchvision's Conv2dNormActivation: Sequential("0": Conv2d without bias, padding (k-1)/2*dilation;
/// "1": BatchNorm2d; "2": the activation unless None). Push it into a Sequential, or run it with runSequential().
NestedSequential convNormActivation(const ConvNormActivationOptions& options);

/// torchvision's SqueezeExcitation: avgpool, fc1 (1x1 conv with bias), fc2, activation, scale_activation,
/// registered in that order; forward returns input * scale_activation(fc2(activation(fc1(avgpool(input))))).
class SqueezeExcitationImpl : public torch::nn::Module {
public:
    SqueezeExcitationImpl(int64_t inputChannels, int64_t squeezeChannels, ActivationKind activation = ActivationKind::ReLU,
                          ActivationKind scaleActivation = ActivationKind::Sigmoid);
    torch::Tensor forward(const torch::Tensor& input);

private:
    torch::nn::AdaptiveAvgPool2d avgpool_{nullptr};
    torch::nn::Conv2d fc1_{nullptr}, fc2_{nullptr};
    torch::nn::AnyModule activation_, scaleActivation_;
};
TORCH_MODULE(SqueezeExcitation);

/// A classifier laid out as torchvision's nn.Sequential (children "0".."k", the last one a Linear: the head),
/// whose head can be replaced: torch::nn::Sequential would keep calling the old module after
/// replace_module. body() runs children "0".."k-1" (the penultimate features), head() runs "k".
/// Register it as "classifier"; its head's state-dict prefix is "classifier.<k>.".
class ClassifierImpl : public torch::nn::Module {
public:
    ClassifierImpl(std::vector<torch::nn::AnyModule> body, torch::nn::Linear head);
    torch::Tensor body(const torch::Tensor& x);
    torch::Tensor head(const torch::Tensor& features);
    torch::Tensor forward(const torch::Tensor& x) { return head(body(x)); }

    /// Swaps in `head` as child "k".
    void replaceHead(torch::nn::Linear head);
    const torch::nn::Linear& headLayer() const { return head_; }
    /// The index k of the head, e.g. 1 for Dropout + Linear.
    size_t headIndex() const { return body_.size(); }

private:
    std::vector<torch::nn::AnyModule> body_;
    torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(Classifier);

/// torchvision's MobileNet/EfficientNet initialisation of a Linear layer: weight ~ N(0, 0.01), bias 0.
void initLinearSmallNormal(torch::nn::Linear& linear);

/// torchvision's initialisation of MobileNet v2/v3: Kaiming-normal (fan_out) convolutions with zero bias,
/// BatchNorm weight 1 and bias 0, Linear N(0, 0.01) with zero bias; over every module below `root`.
void initMobileNetWeights(torch::nn::Module& root);

}  // namespace tl::models
