#pragma once
// The model catalog (resources/models.json, built into the program): what each pretrained model is,
// how its input is preprocessed, where its weights come from, and its published ImageNet figures.

#include "tl/preprocess.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

struct WeightsRef {
    std::string variant;  ///< e.g. "IMAGENET1K_V1"
    std::string url;
    std::string fileName;      ///< as PyTorch's hub cache names it
    std::string sha256Prefix;  ///< the leading hex digits of the file's SHA-256
};

struct ModelSpec {
    std::string id;
    std::string name;
    std::string family;
    std::string arch;  ///< the architecture core builds
    Preprocessing preprocessing;
    int numClasses = 1000;
    std::string labels = "imagenet";
    bool transformInput = false;  ///< Inception v3's re-normalisation for its pretrained weights
    /// false for weights without the classifier (Keras include_top=False): a base to train from, not a
    /// model that classifies ImageNet (the Classify and Compare areas leave it out).
    bool includeTop = true;
    WeightsRef weights;
    std::int64_t params = 0;
    double gflops = 0.0;
    double top1 = 0.0;
    double top5 = 0.0;
};

class Catalog {
public:
    /// The catalog built into the program.
    static const Catalog& builtin();
    /// Parses a catalog in the models.json format; `source` names it in errors.
    static Catalog fromJson(const std::string& text, const std::string& source);

    const std::vector<ModelSpec>& models() const { return models_; }
    /// nullptr when there is no model `id`.
    const ModelSpec* find(const std::string& id) const;
    /// Throws tl::Error listing the known ids when there is no model `id`.
    const ModelSpec& get(const std::string& id) const;

private:
    std::vector<ModelSpec> models_;
};

/// The 1000 ImageNet-1K class names, in class-index order.
const std::vector<std::string>& imagenetLabels();

/// Labels for a model: ImageNet's for 1000 classes; for 1001 (TF-slim Inception) index 0 is "background".
std::vector<std::string> labelsFor(const ModelSpec& spec);

}  // namespace tl
