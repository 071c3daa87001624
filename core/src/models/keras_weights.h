#pragma once
// Keras files' weights onto the Keras architectures (models/keras_layers.h) and back: which architecture a
// file's layer names are, each layer's weights by role (kernel, bias, gamma, ...) converted between Keras'
// layouts and LibTorch's. The file format itself (HDF5, read in a child process; written in process) is
// weights/keras_h5.h's; this is the architecture knowledge.

#include "weights/keras_h5.h"
#include "weights/state_dict.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace tl::models {

/// Undoes Keras' per-session numbering of unnamed layers where it matters: an InceptionV3 whose layers are
/// conv2d_95 … conv2d_188 (a model built after others) gets conv2d_1 … conv2d_94, in order.
void normaliseKerasNames(weights::KerasFile& file);

/// The Keras architecture (models/network.h's kerasArchitectures()) whose layer names the file has, ""
/// when none fits. Sets `hasTop` to whether the file holds the classifier's weights.
std::string recogniseKerasArchitecture(const weights::KerasFile& file, bool* hasTop = nullptr);

/// The file's weights as a state dict of `net` (a Keras architecture): every layer with weights must be a
/// module of `net` of a matching kind and shape. Layers of `net` absent from the file are left out (the
/// loader reports them as missing, or skips the head). Throws tl::Error naming the layer that does not fit.
weights::StateDict kerasStateDict(const weights::KerasFile& file, const torch::nn::Module& net, const std::string& arch);

/// The inverse of kerasStateDict: the layers of `net` (a Keras architecture) as Keras holds them — every
/// direct child in order in layerNames, each layer with weights under Keras' weight names
/// ("block1_conv1/kernel:0"; "depthwise_kernel", "gamma", "beta", "moving_mean", "moving_variance") in Keras'
/// layouts. A Linear named "conv_preds" (MobileNet's 1×1 Conv2D classifier) gets a (1, 1, in, out) kernel.
/// `order`: Keras' model.layers order of the children (Network::kerasLayerOrder(); names that are no child are
/// passed over), empty for the registration order. `skip`: a child left out (a head replaced by another).
weights::KerasFile kerasLayersOf(const torch::nn::Module& net, const std::vector<std::string>& order = {}, const std::string& skip = "");

/// The Keras layers of a Dense layer held as LibTorch's Linear: kernel (in, out) and bias.
weights::KerasLayer kerasDense(const std::string& name, const torch::Tensor& weight, const torch::Tensor& bias);

}  // namespace tl::models
