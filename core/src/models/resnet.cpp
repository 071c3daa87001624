// ResNet-18 and ResNet-50 as torchvision builds them (v1.5: the stride of a bottleneck sits in its 3x3
// convolution). Module names and order equal torchvision's resnet.py.
#include "models/architectures.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

class BlockImpl : public nn::Module {
public:
    // expansion 1: BasicBlock (two 3x3); expansion 4: Bottleneck (1x1, 3x3, 1x1).
    BlockImpl(int64_t inplanes, int64_t planes, int64_t stride, int64_t expansion) : bottleneck_(expansion == 4) {
        if (bottleneck_) {
            conv1_ = register_module("conv1", conv(inplanes, planes, 1));
            bn1_ = register_module("bn1", nn::BatchNorm2d(planes));
            conv2_ = register_module("conv2", conv(planes, planes, 3, stride));
            bn2_ = register_module("bn2", nn::BatchNorm2d(planes));
            conv3_ = register_module("conv3", conv(planes, planes * expansion, 1));
            bn3_ = register_module("bn3", nn::BatchNorm2d(planes * expansion));
            relu_ = register_module("relu", nn::ReLU(nn::ReLUOptions(true)));
        } else {
            conv1_ = register_module("conv1", conv(inplanes, planes, 3, stride));
            bn1_ = register_module("bn1", nn::BatchNorm2d(planes));
            relu_ = register_module("relu", nn::ReLU(nn::ReLUOptions(true)));
            conv2_ = register_module("conv2", conv(planes, planes, 3));
            bn2_ = register_module("bn2", nn::BatchNorm2d(planes));
        }
        if (stride != 1 || inplanes != planes * expansion) {
            downsample_ =
                register_module("downsample", nn::Sequential(conv(inplanes, planes * expansion, 1, stride), nn::BatchNorm2d(planes * expansion)));
        }
    }

    torch::Tensor forward(const torch::Tensor& x) {
        torch::Tensor out = run(relu_, run(bn1_, run(conv1_, x)));
        out = run(bn2_, run(conv2_, out));
        if (bottleneck_) out = run(bn3_, run(conv3_, run(relu_, out)));
        const torch::Tensor identity = downsample_ ? runSequential(downsample_, x) : x;
        out += identity;  // in place, as torchvision: no new activation-sized tensor per block
        return run(relu_, out);
    }

private:
    bool bottleneck_;
    nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
    nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, bn3_{nullptr};
    nn::ReLU relu_{nullptr};
    nn::Sequential downsample_{nullptr};
};
TORCH_MODULE(Block);

class ResNet : public Network {
public:
    ResNet(const std::string& arch, const std::vector<int>& layers, int64_t expansion, const NetworkOptions& options)
        : Network(arch), expansion_(expansion) {
        conv1_ = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
        bn1_ = register_module("bn1", nn::BatchNorm2d(64));
        relu_ = register_module("relu", nn::ReLU(nn::ReLUOptions(true)));
        maxpool_ = register_module("maxpool", nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1)));
        const int64_t planes[] = {64, 128, 256, 512};
        for (int i = 0; i < 4; ++i) {
            nn::Sequential layer;
            for (int b = 0; b < layers[i]; ++b) {
                layer->push_back(Block(inplanes_, planes[i], b == 0 && i > 0 ? 2 : 1, expansion_));
                inplanes_ = planes[i] * expansion_;
            }
            layers_.push_back(register_module("layer" + std::to_string(i + 1), layer));
        }
        avgpool_ = register_module("avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        fc_ = register_module("fc", nn::Linear(512 * expansion_, options.numClasses));

        // torchvision: Kaiming-normal (fan_out, ReLU) convolutions, BatchNorm weight 1 and bias 0.
        for (auto& m : modules(false)) {
            if (auto* c = m->as<nn::Conv2d>()) {
                nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
            } else if (auto* bn = m->as<nn::BatchNorm2d>()) {
                nn::init::ones_(bn->weight);
                nn::init::zeros_(bn->bias);
            }
        }
    }

    torch::Tensor features(const torch::Tensor& input) override {
        torch::Tensor x = run(maxpool_, run(relu_, run(bn1_, run(conv1_, input))));
        for (auto& layer : layers_) x = runSequential(layer, x);
        return torch::flatten(run(avgpool_, x), 1);
    }
    torch::Tensor head(const torch::Tensor& f) override { return run(fc_, f); }

    void replaceHead(int64_t classes) override { fc_ = replace_module("fc", nn::Linear(512 * expansion_, classes)); }
    std::string headPrefix() const override { return "fc."; }
    int64_t featureDim() const override { return 512 * expansion_; }
    int64_t numClasses() const override { return fc_->options.out_features(); }

private:
    int64_t expansion_;
    int64_t inplanes_ = 64;
    nn::Conv2d conv1_{nullptr};
    nn::BatchNorm2d bn1_{nullptr};
    nn::ReLU relu_{nullptr};
    nn::MaxPool2d maxpool_{nullptr};
    std::vector<nn::Sequential> layers_;
    nn::AdaptiveAvgPool2d avgpool_{nullptr};
    nn::Linear fc_{nullptr};
};

}  // namespace

NetworkPtr makeResNet(const std::string& arch, const NetworkOptions& options) {
    if (arch == "resnet18") return std::make_shared<ResNet>(arch, std::vector<int>{2, 2, 2, 2}, 1, options);
    if (arch == "resnet50") return std::make_shared<ResNet>(arch, std::vector<int>{3, 4, 6, 3}, 4, options);
    return nullptr;
}

}  // namespace tl::models
