// InceptionV3 as Keras Applications builds it (inception_v3.py), without the auxiliary classifier. Its
// conv2d_bn is Conv2D (no bias; 'same' or 'valid') + BatchNormalization(scale=False, ε 1e-3) +
// Activation('relu'), all unnamed, so Keras names them conv2d_N, batch_normalization_N and activation_N
// (N = 1..94 in creation order, in a fresh session), and the pools max_pooling2d_N (3×3, stride 2, 'valid')
// and average_pooling2d_N (3×3, stride 1, 'same': TensorFlow averages over the window's valid elements only,
// count_include_pad = false). The concatenations mixed0..mixed10, mixed9_0, mixed9_1, concatenate_1 and
// concatenate_2 are functional; their branch order is Keras'. The top: avg_pool (GlobalAveragePooling2D) and
// the Dense 'predictions' (the head).
//
// graph() is inception_v3.py line by line. It runs twice with the same code: once building (registering every
// layer in creation order, so each BatchNormalization directly follows its convolution, as models/fold.h
// needs) and then on every forward (calling the layers in that same order). Keras' model.layers orders the
// layers by graph depth instead, which interleaves the branches of a block.
#include "models/architectures.h"
#include "models/keras_layers.h"

#include <initializer_list>

namespace tl::models {
namespace {

namespace nn = torch::nn;

constexpr double kEps = 1e-3;  // BatchNormalization's default epsilon
constexpr int64_t kFeatures = 2048;

/// A tensor of the graph; while building, only its channel count.
struct Flow {
    torch::Tensor t;
    int64_t channels = 0;
    std::string layer;  ///< while building: the layer that made it (for Keras' layer order)
};

/// One pass over graph(): building registers layers, running calls them, in the same order.
struct Pass {
    bool building = false;
    std::size_t conv = 0, maxPool = 0, avgPool = 0, concat = 0;
};

struct ConvBn {
    nn::Conv2d conv{nullptr};
    nn::BatchNorm2d bn{nullptr};
    Activation relu{nullptr};
};

class KerasInceptionV3 : public keras::DenseHeadNetwork {
public:
    KerasInceptionV3(const std::string& arch, const NetworkOptions& options) : DenseHeadNetwork(arch, "predictions") {
        input_ = register_module("input_1", keras::inputLayer());
        graph_.push_back({"input_1", {}});
        Pass build{true};
        const Flow top = graph(build, Flow{{}, 3, "input_1"});
        avgPool_ = register_module("avg_pool", keras::globalAveragePooling());
        registerHead(kFeatures, options.numClasses);
        graph_.push_back({"avg_pool", {top.layer}});
        graph_.push_back({"predictions", {"avg_pool"}});
        keras::initKerasWeights(*this);
    }

