// MobileNet v2 as torchvision builds it (width 1.0): inverted residual blocks with ReLU6, a 1280-channel
// last convolution, then Dropout and the head. Module names and order equal torchvision's mobilenetv2.py.
#include "models/architectures.h"
#include "models/blocks.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

ConvNormActivationOptions convRelu6(int64_t in, int64_t out) { return ConvNormActivationOptions(in, out).withActivation(ActivationKind::ReLU6); }

class InvertedResidualImpl : public nn::Module {
public:
    InvertedResidualImpl(int64_t in, int64_t out, int64_t stride, int64_t expandRatio) : useResidual_(stride == 1 && in == out) {
        const int64_t hidden = in * expandRatio;
        nn::Sequential layers;
        if (expandRatio != 1) layers->push_back(convNormActivation(convRelu6(in, hidden).kernel(1)));
        layers->push_back(convNormActivation(convRelu6(hidden, hidden).withStride(stride).withGroups(hidden)));
        layers->push_back(nn::Conv2d(nn::Conv2dOptions(hidden, out, 1).bias(false)));
        layers->push_back(nn::BatchNorm2d(out));
        conv_ = register_module("conv", layers);
    }

    torch::Tensor forward(const torch::Tensor& x) {
        torch::Tensor y = runSequential(conv_, x);
        return useResidual_ ? x + y : y;
    }

private:
    bool useResidual_;
    nn::Sequential conv_{nullptr};
};
TORCH_MODULE(InvertedResidual);

class MobileNetV2 : public Network {
public:
    static constexpr int64_t kLastChannel = 1280;

    MobileNetV2(const std::string& arch, const NetworkOptions& options) : Network(arch) {
        struct Stage {
            int64_t expand, channels, repeats, stride;
        };
        const Stage stages[] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        int64_t channels = 32;
        nn::Sequential features;
        features->push_back(convNormActivation(convRelu6(3, channels).withStride(2)));
        for (const Stage& s : stages) {
            for (int64_t i = 0; i < s.repeats; ++i) {
                features->push_back(InvertedResidual(channels, s.channels, i == 0 ? s.stride : 1, s.expand));
                channels = s.channels;
            }
        }
        features->push_back(convNormActivation(convRelu6(channels, kLastChannel).kernel(1)));
        features_ = register_module("features", features);

        const double p = options.dropout < 0 ? 0.2 : options.dropout;
        classifier_ = register_module(
            "classifier", Classifier(std::vector<nn::AnyModule>{nn::AnyModule(nn::Dropout(p))}, nn::Linear(kLastChannel, options.numClasses)));

        // torchvision: Kaiming-normal (fan_out) convolutions, BatchNorm weight 1 and bias 0, Linear N(0, 0.01).
        initMobileNetWeights(*this);
    }

    torch::Tensor features(const torch::Tensor& input) override {
        // torchvision pools functionally here (no module), then flattens and applies classifier.0 (Dropout).
        torch::Tensor x = torch::adaptive_avg_pool2d(runSequential(features_, input), {1, 1});
        return classifier_->body(torch::flatten(x, 1));
    }
    torch::Tensor head(const torch::Tensor& f) override { return classifier_->head(f); }

    void replaceHead(int64_t classes) override {
        nn::Linear linear(kLastChannel, classes);
        initLinearSmallNormal(linear);
        classifier_->replaceHead(linear);
    }
    std::string headPrefix() const override { return "classifier.1."; }
    int64_t featureDim() const override { return kLastChannel; }
    int64_t numClasses() const override { return classifier_->headLayer()->options.out_features(); }

private:
    nn::Sequential features_{nullptr};
    Classifier classifier_{nullptr};
};

}  // namespace

NetworkPtr makeMobileNetV2(const std::string& arch, const NetworkOptions& options) {
    if (arch == "mobilenet_v2") return std::make_shared<MobileNetV2>(arch, options);
    return nullptr;
}

}  // namespace tl::models
