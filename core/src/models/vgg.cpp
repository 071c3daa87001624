// VGG-16, VGG-16 with BatchNorm and VGG-19 as torchvision builds them: a "features" Sequential of 3x3
// convolutions (each followed by BatchNorm for the _bn variant) and ReLUs, with a 2x2 max pool closing
// each stage; a 7x7 adaptive average pool; and a "classifier" Sequential fc6-ReLU-Dropout-fc7-ReLU-Dropout-fc8.
// The head is fc8 (classifier.6); the features are fc7's activations after its ReLU and Dropout.
#include "models/architectures.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

constexpr int64_t kPool = 0;  // a max pool in a stage list
constexpr int64_t kHidden = 4096;
constexpr double kDefaultDropout = 0.5;

// Output channels of each 3x3 convolution, kPool for a 2x2 max pool (torchvision's configurations D and E).
const std::vector<int64_t> kVgg16 = {64, 64, kPool, 128, 128, kPool, 256, 256, 256, kPool, 512, 512, 512, kPool, 512, 512, 512, kPool};
const std::vector<int64_t> kVgg19 = {64, 64, kPool, 128, 128, kPool, 256, 256, 256, 256, kPool, 512, 512, 512, 512, kPool, 512, 512, 512, 512, kPool};

nn::Sequential makeFeatures(const std::vector<int64_t>& config, bool batchNorm) {
    nn::Sequential seq;
    int64_t in = 3;
    for (const int64_t out : config) {
        if (out == kPool) {
            seq->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2)));
            continue;
        }
        seq->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1)));
        if (batchNorm) seq->push_back(nn::BatchNorm2d(out));
        seq->push_back(nn::ReLU(nn::ReLUOptions(true)));
        in = out;
    }
    return seq;
}

class Vgg : public Network {
public:
    Vgg(const std::string& arch, const std::vector<int64_t>& config, bool batchNorm, const NetworkOptions& options) : Network(arch) {
        const double p = options.dropout < 0 ? kDefaultDropout : options.dropout;
        features_ = register_module("features", makeFeatures(config, batchNorm));
        avgpool_ = register_module("avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({7, 7})));
        fc6_ = nn::Linear(512 * 7 * 7, kHidden);
        relu6_ = nn::ReLU(nn::ReLUOptions(true));
        drop6_ = nn::Dropout(p);
        fc7_ = nn::Linear(kHidden, kHidden);
        relu7_ = nn::ReLU(nn::ReLUOptions(true));
        drop7_ = nn::Dropout(p);
        fc8_ = nn::Linear(kHidden, options.numClasses);
        classifier_ = register_module("classifier", makeClassifier());

        // torchvision: Kaiming-normal (fan_out, ReLU) convolutions with zero bias, BatchNorm weight 1 and
        // bias 0, Linear weights N(0, 0.01) with zero bias.
        for (auto& m : modules(false)) {
            if (auto* c = m->as<nn::Conv2d>()) {
                nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
                nn::init::zeros_(c->bias);
            } else if (auto* bn = m->as<nn::BatchNorm2d>()) {
                nn::init::ones_(bn->weight);
                nn::init::zeros_(bn->bias);
            } else if (auto* fc = m->as<nn::Linear>()) {
                nn::init::normal_(fc->weight, 0.0, 0.01);
                nn::init::zeros_(fc->bias);
            }
        }
    }

    torch::Tensor features(const torch::Tensor& input) override {
        torch::Tensor x = torch::flatten(run(avgpool_, runSequential(features_, input)), 1);
        x = run(drop6_, run(relu6_, run(fc6_, x)));
        return run(drop7_, run(relu7_, run(fc7_, x)));
    }

    torch::Tensor head(const torch::Tensor& f) override {
        torch::Tensor y = run(fc8_, f);
        // The classifier Sequential is run child by child; its own output is the head's.
        if (auto* trace = ShapeTrace::current()) trace->record(classifier_.get(), y);
        return y;
    }

    void replaceHead(int64_t classes) override {
        // A Sequential keeps its children in a list of its own, so the classifier is rebuilt around the
        // same fc6/fc7 modules (their parameters are kept) and the new head, and replaces the old one in place.
        fc8_ = nn::Linear(kHidden, classes);
        classifier_ = replace_module("classifier", makeClassifier());
    }
    std::string headPrefix() const override { return "classifier.6."; }
    int64_t featureDim() const override { return kHidden; }
    int64_t numClasses() const override { return fc8_->options.out_features(); }

private:
    nn::Sequential makeClassifier() const { return nn::Sequential(fc6_, relu6_, drop6_, fc7_, relu7_, drop7_, fc8_); }

    nn::Sequential features_{nullptr};
    nn::AdaptiveAvgPool2d avgpool_{nullptr};
    nn::Sequential classifier_{nullptr};
    nn::Linear fc6_{nullptr}, fc7_{nullptr}, fc8_{nullptr};
    nn::ReLU relu6_{nullptr}, relu7_{nullptr};
    nn::Dropout drop6_{nullptr}, drop7_{nullptr};
};

}  // namespace

NetworkPtr makeVgg(const std::string& arch, const NetworkOptions& options) {
    if (arch == "vgg16") return std::make_shared<Vgg>(arch, kVgg16, false, options);
    if (arch == "vgg16_bn") return std::make_shared<Vgg>(arch, kVgg16, true, options);
    if (arch == "vgg19") return std::make_shared<Vgg>(arch, kVgg19, false, options);
    return nullptr;
}

}  // namespace tl::models
