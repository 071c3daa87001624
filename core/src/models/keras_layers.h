#pragma once
// Keras Applications architectures (keras_vgg.cpp, keras_mobilenet.cpp, keras_resnet.cpp,
// keras_inception.cpp): the conventions they share, so that a Keras HDF5 file (weights/keras_h5.h) maps
// onto them layer by layer.
//
//  - Every Keras layer is a module registered directly on the network (a flat list, as Keras' model.layers),
//    under the Keras layer name and in Keras' layer order, starting with an "input_1" InputLayer. Keras
//    names contain no '.', so a parameter key is "<keras layer>.<weight>" ("block1_conv1.weight").
//  - Layers with weights: Conv2D -> nn::Conv2d, DepthwiseConv2D -> nn::Conv2d with groups = channels,
//    BatchNormalization -> nn::BatchNorm2d, Dense -> nn::Linear. keras_weights.cpp converts the layouts on
//    import (HWIO -> OIHW, (H, W, C, 1) -> (C, 1, H, W), Dense (in, out) -> (out, in)).
//  - Layers without weights get a module too where one exists (ZeroPadding2D, MaxPooling2D,
//    AveragePooling2D, ReLU/Activation, Dropout, GlobalAveragePooling2D, Flatten, InputLayer), so the
//    layer tree and `summary` read as Keras' model.summary(). Add and Concatenate are functional. An
//    activation fused into a layer (Conv2D(..., activation='relu')) is applied in forward(), with no module.
//  - Keras 'same' padding is only used at stride 1 with odd kernels in these architectures (symmetric
//    k/2); strided layers use an explicit ZeroPadding2D and 'valid', as Keras Applications write them.
//  - Call every module through run() (network.h) so a ShapeTrace records its output.
//  - The head is the last Dense (or MobileNet's 1×1 conv_preds, held as a Linear); features() is
//    everything below it. An architecture "<name>_notop" (VGG only) is include_top=False with the
//    Keras tutorials' Flatten; the others' notop weight files load into the same network with the head
//    left new (the pooled features are the same).

#include "models/network.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tl::models::keras {

/// Keras' BatchNormalization momentum 0.99 is LibTorch's 0.01.
constexpr double kBatchNormMomentum = 0.01;

/// Conv2D with a kernel of kh × kw; `same` pads symmetrically (stride 1 and odd kernels only).
torch::nn::Conv2d conv2d(int64_t in, int64_t out, int64_t kh, int64_t kw, int64_t stride, bool same, bool bias);
/// DepthwiseConv2D (depth multiplier 1, no bias) of a k × k kernel.
torch::nn::Conv2d depthwiseConv2d(int64_t channels, int64_t k, int64_t stride, bool same);
/// BatchNormalization with Keras' epsilon; scale = false (InceptionV3): γ is a buffer of ones, not a parameter.
torch::nn::BatchNorm2d batchNorm(int64_t channels, double eps, bool scale = true);
/// ZeroPadding2D(((top, bottom), (left, right))).
torch::nn::ZeroPad2d zeroPadding(int64_t top, int64_t bottom, int64_t left, int64_t right);

/// Parameter-free layers named as Keras' summary names their types.
Activation inputLayer();                      ///< identity, "InputLayer"
Activation reluLayer(double maxValue = 0.0);  ///< ReLU, or ReLU(max_value) (MobileNet's ReLU6) when > 0
Activation flattenChannelsLastLayer();        ///< Keras' Flatten on NHWC data, for NCHW input: "Flatten"
Activation globalAveragePooling();            ///< GlobalAveragePooling2D: [N, C, H, W] -> [N, C]

/// A Keras architecture whose head is one Dense layer (MobileNet's 1×1 conv_preds is held as one too), registered
/// under its Keras name after every other layer: the head's part of Network, shared.
class DenseHeadNetwork : public Network {
public:
    DenseHeadNetwork(const std::string& arch, std::string headName) : Network(arch), headName_(std::move(headName)) {}

    torch::Tensor head(const torch::Tensor& features) override;
    /// A fresh Dense layer, initialised as Keras initialises one (glorot_uniform kernel, zero bias).
    void replaceHead(int64_t classes) override;
    std::string headPrefix() const override { return headName_ + "."; }
    int64_t featureDim() const override { return head_->options.in_features(); }
    int64_t numClasses() const override { return head_->options.out_features(); }

protected:
    /// Registers the head, of `features` inputs; call it after the other layers, before initKerasWeights().
    void registerHead(int64_t features, int64_t classes);

private:
    std::string headName_;
    torch::nn::Linear head_{nullptr};
};

/// A layer of a Keras functional graph and the layers whose outputs it takes, in call order.
struct GraphNode {
    std::string name;
    std::vector<std::string> inbound;
};

/// Keras' model.layers order of a graph given in creation order, whose last node is the output: as Keras'
/// _map_graph_network orders it, by decreasing depth (the longest path to the output), layers of the same
/// depth in the order a depth-first walk from the output (inputs in call order) first meets them. Keras
/// saves and loads HDF5 weights in this order.
std::vector<std::string> layerOrder(const std::vector<GraphNode>& graph);

/// Initialises every Conv2d and Linear under `root` as Keras does by default (glorot_uniform kernels, zero
/// biases), BatchNorm γ = 1, β = 0, moving mean 0 and variance 1.
void initKerasWeights(torch::nn::Module& root);

}  // namespace tl::models::keras
