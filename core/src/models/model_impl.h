#pragma once
// The inside of tl::Model, for the parts of core that work on its network (training, freeze plans).

#include "models/compiled_forward.h"
#include "models/network.h"
#include "tl/model.h"

#include <torch/torch.h>

namespace tl {

struct Model::Impl {
    models::NetworkPtr net;
    /// An MLP head (Linear, ReLU, Dropout, Linear) used instead of the network's own head when set.
    torch::nn::Sequential mlp{nullptr};
    WeightsLoad load;
    torch::Device device{torch::kCPU};
    bool inferenceOnly = false;
    bool transformInput = false;  ///< Inception v3's transform_input (see NetworkOptions)
    /// Model::forward's compiled CPU graphs once prepared for inference (models/compiled_forward.h); cleared
    /// whenever the network changes.
    std::shared_ptr<models::ForwardCache> compiled = std::make_shared<models::ForwardCache>();

    torch::Tensor forward(const torch::Tensor& x) { return mlp ? mlp->forward(net->features(x)) : net->forward(x); }
};

}  // namespace tl
