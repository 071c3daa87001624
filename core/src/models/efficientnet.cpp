// EfficientNet-B0 as torchvision builds it: a 3x3 stem, seven stages of MBConv blocks (expansion,
// depthwise convolution, squeeze-and-excitation with SiLU, projection; stochastic depth on the residual
// branch with a probability growing linearly over the blocks), a 1x1 head convolution to 1280 channels,
// global average pooling and a dropout + Linear classifier. Module names and order equal torchvision's
// efficientnet.py.
#include "models/architectures.h"
#include "models/blocks.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tl::models {
namespace {

namespace nn = torch::nn;

ConvNormActivationOptions silu(int64_t in, int64_t out) { return ConvNormActivationOptions(in, out).withActivation(ActivationKind::SiLU); }

/// torchvision's EfficientNet initialisation of a Linear layer: uniform in +-1/sqrt(out_features), bias 0.
void initLinear(nn::LinearImpl& linear) {
    torch::NoGradGuard noGrad;
    const double range = 1.0 / std::sqrt(static_cast<double>(linear.options.out_features()));
    nn::init::uniform_(linear.weight, -range, range);
    nn::init::zeros_(linear.bias);
}

/// Stochastic depth in "row" mode: in training, each sample's residual branch is zeroed with probability p
/// and the kept ones are scaled by 1 / (1 - p); identity in eval mode.
class StochasticDepthImpl : public nn::Cloneable<StochasticDepthImpl> {
public:
    explicit StochasticDepthImpl(double p) : p_(p) {}
    void reset() override {}

    torch::Tensor forward(const torch::Tensor& x) {
        if (!is_training() || p_ == 0.0) return x;
        const double survival = 1.0 - p_;
        std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
        shape[0] = x.size(0);
        torch::Tensor noise = torch::empty(shape, x.options()).bernoulli_(survival);
        if (survival > 0.0) noise.div_(survival);
        return x * noise;
    }

    void pretty_print(std::ostream& stream) const override { stream << "StochasticDepth(p=" << p_ << ", mode=row)"; }

private:
    double p_;
};
TORCH_MODULE(StochasticDepth);

/// One stage's row of torchvision's table for B0 (width and depth multipliers 1.0).
struct StageConfig {
    int64_t expandRatio;
    int64_t kernel;
    int64_t stride;
    int64_t inputChannels;
    int64_t outChannels;
    int64_t numLayers;
};

constexpr StageConfig kB0Stages[] = {
    {1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},   {6, 5, 2, 24, 40, 2},   {6, 3, 2, 40, 80, 3},
    {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1},
};

/// Mobile inverted bottleneck: "block" (expand, depthwise, squeeze-excitation, project) and
/// "stochastic_depth" on the residual branch.
class MBConvImpl : public nn::Module {
public:
    MBConvImpl(int64_t expandRatio, int64_t kernel, int64_t stride, int64_t in, int64_t out, double stochasticDepthProb)
        : residual_(stride == 1 && in == out) {
        const int64_t expanded = makeDivisible(static_cast<double>(in * expandRatio), 8);
        block_ = nn::Sequential();
        if (expanded != in) block_->push_back(convNormActivation(silu(in, expanded).kernel(1)));
        block_->push_back(convNormActivation(silu(expanded, expanded).kernel(kernel).withStride(stride).withGroups(expanded)));
        block_->push_back(SqueezeExcitation(expanded, std::max<int64_t>(1, in / 4), ActivationKind::SiLU));
        block_->push_back(convNormActivation(ConvNormActivationOptions(expanded, out).kernel(1).withActivation(ActivationKind::None)));
        block_ = register_module("block", block_);
        stochasticDepth_ = register_module("stochastic_depth", StochasticDepth(stochasticDepthProb));
    }

