#pragma once
// Why the model says what it says: Grad-CAM (Selvaraju et al., 2017) and Grad-CAM++ (Chattopadhay et al., 2018)
// of a catalog model or a fine-tuned model file, at a layer of its model tree, for any class. The class score is
// the logit (before softmax). Grad-CAM weighs each channel k of the layer's activations A by the mean over the
// positions of ∂score/∂A_k; Grad-CAM++ by Σ_ij relu(∂score/∂A_k,ij) · α_k,ij with
// α = g² / (2g² + Σ_ij A_k,ij · g³) (0 where g = 0). The map is relu(Σ_k w_k A_k) at the layer's resolution.
// Torch-free.

#include "tl/model_ref.h"
#include "tl/preprocess.h"

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tl {

struct ExplainOptions {
    std::string layer;      ///< a module path of the model tree ("layer4"); empty: Explainer::defaultLayer()
    int classIndex = -1;    ///< the class explained; -1: the model's top-1 for the image
    bool plusPlus = false;  ///< Grad-CAM++'s channel weights instead of Grad-CAM's
};

struct Explanation {
    std::string layer;
    int classIndex = -1;
    std::string label;
    double probability = 0.0;  ///< the model's probability of that class for the image
    int height = 0;            ///< the layer's spatial size
    int width = 0;
    std::vector<float> map;  ///< relu(Σ_k w_k A_k), row-major height × width, not normalised
};

/// A spatial layer of the model tree: a module whose output is [1, C, H, W] with H·W > 1 for one image.
struct ExplainLayer {
    std::string path;
    int channels = 0;
    int height = 0;
    int width = 0;
};

class Explainer {
public:
    /// The model as the app classifies with it (its weights from the store for a catalog model), on the CPU or
    /// `device` (as Model::setDevice). Throws tl::Error naming the model when it cannot be built.
    explicit Explainer(const ModelRef& model, const std::string& device = "cpu");
    ~Explainer();
    Explainer(Explainer&&) noexcept;
    Explainer& operator=(Explainer&&) noexcept;

    const ModelRef& model() const;
    const Preprocessing& recipe() const;
    const std::vector<std::string>& labels() const;
    /// The layers a map can be made at, in the order the network runs them.
    const std::vector<ExplainLayer>& layers() const;
    /// The last of them: the output of the last convolutional block (torchvision's layer4, features, Mixed_7c…).
    const std::string& defaultLayer() const;

    /// Throws tl::Error naming `layer` unless it is one of layers() (empty: the default one is).
    void checkLayer(const std::string& layer) const;

    /// The map of one prepared image (PreparedImage::chw). Throws tl::Error naming the layer when it is not one
    /// of layers() (a layer without spatial output is refused with its shape), or the class when out of range.
    Explanation explain(const PreparedImage& image, const ExplainOptions& options = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The map scaled to [0, 1] by its largest value (all 0 for a map without a positive value), resized to `size`
/// with bilinear interpolation: CV_32F.
cv::Mat explanationHeat(const Explanation& explanation, cv::Size size);
/// The heat map coloured (OpenCV's JET: blue cold, red hot) and blended over `crop` (8-bit RGB) with weight
/// `alpha`: 8-bit RGB of the crop's size.
cv::Mat explanationOverCrop(const cv::Mat& crop, const Explanation& explanation, double alpha = 0.5);
/// The same over the whole image `rgb`: the heat map placed on `region` (where the crop lies in the image, as
/// PreparedImage::region and ImageResult::region say; the part of it past the image's edges is dropped), the
/// rest of the image dimmed, its outline drawn.
cv::Mat explanationOverImage(const cv::Mat& rgb, const cv::Rect2d& region, const Explanation& explanation, double alpha = 0.5);

}  // namespace tl
