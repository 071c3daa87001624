// The exported ONNX model beside the app: `--export ARCH DIR` writes DIR/ARCH.safetensors (random weights) and
// DIR/ARCH.onnx; `--ours MODEL_FILE B R` times the app's classifier on a batch of B prepared images, `--opencv
// ONNX_FILE SIZE B R` OpenCV DNN on the same shape. Each prints one JSON line (bench_timing.h); run_onnx_bench.py
// runs them interleaved with ONNX Runtime (onnx_ort_bench.js).
#include "bench_timing.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/model_ref.h"
#include "tl/onnx_export.h"
#include "tl/runtime.h"

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <iostream>
#include <random>
#include <string>

namespace {

std::vector<float> randomInput(std::size_t n) {
    std::mt19937 rng(1);
    std::normal_distribution<float> normal;
    std::vector<float> v(n);
    for (float& x : v) x = normal(rng);
    return v;
}

int exportModel(const std::string& arch, const std::string& dir) {
    const tl::ModelSpec* spec = nullptr;
    for (const tl::ModelSpec& s : tl::Catalog::builtin().models())
        if (s.arch == arch && !spec) spec = &s;
    if (!spec) throw std::runtime_error("no catalog model of architecture " + arch);
    tl::Model model = tl::Model::create(arch, 1000);
    tl::ModelFileInfo info;
    info.baseModel = spec->id;
    for (int c = 0; c < 1000; ++c) info.classes.push_back("class " + std::to_string(c));
    info.preprocessing = spec->preprocessing;
    const std::string file = dir + "/" + arch + ".safetensors";
    tl::saveModelFile(model, file, info);
    const tl::OnnxExport out = tl::exportOnnx(tl::ModelRef::file(file), dir + "/" + arch + ".onnx");
    std::cout << nlohmann::json{{"model", file}, {"onnx", out.path}, {"size", spec->preprocessing.inputSize}}.dump() << '\n';
    return 0;
}

int timeOurs(const std::string& file, int batch, int repeat) {
    tl::ClassifierOptions options;
    options.batchSize = batch;
    const tl::Classifier app = tl::Classifier::fromModelFile(file, options);
    const int s = app.recipe().inputSize;
    std::vector<tl::PreparedImage> images(static_cast<std::size_t>(batch));
    const std::vector<float> values = randomInput(static_cast<std::size_t>(3 * s * s));
    for (auto& image : images) {
        image.crop = cv::Mat(s, s, CV_8UC3, cv::Scalar(0, 0, 0));
        image.chw = values;
    }
    std::cout << bench::timeIt(repeat, [&] { (void)app.probabilities(images); }).dump() << '\n';
    return 0;
}

int timeOpenCv(const std::string& onnx, int size, int batch, int repeat) {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(onnx);
    const int dims[4] = {batch, 3, size, size};
    std::vector<float> values = randomInput(static_cast<std::size_t>(batch) * 3 * size * size);
    const cv::Mat blob(4, dims, CV_32F, values.data());
    std::cout << bench::timeIt(repeat,
                               [&] {
                                   net.setInput(blob);
                                   (void)net.forward("probabilities");
                               })
                     .dump()
              << '\n';
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    tl::initRuntime();
    const std::vector<std::string> a(argv + 1, argv + argc);
    try {
        if (a.size() == 3 && a[0] == "--export") return exportModel(a[1], a[2]);
        if (a.size() == 4 && a[0] == "--ours") return timeOurs(a[1], std::stoi(a[2]), std::stoi(a[3]));
        if (a.size() == 5 && a[0] == "--opencv") return timeOpenCv(a[1], std::stoi(a[2]), std::stoi(a[3]), std::stoi(a[4]));
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    std::cerr << "usage: bench_onnx --export ARCH DIR | --ours MODEL_FILE BATCH REPEAT | --opencv ONNX SIZE BATCH REPEAT\n";
    return 2;
}
