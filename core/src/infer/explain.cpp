#include "tl/explain.h"

#include "models/model_impl.h"
#include "models/module_calls.h"
#include "models/network.h"
#include "tl/error.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/weight_store.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <unordered_map>

namespace tl {

namespace {

/// Runs `forward` with every module call reported to `fn` (module, output).
torch::Tensor forwardReporting(const std::shared_ptr<Model::Impl>& impl, const torch::Tensor& x, const models::ModuleCallFn& fn) {
    models::ShapeTrace trace;  // run() reports every call to it, and so to the hook
    models::ModuleCallHook hook(fn);
    return impl->forward(x);
}

bool isPooling(const torch::nn::Module& module) { return module.name().find("Pool") != std::string::npos; }

/// The model as the app classifies with it, before it is prepared for inference (BatchNorm unfolded).
Model buildModel(const ModelRef& ref) {
    if (ref.isFile()) return loadModelFile(ref.key());
    const ModelSpec& spec = *ref.spec();
    Model model = Model::fromCatalog(spec, WeightStore().require(spec, "download or import them to explain its predictions"));
    if (!model.weightsLoad().skipped.empty())
        throw Error(ref.key(), "its weights have no classifier (include_top=False): there is no class to explain");
    return model;
}

}  // namespace

struct Explainer::Impl {
    explicit Impl(const ModelRef& r) : ref(r), model(buildModel(r)) {}
    ModelRef ref;
    Model model;
    Preprocessing recipe;
    std::vector<std::string> labels;
    std::vector<ExplainLayer> layers;
    std::string defaultLayer;
    std::unordered_map<std::string, const torch::nn::Module*> modules;  ///< path → module
    torch::Device device{torch::kCPU};
};

Explainer::Explainer(const ModelRef& ref, const std::string& device)
    : impl_(ref.valid() ? std::make_unique<Impl>(ref) : throw Error("explain", "no model was chosen")) {
    impl_->recipe = ref.preprocessing();
    impl_->labels = ref.labels();
    impl_->model.setDevice(device);
    const std::shared_ptr<Model::Impl> m = impl_->model.impl();
    impl_->device = m->device;
    m->net->eval();
    for (auto& p : m->net->parameters()) p.set_requires_grad(false);  // gradients flow to the activations only
    if (m->mlp) {
        m->mlp->eval();
        for (auto& p : m->mlp->parameters()) p.set_requires_grad(false);
    }

    // The spatial layers, in the order the network runs them: one image of the recipe's size through it.
    std::unordered_map<const torch::nn::Module*, std::string> paths;
    for (const auto& item : m->net->named_modules())
        if (!item.key().empty()) paths.emplace(item.value().get(), item.key());
    for (const auto& [module, path] : paths) impl_->modules.emplace(path, module);
    const int size = impl_->recipe.inputSize;
    torch::NoGradGuard noGrad;
    std::vector<const torch::nn::Module*> seen;
    forwardReporting(
        m, torch::zeros({1, 3, size, size}, torch::TensorOptions().device(impl_->device)),
        [&](const torch::nn::Module* module, const torch::Tensor& out) {
            const auto path = paths.find(module);
            if (path == paths.end() || !out.defined() || out.dim() != 4 || out.size(2) * out.size(3) <= 1) return;
            if (std::find(seen.begin(), seen.end(), module) != seen.end()) return;
            seen.push_back(module);
            impl_->layers.push_back({path->second, static_cast<int>(out.size(1)), static_cast<int>(out.size(2)), static_cast<int>(out.size(3))});
            // The last block's output, not a pooling after it (VGG's adaptive pooling repeats the 7 × 7).
            if (!isPooling(*module)) impl_->defaultLayer = path->second;
        });
    if (impl_->layers.empty()) throw Error(ref.key(), "the network has no layer with a spatial output to explain");
}

Explainer::~Explainer() = default;
Explainer::Explainer(Explainer&&) noexcept = default;
Explainer& Explainer::operator=(Explainer&&) noexcept = default;

const ModelRef& Explainer::model() const { return impl_->ref; }
const Preprocessing& Explainer::recipe() const { return impl_->recipe; }
const std::vector<std::string>& Explainer::labels() const { return impl_->labels; }
const std::vector<ExplainLayer>& Explainer::layers() const { return impl_->layers; }
const std::string& Explainer::defaultLayer() const { return impl_->defaultLayer; }

void Explainer::checkLayer(const std::string& given) const {
    const std::string& layer = given.empty() ? impl_->defaultLayer : given;
    if (impl_->modules.find(layer) == impl_->modules.end()) throw Error(layer, "no layer of " + impl_->ref.name() + " has this name");
    const auto spatial = std::find_if(impl_->layers.begin(), impl_->layers.end(), [&](const ExplainLayer& l) { return l.path == layer; });
    if (spatial == impl_->layers.end())
        throw Error(layer,
                    "has no spatial output (its output is not [N, C, H, W] with more than one position), so there is no map to "
                    "draw: choose a convolutional layer or block, such as " +
                        impl_->defaultLayer);
}

Explanation Explainer::explain(const PreparedImage& image, const ExplainOptions& options) const {
    const std::string layer = options.layer.empty() ? impl_->defaultLayer : options.layer;
    checkLayer(layer);
    const auto module = impl_->modules.find(layer);
    const int size = impl_->recipe.inputSize;
    if (image.chw.size() != 3 * static_cast<std::size_t>(size) * static_cast<std::size_t>(size))
        throw Error(layer, "the image is not prepared for this model (" + std::to_string(image.chw.size()) + " values, " +
                               std::to_string(3 * size * size) + " expected)");

    const std::shared_ptr<Model::Impl> m = impl_->model.impl();
    torch::AutoGradMode grad(true);
    const torch::Tensor x =
        torch::from_blob(const_cast<float*>(image.chw.data()), {1, 3, size, size}, torch::kFloat32).to(impl_->device).clone().requires_grad_(true);
    torch::Tensor activation;
    std::int64_t version = 0;
    const torch::Tensor logits = forwardReporting(m, x, [&](const torch::nn::Module* called, const torch::Tensor& out) {
        if (called != module->second || activation.defined()) return;
        activation = out;
        version = out._version();
    });
    if (!activation.defined()) throw Error(layer, "was not run by the network's forward pass");
    if (activation._version() != version)
        throw Error(layer,
                    "its output is changed in place by the layer after it (a residual sum), so its gradient is not its own: choose "
                    "the block that contains it");

    Explanation out;
    out.layer = layer;
    const int classes = static_cast<int>(logits.size(1));
    out.classIndex = options.classIndex >= 0 ? options.classIndex : static_cast<int>(logits[0].argmax().item<std::int64_t>());
    if (out.classIndex >= classes)
        throw Error(impl_->ref.name(),
                    "class " + std::to_string(out.classIndex) + " is out of range: the model has " + std::to_string(classes) + " classes");
    out.label = out.classIndex < static_cast<int>(impl_->labels.size()) ? impl_->labels[static_cast<std::size_t>(out.classIndex)]
                                                                        : std::to_string(out.classIndex);
    out.probability = torch::softmax(logits.detach()[0].to(torch::kDouble), 0)[out.classIndex].item<double>();

    const torch::Tensor g = torch::autograd::grad({logits[0][out.classIndex]}, {activation})[0].detach()[0].to(torch::kCPU);
    const torch::Tensor a = activation.detach()[0].to(torch::kCPU);  // [C, H, W]
    torch::Tensor weights;
    if (options.plusPlus) {
        const torch::Tensor g2 = g * g;
        const torch::Tensor g3 = g2 * g;
        const torch::Tensor sumA = a.sum({1, 2}, /*keepdim=*/true);
        const torch::Tensor denominator = 2 * g2 + sumA * g3;
        const torch::Tensor alpha =
            torch::where(g != 0, g2 / torch::where(denominator != 0, denominator, torch::ones_like(denominator)), torch::zeros_like(g));
        weights = (torch::relu(g) * alpha).sum({1, 2});
    } else {
        weights = g.mean({1, 2});
    }
    const torch::Tensor cam = torch::relu((weights.reshape({-1, 1, 1}) * a).sum(0)).contiguous();
    out.height = static_cast<int>(cam.size(0));
    out.width = static_cast<int>(cam.size(1));
    out.map.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
    return out;
}

cv::Mat explanationHeat(const Explanation& e, cv::Size size) {
    if (e.map.empty() || e.height * e.width != static_cast<int>(e.map.size())) return cv::Mat::zeros(size, CV_32F);
    cv::Mat map(e.height, e.width, CV_32F, const_cast<float*>(e.map.data()));
    double largest = 0.0;
    cv::minMaxLoc(map, nullptr, &largest);
    cv::Mat scaled = largest > 0.0 ? cv::Mat(map / largest) : cv::Mat::zeros(map.size(), CV_32F);
    cv::Mat out;
    cv::resize(scaled, out, size, 0, 0, cv::INTER_LINEAR);
    return out;
}

namespace {

cv::Mat colouredHeat(const Explanation& e, cv::Size size) {
    cv::Mat heat8;
    explanationHeat(e, size).convertTo(heat8, CV_8U, 255.0);
    cv::Mat bgr, rgb;
    cv::applyColorMap(heat8, bgr, cv::COLORMAP_JET);
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

}  // namespace

cv::Mat explanationOverCrop(const cv::Mat& crop, const Explanation& e, double alpha) {
    cv::Mat out;
    cv::addWeighted(crop, 1.0 - alpha, colouredHeat(e, crop.size()), alpha, 0.0, out);
    return out;
}

cv::Mat explanationOverImage(const cv::Mat& rgb, const cv::Rect2d& region, const Explanation& e, double alpha) {
    cv::Mat out = rgb * 0.6;  // the part the network did not see, dimmed
    const cv::Rect whole(0, 0, rgb.cols, rgb.rows);
    const cv::Rect r(cvRound(region.x), cvRound(region.y), std::max(1, cvRound(region.width)), std::max(1, cvRound(region.height)));
    const cv::Rect inside = r & whole;
    if (inside.area() > 0) {
        const cv::Mat heat = colouredHeat(e, r.size());  // over the whole region, then the part inside the image kept
        const cv::Mat heatInside = heat(cv::Rect(inside.x - r.x, inside.y - r.y, inside.width, inside.height));
        cv::Mat target = out(inside);
        cv::addWeighted(rgb(inside), 1.0 - alpha, heatInside, alpha, 0.0, target);
    }
    cv::rectangle(out, r, cv::Scalar(255, 255, 255), std::max(1, std::min(rgb.cols, rgb.rows) / 200));
    return out;
}

}  // namespace tl
