#include "models/fold.h"

namespace tl::models {

namespace {

void fold(torch::nn::Conv2dImpl& conv, torch::nn::BatchNorm2dImpl& bn) {
    torch::NoGradGuard noGrad;
    const torch::Tensor scale = bn.weight / torch::sqrt(bn.running_var + bn.options.eps());
    const torch::Tensor bias = conv.bias.defined() ? conv.bias : torch::zeros_like(bn.running_mean);
    conv.weight.mul_(scale.reshape({-1, 1, 1, 1}));
    const torch::Tensor folded = (bias - bn.running_mean) * scale + bn.bias;
    if (conv.bias.defined()) conv.bias.copy_(folded);
    else conv.bias = folded;  // Conv2d's forward reads this member; a bias-free conv now has one
    bn.options.eps(-1.0);     // the mark isFolded() reads: run() and runSequential() skip this layer
}

}  // namespace

int foldBatchNorm(torch::nn::Module& root) {
    int count = 0;
    for (const auto& module : root.modules(/*include_self=*/true)) {
        const auto children = module->children();
        for (std::size_t i = 0; i + 1 < children.size(); ++i) {
            auto* conv = children[i]->as<torch::nn::Conv2dImpl>();
            auto* bn = children[i + 1]->as<torch::nn::BatchNorm2dImpl>();
            if (!conv || !bn || isFolded(*bn) || !bn->options.track_running_stats() || !bn->options.affine() ||
                conv->options.out_channels() != bn->options.num_features())
                continue;
            fold(*conv, *bn);
            ++count;
        }
    }
    return count;
}

}  // namespace tl::models
