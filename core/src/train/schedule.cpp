#include "train/schedule.h"

#include "tl/error.h"

#include <cmath>

namespace tl::train {

namespace {

std::unique_ptr<torch::optim::OptimizerOptions> optionsFor(const OptimizerConfig& c, double lr) {
    if (c.name == "sgd")
        return std::make_unique<torch::optim::SGDOptions>(
            torch::optim::SGDOptions(lr).momentum(c.momentum).nesterov(c.nesterov).weight_decay(c.weightDecay));
    if (c.name == "adam") return std::make_unique<torch::optim::AdamOptions>(torch::optim::AdamOptions(lr).weight_decay(c.weightDecay));
    if (c.name == "adamw") return std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(lr).weight_decay(c.weightDecay));
    if (c.name == "rmsprop")
        return std::make_unique<torch::optim::RMSpropOptions>(torch::optim::RMSpropOptions(lr).momentum(c.momentum).weight_decay(c.weightDecay));
    throw Error("optimizer", "unknown optimizer '" + c.name + "'");
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerConfig& c, const std::vector<torch::Tensor>& head,
                                                       const std::vector<torch::Tensor>& backbone) {
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(head, optionsFor(c, c.lr));
    if (!backbone.empty()) groups.emplace_back(backbone, optionsFor(c, c.lr * c.backboneLrScale));
    auto defaults = optionsFor(c, c.lr);
    if (c.name == "sgd") return std::make_unique<torch::optim::SGD>(groups, static_cast<torch::optim::SGDOptions&>(*defaults));
    if (c.name == "adam") return std::make_unique<torch::optim::Adam>(groups, static_cast<torch::optim::AdamOptions&>(*defaults));
    if (c.name == "adamw") return std::make_unique<torch::optim::AdamW>(groups, static_cast<torch::optim::AdamWOptions&>(*defaults));
    return std::make_unique<torch::optim::RMSprop>(groups, static_cast<torch::optim::RMSpropOptions&>(*defaults));
}

void setLearningRates(torch::optim::Optimizer& optimizer, double lr, double backboneScale, bool hasBackbone) {
    auto& groups = optimizer.param_groups();
    groups[0].options().set_lr(lr);
    if (hasBackbone && groups.size() > 1) groups[1].options().set_lr(lr * backboneScale);
}

LrSchedule::LrSchedule(const ScheduleConfig& config, double lr, std::int64_t totalSteps, std::int64_t stepsPerEpoch)
    : config_(config),
      lr_(lr),
      total_(std::max<std::int64_t>(1, totalSteps)),
      perEpoch_(std::max<std::int64_t>(1, stepsPerEpoch)),
      warmup_(std::min<std::int64_t>(static_cast<std::int64_t>(config.warmupEpochs) * stepsPerEpoch, totalSteps)) {}

double LrSchedule::at(std::int64_t step) const {
    const double pi = 3.14159265358979323846;
    if (config_.name == "onecycle") {
        // torch's OneCycleLR defaults: 30 % up from lr/25 (cosine), then down to lr/25e4 (cosine).
        const double last = static_cast<double>(total_ - 1), up = 0.3 * last, start = lr_ / 25.0, end = start / 1e4;
        const double s = static_cast<double>(step);
        if (s < up) return start + (lr_ - start) * 0.5 * (1 - std::cos(pi * s / up));
        const double t = (s - up) / std::max(1.0, last - up);
        return end + (lr_ - end) * 0.5 * (1 + std::cos(pi * std::min(1.0, t)));
    }
    if (step < warmup_) return lr_ * (0.1 + 0.9 * static_cast<double>(step + 1) / static_cast<double>(warmup_));
    if (config_.name == "step") return lr_ * std::pow(config_.gamma, static_cast<double>(step / perEpoch_ / config_.stepEpochs));
    if (config_.name == "cosine") {
        // The last batch of the phase ends at minLr.
        const double t = static_cast<double>(step - warmup_) / static_cast<double>(std::max<std::int64_t>(1, total_ - 1 - warmup_));
        return config_.minLr + (lr_ - config_.minLr) * 0.5 * (1 + std::cos(pi * std::min(1.0, t)));
    }
    return lr_;
}

void setFrozenBatchNormEval(torch::nn::Module& net) {
    for (const auto& module : net.modules(false)) {
        if (module->name().find("BatchNorm") == std::string::npos) continue;
        const auto params = module->parameters(false);
        const bool frozen = !params.empty() && std::none_of(params.begin(), params.end(), [](const torch::Tensor& p) { return p.requires_grad(); });
        if (frozen) module->eval();
    }
}

}  // namespace tl::train
