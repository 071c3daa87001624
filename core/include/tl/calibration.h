#pragma once
// Whether "97 %" means 97 %: calibration figures of a classifier's probabilities on labelled images, and temperature
// scaling (Guo et al., 2017), which divides the logits by one fitted number T so that the probabilities match how
// often the model is right, without changing any prediction.
//
// Definitions (the top-1 probability is the confidence):
// - reliability: 15 equal-width bins of the confidence, bin b holding (b/15, (b+1)/15] (a confidence of 0 in bin 0),
//   each with its image count, mean confidence and accuracy;
// - ECE: Σ_b (n_b / N) · |accuracy_b − confidence_b|; MCE: the largest |accuracy_b − confidence_b| of a non-empty bin;
// - NLL: the mean of −log p(truth) (p clamped at 1e-12); Brier: the mean over images of Σ_k (p_k − [k = truth])².
// Torch-free.

#include <cstddef>
#include <string>
#include <vector>

namespace tl {

/// Below this many images the figures say little (a bin of a few images is mostly noise): shown, but said so.
constexpr std::size_t kMinCalibrationImages = 20;

struct ReliabilityBin {
    double lower = 0.0;  ///< the bin holds confidences in (lower, upper]
    double upper = 0.0;
    std::size_t count = 0;
    double confidence = 0.0;  ///< mean top-1 probability of its images (0 when empty)
    double accuracy = 0.0;    ///< share of its images whose top-1 is right (0 when empty)
};

struct Calibration {
    std::size_t images = 0;
    double ece = 0.0;
    double mce = 0.0;
    double nll = 0.0;
    double brier = 0.0;
    std::vector<ReliabilityBin> bins;
    bool meaningful() const { return images >= kMinCalibrationImages; }
};

/// Accumulates the figures one image at a time.
class CalibrationAccumulator {
public:
    explicit CalibrationAccumulator(int classes, int bins = 15);
    /// One image: its `classes` probabilities (summing to 1) and its true class.
    void add(const float* probabilities, int truth);
    Calibration result() const;

private:
    int classes_;
    std::vector<ReliabilityBin> bins_;
    std::vector<double> confidenceSum_, correctSum_;
    double nll_ = 0.0, brier_ = 0.0;
    std::size_t images_ = 0;
};

/// The figures of `probabilities` (images × classes, row-major, each row summing to 1) against `labels`.
/// Throws tl::Error when the sizes disagree or a label is out of range.
Calibration calibrationOf(const std::vector<float>& probabilities, int classes, const std::vector<int>& labels, int bins = 15);

/// The figures as a JSON object: bins, images, meaningful, ece, mce, nll, brier, and reliability (each bin's lower, upper,
/// count, confidence, accuracy) — as `evaluate --json`, `compare --json` and the exports print them.
std::string calibrationJson(const Calibration& calibration);

/// softmax(logits / temperature), row by row (images × classes).
std::vector<float> softmaxAt(const std::vector<float>& logits, int classes, double temperature = 1.0);

/// The temperature T > 0 that minimises the NLL of softmax(logits / T) on these images (L-BFGS with strong-Wolfe line
/// search, run to convergence from T = 1). Throws tl::Error with fewer than kMinCalibrationImages images.
double fitTemperature(const std::vector<float>& logits, int classes, const std::vector<int>& labels);

}  // namespace tl
