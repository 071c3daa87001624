// MobileNet v3 large and small as torchvision builds them (width 1.0, no reduced tail, no dilation):
// inverted residual blocks with optional squeeze-and-excitation (Hardsigmoid scale), ReLU or Hardswish,
// BatchNorm eps 0.001 and momentum 0.01, then Linear, Hardswish, Dropout and the head.
// Module names and order equal torchvision's mobilenetv3.py.
#include "models/architectures.h"
#include "models/blocks.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

constexpr double kEps = 0.001;
constexpr double kMomentum = 0.01;

/// One row of the tables of the MobileNet v3 paper, as torchvision lists them.
struct BlockConfig {
    int64_t in, kernel, expanded, out;
    bool se, hardswish;
    int64_t stride;
};

ConvNormActivationOptions convBn(int64_t in, int64_t out, ActivationKind activation) {
    return ConvNormActivationOptions(in, out).norm(kEps, kMomentum).withActivation(activation);
}

class InvertedResidualImpl : public nn::Module {
public:
    explicit InvertedResidualImpl(const BlockConfig& c) : useResidual_(c.stride == 1 && c.in == c.out) {
        const ActivationKind act = c.hardswish ? ActivationKind::Hardswish : ActivationKind::ReLU;
        nn::Sequential layers;
        if (c.expanded != c.in) layers->push_back(convNormActivation(convBn(c.in, c.expanded, act).kernel(1)));
        layers->push_back(convNormActivation(convBn(c.expanded, c.expanded, act).kernel(c.kernel).withStride(c.stride).withGroups(c.expanded)));
        if (c.se) {
            layers->push_back(SqueezeExcitation(c.expanded, makeDivisible(static_cast<double>(c.expanded / 4), 8), ActivationKind::ReLU,
                                                ActivationKind::Hardsigmoid));
        }
        layers->push_back(convNormActivation(convBn(c.expanded, c.out, ActivationKind::None).kernel(1)));
        block_ = register_module("block", layers);
    }

    torch::Tensor forward(const torch::Tensor& x) {
        torch::Tensor y = runSequential(block_, x);
        return useResidual_ ? y + x : y;
    }

private:
    bool useResidual_;
    nn::Sequential block_{nullptr};
};
TORCH_MODULE(InvertedResidual);

class MobileNetV3 : public Network {
public:
    MobileNetV3(const std::string& arch, const std::vector<BlockConfig>& blocks, int64_t lastChannel, const NetworkOptions& options)
        : Network(arch), lastChannel_(lastChannel) {
        nn::Sequential features;
        features->push_back(convNormActivation(convBn(3, blocks.front().in, ActivationKind::Hardswish).withStride(2)));
        for (const BlockConfig& c : blocks) features->push_back(InvertedResidual(c));
        const int64_t lastConvIn = blocks.back().out;
        const int64_t lastConvOut = 6 * lastConvIn;
        features->push_back(convNormActivation(convBn(lastConvIn, lastConvOut, ActivationKind::Hardswish).kernel(1)));
        features_ = register_module("features", features);
        avgpool_ = register_module("avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));

        const double p = options.dropout < 0 ? 0.2 : options.dropout;
        std::vector<nn::AnyModule> body{nn::AnyModule(nn::Linear(lastConvOut, lastChannel_)), nn::AnyModule(hardswish()),
                                        nn::AnyModule(nn::Dropout(p))};
        classifier_ = register_module("classifier", Classifier(std::move(body), nn::Linear(lastChannel_, options.numClasses)));

        // torchvision: Kaiming-normal (fan_out) convolutions with zero bias, BatchNorm weight 1 and bias 0,
        // Linear N(0, 0.01) with zero bias.
        initMobileNetWeights(*this);
    }

    torch::Tensor features(const torch::Tensor& input) override {
        torch::Tensor x = run(avgpool_, runSequential(features_, input));
        return classifier_->body(torch::flatten(x, 1));
    }
    torch::Tensor head(const torch::Tensor& f) override { return classifier_->head(f); }

    void replaceHead(int64_t classes) override {
        nn::Linear linear(lastChannel_, classes);
        initLinearSmallNormal(linear);
        classifier_->replaceHead(linear);
    }
    std::string headPrefix() const override { return "classifier.3."; }
    int64_t featureDim() const override { return lastChannel_; }
    int64_t numClasses() const override { return classifier_->headLayer()->options.out_features(); }

private:
    int64_t lastChannel_;
    nn::Sequential features_{nullptr};
    nn::AdaptiveAvgPool2d avgpool_{nullptr};
    Classifier classifier_{nullptr};
};

// {in, kernel, expanded, out, se, hardswish, stride}
const std::vector<BlockConfig> kLarge = {
    {16, 3, 16, 16, false, false, 1},  {16, 3, 64, 24, false, false, 2},  {24, 3, 72, 24, false, false, 1},  {24, 5, 72, 40, true, false, 2},
    {40, 5, 120, 40, true, false, 1},  {40, 5, 120, 40, true, false, 1},  {40, 3, 240, 80, false, true, 2},  {80, 3, 200, 80, false, true, 1},
    {80, 3, 184, 80, false, true, 1},  {80, 3, 184, 80, false, true, 1},  {80, 3, 480, 112, true, true, 1},  {112, 3, 672, 112, true, true, 1},
    {112, 5, 672, 160, true, true, 2}, {160, 5, 960, 160, true, true, 1}, {160, 5, 960, 160, true, true, 1},
};
const std::vector<BlockConfig> kSmall = {
    {16, 3, 16, 16, true, false, 2}, {16, 3, 72, 24, false, false, 2}, {24, 3, 88, 24, false, false, 1}, {24, 5, 96, 40, true, true, 2},
    {40, 5, 240, 40, true, true, 1}, {40, 5, 240, 40, true, true, 1},  {40, 5, 120, 48, true, true, 1},  {48, 5, 144, 48, true, true, 1},
    {48, 5, 288, 96, true, true, 2}, {96, 5, 576, 96, true, true, 1},  {96, 5, 576, 96, true, true, 1},
};

}  // namespace

NetworkPtr makeMobileNetV3(const std::string& arch, const NetworkOptions& options) {
    if (arch == "mobilenet_v3_large") return std::make_shared<MobileNetV3>(arch, kLarge, 1280, options);
    if (arch == "mobilenet_v3_small") return std::make_shared<MobileNetV3>(arch, kSmall, 1024, options);
    return nullptr;
}

}  // namespace tl::models
