#pragma once
// Preprocessing recipes (data; the catalog names one per model) applied to decoded RGB images. Each recipe
// first yields the un-preprocessed crop — the exact 8-bit pixels the network sees, and the rectangle of the
// original they came from — and then the normalised CHW floats. Resampling reproduces Pillow's (which
// torchvision's transforms use on PIL images): antialiased when shrinking, same rounding.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <array>
#include <string>
#include <vector>

namespace tl {

/// How an image becomes the network's input: a geometry step that yields the exact pixels the network
/// sees (the "un-preprocessed crop"), then a per-channel normalisation
///     value = (pixel / divisor - mean[c]) / std[c]
/// in the network's channel order (BGR when `bgr`). Presets by `mode` (see recipeFor() below):
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
    int inputSize = 224;                     ///< the square the network sees
    int resizeSize = 256;                    ///< shorter side before cropping ("resize_crop" only)
    std::string interpolation = "bilinear";  ///< nearest, bilinear, bicubic, lanczos (Pillow's filters)
    float divisor = 255.0f;
    bool bgr = false;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};
};

/// The preset of `mode` (torchvision, caffe, tf, torch, vgg_mean; see Preprocessing) for a network input of
/// `inputSize`; `resizeSize` is the shorter side before the centre crop (0: inputSize). Throws tl::Error
/// listing the modes for an unknown one.
Preprocessing recipeFor(const std::string& mode, int inputSize, int resizeSize = 0);
/// `recipe` for a network input of `inputSize`, its resize side scaled in proportion (256/224 stays 256/224).
Preprocessing recipeAtSize(const Preprocessing& recipe, int inputSize);
/// Throws tl::Error saying which field of `recipe` is impossible (unknown geometry or interpolation,
/// sizes, a zero std...).
void validateRecipe(const Preprocessing& recipe);

/// Resizes 8-bit RGB (CV_8UC3) to width × height the way Pillow's Image.resize does with that filter
/// ("nearest", "bilinear", "bicubic", "lanczos"): a separable, antialiased resample in 8-bit fixed point.
cv::Mat resizeImage(const cv::Mat& rgb, int width, int height, const std::string& interpolation);

/// The shorter side a decoded image needs for `recipe` to give its result within rounding (about 0.3/255
/// mean difference; DecodeOptions::minShortSide): twice the resize target for the antialiased geometries,
/// 0 (every pixel) for nearest-neighbour resizing and crop_or_pad.
int reducibleShortSide(const Preprocessing& recipe);

struct PreparedImage {
    cv::Mat crop;            ///< CV_8UC3 RGB, inputSize × inputSize: what the network sees, before normalising
    cv::Rect2d region;       ///< where the crop lies in the decoded image (may extend past it when padded)
    std::vector<float> chw;  ///< the normalised network input, 3 × inputSize × inputSize
};

/// The size torchvision's Resize(shorterSide) gives a width × height image (the longer side truncated).
cv::Size shorterSideSize(int width, int height, int shorterSide);

/// The geometry step of `recipe`: the un-preprocessed crop, and its rectangle in `rgb` when `region` is given.
cv::Mat cropForNetwork(const cv::Mat& rgb, const Preprocessing& recipe, cv::Rect2d* region = nullptr);
/// Writes the normalised CHW planes of an 8-bit RGB crop to `out` (3 × rows × cols floats).
void normalizeInto(const cv::Mat& crop, const Preprocessing& recipe, float* out);
/// The inverse of normalizeInto(): CHW floats back to 8-bit RGB (rounded and clipped), for showing what a
/// network input looks like.
cv::Mat denormalize(const float* chw, int height, int width, const Preprocessing& recipe);
/// Geometry and normalisation together.
PreparedImage prepareImage(const cv::Mat& rgb, const Preprocessing& recipe);

}  // namespace tl
