#include "tl/preprocess.h"

#include "tl/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace tl {

namespace {

constexpr std::array<float, 3> kImagenetMean{0.485f, 0.456f, 0.406f};
constexpr std::array<float, 3> kImagenetStd{0.229f, 0.224f, 0.225f};

// ---- Pillow's separable resampling (libImaging/Resample.c semantics) ----

struct Filter {
    double support;
    double (*weight)(double);
};

double bilinearWeight(double x) {
    x = std::abs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

double bicubicWeight(double x) {
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

double sinc(double x) {
    if (x == 0.0) return 1.0;
    x *= M_PI;
    return std::sin(x) / x;
}

double lanczosWeight(double x) { return (x > -3.0 && x < 3.0) ? sinc(x) * sinc(x / 3.0) : 0.0; }

const Filter* filterFor(const std::string& name) {
    static const Filter bilinear{1.0, bilinearWeight}, bicubic{2.0, bicubicWeight}, lanczos{3.0, lanczosWeight};
    if (name == "bilinear") return &bilinear;
    if (name == "bicubic") return &bicubic;
    if (name == "lanczos") return &lanczos;
    return nullptr;
}

constexpr int kPrecisionBits = 32 - 8 - 2;

/// For each output index: the first input index, the number of taps, and fixed-point weights.
struct Coefficients {
    std::vector<int> first, count;
    std::vector<int> weights;  // count.size() × taps
    int taps = 0;
};

Coefficients precompute(int inSize, int outSize, const Filter& filter) {
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = filter.support * filterScale;
    Coefficients c;
    c.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.first.resize(static_cast<std::size_t>(outSize));
    c.count.resize(static_cast<std::size_t>(outSize));
    c.weights.assign(static_cast<std::size_t>(outSize) * static_cast<std::size_t>(c.taps), 0);
    std::vector<double> k(static_cast<std::size_t>(c.taps));
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double ss = 1.0 / filterScale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        double total = 0.0;
        for (int x = 0; x < xmax; ++x) {
            const double w = filter.weight((x + xmin - center + 0.5) * ss);
            k[static_cast<std::size_t>(x)] = w;
            total += w;
        }
        int* out = &c.weights[static_cast<std::size_t>(xx) * static_cast<std::size_t>(c.taps)];
        for (int x = 0; x < xmax; ++x) {
            const double w = total != 0.0 ? k[static_cast<std::size_t>(x)] / total : k[static_cast<std::size_t>(x)];
            const double fixed = w * (1 << kPrecisionBits);
            out[x] = static_cast<int>(fixed < 0 ? -0.5 + fixed : 0.5 + fixed);
        }
        c.first[static_cast<std::size_t>(xx)] = xmin;
        c.count[static_cast<std::size_t>(xx)] = xmax;
    }
    return c;
}

inline std::uint8_t clip8(long long v) {
    v >>= kPrecisionBits;
    return static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

cv::Mat resampleHorizontal(const cv::Mat& in, int outWidth, const Filter& filter) {
    const Coefficients c = precompute(in.cols, outWidth, filter);
    cv::Mat out(in.rows, outWidth, CV_8UC3);
    cv::parallel_for_(cv::Range(0, in.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const auto* src = in.ptr<std::uint8_t>(y);
            auto* dst = out.ptr<std::uint8_t>(y);
            for (int xx = 0; xx < outWidth; ++xx) {
                const int* k = &c.weights[static_cast<std::size_t>(xx) * static_cast<std::size_t>(c.taps)];
                const std::uint8_t* p = src + 3 * c.first[static_cast<std::size_t>(xx)];
                long long s0 = 1LL << (kPrecisionBits - 1), s1 = s0, s2 = s0;
                for (int x = 0, n = c.count[static_cast<std::size_t>(xx)]; x < n; ++x, p += 3) {
                    s0 += static_cast<long long>(p[0]) * k[x];
                    s1 += static_cast<long long>(p[1]) * k[x];
                    s2 += static_cast<long long>(p[2]) * k[x];
                }
                dst[3 * xx] = clip8(s0);
                dst[3 * xx + 1] = clip8(s1);
                dst[3 * xx + 2] = clip8(s2);
            }
        }
    });
    return out;
}

cv::Mat resampleVertical(const cv::Mat& in, int outHeight, const Filter& filter) {
    const Coefficients c = precompute(in.rows, outHeight, filter);
    cv::Mat out(outHeight, in.cols, CV_8UC3);
    const int width = in.cols * 3;
    cv::parallel_for_(cv::Range(0, outHeight), [&](const cv::Range& rows) {
        std::vector<long long> acc(static_cast<std::size_t>(width));
        for (int yy = rows.start; yy < rows.end; ++yy) {
            std::fill(acc.begin(), acc.end(), 1LL << (kPrecisionBits - 1));
            const int* k = &c.weights[static_cast<std::size_t>(yy) * static_cast<std::size_t>(c.taps)];
            const int first = c.first[static_cast<std::size_t>(yy)];
            for (int y = 0, n = c.count[static_cast<std::size_t>(yy)]; y < n; ++y) {
                const auto* src = in.ptr<std::uint8_t>(first + y);
                const long long w = k[y];
                for (int x = 0; x < width; ++x) acc[static_cast<std::size_t>(x)] += src[x] * w;
            }
            auto* dst = out.ptr<std::uint8_t>(yy);
            for (int x = 0; x < width; ++x) dst[x] = clip8(acc[static_cast<std::size_t>(x)]);
        }
    });
    return out;
}

/// Pillow's nearest-neighbour resize (ImagingScaleAffine): source index floor((i + 0.5) * scale), the
/// position accumulated in double precision step by step, exactly as Pillow does (which matters where
/// the position lands on an integer).
std::vector<int> nearestIndices(int inSize, int outSize) {
    const double step = static_cast<double>(inSize) / outSize;
    std::vector<int> index(static_cast<std::size_t>(outSize));
    double position = step * 0.5;
    for (int i = 0; i < outSize; ++i, position += step) index[static_cast<std::size_t>(i)] = std::clamp(static_cast<int>(position), 0, inSize - 1);
    return index;
}

cv::Mat resizeNearest(const cv::Mat& rgb, int width, int height) {
    const std::vector<int> xs = nearestIndices(rgb.cols, width), ys = nearestIndices(rgb.rows, height);
    cv::Mat out(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y) {
        const auto* src = rgb.ptr<cv::Vec3b>(ys[static_cast<std::size_t>(y)]);
        auto* dst = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < width; ++x) dst[x] = src[xs[static_cast<std::size_t>(x)]];
    }
    return out;
}

/// Python's round(): halves to even (torchvision's centre crop uses it).
int roundHalfEven(double v) { return static_cast<int>(std::nearbyint(v)); }

}  // namespace