    torch::Tensor forward(const torch::Tensor& x) {
        torch::Tensor result = runSequential(block_, x);
        if (residual_) {
            result = run(stochasticDepth_, result);
            result += x;  // in place, as torchvision
        }
        return result;
    }

private:
    bool residual_;
    nn::Sequential block_{nullptr};
    StochasticDepth stochasticDepth_{nullptr};
};
TORCH_MODULE(MBConv);

class EfficientNet : public Network {
public:
    EfficientNet(const std::string& arch, const NetworkOptions& options) : Network(arch) {
        const double stochasticDepthProb = 0.2;
        const double dropout = options.dropout < 0 ? 0.2 : options.dropout;

        features_ = nn::Sequential();
        features_->push_back(convNormActivation(silu(3, kB0Stages[0].inputChannels).kernel(3).withStride(2)));
        int64_t totalBlocks = 0;
        for (const auto& stage : kB0Stages) totalBlocks += stage.numLayers;
        int64_t blockId = 0;
        for (const auto& stage : kB0Stages) {
            NestedSequential blocks;
            for (int64_t i = 0; i < stage.numLayers; ++i) {
                const bool first = i == 0;
                // Same evaluation order as torchvision, so p is bit-identical.
                const double p = stochasticDepthProb * static_cast<double>(blockId) / static_cast<double>(totalBlocks);
                blocks->push_back(MBConv(stage.expandRatio, stage.kernel, first ? stage.stride : 1, first ? stage.inputChannels : stage.outChannels,
                                         stage.outChannels, p));
                ++blockId;
            }
            features_->push_back(blocks);
        }
        const int64_t lastIn = kB0Stages[std::size(kB0Stages) - 1].outChannels;
        featureDim_ = 4 * lastIn;
        features_->push_back(convNormActivation(silu(lastIn, featureDim_).kernel(1)));
        features_ = register_module("features", features_);
        avgpool_ = register_module("avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        std::vector<nn::AnyModule> body{nn::AnyModule(nn::Dropout(nn::DropoutOptions(dropout)))};
        classifier_ = register_module("classifier", Classifier(body, nn::Linear(featureDim_, options.numClasses)));

        // torchvision: Kaiming-normal (fan_out) convolutions with zero bias, BatchNorm weight 1 and bias 0,
        // Linear uniform in +-1/sqrt(out_features) with zero bias.
        torch::NoGradGuard noGrad;
        for (auto& m : modules(false)) {
            if (auto* c = m->as<nn::Conv2d>()) {
                nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut);
                if (c->bias.defined()) nn::init::zeros_(c->bias);
            } else if (auto* bn = m->as<nn::BatchNorm2d>()) {
                nn::init::ones_(bn->weight);
                nn::init::zeros_(bn->bias);
            } else if (auto* fc = m->as<nn::Linear>()) {
                initLinear(*fc);
            }
        }
    }

    torch::Tensor features(const torch::Tensor& input) override {
        // The flattened pooled features through classifier.0 (Dropout, identity in eval mode).
        return classifier_->body(torch::flatten(run(avgpool_, runSequential(features_, input)), 1));
    }
    torch::Tensor head(const torch::Tensor& f) override { return classifier_->head(f); }

    void replaceHead(int64_t classes) override {
        nn::Linear linear(featureDim_, classes);
        initLinear(*linear);
        classifier_->replaceHead(linear);
    }
    std::string headPrefix() const override { return "classifier.1."; }
    int64_t featureDim() const override { return featureDim_; }
    int64_t numClasses() const override { return classifier_->headLayer()->options.out_features(); }

private:
    int64_t featureDim_ = 0;
    nn::Sequential features_{nullptr};
    nn::AdaptiveAvgPool2d avgpool_{nullptr};
    Classifier classifier_{nullptr};
};

}  // namespace

NetworkPtr makeEfficientNet(const std::string& arch, const NetworkOptions& options) {
    if (arch == "efficientnet_b0") return std::make_shared<EfficientNet>(arch, options);
    return nullptr;
}

}  // namespace tl::models
