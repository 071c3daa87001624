#include "models/network.h"

#include "models/fold.h"
#include "models/module_calls.h"

#include "models/architectures.h"
#include "tl/error.h"

namespace tl::models {
namespace {
thread_local ShapeTrace* t_trace = nullptr;
}

ShapeTrace::ShapeTrace() : previous_(t_trace) { t_trace = this; }
ShapeTrace::~ShapeTrace() { t_trace = previous_; }
ShapeTrace* ShapeTrace::current() { return t_trace; }

void ShapeTrace::record(const torch::nn::Module* module, const torch::Tensor& output) {
    shapes_[module] = output.sizes().vec();
    if (const ModuleCallFn& told = ModuleCallHook::current()) told(module, output);
}

namespace {
thread_local ModuleCallFn t_moduleCall;
}

ModuleCallHook::ModuleCallHook(ModuleCallFn fn) : previous_(std::move(t_moduleCall)) { t_moduleCall = std::move(fn); }
ModuleCallHook::~ModuleCallHook() { t_moduleCall = std::move(previous_); }
const ModuleCallFn& ModuleCallHook::current() { return t_moduleCall; }

std::vector<int64_t> ShapeTrace::shapeOf(const torch::nn::Module* module) const {
    const auto it = shapes_.find(module);
    return it == shapes_.end() ? std::vector<int64_t>{} : it->second;
}

torch::Tensor runSequential(torch::nn::Sequential& seq, torch::Tensor x) {
    ShapeTrace* trace = ShapeTrace::current();
    for (size_t i = 0; i < seq->size(); ++i) {
        auto child = seq->ptr(i);
        if (auto nested = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(child)) {
            torch::nn::Sequential holder(nested);
            x = runSequential(holder, x);
            continue;
        }
        const auto* bn = child->as<torch::nn::BatchNorm2dImpl>();
        if (!bn || !isFolded(*bn)) x = (seq->begin() + static_cast<std::ptrdiff_t>(i))->forward(x);
        if (trace) trace->record(child.get(), x);
    }
    if (trace) trace->record(seq.get(), x);
    return x;
}

Activation hardswish() {
    return Activation("Hardswish", [](const torch::Tensor& x) { return torch::hardswish(x); });
}
Activation hardsigmoid() {
    return Activation("Hardsigmoid", [](const torch::Tensor& x) { return torch::hardsigmoid(x); });
}

int64_t parameterCount(const torch::nn::Module& module) {
    int64_t n = 0;
    for (const auto& p : module.parameters()) n += p.numel();
    return n;
}

std::vector<std::string> architectures() {
    return {"vgg16",          "vgg16_bn", "vgg19", "resnet18", "resnet50", "inception_v3", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
            "efficientnet_b0"};
}

std::vector<std::string> kerasArchitectures() {
    return {"keras_vgg16",
            "keras_vgg16_notop",
            "keras_vgg19",
            "keras_vgg19_notop",
            "keras_resnet50",
            "keras_inception_v3",
            "keras_mobilenet_v1_025",
            "keras_mobilenet_v1_050",
            "keras_mobilenet_v1_075",
            "keras_mobilenet_v1_100"};
}

NetworkPtr createNetwork(const std::string& arch, const NetworkOptions& options) {
    if (options.numClasses < 1) throw Error(arch, "the number of classes must be at least 1");
    using Factory = NetworkPtr (*)(const std::string&, const NetworkOptions&);
    for (Factory make : {&makeVgg, &makeResNet, &makeInception, &makeMobileNetV2, &makeMobileNetV3, &makeEfficientNet, &makeKerasVgg,
                         &makeKerasMobileNet, &makeKerasResNet, &makeKerasInception}) {
        if (NetworkPtr net = make(arch, options)) return net;
    }
    std::string known;
    for (const auto& name : architectures()) known += (known.empty() ? "" : ", ") + name;
    for (const auto& name : kerasArchitectures()) known += ", " + name;
    throw Error(arch, "unknown architecture (known: " + known + ")");
}

}  // namespace tl::models
