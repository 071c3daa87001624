#include "tl/classifier.h"
#include "tl/model_file.h"

#include "tl/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <numeric>

namespace tl {

namespace fs = std::filesystem;

struct Classifier::Impl {
    Impl(Model m, Preprocessing r, std::vector<std::string> l, ClassifierOptions o)
        : model(std::move(m)), recipe(std::move(r)), labels(std::move(l)), options(std::move(o)) {}
    Model model;
    Preprocessing recipe;
    std::vector<std::string> labels;
    ClassifierOptions options;
    mutable std::mutex forwardMutex;
};

namespace {

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// Numerically stable softmax of each row, in place.
void softmaxRows(std::vector<float>& values, int classes) {
    for (std::size_t row = 0; row + static_cast<std::size_t>(classes) <= values.size(); row += static_cast<std::size_t>(classes)) {
        float* v = values.data() + row;
        const float top = *std::max_element(v, v + classes);
        double total = 0.0;
        for (int i = 0; i < classes; ++i) total += (v[i] = std::exp(v[i] - top));
        for (int i = 0; i < classes; ++i) v[i] = static_cast<float>(v[i] / total);
    }
}

/// A copy of `rgb` that fits `longest` pixels on its longer side (area-averaged when shrinking).
cv::Mat displayCopy(const cv::Mat& rgb, int longest) {
    const double factor = static_cast<double>(longest) / std::max(rgb.cols, rgb.rows);
    if (factor >= 1.0) return rgb.clone();
    cv::Mat out;
    cv::resize(rgb, out, cv::Size(std::max(1, static_cast<int>(rgb.cols * factor + 0.5)), std::max(1, static_cast<int>(rgb.rows * factor + 0.5))), 0,
               0, cv::INTER_AREA);
    return out;
}

/// Decodes r.source and prepares it with `recipe`: r's size and display copy are set, the region is in the full
/// image's pixels (also when it was decoded at reduced size). Throws on an unreadable file.
PreparedImage prepareFile(ImageResult& r, const DecodeOptions& decode, const Preprocessing& recipe, int keepImage) {
    const DecodedImage image = readImage(r.source, decode);
    r.width = image.fullWidth();
    r.height = image.fullHeight();
    PreparedImage p = prepareImage(image.rgb, recipe);
    if (image.reduction > 1) {
        const double sx = static_cast<double>(r.width) / image.rgb.cols, sy = static_cast<double>(r.height) / image.rgb.rows;
        p.region = cv::Rect2d(p.region.x * sx, p.region.y * sy, p.region.width * sx, p.region.height * sy);
    }
    if (keepImage > 0) r.image = displayCopy(image.rgb, keepImage);
    return p;
}

}  // namespace

std::vector<Prediction> topK(const float* probabilities, int classes, int k, const std::vector<std::string>& labels) {
    k = std::clamp(k, 0, classes);
    std::vector<int> order(static_cast<std::size_t>(classes));
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](int a, int b) { return probabilities[a] > probabilities[b] || (probabilities[a] == probabilities[b] && a < b); });
    std::vector<Prediction> out;
    out.reserve(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) {
        const int index = order[static_cast<std::size_t>(i)];
        out.push_back(
            {index, index < static_cast<int>(labels.size()) ? labels[static_cast<std::size_t>(index)] : std::to_string(index), probabilities[index]});
    }
    return out;
}

std::vector<std::string> collectImageFiles(const std::vector<std::string>& paths, std::vector<std::string>* missing) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        const fs::path p(path);
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec) && hasImageExtension(it->path().string())) found.push_back(it->path().string());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(p, ec)) {
            files.push_back(path);
        } else if (missing) {
            missing->push_back(path);
        }
    }
    return files;
}

Classifier::Classifier(Model model, Preprocessing recipe, std::vector<std::string> labels, ClassifierOptions options)
    : impl_(std::make_shared<Impl>(std::move(model), std::move(recipe), std::move(labels), std::move(options))) {
    validateRecipe(impl_->recipe);
    if (static_cast<int>(impl_->labels.size()) != impl_->model.classes())
        throw Error(impl_->model.arch(), "the model has " + std::to_string(impl_->model.classes()) + " outputs but " +
                                             std::to_string(impl_->labels.size()) + " labels were given");
    impl_->options.batchSize = std::max(1, impl_->options.batchSize);
    impl_->model.setDevice(impl_->options.device);
}

Classifier Classifier::fromCatalog(const ModelSpec& spec, const std::string& weightsPath, ClassifierOptions options) {
    Model model = Model::fromCatalog(spec, weightsPath);  // this classifier's own: it may be folded for speed
    if (!model.weightsLoad().skipped.empty())             // a file without the classifier (Keras include_top=False)
        throw Error(weightsPath, "has no classifier (include_top=False), so " + spec.name +
                                     " cannot classify with it: train a new top from it in the Train area (or `train --weights`)");
    model.setDevice(options.device);
    model.prepareForInference();
    return Classifier(std::move(model), spec.preprocessing, labelsFor(spec), std::move(options));
}

Classifier Classifier::fromModelFile(const std::string& path, ClassifierOptions options) {
    ModelFileInfo info;
    Model model = loadModelFile(path, &info);
    model.setDevice(options.device);
    model.prepareForInference();
    return Classifier(std::move(model), info.preprocessing, info.classes, std::move(options));
}

