#include "tl/calibration.h"

#include "tl/error.h"

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

Calibration calibrationOf(const std::vector<float>& probabilities, int classes, const std::vector<int>& labels, int binCount) {
    checkSizes(probabilities.size(), classes, labels, "the probabilities");
    if (binCount < 1) throw Error("calibration", "at least one bin is needed");
    Calibration c;
    c.images = labels.size();
    c.bins.resize(static_cast<std::size_t>(binCount));
    for (int b = 0; b < binCount; ++b) {
        c.bins[static_cast<std::size_t>(b)].lower = static_cast<double>(b) / binCount;
        c.bins[static_cast<std::size_t>(b)].upper = static_cast<double>(b + 1) / binCount;
    }
    std::vector<double> confidenceSum(c.bins.size(), 0.0), correctSum(c.bins.size(), 0.0);
    double nll = 0.0, brier = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const float* p = probabilities.data() + i * static_cast<std::size_t>(classes);
        const int predicted = static_cast<int>(std::max_element(p, p + classes) - p);
        const double confidence = p[predicted];
        const auto bin = static_cast<std::size_t>(std::clamp(static_cast<int>(std::ceil(confidence * binCount)) - 1, 0, binCount - 1));
        ++c.bins[bin].count;
        confidenceSum[bin] += confidence;
        correctSum[bin] += predicted == labels[i] ? 1.0 : 0.0;
        nll -= std::log(std::max(static_cast<double>(p[labels[i]]), 1e-12));
        for (int k = 0; k < classes; ++k) {
            const double d = static_cast<double>(p[k]) - (k == labels[i] ? 1.0 : 0.0);
            brier += d * d;
        }
    }
    if (c.images == 0) return c;
    const double n = static_cast<double>(c.images);
    c.nll = nll / n;
    c.brier = brier / n;
    for (std::size_t b = 0; b < c.bins.size(); ++b) {
        ReliabilityBin& bin = c.bins[b];
        if (bin.count == 0) continue;
        bin.confidence = confidenceSum[b] / static_cast<double>(bin.count);
        bin.accuracy = correctSum[b] / static_cast<double>(bin.count);
        const double gap = std::abs(bin.accuracy - bin.confidence);
        c.ece += static_cast<double>(bin.count) / n * gap;
        c.mce = std::max(c.mce, gap);
    }
    return c;
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
