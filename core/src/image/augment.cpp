#include "tl/augment.h"

#include "io/checked_read.h"
#include "mix.h"
#include "tl/error.h"
#include "tl/preprocess.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace tl {

// ---- random numbers ----

AugmentRng::AugmentRng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = x = detail::mix64(x);
}

std::uint64_t AugmentRng::next() {
    const auto rotl = [](std::uint64_t v, int k) { return (v << k) | (v >> (64 - k)); };
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double AugmentRng::uniform(double low, double high) { return low + (high - low) * (static_cast<double>(next() >> 11) * 0x1.0p-53); }

int AugmentRng::below(int n) { return n <= 1 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

std::uint64_t augmentSeed(std::uint64_t runSeed, int epoch, std::uint64_t sample) {
    return detail::mix64(detail::mix64(detail::mix64(runSeed) ^ static_cast<std::uint64_t>(epoch)) ^ sample);
}

// ---- config ----

bool AugmentConfig::active() const {
    return rotationRange != 0 || widthShiftRange != 0 || heightShiftRange != 0 || shearRange != 0 || zoomLow != 1 || zoomHigh != 1 ||
           horizontalFlip || verticalFlip || randomResizedCrop || brightness != 0 || contrast != 0 || saturation != 0 || hue != 0;
}

namespace {

const std::set<std::string> kFillModes{"nearest", "constant", "reflect", "wrap"};

// ---- the ranges of an augmentation config (JSON from the CLI, the GUI's settings and train configs) ----
using io::Limit;
constexpr Limit<double> kRotation{0.0, 360.0, "a rotation range is {} degrees"};
// Below 1 a fraction of the side, else pixels: 65,536 is past any image's side.
constexpr Limit<double> kShift{0.0, 65536.0, "a shift range is {} (below 1: a fraction of the side; else pixels)"};
constexpr Limit<double> kShear{0.0, 90.0, "a shear range is {} degrees", false, true};
// Zooming 100× already samples one input pixel for a 100-pixel stretch; 0 would divide by zero.
constexpr Limit<double> kZoom{0.0, 100.0, "a zoom factor is {}", true};
// Pixel values are 0 to 255 (65,535 in 16-bit): fill values and scales beyond 65,536 are no images.
constexpr Limit<double> kCval{-65536.0, 65536.0, "a fill value is {}"};
constexpr Limit<double> kRescale{-65536.0, 65536.0, "rescale is {} (0: off)"};
constexpr Limit<double> kCropScale{0.0, 1.0, "a crop's share of the image is {}", true};
// Aspect ratios: 100:1 is already a line.
constexpr Limit<double> kCropRatio{0.0, 100.0, "a crop's aspect ratio is {}", true};
// Jitter factors come from [max(0, 1 − b), 1 + b]: 100 is a hundredfold change.
constexpr Limit<double> kJitter{0.0, 100.0, "a colour jitter strength is {}"};
constexpr Limit<double> kHue{0.0, 0.5, "a hue jitter is {} (torchvision's range)"};

bool kerasAffine(const AugmentConfig& c) {
    return c.rotationRange != 0 || c.widthShiftRange != 0 || c.heightShiftRange != 0 || c.shearRange != 0 || c.zoomLow != 1 || c.zoomHigh != 1;
}

std::pair<double, double> rangeOf(const nlohmann::json& v, const std::string& source, const std::string& key, bool around1) {
    if (v.is_number()) {
        const double z = v.get<double>();
        return around1 ? std::pair{1.0 - z, 1.0 + z} : std::pair{std::max(0.0, 1.0 - z), 1.0 + z};
    }
    if (v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number()) return {v[0].get<double>(), v[1].get<double>()};
    throw Error(source, key + ": expects a number or a [low, high] pair");
}

}  // namespace

void validateAugmentConfig(const AugmentConfig& c) {
    const auto need = [](bool ok, const char* key, const std::string& what) {
        if (!ok) throw Error(key, what);
    };
    const auto range = [](double value, const char* key, const Limit<double>& limit) { io::checked(value, "", key, limit); };
    range(c.rotationRange, "rotation_range", kRotation);
    range(c.widthShiftRange, "width_shift_range", kShift);
    range(c.heightShiftRange, "height_shift_range", kShift);
    range(c.shearRange, "shear_range", kShear);
    range(c.zoomLow, "zoom_range[0]", kZoom);
    range(c.zoomHigh, "zoom_range[1]", kZoom);
    need(c.zoomLow <= c.zoomHigh, "zoom_range", "needs 0 < low ≤ high");
    need(kFillModes.count(c.fillMode) > 0, "fill_mode", "must be nearest, constant, reflect or wrap, not '" + c.fillMode + "'");
    range(c.cval, "cval", kCval);
    range(c.rescale, "rescale", kRescale);
    range(c.scaleLow, "random_resized_crop.scale[0]", kCropScale);
    range(c.scaleHigh, "random_resized_crop.scale[1]", kCropScale);
    need(c.scaleLow <= c.scaleHigh, "random_resized_crop.scale", "needs 0 < low ≤ high ≤ 1");
    range(c.ratioLow, "random_resized_crop.ratio[0]", kCropRatio);
    range(c.ratioHigh, "random_resized_crop.ratio[1]", kCropRatio);
    need(c.ratioLow <= c.ratioHigh, "random_resized_crop.ratio", "needs 0 < low ≤ high");
    range(c.brightness, "color_jitter.brightness", kJitter);
    range(c.contrast, "color_jitter.contrast", kJitter);
    range(c.saturation, "color_jitter.saturation", kJitter);
    range(c.hue, "color_jitter.hue", kHue);
}

AugmentConfig parseAugmentConfig(const std::string& text, const std::string& source) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw Error(source, "an augmentation config is a JSON object");
    AugmentConfig c;
    try {
        for (const auto& [key, v] : j.items()) {
            if (key == "rotation_range") c.rotationRange = io::jsonNumber(v, source, key, kRotation);
            else if (key == "width_shift_range") c.widthShiftRange = io::jsonNumber(v, source, key, kShift);
            else if (key == "height_shift_range") c.heightShiftRange = io::jsonNumber(v, source, key, kShift);
            else if (key == "shear_range") c.shearRange = io::jsonNumber(v, source, key, kShear);
            else if (key == "zoom_range") std::tie(c.zoomLow, c.zoomHigh) = rangeOf(v, source, key, true);
            else if (key == "horizontal_flip") c.horizontalFlip = v.get<bool>();
            else if (key == "vertical_flip") c.verticalFlip = v.get<bool>();
            else if (key == "fill_mode") c.fillMode = v.get<std::string>();
            else if (key == "cval") c.cval = io::jsonNumber(v, source, key, kCval);
            else if (key == "rescale") c.rescale = v.is_null() ? 0.0 : io::jsonNumber(v, source, key, kRescale);
            else if (key == "random_resized_crop") {
                if (v.is_boolean()) {
                    c.randomResizedCrop = v.get<bool>();
                    continue;
                }
                if (!v.is_object()) throw Error(source, "random_resized_crop: expects true/false or {\"scale\": [a, b], \"ratio\": [a, b]}");
                c.randomResizedCrop = true;
                for (const auto& [k, r] : v.items()) {
                    if (k == "scale") std::tie(c.scaleLow, c.scaleHigh) = rangeOf(r, source, "random_resized_crop.scale", false);
                    else if (k == "ratio") std::tie(c.ratioLow, c.ratioHigh) = rangeOf(r, source, "random_resized_crop.ratio", false);
                    else throw Error(source, "random_resized_crop: unknown key '" + k + "' (scale, ratio)");
                }
            } else if (key == "color_jitter") {
                if (!v.is_object()) throw Error(source, "color_jitter: expects {\"brightness\", \"contrast\", \"saturation\", \"hue\"}");
                for (const auto& [k, r] : v.items()) {
                    if (k == "brightness") c.brightness = io::jsonNumber(r, source, "color_jitter.brightness", kJitter);
                    else if (k == "contrast") c.contrast = io::jsonNumber(r, source, "color_jitter.contrast", kJitter);
                    else if (k == "saturation") c.saturation = io::jsonNumber(r, source, "color_jitter.saturation", kJitter);
                    else if (k == "hue") c.hue = io::jsonNumber(r, source, "color_jitter.hue", kHue);
                    else throw Error(source, "color_jitter: unknown key '" + k + "' (brightness, contrast, saturation, hue)");
                }
            } else {
                throw Error(source, "unknown augmentation option '" + key +
                                        "' (rotation_range, width_shift_range, height_shift_range, shear_range, zoom_range, "
                                        "horizontal_flip, vertical_flip, fill_mode, cval, rescale, random_resized_crop, color_jitter)");
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("wrong value type: ") + e.what());
    }
    try {
        validateAugmentConfig(c);
    } catch (const Error& e) {
        throw Error(source, e.what());
    }
    return c;
}

std::string augmentConfigJson(const AugmentConfig& c, int indent) {
    nlohmann::json j{{"rotation_range", c.rotationRange},
                     {"width_shift_range", c.widthShiftRange},
                     {"height_shift_range", c.heightShiftRange},
                     {"shear_range", c.shearRange},
                     {"zoom_range", {c.zoomLow, c.zoomHigh}},
                     {"horizontal_flip", c.horizontalFlip},
                     {"vertical_flip", c.verticalFlip},
                     {"fill_mode", c.fillMode},
                     {"cval", c.cval},
                     {"rescale", c.rescale}};
    if (c.randomResizedCrop) j["random_resized_crop"] = {{"scale", {c.scaleLow, c.scaleHigh}}, {"ratio", {c.ratioLow, c.ratioHigh}}};
    if (c.brightness != 0 || c.contrast != 0 || c.saturation != 0 || c.hue != 0)
        j["color_jitter"] = {{"brightness", c.brightness}, {"contrast", c.contrast}, {"saturation", c.saturation}, {"hue", c.hue}};
    return j.dump(indent);
}

// ---- Keras transforms ----

KerasTransform randomKerasTransform(const AugmentConfig& c, int rows, int cols, AugmentRng& rng) {
    // The draws in ImageDataGenerator.get_random_transform's order.
    KerasTransform t;
    if (c.rotationRange != 0) t.theta = rng.uniform(-c.rotationRange, c.rotationRange);
    if (c.heightShiftRange != 0) {
        t.tx = rng.uniform(-c.heightShiftRange, c.heightShiftRange);
        if (c.heightShiftRange < 1) t.tx *= rows;
    }
    if (c.widthShiftRange != 0) {
        t.ty = rng.uniform(-c.widthShiftRange, c.widthShiftRange);
        if (c.widthShiftRange < 1) t.ty *= cols;
    }
    if (c.shearRange != 0) t.shear = rng.uniform(-c.shearRange, c.shearRange);
    if (c.zoomLow != 1 || c.zoomHigh != 1) {
        t.zx = rng.uniform(c.zoomLow, c.zoomHigh);
        t.zy = rng.uniform(c.zoomLow, c.zoomHigh);
    }
    if (c.horizontalFlip) t.flipHorizontal = rng.uniform(0, 1) < 0.5;
    if (c.verticalFlip) t.flipVertical = rng.uniform(0, 1) < 0.5;
    return t;
}

cv::Mat applyKerasTransform(const cv::Mat& rgb, const KerasTransform& t, const std::string& fillMode, double cval) {
    cv::Mat out = rgb;  // replaced, never written into: warping into the source's own buffer would corrupt it
    if (t.theta != 0 || t.tx != 0 || t.ty != 0 || t.shear != 0 || t.zx != 1 || t.zy != 1) {
        // apply_affine_transform: rotation · shift · shear · zoom on (row, col) coordinates, about the centre
        // Keras uses (size / 2 + 0.5); the matrix maps an output point to the input point it samples.
        const double th = t.theta * M_PI / 180.0, sh = t.shear * M_PI / 180.0;
        const cv::Matx33d rotation(std::cos(th), -std::sin(th), 0, std::sin(th), std::cos(th), 0, 0, 0, 1);
        const cv::Matx33d shift(1, 0, t.tx, 0, 1, t.ty, 0, 0, 1);
        const cv::Matx33d shear(1, -std::sin(sh), 0, 0, std::cos(sh), 0, 0, 0, 1);
        const cv::Matx33d zoom(t.zx, 0, 0, 0, t.zy, 0, 0, 0, 1);
        const double ox = rgb.rows / 2.0 + 0.5, oy = rgb.cols / 2.0 + 0.5;
        const cv::Matx33d offset(1, 0, ox, 0, 1, oy, 0, 0, 1), reset(1, 0, -ox, 0, 1, -oy, 0, 0, 1);
        const cv::Matx33d m = offset * rotation * shift * shear * zoom * reset;
        // OpenCV's inverse map is on (x = col, y = row).
        const cv::Matx23d map(m(1, 1), m(1, 0), m(1, 2), m(0, 1), m(0, 0), m(0, 2));
        // SciPy's modes: nearest repeats the edge, reflect mirrors about it (the edge pixel repeated), wrap
        // repeats the image. 'constant' interpolates inside the input only: a point outside it gets cval.
        int border = cv::BORDER_REPLICATE;
        if (fillMode == "reflect") border = cv::BORDER_REFLECT;
        else if (fillMode == "wrap") border = cv::BORDER_WRAP;
        else if (fillMode != "nearest" && fillMode != "constant")
            throw Error("fill_mode", "must be nearest, constant, reflect or wrap, not '" + fillMode + "'");
        cv::Mat warped;
        cv::warpAffine(rgb, warped, cv::Mat(map), rgb.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, border);
        if (fillMode == "constant") {
            const double lastRow = rgb.rows - 1, lastCol = rgb.cols - 1;
            const auto value = cv::saturate_cast<std::uint8_t>(cval);
            for (int r = 0; r < warped.rows; ++r) {
                auto* p = warped.ptr<std::uint8_t>(r);
                for (int c = 0; c < warped.cols; ++c) {
                    const double sr = m(0, 0) * r + m(0, 1) * c + m(0, 2), sc = m(1, 0) * r + m(1, 1) * c + m(1, 2);
                    if (sr < 0 || sr > lastRow || sc < 0 || sc > lastCol) p[3 * c] = p[3 * c + 1] = p[3 * c + 2] = value;
                }
            }
        }
        out = warped;
    }
    if (t.flipHorizontal || t.flipVertical) {
        cv::Mat flipped;
        cv::flip(out, flipped, t.flipHorizontal && t.flipVertical ? -1 : (t.flipHorizontal ? 1 : 0));
        out = flipped;
    }
    return out.data == rgb.data ? rgb.clone() : out;
}

// ---- torchvision transforms ----

cv::Rect randomResizedCropBox(int width, int height, const AugmentConfig& c, AugmentRng& rng) {
    const double area = static_cast<double>(width) * height;
    const double logLow = std::log(c.ratioLow), logHigh = std::log(c.ratioHigh);
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double target = area * rng.uniform(c.scaleLow, c.scaleHigh);
        const double aspect = std::exp(rng.uniform(logLow, logHigh));
        const int w = static_cast<int>(std::lround(std::sqrt(target * aspect)));
        const int h = static_cast<int>(std::lround(std::sqrt(target / aspect)));
        if (w > 0 && w <= width && h > 0 && h <= height) {
            const int top = rng.below(height - h + 1), left = rng.below(width - w + 1);
            return {left, top, w, h};
        }
    }
    // Fallback: the centre crop with the ratio clamped into range.
    const double inRatio = static_cast<double>(width) / height;
    int w = width, h = height;
    if (inRatio < c.ratioLow) h = static_cast<int>(std::lround(w / c.ratioLow));
    else if (inRatio > c.ratioHigh) w = static_cast<int>(std::lround(h * c.ratioHigh));
    return {(width - w) / 2, (height - h) / 2, w, h};
}

cv::Mat colorJitter(const cv::Mat& rgb, double brightness, double contrast, double saturation, double hue, const std::vector<int>& order) {
    cv::Mat img = rgb.clone();
    for (const int op : order) {
        if (op == 0 && brightness != 1) {
            img.convertTo(img, CV_8U, brightness, 0.0);  // blend with black
        } else if (op == 1 && contrast != 1) {
            cv::Mat gray;
            cv::cvtColor(img, gray, cv::COLOR_RGB2GRAY);
            const double mean = std::floor(cv::mean(gray)[0] + 0.5);
            img.convertTo(img, CV_8U, contrast, (1.0 - contrast) * mean);  // blend with the mean grey
        } else if (op == 2 && saturation != 1) {
            cv::Mat gray, gray3;
            cv::cvtColor(img, gray, cv::COLOR_RGB2GRAY);
            cv::cvtColor(gray, gray3, cv::COLOR_GRAY2RGB);
            cv::addWeighted(img, saturation, gray3, 1.0 - saturation, 0.0, img);  // blend with the grey image
        } else if (op == 3 && hue != 0) {
            cv::Mat hsv;
            cv::cvtColor(img, hsv, cv::COLOR_RGB2HSV_FULL);  // hue in 0..255, as Pillow's HSV
            // As torchvision: np.uint8(hue * 255), truncated toward zero, added modulo 256.
            const auto shift = static_cast<std::uint8_t>(static_cast<int>(hue * 255.0) & 0xff);
            for (int y = 0; y < hsv.rows; ++y) {
                auto* p = hsv.ptr<std::uint8_t>(y);
                for (int x = 0; x < hsv.cols; ++x) p[3 * x] = static_cast<std::uint8_t>(p[3 * x] + shift);
            }
            cv::cvtColor(hsv, img, cv::COLOR_HSV2RGB_FULL);
        }
    }
    return img;
}

// ---- the pipeline ----

cv::Mat cacheForm(const cv::Mat& rgb, const Preprocessing& recipe) {
    if (recipe.geometry != "resize_crop") return cropForNetwork(rgb, recipe);
    const cv::Size size = shorterSideSize(rgb.cols, rgb.rows, recipe.resizeSize);
    return size == rgb.size() ? rgb : resizeImage(rgb, size.width, size.height, recipe.interpolation);
}

cv::Mat augmentImage(const cv::Mat& rgb, const AugmentConfig& c, const Preprocessing& recipe, std::uint64_t seed) {
    AugmentRng rng(seed);
    const int S = recipe.inputSize;
    cv::Mat crop;
    if (c.randomResizedCrop) {
        const cv::Rect box = randomResizedCropBox(rgb.cols, rgb.rows, c, rng);
        const std::string filter = recipe.interpolation == "nearest" ? "bilinear" : recipe.interpolation;
        crop = resizeImage(rgb(box).clone(), S, S, filter);
    } else {
        crop = cropForNetwork(rgb, recipe);
    }
    if (kerasAffine(c) || c.horizontalFlip || c.verticalFlip)
        crop = applyKerasTransform(crop, randomKerasTransform(c, crop.rows, crop.cols, rng), c.fillMode, c.cval);
    if (c.brightness != 0 || c.contrast != 0 || c.saturation != 0 || c.hue != 0) {
        std::vector<int> order{0, 1, 2, 3};
        for (int i = 3; i > 0; --i) std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(rng.below(i + 1))]);
        const auto factor = [&rng](double amount) { return amount == 0 ? 1.0 : rng.uniform(std::max(0.0, 1.0 - amount), 1.0 + amount); };
        const double b = factor(c.brightness), k = factor(c.contrast), s = factor(c.saturation);
        const double h = c.hue == 0 ? 0.0 : rng.uniform(-c.hue, c.hue);
        crop = colorJitter(crop, b, k, s, h, order);
    }
    return crop;
}

std::vector<cv::Mat> augmentPreview(const cv::Mat& rgb, const AugmentConfig& c, const Preprocessing& recipe, int count, std::uint64_t seed) {
    std::vector<cv::Mat> out;
    const cv::Mat source = cacheForm(rgb, recipe);
    for (int i = 0; i < count; ++i) out.push_back(augmentImage(source, c, recipe, augmentSeed(seed, 0, static_cast<std::uint64_t>(i))));
    return out;
}

void normalizeAugmented(const cv::Mat& crop, const Preprocessing& recipe, const AugmentConfig& c, float* out) {
    if (c.rescale == 0) {
        normalizeInto(crop, recipe, out);
        return;
    }
    const std::size_t plane = static_cast<std::size_t>(crop.rows) * static_cast<std::size_t>(crop.cols);
    const auto scale = static_cast<float>(c.rescale);
    for (int y = 0; y < crop.rows; ++y) {
        const auto* p = crop.ptr<std::uint8_t>(y);
        for (int x = 0; x < crop.cols; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(crop.cols) + static_cast<std::size_t>(x);
            for (std::size_t ch = 0; ch < 3; ++ch) out[ch * plane + i] = p[3 * x + static_cast<int>(ch)] * scale;
        }
    }
}

}  // namespace tl
