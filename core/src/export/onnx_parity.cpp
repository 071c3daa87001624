#include "export/onnx_parity.h"

#include "export/onnx_write.h"

#include "tl/error.h"
#include "tl/image.h"
#include "tl/preprocess.h"

#include <opencv2/core/version.hpp>
#include <opencv2/dnn.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <cmath>

namespace tl::onnx_export {

namespace {

std::size_t argmax(const float* p, std::size_t n) { return static_cast<std::size_t>(std::max_element(p, p + n) - p); }

/// One image through the exported network, at batch 1 (OpenCV DNN 4.6 broadcasts squeeze-and-excitation
/// products correctly only at the batch size it imported with).
std::vector<float> runExported(cv::dnn::Net& net, const PreparedImage& image, bool rawInput, std::size_t classes) {
    const int size = image.crop.rows;
    cv::Mat blob;
    if (rawInput) {
        const int dims[4] = {1, size, size, 3};
        blob = cv::Mat(4, dims, CV_8U, const_cast<std::uint8_t*>(image.crop.ptr<std::uint8_t>())).clone();
    } else {
        const int dims[4] = {1, 3, size, size};
        blob = cv::Mat(4, dims, CV_32F, const_cast<float*>(image.chw.data())).clone();
    }
    net.setInput(blob, rawInput ? "image" : "input");
    const cv::Mat out = net.forward("probabilities");
    if (out.total() != classes)
        throw Error("OpenCV DNN", "the exported model gave " + std::to_string(out.total()) + " outputs, not " + std::to_string(classes));
    return std::vector<float>(out.ptr<float>(), out.ptr<float>() + classes);
}

}  // namespace

OnnxParity checkParity(const std::string& onnxPath, const Classifier& app, const std::vector<std::string>& images, bool rawInput, bool float16,
                       double bound, const std::function<bool(std::size_t, std::size_t)>& progress) {
    OnnxParity report;
    report.runtime = std::string("OpenCV DNN ") + CV_VERSION;
    report.bound = bound;
    cv::dnn::Net net;
    try {
        // OpenCV DNN 4.6 reads no float16 tensor: a float16 file is read with its weights widened to float32, which is
        // exact, so the check runs the file's own arithmetic.
        const std::string widened = float16 ? widenFloat16(onnxPath) : std::string();  // a float32 file is read as it is
        net = widened.empty() ? cv::dnn::readNetFromONNX(onnxPath) : cv::dnn::readNetFromONNX(widened.data(), widened.size());
        net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    } catch (const cv::Exception& e) {
        throw Error(onnxPath, std::string("OpenCV DNN could not load the exported model: ") + e.what());
    }
    const std::vector<std::string>& labels = app.labels();
    const std::size_t classes = labels.size();
    double sum = 0.0;
    std::size_t values = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (progress && !progress(i, images.size())) throw Cancelled("the parity check was cancelled");
        PreparedImage prepared;
        try {
            prepared = prepareImage(readImage(images[i]).rgb, app.recipe());
        } catch (const std::exception& e) {
            report.unreadable.push_back(std::string(e.what()));
            continue;
        }
        const std::vector<float> ours = app.probabilities({prepared});
        std::vector<float> theirs;
        try {
            theirs = runExported(net, prepared, rawInput, classes);
        } catch (const cv::Exception& e) {
            throw Error(onnxPath, std::string("OpenCV DNN could not run the exported model: ") + e.what());
        }
        double worst = 0.0;
        for (std::size_t k = 0; k < classes; ++k) {
            const double d = std::abs(static_cast<double>(ours[k]) - static_cast<double>(theirs[k]));
            worst = std::max(worst, d);
            sum += d;
        }
        values += classes;
        report.maxAbsDiff = std::max(report.maxAbsDiff, worst);
        ++report.images;
        const std::size_t a = argmax(ours.data(), classes), b = argmax(theirs.data(), classes);
        if (a == b) ++report.agreeing;
        if (a != b || worst > bound) report.disagreeing.push_back({images[i], labels[a], labels[b], worst});
    }
    if (progress) progress(images.size(), images.size());
    report.meanAbsDiff = values ? sum / static_cast<double>(values) : 0.0;
    report.passed = report.disagreeing.empty() && report.unreadable.empty();
    return report;
}

}  // namespace tl::onnx_export

namespace tl {

std::string onnxReportJson(const OnnxExport& r) {
    nlohmann::json disagreeing = nlohmann::json::array();
    for (const auto& d : r.parity.disagreeing)
        disagreeing.push_back({{"file", d.file}, {"app", d.app}, {"exported", d.exported}, {"max_abs_diff", d.maxAbsDiff}});
    const nlohmann::json report = {
        {"file", std::filesystem::path(r.path).filename().string()},
        {"opset", r.opset},
        {"input", r.inputName},
        {"input_size", r.inputSize},
        {"float16", r.float16},
        {"nodes", r.nodes},
        {"bytes", r.bytes},
        {"parity",
         {{"runtime", r.parity.runtime},
          {"images", r.parity.images},
          {"top1_agreeing", r.parity.agreeing},
          {"max_abs_diff", r.parity.maxAbsDiff},
          {"mean_abs_diff", r.parity.meanAbsDiff},
          {"bound", r.parity.bound},
          {"passed", r.parity.passed},
          {"disagreeing", disagreeing},
          {"unreadable", r.parity.unreadable}}},
    };
    return report.dump(2) + "\n";
}

}  // namespace tl