    torch::Tensor features(const torch::Tensor& input) override {
        Pass pass;
        const Flow x = graph(pass, Flow{run(input_, input), 3, {}});
        return run(avgPool_, x.t);
    }
    /// The top two inception blocks, mixed9 and mixed10: the layers after mixed8, which the Keras fine-tuning
    /// tutorial trains with model.layers[249:] (mixed8 is model.layers[248]).
    std::vector<std::string> lastBlock() const override {
        std::vector<std::string> out;
        const auto children = named_children();
        for (std::size_t i = lastBlockBegin_; i < lastBlockEnd_; ++i) out.push_back(children[i].key());
        return out;
    }
    std::vector<std::string> kerasLayerOrder() const override { return keras::layerOrder(graph_); }

private:
    /// conv2d_bn(x, filters, num_row, num_col, padding, strides).
    Flow convBn(Pass& p, const Flow& x, int64_t filters, int64_t rows, int64_t cols, int64_t stride = 1, bool same = true) {
        if (p.building) {
            const std::string n = std::to_string(units_.size() + 1);
            ConvBn u;
            u.conv = register_module("conv2d_" + n, keras::conv2d(x.channels, filters, rows, cols, stride, same, false));
            u.bn = register_module("batch_normalization_" + n, keras::batchNorm(filters, kEps, /*scale=*/false));
            u.relu = register_module("activation_" + n, keras::reluLayer());
            units_.push_back(u);
            graph_.push_back({"conv2d_" + n, {x.layer}});
            graph_.push_back({"batch_normalization_" + n, {"conv2d_" + n}});
            graph_.push_back({"activation_" + n, {"batch_normalization_" + n}});
            return {{}, filters, "activation_" + n};
        }
        ConvBn& u = units_[p.conv++];
        return {run(u.relu, run(u.bn, run(u.conv, x.t))), filters, {}};
    }
    /// MaxPooling2D((3, 3), strides=(2, 2)), 'valid'.
    Flow maxPool(Pass& p, const Flow& x) {
        if (p.building) {
            const std::string name = "max_pooling2d_" + std::to_string(maxPools_.size() + 1);
            maxPools_.push_back(register_module(name, nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2))));
            graph_.push_back({name, {x.layer}});
            return {{}, x.channels, name};
        }
        return {run(maxPools_[p.maxPool++], x.t), x.channels, {}};
    }
    /// AveragePooling2D((3, 3), strides=(1, 1), padding='same').
    Flow avgPool(Pass& p, const Flow& x) {
        if (p.building) {
            const std::string name = "average_pooling2d_" + std::to_string(avgPools_.size() + 1);
            avgPools_.push_back(register_module(name, nn::AvgPool2d(nn::AvgPool2dOptions(3).stride(1).padding(1).count_include_pad(false))));
            graph_.push_back({name, {x.layer}});
            return {{}, x.channels, name};
        }
        return {run(avgPools_[p.avgPool++], x.t), x.channels, {}};
    }
    /// concatenate(branches, axis=channels).
    /// (mixed0 … mixed10, mixed9_0, mixed9_1, concatenate_1, concatenate_2: named concat_N in graph_.)
    Flow concat(Pass& p, std::initializer_list<Flow> branches) {
        Flow out;
        std::vector<torch::Tensor> tensors;
        keras::GraphNode node;
        for (const auto& b : branches) {
            out.channels += b.channels;
            if (p.building) node.inbound.push_back(b.layer);
            else tensors.push_back(b.t);
        }
        if (!p.building) {
            out.t = torch::cat(tensors, 1);
        } else {
            node.name = out.layer = "concat_" + std::to_string(++p.concat);
            graph_.push_back(std::move(node));
        }
        return out;
    }

