#pragma once
// Dynamic loss scaling for fp16 autocast (what torch.cuda.amp.GradScaler does): the loss is multiplied by
// a large scale before backward so that small fp16 gradients do not flush to zero; the gradients are
// divided by it again before the optimizer step. A step whose gradients hold inf or NaN is skipped and
// the scale halves; after `growthInterval` good steps in a row it doubles. Off, it changes nothing.

#include <torch/torch.h>

#include <vector>

namespace tl::train {

class LossScaler {
public:
    explicit LossScaler(bool enabled, double initialScale = 65536.0, int growthInterval = 2000)
        : enabled_(enabled), scale_(initialScale), growthInterval_(growthInterval) {}

    bool enabled() const { return enabled_; }
    double scale() const { return enabled_ ? scale_ : 1.0; }

    torch::Tensor scaled(const torch::Tensor& loss) const { return enabled_ ? loss * scale_ : loss; }

    /// Divides the gradients of `parameters` by the scale. False when any of them is not finite: the
    /// caller skips the optimizer step (the scale has already been halved).
    bool unscale(const std::vector<torch::Tensor>& parameters) {
        if (!enabled_) return true;
        torch::NoGradGuard noGrad;
        bool finite = true;
        for (const auto& p : parameters) {
            if (!p.grad().defined()) continue;
            p.grad().div_(scale_);
            if (finite && !torch::isfinite(p.grad()).all().item<bool>()) finite = false;
        }
        if (!finite) {
            scale_ /= 2.0;
            goodSteps_ = 0;
        } else if (++goodSteps_ >= growthInterval_) {
            scale_ *= 2.0;
            goodSteps_ = 0;
        }
        return finite;
    }

private:
    bool enabled_;
    double scale_;
    int growthInterval_;
    int goodSteps_ = 0;
};

}  // namespace tl::train
