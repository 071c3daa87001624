#pragma once
// Classification: images → the model's recipe → one batched forward → softmax → top-k. Used by the
// Classify area, the `classify` command and model comparison. Torch-free; a Classifier may be used from
// a worker thread (calls on one instance are serialised).

#include "tl/catalog.h"
#include "tl/image.h"
#include "tl/model.h"
#include "tl/preprocess.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tl {

struct Prediction {
    int index = 0;
    std::string label;
    float probability = 0.0f;
};

struct ImageResult {
    std::string source;  ///< the file (or name) the image came from
    std::string error;   ///< why it could not be classified; empty on success
    int width = 0;       ///< decoded size, orientation applied
    int height = 0;
    cv::Mat crop;                 ///< the un-preprocessed crop the network saw (8-bit RGB)
    cv::Rect2d region;            ///< where the crop lies in the decoded image
    cv::Mat image;                ///< the decoded image (8-bit RGB), scaled to fit ClassifierOptions::keepImage
                                  ///< pixels on its longer side; empty unless asked for
    std::vector<Prediction> top;  ///< best first
    double milliseconds = 0.0;    ///< decode + preprocess + this image's share of its batch's forward
};

struct ClassifierOptions {
    int topK = 5;
    int batchSize = 8;           ///< images per forward pass
    std::string device = "cpu";  ///< as Model::setDevice
    DecodeOptions decode;
    /// Decode large JPEGs at reduced size when the recipe shrinks them anyway (reducibleShortSide()): several
    /// times faster on camera photos, within 0.5/255 of the full decode. Off: every pixel is decoded.
    bool fastDecode = true;
    int keepImage = 0;  ///< > 0: keep a copy of each decoded image this large for display (ImageResult::image)
};

/// The k most probable classes of one row of probabilities, best first (ties: lower index first).
std::vector<Prediction> topK(const float* probabilities, int classes, int k, const std::vector<std::string>& labels);

/// What the network is shown of the file `path` under `recipe`, without a model: the decoded size, the crop
/// (un-normalised) and its region in the decoded image's pixels, and a copy scaled to `keepImage` pixels on its
/// longer side (none when 0); `top` stays empty. A file that cannot be read gives the reason in `error`.
/// The Classify area shows it while a model loads or its weights are missing.
ImageResult previewFile(const std::string& path, const Preprocessing& recipe, const DecodeOptions& decode, int keepImage);

/// The image files among `paths`: files as given (whatever their extension), folders searched recursively
/// for files with an image extension, each folder's files in name order. Paths that do not exist are
/// reported in `missing` (if given) and left out.
std::vector<std::string> collectImageFiles(const std::vector<std::string>& paths, std::vector<std::string>* missing = nullptr);

class Classifier {
public:
    /// `labels` must have one name per model output.
    Classifier(Model model, Preprocessing recipe, std::vector<std::string> labels, ClassifierOptions options = {});
    /// A catalog model with its weights from `weightsPath`, its recipe and labels; the model is the
    /// classifier's own and is prepared for inference (Model::prepareForInference()).
    static Classifier fromCatalog(const ModelSpec& spec, const std::string& weightsPath, ClassifierOptions options = {});
    /// A fine-tuned model file (model_file.h): its network, recipe and class names.
    static Classifier fromModelFile(const std::string& path, ClassifierOptions options = {});

    const Preprocessing& recipe() const;
    const std::vector<std::string>& labels() const;
    const ClassifierOptions& options() const;
    const Model& model() const;

    /// Softmax probabilities of already prepared images, in batches of options().batchSize;
    /// row-major [images.size(), classes].
    std::vector<float> probabilities(const std::vector<PreparedImage>& images) const;

    /// One decoded RGB image.
    ImageResult classify(const cv::Mat& rgb, const std::string& source) const;

    /// Called with each result as soon as its batch is done (`index` into the input list); returning false
    /// stops the work (classifyFiles then throws tl::Cancelled).
    using ResultFn = std::function<bool(const ImageResult& result, std::size_t index)>;
    /// Reads, decodes and classifies files in batches (decoding in parallel). A file that cannot be read or
    /// decoded yields a result with its error and does not stop the others.
    std::vector<ImageResult> classifyFiles(const std::vector<std::string>& paths, const ResultFn& onResult = {}) const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace tl
