#include "tl/calibration.h"

#include "tl/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace tl {

namespace {

void checkSizes(std::size_t values, int classes, const std::vector<int>& labels, const char* what) {
    if (classes < 1) throw Error("calibration", "a model without classes");
    if (values != labels.size() * static_cast<std::size_t>(classes))
        throw Error("calibration", std::string(what) + " hold " + std::to_string(values) + " values; " + std::to_string(labels.size()) +
                                       " images of " + std::to_string(classes) + " classes need " +
                                       std::to_string(labels.size() * static_cast<std::size_t>(classes)));
    for (const int label : labels)
        if (label < 0 || label >= classes)
            throw Error("calibration", "label " + std::to_string(label) + " is out of range for " + std::to_string(classes) + " classes");
}

}  // namespace

CalibrationAccumulator::CalibrationAccumulator(int classes, int binCount) : classes_(classes) {
    if (classes < 1) throw Error("calibration", "a model without classes");
    if (binCount < 1) throw Error("calibration", "at least one bin is needed");
    bins_.resize(static_cast<std::size_t>(binCount));
    for (int b = 0; b < binCount; ++b) {
        bins_[static_cast<std::size_t>(b)].lower = static_cast<double>(b) / binCount;
        bins_[static_cast<std::size_t>(b)].upper = static_cast<double>(b + 1) / binCount;
    }
    confidenceSum_.assign(bins_.size(), 0.0);
    correctSum_.assign(bins_.size(), 0.0);
}

void CalibrationAccumulator::add(const float* p, int truth) {
    if (truth < 0 || truth >= classes_)
        throw Error("calibration", "label " + std::to_string(truth) + " is out of range for " + std::to_string(classes_) + " classes");
    const int binCount = static_cast<int>(bins_.size());
    const int predicted = static_cast<int>(std::max_element(p, p + classes_) - p);
    const double confidence = p[predicted];
    const auto bin = static_cast<std::size_t>(std::clamp(static_cast<int>(std::ceil(confidence * binCount)) - 1, 0, binCount - 1));
    ++bins_[bin].count;
    confidenceSum_[bin] += confidence;
    correctSum_[bin] += predicted == truth ? 1.0 : 0.0;
    nll_ -= std::log(std::max(static_cast<double>(p[truth]), 1e-12));
    for (int k = 0; k < classes_; ++k) {
        const double d = static_cast<double>(p[k]) - (k == truth ? 1.0 : 0.0);
        brier_ += d * d;
    }
    ++images_;
}

Calibration CalibrationAccumulator::result() const {
    Calibration c;
    c.images = images_;
    c.bins = bins_;
    if (images_ == 0) return c;
    const double n = static_cast<double>(images_);
    c.nll = nll_ / n;
    c.brier = brier_ / n;
    for (std::size_t b = 0; b < c.bins.size(); ++b) {
        ReliabilityBin& bin = c.bins[b];
        if (bin.count == 0) continue;
        bin.confidence = confidenceSum_[b] / static_cast<double>(bin.count);
        bin.accuracy = correctSum_[b] / static_cast<double>(bin.count);
        const double gap = std::abs(bin.accuracy - bin.confidence);
        c.ece += static_cast<double>(bin.count) / n * gap;
        c.mce = std::max(c.mce, gap);
    }
    return c;
}

Calibration calibrationOf(const std::vector<float>& probabilities, int classes, const std::vector<int>& labels, int binCount) {
    checkSizes(probabilities.size(), classes, labels, "the probabilities");
    CalibrationAccumulator acc(classes, binCount);
    for (std::size_t i = 0; i < labels.size(); ++i) acc.add(probabilities.data() + i * static_cast<std::size_t>(classes), labels[i]);
    return acc.result();
}

std::string calibrationJson(const Calibration& c) {
    nlohmann::json bins = nlohmann::json::array();
    for (const ReliabilityBin& b : c.bins)
        bins.push_back({{"lower", b.lower}, {"upper", b.upper}, {"count", b.count}, {"confidence", b.confidence}, {"accuracy", b.accuracy}});
    return nlohmann::json{{"bins", c.bins.size()}, {"images", c.images}, {"meaningful", c.meaningful()}, {"ece", c.ece}, {"mce", c.mce},
                          {"nll", c.nll},          {"brier", c.brier},   {"reliability", bins}}
        .dump();
}

std::vector<float> softmaxAt(const std::vector<float>& logits, int classes, double temperature) {
    if (classes < 1 || logits.size() % static_cast<std::size_t>(classes) != 0)
        throw Error("calibration", std::to_string(logits.size()) + " logits are not whole rows of " + std::to_string(classes) + " classes");
    if (!(temperature > 0.0)) throw Error("calibration", "the temperature must be positive, not " + std::to_string(temperature));
    const auto rows = static_cast<std::int64_t>(logits.size() / static_cast<std::size_t>(classes));
    torch::NoGradGuard noGrad;
    const torch::Tensor z = torch::from_blob(const_cast<float*>(logits.data()), {rows, classes}, torch::kFloat32);
    const torch::Tensor p = torch::softmax(z / temperature, 1).contiguous();
    return {p.data_ptr<float>(), p.data_ptr<float>() + p.numel()};
}

double fitTemperature(const std::vector<float>& logits, int classes, const std::vector<int>& labels) {
    checkSizes(logits.size(), classes, labels, "the logits");
    if (labels.size() < kMinCalibrationImages)
        throw Error("calibration", "a temperature fitted on " + std::to_string(labels.size()) + " images would say little: at least " +
                                       std::to_string(kMinCalibrationImages) + " are needed");
    const auto rows = static_cast<std::int64_t>(labels.size());
    const torch::Tensor z = torch::from_blob(const_cast<float*>(logits.data()), {rows, classes}, torch::kFloat32).to(torch::kDouble);
    std::vector<std::int64_t> y64(labels.begin(), labels.end());
    const torch::Tensor y = torch::tensor(y64, torch::kLong);
    // log T is optimised, so T stays positive whatever step the line search tries.
    torch::Tensor logT = torch::zeros({1}, torch::TensorOptions().dtype(torch::kDouble).requires_grad(true));
    torch::optim::LBFGS optimizer(
        {logT}, torch::optim::LBFGSOptions(1.0).max_iter(500).tolerance_grad(1e-12).tolerance_change(1e-14).line_search_fn("strong_wolfe"));
    optimizer.step([&] {
        optimizer.zero_grad();
        const torch::Tensor loss = torch::nn::functional::cross_entropy(z / logT.exp(), y);
        loss.backward();
        return loss;
    });
    const double t = std::exp(logT.item<double>());
    if (!std::isfinite(t) || t <= 0.0) throw Error("calibration", "the temperature fit did not converge");
    return t;
}

}  // namespace tl
