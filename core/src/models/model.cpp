#include "tl/model.h"

#include "compat/torch_compat.h"
#include "models/fold.h"
#include "models/model_impl.h"
#include "models/network.h"
#include "weights/checkpoint_reader.h"
#include "models/foreign.h"
#include "weights/state_dict.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/import.h"

#include <iomanip>
#include <sstream>

namespace tl {

namespace {

/// "torch::nn::Conv2dImpl" -> "Conv2d"; our activations name themselves.
std::string typeName(const torch::nn::Module& module) {
    if (const auto* act = dynamic_cast<const models::ActivationImpl*>(&module)) return act->typeName();
    std::string name = module.name();
    const auto colon = name.rfind("::");
    if (colon != std::string::npos) name = name.substr(colon + 2);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, "Impl") == 0) name.resize(name.size() - 4);
    return name;
}

std::string shapeText(std::vector<std::int64_t> shape, bool channelsLast = false) {
    if (shape.empty()) return "-";
    if (channelsLast && shape.size() == 4) shape = {shape[0], shape[2], shape[3], shape[1]};
    std::ostringstream out;
    out << '(';
    for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << (i == 0 ? std::string("None") : std::to_string(shape[i]));
    out << ')';
    return out.str();
}

std::string withCommas(std::int64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

namespace detail {

weights::StateDict readWeightsFor(const models::Network& net, const std::string& path, bool* hasHead) {
    *hasHead = true;
    if (isForeignWeights(path)) {
        models::ForeignTensors foreign = models::readForeignTensors(path, net);
        *hasHead = foreign.hasHead;
        return std::move(foreign.tensors);
    }
    return weights::readCheckpoint(path).tensors;
}

}  // namespace detail

Model::Model(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Model Model::create(const std::string& arch, int classes, bool transformInput) {
    auto impl = std::make_shared<Impl>();
    models::NetworkOptions options;
    options.numClasses = classes;
    options.transformInput = transformInput;
    impl->transformInput = transformInput;
    impl->net = models::createNetwork(arch, options);
    impl->net->eval();
    return Model(impl);
}

Model Model::fromCatalog(const ModelSpec& spec, const std::string& weightsPath, int classes) {
    auto impl = std::make_shared<Impl>();
    models::NetworkOptions options;
    options.numClasses = spec.numClasses;
    options.transformInput = spec.transformInput;
    impl->transformInput = spec.transformInput;
    impl->net = models::createNetwork(spec.arch, options);

    bool fileHasHead = true;
    const weights::StateDict tensors = detail::readWeightsFor(*impl->net, weightsPath, &fileHasHead);
    weights::LoadOptions loadOptions;
    const bool newHead = (classes > 0 && classes != spec.numClasses) || !fileHasHead;
    if (newHead) loadOptions.skipPrefixes = {impl->net->headPrefix()};
    try {
        const weights::LoadReport report = weights::loadStateDict(*impl->net, tensors, weightsPath, loadOptions);
        impl->load.source = weightsPath;
        impl->load.loaded = report.loaded;
        impl->load.skipped = report.skipped;
        impl->load.message = report.describe();
        if (!fileHasHead) {
            impl->load.message += " The file has no classifier (Keras include_top=False): the head is new, to be trained.";
            for (const auto& item : impl->net->named_parameters(true))  // the head's tensors, not in the file: new
                if (item.key().rfind(impl->net->headPrefix(), 0) == 0) impl->load.skipped.push_back(item.key());
        }
    } catch (const Error& e) {
        throw Error(weightsPath, std::string("is not a set of ") + spec.name + " weights: " + (std::string(e.what()).substr(weightsPath.size() + 2)));
    }
    if (newHead) impl->net->replaceHead(classes > 0 ? classes : spec.numClasses);
    impl->net->eval();
    return Model(impl);
}

const std::string& Model::arch() const { return impl_->net->arch(); }
bool Model::transformsInput() const { return impl_->transformInput; }
int Model::classes() const { return static_cast<int>(impl_->net->numClasses()); }
int Model::featureDim() const { return static_cast<int>(impl_->net->featureDim()); }
std::int64_t Model::parameterCount() const { return models::parameterCount(*impl_->net); }
const WeightsLoad& Model::weightsLoad() const { return impl_->load; }

std::string Model::headPath() const {
    std::string prefix = impl_->net->headPrefix();
    if (!prefix.empty() && prefix.back() == '.') prefix.pop_back();
    return prefix;
}

void Model::replaceHead(int classes) {
    if (classes < 1) throw Error(arch(), "the number of classes must be at least 1");
    impl_->net->replaceHead(classes);
    impl_->net->to(impl_->device);
    impl_->compiled->clear();
    impl_->mlp = nullptr;
}

void Model::setMlpHead(int hidden, double dropout) {
    if (hidden < 1 || hidden > kMaxHiddenUnits || !(dropout >= 0 && dropout < 1))  // NaN fails too
        throw Error(arch(), "an MLP head needs 1 ≤ hidden ≤ " + std::to_string(kMaxHiddenUnits) + " and 0 ≤ dropout < 1");
    if (impl_->inferenceOnly) throw Error(arch(), "the head of a model prepared for inference cannot change");
    const std::int64_t in = impl_->net->featureDim(), out = impl_->net->numClasses();
    impl_->mlp = torch::nn::Sequential(torch::nn::Linear(in, hidden), torch::nn::ReLU(), torch::nn::Dropout(dropout), torch::nn::Linear(hidden, out));
    impl_->mlp->to(impl_->device);
    impl_->mlp->train(impl_->net->is_training());
    // The network's own head is not used any more.
    for (const auto& item : impl_->net->named_parameters(true))
        if (item.key().rfind(impl_->net->headPrefix(), 0) == 0) item.value().set_requires_grad(false);
}

bool Model::hasMlpHead() const { return static_cast<bool>(impl_->mlp); }

void Model::setTrainable(const std::string& path, bool trainable) {
    bool found = path.empty();
    for (const auto& item : impl_->net->named_parameters(true)) {
        const std::string& key = item.key();
        if (path.empty() || key == path || key.rfind(path + ".", 0) == 0) {
            item.value().set_requires_grad(trainable);
            found = true;
        }
    }
    if (!found) throw Error(arch(), "no layer '" + path + "' with parameters");
}

std::vector<LayerInfo> Model::layers() const {
    std::vector<LayerInfo> out;
    for (const auto& item : impl_->net->named_modules()) {
        LayerInfo layer;
        layer.path = item.key();
        layer.type = item.key().empty() ? impl_->net->arch() : typeName(*item.value());
        layer.depth = item.key().empty() ? 0 : 1 + static_cast<int>(std::count(item.key().begin(), item.key().end(), '.'));
        layer.leaf = item.value()->children().empty();
        for (const auto& p : item.value()->parameters(true)) {
            layer.params += p.numel();
            if (p.requires_grad()) layer.trainableParams += p.numel();
        }
        out.push_back(std::move(layer));
    }
    return out;
}

ModelSummary Model::summary(int inputSize) const {
    if (inputSize < 1) throw Error(arch(), "the input size must be positive");
    ModelSummary s;
    s.arch = arch();
    s.inputShape = {1, 3, inputSize, inputSize};
    s.layers = layers();
    {
        models::ShapeTrace trace;
        torch::NoGradGuard noGrad;
        const bool wasTraining = impl_->net->is_training();
        impl_->net->eval();
        impl_->net->forward(torch::zeros({1, 3, inputSize, inputSize}));
        impl_->net->train(wasTraining);
        std::size_t i = 0;
        for (const auto& item : impl_->net->named_modules()) {
            const torch::nn::Module* m = item.value().get();
            const std::vector<std::int64_t> shape = trace.shapeOf(m);
            s.layers[i++].outputShape = shape;
            if (shape.empty()) continue;  // not called (a replaced head)
            if (const auto* conv = dynamic_cast<const torch::nn::Conv2dImpl*>(m); conv && shape.size() == 4)
                s.macs += conv->weight.numel() * shape[2] * shape[3];
            else if (const auto* linear = dynamic_cast<const torch::nn::LinearImpl*>(m)) s.macs += linear->weight.numel();
        }
        if (impl_->mlp)
            for (const auto& item : impl_->mlp->named_modules())
                if (const auto* linear = dynamic_cast<const torch::nn::LinearImpl*>(item.value().get())) s.macs += linear->weight.numel();
        if (!s.layers.empty()) s.layers.front().outputShape = {1, impl_->net->numClasses()};
    }
    // With an MLP head, the network's own head is not used: the MLP's layers count instead.
    const std::string headPrefix = impl_->net->headPrefix();
    for (const auto& item : impl_->net->named_parameters(true)) {
        if (impl_->mlp && item.key().rfind(headPrefix, 0) == 0) continue;
        s.total += item.value().numel();
        (item.value().requires_grad() ? s.trainable : s.nonTrainable) += item.value().numel();
    }
    if (impl_->mlp)
        for (const auto& p : impl_->mlp->parameters(true)) {
            s.total += p.numel();
            (p.requires_grad() ? s.trainable : s.nonTrainable) += p.numel();
        }
    if (impl_->mlp) {
        // The head's row shows the MLP that replaces it (Keras: a Sequential on top).
        for (auto& layer : s.layers) {
            if (layer.path != headPath()) continue;
            layer.type = "Sequential";
            layer.outputShape = {1, impl_->net->numClasses()};
            layer.params = layer.trainableParams = 0;
            for (const auto& p : impl_->mlp->parameters(true)) {
                layer.params += p.numel();
                if (p.requires_grad()) layer.trainableParams += p.numel();
            }
        }
    }
    if (arch().rfind("keras_", 0) == 0) {
        // Keras counts a BatchNormalization's moving mean and variance as non-trainable parameters.
        std::size_t i = 0;
        for (const auto& item : impl_->net->named_modules()) {
            if (const auto* bn = dynamic_cast<const torch::nn::BatchNorm2dImpl*>(item.value().get())) {
                const std::int64_t stats = bn->running_mean.numel() + bn->running_var.numel();
                s.layers[i].params += stats;
                s.total += stats;
                s.nonTrainable += stats;
            }
            ++i;
        }
    }
    return s;
}

std::vector<float> Model::forward(const std::vector<float>& input, int batch, int height, int width) const {
    const std::int64_t expected = static_cast<std::int64_t>(batch) * 3 * height * width;
    if (batch < 1 || height < 1 || width < 1 || static_cast<std::int64_t>(input.size()) != expected)
        throw Error(arch(), "input holds " + std::to_string(input.size()) + " values, [" + std::to_string(batch) + ", 3, " + std::to_string(height) +
                                ", " + std::to_string(width) + "] needs " + std::to_string(expected));
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::from_blob(const_cast<float*>(input.data()), {batch, 3, height, width}, torch::kFloat32);
    const models::ForwardFn eager = [impl = impl_.get()](const torch::Tensor& t) { return impl->forward(t); };
    const torch::Tensor in = x.to(impl_->device);
    const torch::Tensor y = (impl_->inferenceOnly ? impl_->compiled->run(eager, in) : eager(in)).to(torch::kCPU).contiguous();
    return {y.data_ptr<float>(), y.data_ptr<float>() + y.numel()};
}

void Model::setDevice(const std::string& device) {
    const torch::Device target = compat::parseDevice(device);
    if (target == impl_->device) return;
    if (impl_->inferenceOnly) throw Error(arch(), "the device of a model prepared for inference is fixed; set it before preparing");
    impl_->net->to(target);
    if (impl_->mlp) impl_->mlp->to(target);
    impl_->device = target;
}

void Model::prepareForInference() {
    if (impl_->inferenceOnly) return;
    impl_->net->eval();
    for (auto& p : impl_->net->parameters()) p.set_requires_grad(false);
    if (impl_->mlp) {
        impl_->mlp->eval();
        for (auto& p : impl_->mlp->parameters()) p.set_requires_grad(false);
    }
    models::foldBatchNorm(*impl_->net);
    impl_->inferenceOnly = true;
}

bool Model::inferenceOnly() const { return impl_->inferenceOnly; }

std::string Model::device() const { return impl_->device.str(); }

std::string formatSummary(const ModelSummary& summary, bool leavesOnly) {
    std::ostringstream out;
    const int wPath = 44, wType = 22, wShape = 24, wParams = 14;
    const std::string rule(wPath + wType + wShape + wParams + 10, '=');
    out << "Model: " << summary.arch << "  (input " << shapeText(summary.inputShape) << ")\n" << rule << '\n';
    out << std::left << std::setw(wPath) << "Layer (path)" << std::setw(wType) << "Type" << std::setw(wShape) << "Output Shape" << std::right
        << std::setw(wParams) << "Param #"
        << "  Trainable\n"
        << std::string(rule.size(), '-') << '\n';
    // Keras architectures show their shapes as Keras does: (None, H, W, C).
    const bool channelsLast = summary.arch.rfind("keras_", 0) == 0;
    for (const auto& layer : summary.layers) {
        if (layer.path.empty() || (leavesOnly && !layer.leaf)) continue;
        std::string path = std::string(static_cast<std::size_t>(leavesOnly ? 0 : 2 * (layer.depth - 1)), ' ') + layer.path;
        if (path.size() >= static_cast<std::size_t>(wPath)) path = path.substr(0, wPath - 2) + "…";
        const char* trainable = layer.params == 0 ? "" : layer.trainableParams == layer.params ? "yes" : layer.trainableParams == 0 ? "no" : "partly";
        out << std::left << std::setw(wPath) << path << std::setw(wType) << layer.type << std::setw(wShape)
            << shapeText(layer.outputShape, channelsLast) << std::right << std::setw(wParams) << withCommas(layer.params) << "  " << trainable
            << '\n';
    }
    out << rule << '\n'
        << "Total params: " << withCommas(summary.total) << '\n'
        << "Trainable params: " << withCommas(summary.trainable) << '\n'
        << "Non-trainable params: " << withCommas(summary.nonTrainable) << '\n';
    return out.str();
}

}  // namespace tl