Preprocessing recipeFor(const std::string& mode, int inputSize, int resizeSize) {
    Preprocessing p;
    p.mode = mode;
    p.inputSize = inputSize;
    p.resizeSize = resizeSize > 0 ? resizeSize : inputSize;
    if (mode == "torchvision") {
        p.geometry = "resize_crop";
        p.interpolation = "bilinear";
        p.divisor = 255.0f;
        p.mean = kImagenetMean;
        p.std = kImagenetStd;
    } else if (mode == "caffe" || mode == "tf" || mode == "torch") {
        p.geometry = "resize";
        p.interpolation = "nearest";  // keras.preprocessing.image.load_img's default
        p.resizeSize = inputSize;
        if (mode == "caffe") {
            p.bgr = true;
            p.divisor = 1.0f;
            p.mean = {103.939f, 116.779f, 123.68f};
            p.std = {1.0f, 1.0f, 1.0f};
        } else if (mode == "tf") {
            p.divisor = 127.5f;
            p.mean = {1.0f, 1.0f, 1.0f};
            p.std = {1.0f, 1.0f, 1.0f};
        } else {
            p.divisor = 255.0f;
            p.mean = kImagenetMean;
            p.std = kImagenetStd;
        }
    } else if (mode == "vgg_mean") {
        p.geometry = "crop_or_pad";
        p.resizeSize = inputSize;
        p.divisor = 1.0f;
        p.mean = {123.68f, 116.78f, 103.94f};
        p.std = {1.0f, 1.0f, 1.0f};
    } else {
        throw Error("preprocessing", "unknown mode '" + mode + "' (known: torchvision, caffe, tf, torch, vgg_mean)");
    }
    validateRecipe(p);
    return p;
}