const Preprocessing& Classifier::recipe() const { return impl_->recipe; }
const std::vector<std::string>& Classifier::labels() const { return impl_->labels; }
const ClassifierOptions& Classifier::options() const { return impl_->options; }
const Model& Classifier::model() const { return impl_->model; }

std::vector<float> Classifier::probabilities(const std::vector<PreparedImage>& images) const {
    const int classes = impl_->model.classes();
    const int size = impl_->recipe.inputSize;
    const std::size_t perImage = 3 * static_cast<std::size_t>(size) * static_cast<std::size_t>(size);
    std::vector<float> out;
    out.reserve(images.size() * static_cast<std::size_t>(classes));
    const std::size_t batch = static_cast<std::size_t>(impl_->options.batchSize);
    std::vector<float> input;
    for (std::size_t start = 0; start < images.size(); start += batch) {
        const std::size_t n = std::min(batch, images.size() - start);
        input.resize(n * perImage);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& chw = images[start + i].chw;
            if (chw.size() != perImage)
                throw Error(impl_->model.arch(),
                            "a prepared image has " + std::to_string(chw.size()) + " values, the model's input " + std::to_string(perImage));
            std::copy(chw.begin(), chw.end(), input.begin() + static_cast<std::ptrdiff_t>(i * perImage));
        }
        std::vector<float> logits;
        {
            std::lock_guard<std::mutex> lock(impl_->forwardMutex);
            logits = impl_->model.forward(input, static_cast<int>(n), size, size);
        }
        softmaxRows(logits, classes);
        out.insert(out.end(), logits.begin(), logits.end());
    }
    return out;
}

ImageResult previewFile(const std::string& path, const Preprocessing& recipe, const DecodeOptions& decode, int keepImage) {
    const auto start = std::chrono::steady_clock::now();
    ImageResult r;
    r.source = path;
    try {
        PreparedImage prepared = prepareFile(r, decode, recipe, keepImage);
        r.crop = std::move(prepared.crop);
        r.region = prepared.region;
    } catch (const std::exception& e) {
        r.error = e.what();
    }
    r.milliseconds = msSince(start);
    return r;
}

ImageResult Classifier::classify(const cv::Mat& rgb, const std::string& source) const {
    const auto start = std::chrono::steady_clock::now();
    ImageResult r;
    r.source = source;
    r.width = rgb.cols;
    r.height = rgb.rows;
    PreparedImage prepared = prepareImage(rgb, impl_->recipe);
    const std::vector<float> probs = probabilities({prepared});
    r.top = topK(probs.data(), impl_->model.classes(), impl_->options.topK, impl_->labels);
    r.crop = prepared.crop;
    r.region = prepared.region;
    if (impl_->options.keepImage > 0) r.image = displayCopy(rgb, impl_->options.keepImage);
    r.milliseconds = msSince(start);
    return r;
}

std::vector<ImageResult> Classifier::classifyFiles(const std::vector<std::string>& paths, const ResultFn& onResult) const {
    std::vector<ImageResult> results(paths.size());
    const std::size_t batch = static_cast<std::size_t>(impl_->options.batchSize);
    const int classes = impl_->model.classes();
    DecodeOptions decode = impl_->options.decode;
    if (impl_->options.fastDecode) decode.minShortSide = reducibleShortSide(impl_->recipe);
    for (std::size_t start = 0; start < paths.size(); start += batch) {
        const std::size_t n = std::min(batch, paths.size() - start);
        std::vector<PreparedImage> prepared(n);
        // Decoding and resampling are single-threaded per image: spread the batch's images over the cores.
        cv::parallel_for_(cv::Range(0, static_cast<int>(n)), [&](const cv::Range& range) {
            for (int i = range.start; i < range.end; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                ImageResult& r = results[start + static_cast<std::size_t>(i)];
                r.source = paths[start + static_cast<std::size_t>(i)];
                try {
                    prepared[static_cast<std::size_t>(i)] = prepareFile(r, decode, impl_->recipe, impl_->options.keepImage);
                } catch (const std::exception& e) {
                    r.error = e.what();
                } catch (...) {
                    r.error = r.source + ": unexpected error while decoding";
                }
                r.milliseconds = msSince(t0);
            }
        });
        std::vector<PreparedImage> ok;
        std::vector<std::size_t> okIndex;
        for (std::size_t i = 0; i < n; ++i) {
            if (!results[start + i].error.empty()) continue;
            ok.push_back(std::move(prepared[i]));
            okIndex.push_back(start + i);
        }
        if (!ok.empty()) {
            const auto t0 = std::chrono::steady_clock::now();
            const std::vector<float> probs = probabilities(ok);
            const double share = msSince(t0) / static_cast<double>(ok.size());
            for (std::size_t j = 0; j < ok.size(); ++j) {
                ImageResult& r = results[okIndex[j]];
                r.top = topK(probs.data() + j * static_cast<std::size_t>(classes), classes, impl_->options.topK, impl_->labels);
                r.crop = std::move(ok[j].crop);
                r.region = ok[j].region;
                r.milliseconds += share;
            }
        }
        if (onResult) {
            for (std::size_t i = 0; i < n; ++i)
                if (!onResult(results[start + i], start + i)) throw Cancelled("classify", "stopped by the user");
        }
    }
    return results;
}

}  // namespace tl
