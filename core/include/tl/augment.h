#pragma once
// Training-time augmentation as data. The Keras ImageDataGenerator options the tutorials use (rotation,
// shifts, shear, zoom, flips, fill mode, rescale) with Keras' own semantics, plus torchvision's
// RandomResizedCrop and ColorJitter. A config is JSON with Keras' argument names, so a user can paste the
// arguments of their ImageDataGenerator(...). Every random choice comes from a seed per sample and epoch:
// the same seed gives the same image on every machine.

#include "tl/preprocess.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

struct AugmentConfig {
    // ---- Keras ImageDataGenerator ----
    double rotationRange = 0.0;    ///< degrees: uniform in ±rotation_range
    double widthShiftRange = 0.0;  ///< < 1: fraction of the width; ≥ 1: pixels (uniform in ±)
    double heightShiftRange = 0.0;
    double shearRange = 0.0;  ///< degrees, counter-clockwise (Keras 2)
    double zoomLow = 1.0;     ///< zoom_range: x and y scale factors drawn independently from [low, high];
    double zoomHigh = 1.0;    ///<   a single number z means [1 − z, 1 + z]. Above 1 zooms out.
    bool horizontalFlip = false;
    bool verticalFlip = false;
    std::string fillMode = "nearest";  ///< nearest, constant, reflect, wrap: how points outside the image are filled
    double cval = 0.0;                 ///< the value for fill_mode constant
    /// When non-zero the network input is pixel × rescale (ImageDataGenerator(rescale=1/255) without a
    /// preprocessing_function), replacing the model's own normalisation.
    double rescale = 0.0;

    // ---- torchvision ----
    bool randomResizedCrop = false;  ///< RandomResizedCrop(inputSize, scale, ratio) instead of the centre crop
    double scaleLow = 0.08, scaleHigh = 1.0;
    double ratioLow = 3.0 / 4.0, ratioHigh = 4.0 / 3.0;
    /// ColorJitter: factors drawn from [max(0, 1 − b), 1 + b] (contrast, saturation likewise), hue shift from
    /// [−hue, hue] (at most 0.5); applied in a random order, as torchvision does.
    double brightness = 0.0, contrast = 0.0, saturation = 0.0, hue = 0.0;

    /// True when any option changes an image (rescale alone does not).
    bool active() const;
};

/// Parses an augmentation config: a JSON object with Keras' names (rotation_range, width_shift_range,
/// height_shift_range, shear_range, zoom_range, horizontal_flip, vertical_flip, fill_mode, cval, rescale) and
/// random_resized_crop ({"scale": [a, b], "ratio": [a, b]} or true), color_jitter ({"brightness", "contrast",
/// "saturation", "hue"}). Unknown keys and impossible values throw tl::Error naming `source` and the key.
AugmentConfig parseAugmentConfig(const std::string& json, const std::string& source);
std::string augmentConfigJson(const AugmentConfig& config, int indent = 2);
/// Throws tl::Error naming the option that is out of range.
void validateAugmentConfig(const AugmentConfig& config);

/// The random parameters of one Keras transform (ImageDataGenerator.get_random_transform), on (row, col) axes:
/// tx moves rows (height), ty columns (width).
struct KerasTransform {
    double theta = 0.0;  ///< degrees
    double tx = 0.0, ty = 0.0;
    double shear = 0.0;  ///< degrees
    double zx = 1.0, zy = 1.0;
    bool flipHorizontal = false, flipVertical = false;
};

/// A deterministic generator for augmentation (splitmix64 seeding, xoshiro256**), identical on every platform.
class AugmentRng {
public:
    explicit AugmentRng(std::uint64_t seed);
    std::uint64_t next();
    double uniform(double low, double high);  ///< [low, high)
    int below(int n);                         ///< [0, n)
private:
    std::uint64_t s_[4];
};

/// The seed of one sample in one epoch of a run.
std::uint64_t augmentSeed(std::uint64_t runSeed, int epoch, std::uint64_t sample);

KerasTransform randomKerasTransform(const AugmentConfig& config, int rows, int cols, AugmentRng& rng);
/// Keras' apply_affine_transform (bilinear, about the image centre as Keras computes it) followed by the flips.
cv::Mat applyKerasTransform(const cv::Mat& rgb, const KerasTransform& t, const std::string& fillMode, double cval);

/// torchvision RandomResizedCrop.get_params: the crop rectangle (10 tries, then the centre crop fallback).
cv::Rect randomResizedCropBox(int width, int height, const AugmentConfig& config, AugmentRng& rng);
/// ColorJitter with explicit factors (1 = unchanged; hue in [−0.5, 0.5], 0 = unchanged), order as given
/// (0 brightness, 1 contrast, 2 saturation, 3 hue).
cv::Mat colorJitter(const cv::Mat& rgb, double brightness, double contrast, double saturation, double hue,
                    const std::vector<int>& order = {0, 1, 2, 3});

/// The image a dataset cache keeps for `recipe`: for resize_crop the image resized on its shorter side to
/// recipe.resizeSize (what torchvision's Resize gives), otherwise the network crop itself. cropForNetwork()
/// of it equals cropForNetwork() of `rgb`.
cv::Mat cacheForm(const cv::Mat& rgb, const Preprocessing& recipe);

/// The augmented network crop (inputSize × inputSize, 8-bit RGB) of a decoded or cache-form image: the
/// random resized crop or the recipe's crop, then the Keras transform and flips, then the colour jitter.
cv::Mat augmentImage(const cv::Mat& rgb, const AugmentConfig& config, const Preprocessing& recipe, std::uint64_t seed);

/// `count` augmented variants of one image (the Keras save_to_dir preview), seeds derived from `seed`.
std::vector<cv::Mat> augmentPreview(const cv::Mat& rgb, const AugmentConfig& config, const Preprocessing& recipe, int count, std::uint64_t seed);

/// The network input of an (augmented) crop: the recipe's normalisation, or pixel × rescale when set.
void normalizeAugmented(const cv::Mat& crop, const Preprocessing& recipe, const AugmentConfig& config, float* out);

}  // namespace tl
