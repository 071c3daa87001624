#pragma once
// How well a classifier does on labelled images: loss, top-1 and top-5 accuracy, the confusion matrix and
// per-class precision, recall and F1 — for validation during training, `evaluate` and model comparison.

#include "tl/calibration.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tl {

class Classifier;
struct ImageResult;

struct Evaluation {
    double loss = 0.0;  ///< mean cross-entropy
    double accuracy = 0.0;
    double top5 = 0.0;
    std::size_t images = 0;                            ///< images evaluated
    std::size_t failed = 0;                            ///< images that could not be read (not in the figures)
    std::vector<std::vector<std::int64_t>> confusion;  ///< [true class][predicted class]
    std::vector<double> precision, recall, f1;         ///< per class
    std::vector<std::int64_t> support;                 ///< images per true class
    Calibration calibration;                           ///< of the probabilities (images 0 when none were given)
};

/// Accumulates predictions one image at a time.
class EvaluationAccumulator {
public:
    explicit EvaluationAccumulator(int classes);
    /// `predicted` the top-1 class, `inTop5` whether the truth was among the five best, `loss` −log p(truth).
    void add(int truth, int predicted, bool inTop5, double loss);
    /// The image's probabilities of every class, for the calibration figures (alongside add()).
    void addProbabilities(const float* probabilities, int truth) { calibration_.add(probabilities, truth); }
    void addFailure() { ++failed_; }
    Evaluation result() const;

private:
    std::vector<std::vector<std::int64_t>> confusion_;
    CalibrationAccumulator calibration_;
    double lossSum_ = 0.0;
    std::size_t images_ = 0, top5_ = 0, failed_ = 0;
};

/// Classifies every file (batched, in parallel, as Classifier::classifyFiles) and compares it with `labels`
/// (indices into classifier.labels()). `progress(done, total)` returning false cancels (tl::Cancelled).
/// `onImage(result, index)` sees each image's result (every class, best first), e.g. to collect the mistakes.
Evaluation evaluateFiles(const Classifier& classifier, const std::vector<std::string>& paths, const std::vector<int>& labels,
                         const std::function<bool(std::size_t, std::size_t)>& progress = {},
                         const std::function<void(const ImageResult&, std::size_t)>& onImage = {});

}  // namespace tl
