#pragma once
// The model catalog (resources/models.json, built into the program): what each pretrained model is,
// how its input is preprocessed, where its weights come from, and its published ImageNet figures.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tl {

/// How an image becomes the network's input: a geometry step that yields the exact pixels the network
/// sees (the "un-preprocessed crop"), then a per-channel normalisation
///     value = (pixel / divisor - mean[c]) / std[c]
/// in the network's channel order (BGR when `bgr`). Presets by `mode` (see recipeFor() in preprocess.h):
///   torchvision  resize the shorter side to resizeSize (antialiased), centre-crop inputSize, [0,1], mean/std
///   caffe        Keras: RGB→BGR, subtract 103.939/116.779/123.68     (geometry "resize", as load_img)
///   tf           Keras: scale to [-1, 1]                              (geometry "resize")
///   torch        Keras: [0,1] then ImageNet mean/std                  (geometry "resize")
///   vgg_mean     TF-slim VGG: subtract 123.68/116.78/103.94 in RGB    (geometry "crop_or_pad")
struct Preprocessing {
    std::string mode = "torchvision";
    /// "resize_crop" (torchvision), "resize" (Keras load_img: straight to inputSize × inputSize),
    /// "crop_or_pad" (tf.image.resize_image_with_crop_or_pad: centre crop or zero-pad, no scaling).
    std::string geometry = "resize_crop";
    int inputSize = 224;               ///< the square the network sees
    int resizeSize = 256;              ///< shorter side before cropping ("resize_crop" only)
    std::string interpolation = "bilinear";  ///< nearest, bilinear, bicubic, lanczos (Pillow's filters)
    float divisor = 255.0f;
    bool bgr = false;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};
};

struct WeightsRef {
    std::string variant;       ///< e.g. "IMAGENET1K_V1"
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