    Flow graph(Pass& p, Flow x) {
        x = convBn(p, x, 32, 3, 3, 2, false);
        x = convBn(p, x, 32, 3, 3, 1, false);
        x = convBn(p, x, 64, 3, 3);
        x = maxPool(p, x);
        x = convBn(p, x, 80, 1, 1, 1, false);
        x = convBn(p, x, 192, 3, 3, 1, false);
        x = maxPool(p, x);

        // mixed0, mixed1, mixed2: 35 × 35 × 256, 288, 288 (at 299 × 299).
        for (const int64_t poolFilters : {32, 64, 64}) {
            const Flow b1x1 = convBn(p, x, 64, 1, 1);
            Flow b5x5 = convBn(p, x, 48, 1, 1);
            b5x5 = convBn(p, b5x5, 64, 5, 5);
            Flow dbl = convBn(p, x, 64, 1, 1);
            dbl = convBn(p, dbl, 96, 3, 3);
            dbl = convBn(p, dbl, 96, 3, 3);
            Flow pool = avgPool(p, x);
            pool = convBn(p, pool, poolFilters, 1, 1);
            x = concat(p, {b1x1, b5x5, dbl, pool});
        }

        // mixed3: 17 × 17 × 768.
        {
            const Flow b3x3 = convBn(p, x, 384, 3, 3, 2, false);
            Flow dbl = convBn(p, x, 64, 1, 1);
            dbl = convBn(p, dbl, 96, 3, 3);
            dbl = convBn(p, dbl, 96, 3, 3, 2, false);
            const Flow pool = maxPool(p, x);
            x = concat(p, {b3x3, dbl, pool});
        }

        // mixed4 (128), mixed5 and mixed6 (160), mixed7 (192): 17 × 17 × 768.
        for (const int64_t c7 : {128, 160, 160, 192}) {
            const Flow b1x1 = convBn(p, x, 192, 1, 1);
            Flow b7x7 = convBn(p, x, c7, 1, 1);
            b7x7 = convBn(p, b7x7, c7, 1, 7);
            b7x7 = convBn(p, b7x7, 192, 7, 1);
            Flow dbl = convBn(p, x, c7, 1, 1);
            dbl = convBn(p, dbl, c7, 7, 1);
            dbl = convBn(p, dbl, c7, 1, 7);
            dbl = convBn(p, dbl, c7, 7, 1);
            dbl = convBn(p, dbl, 192, 1, 7);
            Flow pool = avgPool(p, x);
            pool = convBn(p, pool, 192, 1, 1);
            x = concat(p, {b1x1, b7x7, dbl, pool});
        }

        // mixed8: 8 × 8 × 1280.
        {
            Flow b3x3 = convBn(p, x, 192, 1, 1);
            b3x3 = convBn(p, b3x3, 320, 3, 3, 2, false);
            Flow b7x7x3 = convBn(p, x, 192, 1, 1);
            b7x7x3 = convBn(p, b7x7x3, 192, 1, 7);
            b7x7x3 = convBn(p, b7x7x3, 192, 7, 1);
            b7x7x3 = convBn(p, b7x7x3, 192, 3, 3, 2, false);
            const Flow pool = maxPool(p, x);
            x = concat(p, {b3x3, b7x7x3, pool});
        }
        if (p.building) lastBlockBegin_ = children().size();

        // mixed9, mixed10: 8 × 8 × 2048.
        for (int i = 0; i < 2; ++i) {
            const Flow b1x1 = convBn(p, x, 320, 1, 1);
            const Flow b3x3 = convBn(p, x, 384, 1, 1);
            const Flow b3x3_1 = convBn(p, b3x3, 384, 1, 3);
            const Flow b3x3_2 = convBn(p, b3x3, 384, 3, 1);
            const Flow b3x3Cat = concat(p, {b3x3_1, b3x3_2});  // mixed9_<i>
            Flow dbl = convBn(p, x, 448, 1, 1);
            dbl = convBn(p, dbl, 384, 3, 3);
            const Flow dbl_1 = convBn(p, dbl, 384, 1, 3);
            const Flow dbl_2 = convBn(p, dbl, 384, 3, 1);
            const Flow dblCat = concat(p, {dbl_1, dbl_2});  // concatenate_<i + 1>
            Flow pool = avgPool(p, x);
            pool = convBn(p, pool, 192, 1, 1);
            x = concat(p, {b1x1, b3x3Cat, dblCat, pool});  // mixed<9 + i>
        }
        if (p.building) lastBlockEnd_ = children().size();
        return x;
    }

    Activation input_{nullptr}, avgPool_{nullptr};
    std::vector<ConvBn> units_;
    std::vector<nn::MaxPool2d> maxPools_;
    std::vector<nn::AvgPool2d> avgPools_;
    std::vector<keras::GraphNode> graph_;  ///< the functional graph in creation order
    std::size_t lastBlockBegin_ = 0, lastBlockEnd_ = 0;
};

}  // namespace

NetworkPtr makeKerasInception(const std::string& arch, const NetworkOptions& options) {
    if (arch == "keras_inception_v3") return std::make_shared<KerasInceptionV3>(arch, options);
    return nullptr;
}

}  // namespace tl::models
