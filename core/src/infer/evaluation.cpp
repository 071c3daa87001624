#include "tl/evaluation.h"

#include "tl/classifier.h"
#include "tl/error.h"

#include <algorithm>
#include <cmath>

namespace tl {

EvaluationAccumulator::EvaluationAccumulator(int classes)
    : confusion_(static_cast<std::size_t>(classes), std::vector<std::int64_t>(static_cast<std::size_t>(classes), 0)), calibration_(classes) {}

void EvaluationAccumulator::add(int truth, int predicted, bool inTop5, double loss) {
    ++confusion_.at(static_cast<std::size_t>(truth)).at(static_cast<std::size_t>(predicted));
    top5_ += inTop5;
    lossSum_ += loss;
    ++images_;
}

Evaluation EvaluationAccumulator::result() const {
    Evaluation e;
    e.images = images_;
    e.failed = failed_;
    e.confusion = confusion_;
    e.calibration = calibration_.result();
    const std::size_t C = confusion_.size();
    std::int64_t correct = 0;
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
    if (images_ == 0) return e;
    e.loss = lossSum_ / static_cast<double>(images_);
    e.top5 = static_cast<double>(top5_) / static_cast<double>(images_);
    e.accuracy = static_cast<double>(correct) / static_cast<double>(images_);
    return e;
}

Evaluation evaluateFiles(const Classifier& classifier, const std::vector<std::string>& paths, const std::vector<int>& labels,
                         const std::function<bool(std::size_t, std::size_t)>& progress,
                         const std::function<void(const ImageResult&, std::size_t)>& onImage) {
    if (paths.size() != labels.size()) throw Error("evaluate", "the file list and the label list differ in length");
    const int classes = static_cast<int>(classifier.labels().size());
    for (const int l : labels)
        if (l < 0 || l >= classes) throw Error("evaluate", "a label is outside the model's " + std::to_string(classes) + " classes");
    // Every class's probability, so that the loss of the true class is known.
    ClassifierOptions options = classifier.options();
    options.topK = classes;
    const Classifier all(classifier.model(), classifier.recipe(), classifier.labels(), options);
    EvaluationAccumulator acc(classes);
    std::size_t done = 0;
    all.classifyFiles(paths, [&](const ImageResult& r, std::size_t index) {
        if (!r.error.empty()) {
            acc.addFailure();
        } else {
            const int truth = labels[index];
            double p = 0.0;
            bool top5 = false;
            std::vector<float> row(static_cast<std::size_t>(classes), 0.0f);  // every class's probability, in class order
            for (std::size_t k = 0; k < r.top.size(); ++k) {
                row[static_cast<std::size_t>(r.top[k].index)] = static_cast<float>(r.top[k].probability);
                if (r.top[k].index == truth) {
                    p = r.top[k].probability;
                    top5 = k < 5;
                }
            }
            acc.add(truth, r.top.front().index, top5, -std::log(std::max(p, 1e-12)));
            acc.addProbabilities(row.data(), truth);
        }
        if (onImage) onImage(r, index);
        return !progress || progress(++done, paths.size());
    });
    return acc.result();
}

}  // namespace tl
