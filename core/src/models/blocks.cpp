#include "models/blocks.h"

#include "tl/error.h"

#include <algorithm>

namespace tl::models {

namespace nn = torch::nn;

nn::AnyModule makeActivation(ActivationKind kind) {
    switch (kind) {
        case ActivationKind::ReLU: return nn::AnyModule(nn::ReLU(nn::ReLUOptions(true)));
        case ActivationKind::ReLU6: return nn::AnyModule(nn::ReLU6(nn::ReLU6Options(true)));
        case ActivationKind::Hardswish: return nn::AnyModule(hardswish());
        case ActivationKind::Hardsigmoid: return nn::AnyModule(hardsigmoid());
        case ActivationKind::SiLU: return nn::AnyModule(nn::SiLU());
        case ActivationKind::Sigmoid: return nn::AnyModule(nn::Sigmoid());
        case ActivationKind::None: break;
    }
    throw Error("makeActivation", "no activation module for ActivationKind::None");
}

torch::Tensor runAny(nn::AnyModule& module, const torch::Tensor& x) {
    torch::Tensor y = module.forward(x);
    if (auto* trace = ShapeTrace::current()) trace->record(module.ptr().get(), y);
    return y;
}

int64_t makeDivisible(double value, int64_t divisor, int64_t minValue) {
    if (minValue < 0) minValue = divisor;
    // int(v + divisor / 2) truncates toward zero, as Python's int() does for the positive values used here.
    const auto rounded = static_cast<int64_t>(value + static_cast<double>(divisor) / 2.0) / divisor * divisor;
    int64_t result = std::max(minValue, rounded);
    if (static_cast<double>(result) < 0.9 * value) result += divisor;
    return result;
}

torch::Tensor runSequential(NestedSequential& seq, const torch::Tensor& x) {
    nn::Sequential plain(std::static_pointer_cast<nn::SequentialImpl>(seq.ptr()));
    return runSequential(plain, x);
}

NestedSequential convNormActivation(const ConvNormActivationOptions& o) {
    NestedSequential seq;
    seq->push_back(nn::Conv2d(nn::Conv2dOptions(o.inChannels, o.outChannels, o.kernelSize)
                                  .stride(o.stride)
                                  .padding((o.kernelSize - 1) / 2 * o.dilation)
                                  .dilation(o.dilation)
                                  .groups(o.groups)
                                  .bias(false)));
    seq->push_back(nn::BatchNorm2d(nn::BatchNormOptions(o.outChannels).eps(o.eps).momentum(o.momentum)));
    if (o.activation != ActivationKind::None) seq->push_back(makeActivation(o.activation));
    return seq;
}

SqueezeExcitationImpl::SqueezeExcitationImpl(int64_t inputChannels, int64_t squeezeChannels, ActivationKind activation,
                                             ActivationKind scaleActivation)
    : activation_(makeActivation(activation)), scaleActivation_(makeActivation(scaleActivation)) {
    avgpool_ = register_module("avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
    fc1_ = register_module("fc1", nn::Conv2d(nn::Conv2dOptions(inputChannels, squeezeChannels, 1)));
    fc2_ = register_module("fc2", nn::Conv2d(nn::Conv2dOptions(squeezeChannels, inputChannels, 1)));
    register_module("activation", activation_.ptr());
    register_module("scale_activation", scaleActivation_.ptr());
}

torch::Tensor SqueezeExcitationImpl::forward(const torch::Tensor& input) {
    torch::Tensor scale = run(fc1_, run(avgpool_, input));
    scale = run(fc2_, runAny(activation_, scale));
    return runAny(scaleActivation_, scale) * input;
}

ClassifierImpl::ClassifierImpl(std::vector<nn::AnyModule> body, nn::Linear head) : body_(std::move(body)) {
    for (size_t i = 0; i < body_.size(); ++i) register_module(std::to_string(i), body_[i].ptr());
    head_ = register_module(std::to_string(body_.size()), std::move(head));
}

torch::Tensor ClassifierImpl::body(const torch::Tensor& x) {
    torch::Tensor y = x;
    for (auto& m : body_) y = runAny(m, y);
    return y;
}

torch::Tensor ClassifierImpl::head(const torch::Tensor& features) {
    torch::Tensor y = run(head_, features);
    if (auto* trace = ShapeTrace::current()) trace->record(this, y);
    return y;
}

void ClassifierImpl::replaceHead(nn::Linear head) { head_ = replace_module(std::to_string(body_.size()), std::move(head)); }

void initLinearSmallNormal(nn::Linear& linear) {
    torch::NoGradGuard noGrad;
    nn::init::normal_(linear->weight, 0.0, 0.01);
    nn::init::zeros_(linear->bias);
}

void initMobileNetWeights(nn::Module& root) {
    torch::NoGradGuard noGrad;
    for (auto& m : root.modules(false)) {
        if (auto* conv = m->as<nn::Conv2d>()) {
            nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut);
            if (conv->bias.defined()) nn::init::zeros_(conv->bias);
        } else if (auto* bn = m->as<nn::BatchNorm2d>()) {
            nn::init::ones_(bn->weight);
            nn::init::zeros_(bn->bias);
        } else if (auto* l = m->as<nn::Linear>()) {
            nn::init::normal_(l->weight, 0.0, 0.01);
            nn::init::zeros_(l->bias);
        }
    }
}

}  // namespace tl::models
