#include "train/metrics.h"

namespace tl::train {

ConfusionAccumulator::ConfusionAccumulator(std::int64_t classes)
    : classes_(classes), confusion_(static_cast<std::size_t>(classes), std::vector<std::int64_t>(static_cast<std::size_t>(classes), 0)) {}

void ConfusionAccumulator::add(const torch::Tensor& logits, const torch::Tensor& target, double meanLoss) {
    const std::int64_t n = logits.size(0);
    const auto predicted = logits.argmax(1).contiguous();
    const torch::Tensor top = std::get<1>(logits.topk(std::min<std::int64_t>(5, classes_), 1)).contiguous();
    const auto t = target.contiguous();
    const auto* p = predicted.data_ptr<std::int64_t>();
    const auto* y = t.data_ptr<std::int64_t>();
    const auto* k = top.data_ptr<std::int64_t>();
    const std::int64_t kk = top.size(1);
    for (std::int64_t i = 0; i < n; ++i) {
        ++confusion_[static_cast<std::size_t>(y[i])][static_cast<std::size_t>(p[i])];
        for (std::int64_t j = 0; j < kk; ++j)
            if (k[i * kk + j] == y[i]) {
                ++top5_;
                break;
            }
    }
    lossSum_ += meanLoss * static_cast<double>(n);
    images_ += static_cast<std::size_t>(n);
}

Evaluation ConfusionAccumulator::result() const {
    Evaluation e;
    e.images = images_;
    e.confusion = confusion_;
    if (images_ == 0) return e;
    e.loss = lossSum_ / static_cast<double>(images_);
    e.top5 = static_cast<double>(top5_) / static_cast<double>(images_);
    std::int64_t correct = 0;
    const auto C = static_cast<std::size_t>(classes_);
    for (std::size_t i = 0; i < C; ++i) {
        correct += confusion_[i][i];
        std::int64_t row = 0, column = 0;
        for (std::size_t j = 0; j < C; ++j) {
            row += confusion_[i][j];
            column += confusion_[j][i];
        }
        const double precision = column ? static_cast<double>(confusion_[i][i]) / static_cast<double>(column) : 0.0;
        const double recall = row ? static_cast<double>(confusion_[i][i]) / static_cast<double>(row) : 0.0;
        e.precision.push_back(precision);
        e.recall.push_back(recall);
        e.f1.push_back(precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0);
        e.support.push_back(row);
    }
    e.accuracy = static_cast<double>(correct) / static_cast<double>(images_);
    return e;
}

}  // namespace tl::train
