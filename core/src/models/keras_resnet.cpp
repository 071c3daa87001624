// ResNet50 as Keras Applications builds it (resnet_common.py: ResNet50 -> stack1 -> block1, preact=False,
// use_bias=True): conv1_pad (ZeroPadding2D 3), conv1_conv (7×7, stride 2, 'valid', bias), conv1_bn, conv1_relu,
// pool1_pad (ZeroPadding2D 1), pool1_pool (3×3 max, stride 2, 'valid'), then stages conv2..conv5 of 3, 4, 6, 3
// bottleneck blocks. A block is v1 (the stride sits in the first 1×1 convolution _1_conv and in the shortcut
// _0_conv, the 3×3 _2_conv is 'same'); every convolution has a bias and every BatchNormalization ε 1.001e-5.
// The top: avg_pool (GlobalAveragePooling2D) and the Dense 'probs' (the head).
//
// Layers are registered in creation order: block 1 of a stage creates its shortcut (_0_conv, _0_bn) first.
// Keras' model.layers orders layers by graph depth instead (conv2_block1_0_conv comes after _2_relu, between
// _3_conv and _0_bn); creation order keeps every BatchNormalization right after its convolution, which
// models/fold.h needs (depth order would put conv2_block1_0_bn after _3_conv, of the same width).
#include "models/architectures.h"
#include "models/keras_layers.h"

namespace tl::models {
namespace {

namespace nn = torch::nn;

constexpr double kEps = 1.001e-5;
constexpr int64_t kFeatures = 2048;

struct Bottleneck {
    nn::Conv2d conv0{nullptr}, conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    nn::BatchNorm2d bn0{nullptr}, bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
    Activation relu1{nullptr}, relu2{nullptr}, out{nullptr};
};

class KerasResNet50 : public keras::DenseHeadNetwork {
public:
    KerasResNet50(const std::string& arch, const NetworkOptions& options) : DenseHeadNetwork(arch, "probs") {
        input_ = register_module("input_1", keras::inputLayer());
        // The functional graph, for Keras' layer order (kerasLayerOrder).
        const auto node = [this](const std::string& name, std::vector<std::string> inbound) { graph_.push_back({name, std::move(inbound)}); };
        node("input_1", {});
        std::string last = "pool1_pool";
        for (const char* n : {"conv1_pad", "conv1_conv", "conv1_bn", "conv1_relu", "pool1_pad", "pool1_pool"}) {
            node(n, {graph_.back().name});
        }
        conv1Pad_ = register_module("conv1_pad", keras::zeroPadding(3, 3, 3, 3));
        conv1_ = register_module("conv1_conv", keras::conv2d(3, 64, 7, 7, 2, false, true));
        bn1_ = register_module("conv1_bn", keras::batchNorm(64, kEps));
        relu1_ = register_module("conv1_relu", keras::reluLayer());
        poolPad_ = register_module("pool1_pad", keras::zeroPadding(1, 1, 1, 1));
        pool_ = register_module("pool1_pool", nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2)));

        // stack1(x, filters, blocks, stride1): conv2 has stride1 = 1, the others 2.
        const struct { int64_t filters, blocks, stride; } stages[] = {{64, 3, 1}, {128, 4, 2}, {256, 6, 2}, {512, 3, 2}};
        int64_t in = 64;
        for (int s = 0; s < 4; ++s) {
            const auto [filters, blocks, stride] = stages[s];
            for (int64_t b = 1; b <= blocks; ++b) {
                const std::string n = "conv" + std::to_string(s + 2) + "_block" + std::to_string(b);
                const bool first = b == 1;  // conv_shortcut=True, and the stage's stride
                const int64_t st = first ? stride : 1;
                Bottleneck k;
                if (first) {
                    k.conv0 = register_module(n + "_0_conv", keras::conv2d(in, 4 * filters, 1, 1, st, false, true));
                    k.bn0 = register_module(n + "_0_bn", keras::batchNorm(4 * filters, kEps));
                }
                k.conv1 = register_module(n + "_1_conv", keras::conv2d(in, filters, 1, 1, st, false, true));
                k.bn1 = register_module(n + "_1_bn", keras::batchNorm(filters, kEps));
                k.relu1 = register_module(n + "_1_relu", keras::reluLayer());
                k.conv2 = register_module(n + "_2_conv", keras::conv2d(filters, filters, 3, 3, 1, true, true));
                k.bn2 = register_module(n + "_2_bn", keras::batchNorm(filters, kEps));
                k.relu2 = register_module(n + "_2_relu", keras::reluLayer());
                k.conv3 = register_module(n + "_3_conv", keras::conv2d(filters, 4 * filters, 1, 1, 1, false, true));
                k.bn3 = register_module(n + "_3_bn", keras::batchNorm(4 * filters, kEps));
                // n + "_add": Add, functional.
                k.out = register_module(n + "_out", keras::reluLayer());
                blocks_.push_back(k);
                in = 4 * filters;
                std::string shortcut = last;
                if (first) {
                    node(n + "_0_conv", {last});
                    node(n + "_0_bn", {n + "_0_conv"});
                    shortcut = n + "_0_bn";
                }
                node(n + "_1_conv", {last});
                for (const char* layer : {"_1_bn", "_1_relu", "_2_conv", "_2_bn", "_2_relu", "_3_conv", "_3_bn"})
                    node(n + layer, {graph_.back().name});
                node(n + "_add", {shortcut, n + "_3_bn"});
                node(n + "_out", {n + "_add"});
                last = n + "_out";
            }
        }
        avgPool_ = register_module("avg_pool", keras::globalAveragePooling());
        registerHead(kFeatures, options.numClasses);
        node("avg_pool", {last});
        node("probs", {"avg_pool"});
        keras::initKerasWeights(*this);
    }

    torch::Tensor features(const torch::Tensor& input) override {
        torch::Tensor x = run(input_, input);
        x = run(relu1_, run(bn1_, run(conv1_, run(conv1Pad_, x))));
        x = run(pool_, run(poolPad_, x));
        for (auto& k : blocks_) {
            const torch::Tensor shortcut = k.conv0 ? run(k.bn0, run(k.conv0, x)) : x;
            torch::Tensor y = run(k.relu1, run(k.bn1, run(k.conv1, x)));
            y = run(k.relu2, run(k.bn2, run(k.conv2, y)));
            y = run(k.bn3, run(k.conv3, y));
            x = run(k.out, shortcut + y);  // Add([shortcut, x])
        }
        return run(avgPool_, x);
    }
    std::vector<std::string> lastBlock() const override {
        std::vector<std::string> out;
        for (const auto& item : named_children())
            if (item.key().rfind("conv5_", 0) == 0) out.push_back(item.key());
        return out;
    }
    std::vector<std::string> kerasLayerOrder() const override { return keras::layerOrder(graph_); }

private:
    Activation input_{nullptr}, relu1_{nullptr}, avgPool_{nullptr};
    nn::ZeroPad2d conv1Pad_{nullptr}, poolPad_{nullptr};
    nn::Conv2d conv1_{nullptr};
    nn::BatchNorm2d bn1_{nullptr};
    nn::MaxPool2d pool_{nullptr};
    std::vector<Bottleneck> blocks_;
    std::vector<keras::GraphNode> graph_;
};

}  // namespace

NetworkPtr makeKerasResNet(const std::string& arch, const NetworkOptions& options) {
    if (arch == "keras_resnet50") return std::make_shared<KerasResNet50>(arch, options);
    return nullptr;
}

}  // namespace tl::models
