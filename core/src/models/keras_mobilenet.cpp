// MobileNet v1 as Keras Applications builds it (mobilenet.py), for width multipliers α of 0.25, 0.5, 0.75
// and 1.0 (depth multiplier 1) at any input size: conv1 (3×3, stride 2 after ZeroPadding2D((0, 1), (0, 1)):
// TensorFlow's asymmetric 'same'), then 13 depthwise-separable blocks (conv_dw_N 3×3 — 'same' at stride 1,
// ZeroPadding2D + 'valid' at stride 2 — and conv_pw_N 1×1), each convolution followed by BatchNormalization
// (ε 1e-3) and ReLU6; no biases. The top: global average pooling, dropout (1e-3) and conv_preds, a 1×1
// convolution with bias on a 1×1 map, held here as the equivalent Dense (the head).
#include "models/architectures.h"
#include "models/keras_layers.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

constexpr double kEps = 1e-3;
constexpr double kDropout = 1e-3;

struct Block {
    nn::ZeroPad2d pad{nullptr};
    nn::Conv2d conv{nullptr};
    nn::BatchNorm2d bn{nullptr};
    Activation relu{nullptr};
};

class KerasMobileNet : public keras::DenseHeadNetwork {
public:
    KerasMobileNet(const std::string& arch, double alpha, const NetworkOptions& options) : DenseHeadNetwork(arch, "conv_preds") {
        input_ = register_module("input_1", keras::inputLayer());
        int64_t channels = static_cast<int64_t>(32 * alpha);
        Block first;
        first.pad = register_module("conv1_pad", keras::zeroPadding(0, 1, 0, 1));
        first.conv = register_module("conv1", keras::conv2d(3, channels, 3, 3, 2, false, false));
        first.bn = register_module("conv1_bn", keras::batchNorm(channels, kEps));
        first.relu = register_module("conv1_relu", keras::reluLayer(6.0));
        blocks_.push_back(first);
        // (pointwise filters, stride) of blocks 1..13.
        const std::pair<int64_t, int64_t> config[] = {{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1},  {512, 2}, {512, 1},
                                                      {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
        for (int id = 1; id <= 13; ++id) {
            const auto [filters, stride] = config[id - 1];
            const std::string n = std::to_string(id);
            Block dw, pw;
            if (stride != 1) dw.pad = register_module("conv_pad_" + n, keras::zeroPadding(0, 1, 0, 1));
            dw.conv = register_module("conv_dw_" + n, keras::depthwiseConv2d(channels, 3, stride, stride == 1));
            dw.bn = register_module("conv_dw_" + n + "_bn", keras::batchNorm(channels, kEps));
            dw.relu = register_module("conv_dw_" + n + "_relu", keras::reluLayer(6.0));
            const int64_t out = static_cast<int64_t>(static_cast<double>(filters) * alpha);
            pw.conv = register_module("conv_pw_" + n, keras::conv2d(channels, out, 1, 1, 1, false, false));
            pw.bn = register_module("conv_pw_" + n + "_bn", keras::batchNorm(out, kEps));
            pw.relu = register_module("conv_pw_" + n + "_relu", keras::reluLayer(6.0));
            blocks_.push_back(dw);
            blocks_.push_back(pw);
            channels = out;
        }
        pool_ = register_module("global_average_pooling2d_1", keras::globalAveragePooling());
        dropout_ = register_module("dropout", nn::Dropout(kDropout));
        registerHead(channels, options.numClasses);
        keras::initKerasWeights(*this);
    }

    torch::Tensor features(const torch::Tensor& input) override {
        torch::Tensor x = run(input_, input);
        for (auto& b : blocks_) {
            if (b.pad) x = run(b.pad, x);
            x = run(b.relu, run(b.bn, run(b.conv, x)));
        }
        return run(dropout_, run(pool_, x));
    }
    std::vector<std::string> lastBlock() const override {
        std::vector<std::string> out;
        for (const auto& item : named_children())
            if (item.key().rfind("conv_dw_13", 0) == 0 || item.key().rfind("conv_pw_13", 0) == 0) out.push_back(item.key());
        return out;
    }

private:
    Activation input_{nullptr}, pool_{nullptr};
    std::vector<Block> blocks_;
    nn::Dropout dropout_{nullptr};
};

}  // namespace

NetworkPtr makeKerasMobileNet(const std::string& arch, const NetworkOptions& options) {
    const std::string prefix = "keras_mobilenet_v1_";
    if (arch.rfind(prefix, 0) != 0) return nullptr;
    const std::string a = arch.substr(prefix.size());
    if (a == "025") return std::make_shared<KerasMobileNet>(arch, 0.25, options);
    if (a == "050") return std::make_shared<KerasMobileNet>(arch, 0.5, options);
    if (a == "075") return std::make_shared<KerasMobileNet>(arch, 0.75, options);
    if (a == "100") return std::make_shared<KerasMobileNet>(arch, 1.0, options);
    return nullptr;
}

}  // namespace tl::models
