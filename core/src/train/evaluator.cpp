#include "train/evaluator.h"

#include "train/metrics.h"

#include <algorithm>

namespace tl::train {

Evaluation Evaluator::onImages(BatchLoader& loader) {
    EvaluationAccumulator acc(classes_);
    torch::NoGradGuard noGrad;
    model_.setTraining(false);
    loader.startEpoch(0);
    Batch b;
    while (loader.next(b)) {
        if (b.count == 0) continue;
        auto [x, y] = model_.toDevice(b);
        addBatch(acc, model_.forward(x), y);
    }
    return acc.result();
}

Evaluation Evaluator::onFeatures(const Features& features, const torch::Tensor& labels) {
    EvaluationAccumulator acc(classes_);
    torch::NoGradGuard noGrad;
    model_.setTraining(false);
    const auto present = features.present.nonzero().squeeze(1);
    for (std::int64_t begin = 0; begin < present.numel(); begin += batchSize_) {
        const auto idx = present.narrow(0, begin, std::min<std::int64_t>(batchSize_, present.numel() - begin));
        addBatch(acc, model_.headForward(features.values.index_select(0, idx).to(model_.device())), labels.index_select(0, idx).to(model_.device()));
    }
    return acc.result();
}

}  // namespace tl::train
