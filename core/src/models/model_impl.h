#pragma once
// The inside of tl::Model, for the parts of core that work on its network (training, freeze plans).

#include "models/network.h"
#include "tl/model.h"

#include <torch/torch.h>

namespace tl {

struct Model::Impl {
    models::NetworkPtr net;
    WeightsLoad load;
    torch::Device device{torch::kCPU};
    bool inferenceOnly = false;
};

}  // namespace tl
