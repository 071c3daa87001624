#include "train/metrics.h"

namespace tl::train {

void addBatch(EvaluationAccumulator& acc, const torch::Tensor& logits, const torch::Tensor& target) {
    const torch::Tensor l = logits.detach().to(torch::kCPU, torch::kFloat32);
    const torch::Tensor t = target.to(torch::kCPU).contiguous();
    const torch::Tensor losses = -l.log_softmax(1).gather(1, t.unsqueeze(1)).squeeze(1).contiguous().to(torch::kFloat64);
    const torch::Tensor predicted = l.argmax(1).contiguous();
    const torch::Tensor top = std::get<1>(l.topk(std::min<std::int64_t>(5, l.size(1)), 1)).contiguous();
    const torch::Tensor probabilities = l.softmax(1).contiguous();
    const auto* prob = probabilities.data_ptr<float>();
    const auto* y = t.data_ptr<std::int64_t>();
    const auto* p = predicted.data_ptr<std::int64_t>();
    const auto* k = top.data_ptr<std::int64_t>();
    const auto* loss = losses.data_ptr<double>();
    const std::int64_t kk = top.size(1);
    for (std::int64_t i = 0; i < l.size(0); ++i) {
        bool inTop = false;
        for (std::int64_t j = 0; j < kk; ++j) inTop = inTop || k[i * kk + j] == y[i];
        acc.add(static_cast<int>(y[i]), static_cast<int>(p[i]), inTop, loss[i]);
        acc.addProbabilities(prob + i * l.size(1), static_cast<int>(y[i]));
    }
}

}  // namespace tl::train