void validateRecipe(const Preprocessing& p) {
    if (p.geometry != "resize_crop" && p.geometry != "resize" && p.geometry != "crop_or_pad")
        throw Error("preprocessing", "unknown geometry '" + p.geometry + "' (known: resize_crop, resize, crop_or_pad)");
    if (p.interpolation != "nearest" && !filterFor(p.interpolation))
        throw Error("preprocessing", "unknown interpolation '" + p.interpolation + "' (known: nearest, bilinear, bicubic, lanczos)");
    if (p.inputSize < 1 || p.inputSize > 4096) throw Error("preprocessing", "input_size must be between 1 and 4096");
    if (p.geometry == "resize_crop" && (p.resizeSize < p.inputSize || p.resizeSize > 8192))
        throw Error("preprocessing", "resize_size must be at least input_size (and at most 8192)");
    if (!(p.divisor > 0.0f)) throw Error("preprocessing", "divisor must be positive");
    for (float s : p.std)
        if (!(s > 0.0f)) throw Error("preprocessing", "every std must be positive");
}

int reducibleShortSide(const Preprocessing& p) {
    if (p.interpolation == "nearest" || p.geometry == "crop_or_pad") return 0;
    return 2 * (p.geometry == "resize_crop" ? p.resizeSize : p.inputSize);
}

cv::Mat resizeImage(const cv::Mat& rgb, int width, int height, const std::string& interpolation) {
    if (rgb.type() != CV_8UC3) throw Error("resize", "expects 8-bit RGB");
    if (width < 1 || height < 1) throw Error("resize", "the target size must be positive");
    if (width == rgb.cols && height == rgb.rows) return rgb.clone();
    if (interpolation == "nearest") return resizeNearest(rgb, width, height);
    const Filter* filter = filterFor(interpolation);
    if (!filter) throw Error("resize", "unknown interpolation '" + interpolation + "'");
    // Pillow: horizontal pass first, then vertical; each only when that dimension changes.
    cv::Mat m = rgb;
    if (width != rgb.cols) m = resampleHorizontal(m, width, *filter);
    if (height != rgb.rows) m = resampleVertical(m, height, *filter);
    return m;
}

cv::Size shorterSideSize(int width, int height, int shorterSide) {
    const bool wide = width > height;
    const int shortSide = wide ? height : width, longSide = wide ? width : height;
    const int newLong = static_cast<int>(static_cast<double>(shorterSide) * longSide / shortSide);
    return wide ? cv::Size(newLong, shorterSide) : cv::Size(shorterSide, newLong);
}

Preprocessing recipeAtSize(const Preprocessing& recipe, int inputSize) {
    Preprocessing r = recipe;
    if (inputSize != r.inputSize) {
        r.resizeSize = static_cast<int>(std::lround(static_cast<double>(inputSize) * r.resizeSize / r.inputSize));
        r.inputSize = inputSize;
    }
    return r;
}

