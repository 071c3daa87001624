// VGG16 and VGG19 as Keras Applications build them (vgg16.py, vgg19.py): blockN_convM 3×3 'same'
// convolutions with a fused ReLU, blockN_pool 2×2 max pools, then with the top: flatten (channels-last
// order), fc1 and fc2 (4096, ReLU) and predictions; no dropout. "_notop" is include_top=False with the
// Keras tutorials' Flatten: the features are block5_pool flattened in channels-last order (7·7·512 at 224),
// and the head is a new Dense named "predictions".
#include "models/architectures.h"
#include "models/keras_layers.h"
#include "tl/error.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

constexpr int64_t kHidden = 4096;

class KerasVgg : public keras::DenseHeadNetwork {
public:
    KerasVgg(const std::string& arch, const std::vector<int>& convsPerBlock, bool top, const NetworkOptions& options)
        : DenseHeadNetwork(arch, "predictions"), top_(top) {
        input_ = register_module("input_1", keras::inputLayer());
        const int64_t widths[] = {64, 128, 256, 512, 512};
        int64_t in = 3;
        for (int b = 0; b < 5; ++b) {
            const std::string block = "block" + std::to_string(b + 1);
            for (int c = 0; c < convsPerBlock[static_cast<std::size_t>(b)]; ++c) {
                convs_.push_back(register_module(block + "_conv" + std::to_string(c + 1), keras::conv2d(in, widths[b], 3, 3, 1, true, true)));
                in = widths[b];
            }
            convs_.emplace_back(nullptr);  // the pool's place
            pools_.push_back(register_module(block + "_pool", nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2))));
        }
        flatten_ = register_module("flatten", keras::flattenChannelsLastLayer());
        if (top_) {
            fc1_ = register_module("fc1", nn::Linear(512 * 7 * 7, kHidden));
            fc2_ = register_module("fc2", nn::Linear(kHidden, kHidden));
        }
        registerHead(top_ ? kHidden : 512 * 7 * 7, options.numClasses);
        keras::initKerasWeights(*this);
    }

    torch::Tensor features(const torch::Tensor& input) override {
        torch::Tensor x = run(input_, input);
        std::size_t pool = 0;
        for (auto& conv : convs_) x = conv ? torch::relu(run(conv, x)) : run(pools_[pool++], x);
        x = run(flatten_, x);
        if (!top_) return x;
        if (x.size(1) != 512 * 7 * 7)
            throw Error(arch(), "the fully connected top needs a 224×224 input (got " + std::to_string(x.size(1)) + " features instead of 25088)");
        return torch::relu(run(fc2_, torch::relu(run(fc1_, x))));
    }
    std::vector<std::string> lastBlock() const override {
        std::vector<std::string> out;
        for (const auto& item : named_children())
            if (item.key().rfind("block5_", 0) == 0 || item.key() == "fc1" || item.key() == "fc2") out.push_back(item.key());
        return out;
    }

private:
    bool top_;
    Activation input_{nullptr}, flatten_{nullptr};
    std::vector<nn::Conv2d> convs_;  // nullptr marks a pool
    std::vector<nn::MaxPool2d> pools_;
    nn::Linear fc1_{nullptr}, fc2_{nullptr};
};

}  // namespace

NetworkPtr makeKerasVgg(const std::string& arch, const NetworkOptions& options) {
    const std::vector<int> vgg16 = {2, 2, 3, 3, 3}, vgg19 = {2, 2, 4, 4, 4};
    if (arch == "keras_vgg16") return std::make_shared<KerasVgg>(arch, vgg16, true, options);
    if (arch == "keras_vgg16_notop") return std::make_shared<KerasVgg>(arch, vgg16, false, options);
    if (arch == "keras_vgg19") return std::make_shared<KerasVgg>(arch, vgg19, true, options);
    if (arch == "keras_vgg19_notop") return std::make_shared<KerasVgg>(arch, vgg19, false, options);
    return nullptr;
}

}  // namespace tl::models