cv::Mat cropForNetwork(const cv::Mat& rgb, const Preprocessing& p, cv::Rect2d* region) {
    if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("preprocessing", "expects a decoded 8-bit RGB image");
    const int W = rgb.cols, H = rgb.rows, S = p.inputSize;
    if (p.geometry == "resize") {
        if (region) *region = cv::Rect2d(0, 0, W, H);
        return resizeImage(rgb, S, S, p.interpolation);
    }
    if (p.geometry == "crop_or_pad") {
        // tf.image.resize_image_with_crop_or_pad: per axis, centre-crop when larger, zero-pad when smaller.
        const int cropX = std::max((W - S) / 2, 0), cropY = std::max((H - S) / 2, 0);
        const int padX = std::max((S - W) / 2, 0), padY = std::max((S - H) / 2, 0);
        const int w = std::min(S, W), h = std::min(S, H);
        cv::Mat out(S, S, CV_8UC3, cv::Scalar::all(0));
        rgb(cv::Rect(cropX, cropY, w, h)).copyTo(out(cv::Rect(padX, padY, w, h)));
        if (region) *region = cv::Rect2d(cropX - padX, cropY - padY, S, S);
        return out;
    }
    // torchvision: Resize(resizeSize) on the shorter side (the longer one truncated), then CenterCrop(inputSize).
    const cv::Size target = shorterSideSize(W, H, p.resizeSize);
    const int newW = target.width, newH = target.height;
    const cv::Mat resized = (newW == W && newH == H) ? rgb : resizeImage(rgb, newW, newH, p.interpolation);
    // CenterCrop pads with zeros first when the image is smaller than the crop.
    const int padLeft = std::max((S - newW) / 2, 0), padTop = std::max((S - newH) / 2, 0);
    cv::Mat source = resized;
    if (newW < S || newH < S) {
        cv::copyMakeBorder(resized, source, padTop, std::max(S - newH, 0) - padTop, padLeft, std::max(S - newW, 0) - padLeft, cv::BORDER_CONSTANT,
                           cv::Scalar::all(0));
    }
    const int top = roundHalfEven((source.rows - S) / 2.0), left = roundHalfEven((source.cols - S) / 2.0);
    cv::Mat out = source(cv::Rect(left, top, S, S)).clone();
    if (region) {
        const double sx = static_cast<double>(W) / newW, sy = static_cast<double>(H) / newH;
        *region = cv::Rect2d((left - padLeft) * sx, (top - padTop) * sy, S * sx, S * sy);
    }
    return out;
}

void normalizeInto(const cv::Mat& crop, const Preprocessing& p, float* out) {
    if (crop.type() != CV_8UC3) throw Error("preprocessing", "expects an 8-bit RGB crop");
    const std::size_t plane = static_cast<std::size_t>(crop.rows) * static_cast<std::size_t>(crop.cols);
    for (int y = 0; y < crop.rows; ++y) {
        const auto* px = crop.ptr<std::uint8_t>(y);
        const std::size_t row = static_cast<std::size_t>(y) * static_cast<std::size_t>(crop.cols);
        for (int x = 0; x < crop.cols; ++x)
            for (int c = 0; c < 3; ++c) {
                const int source = p.bgr ? 2 - c : c;
                // The same float operations, in the same order, as ToTensor + Normalize and Keras' preprocess_input.
                out[static_cast<std::size_t>(c) * plane + row + static_cast<std::size_t>(x)] =
                    (static_cast<float>(px[3 * x + source]) / p.divisor - p.mean[static_cast<std::size_t>(c)]) / p.std[static_cast<std::size_t>(c)];
            }
    }
}

cv::Mat denormalize(const float* chw, int height, int width, const Preprocessing& p) {
    cv::Mat out(height, width, CV_8UC3);
    const std::size_t plane = static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
    for (int y = 0; y < height; ++y) {
        auto* px = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c) {
                const float v = chw[static_cast<std::size_t>(c) * plane + static_cast<std::size_t>(y) * width + x];
                const float pixel = (v * p.std[static_cast<std::size_t>(c)] + p.mean[static_cast<std::size_t>(c)]) * p.divisor;
                px[3 * x + (p.bgr ? 2 - c : c)] = cv::saturate_cast<std::uint8_t>(pixel);
            }
    }
    return out;
}

PreparedImage prepareImage(const cv::Mat& rgb, const Preprocessing& recipe) {
    PreparedImage out;
    out.crop = cropForNetwork(rgb, recipe, &out.region);
    out.chw.resize(3 * static_cast<std::size_t>(out.crop.rows) * static_cast<std::size_t>(out.crop.cols));
    normalizeInto(out.crop, recipe, out.chw.data());
    return out;
}

}  // namespace tl
