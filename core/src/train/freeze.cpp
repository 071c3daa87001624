#include "tl/freeze.h"

#include "models/model_impl.h"
#include "models/network.h"
#include "tl/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <iomanip>
#include <locale>
#include <sstream>

namespace tl {

namespace {

bool under(const std::string& key, const std::string& path) { return path.empty() || key == path || key.rfind(path + ".", 0) == 0; }

std::string thousands(std::int64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

}  // namespace

std::vector<std::string> leafModules(const Model& model) {
    std::vector<std::string> out;
    for (const auto& layer : model.layers())
        if (layer.leaf && !layer.path.empty()) out.push_back(layer.path);
    return out;
}

std::vector<std::string> lastBlockModules(const Model& model) {
    const std::string& arch = model.arch();
    const auto& net = *model.impl()->net;
    if (auto own = net.lastBlock(); !own.empty()) return own;  // the Keras architectures name their blocks
    if (arch.rfind("resnet", 0) == 0) return {"layer4"};
    if (arch == "inception_v3") return {"Mixed_7b", "Mixed_7c"};
    std::vector<std::string> children;
    std::shared_ptr<torch::nn::Module> features;
    for (const auto& item : net.named_children())
        if (item.key() == "features") features = item.value();
    if (!features) throw Error(arch, "no 'last block' is defined for this architecture");
    for (const auto& item : features->named_children()) children.push_back("features." + item.key());
    if (arch.rfind("vgg", 0) == 0) {
        // block5: the layers after the fourth max-pooling, then the fully connected layers.
        std::vector<std::string> out;
        int pools = 0;
        for (const auto& item : features->named_children()) {
            if (pools >= 4) out.push_back("features." + item.key());
            if (item.value()->name().find("MaxPool") != std::string::npos) ++pools;
        }
        for (const auto& item : net.named_children())
            if (item.key() == "classifier") out.push_back("classifier");
        return out;
    }
    // MobileNet, EfficientNet: the last stage and the final 1×1 convolution.
    if (children.size() < 2) throw Error(arch, "no 'last block' is defined for this architecture");
    return {children[children.size() - 2], children.back()};
}

FreezeResult applyFreezePlan(Model& model, const FreezePlan& plan) {
    auto& net = *model.impl()->net;
    const std::string head = model.headPath();
    std::vector<std::string> trainable;  // trainable roots; everything else frozen (when `freezeRest`)
    std::vector<std::string> frozen;     // frozen roots; everything else trainable
    std::string label;
    if (plan.preset == "head_only") {
        trainable = {head};
        label = "head only";
    } else if (plan.preset == "last_block") {
        trainable = lastBlockModules(model);
        trainable.push_back(head);
        label = "last block";
    } else if (plan.preset == "all") {
        label = "all layers";
    } else if (plan.preset == "first_n") {
        const auto leaves = leafModules(model);
        if (plan.firstN > static_cast<int>(leaves.size()))
            throw Error(model.arch(),
                        "first_n is " + std::to_string(plan.firstN) + " but the model has " + std::to_string(leaves.size()) + " layers");
        frozen.assign(leaves.begin(), leaves.begin() + plan.firstN);
        label = "first " + std::to_string(plan.firstN) + " layers frozen";
    } else if (plan.preset == "custom") {
        frozen = plan.frozen;
        label = "custom (" + std::to_string(frozen.size()) + " modules frozen)";
    } else {
        throw Error("freeze preset", "unknown preset '" + plan.preset + "' (head_only, last_block, first_n, all, custom)");
    }
    if (plan.preset == "custom") {
        std::vector<std::string> modules;
        for (const auto& item : net.named_modules()) modules.push_back(item.key());
        for (const auto& path : frozen)
            if (std::find(modules.begin(), modules.end(), path) == modules.end()) throw Error(model.arch(), "no layer '" + path + "' to freeze");
    }
    const bool onlyListedTrain = plan.preset == "head_only" || plan.preset == "last_block";
    FreezeResult r;
    for (const auto& item : net.named_parameters(true)) {
        const std::string& key = item.key();
        bool train = true;
        if (onlyListedTrain) train = std::any_of(trainable.begin(), trainable.end(), [&](const std::string& p) { return under(key, p); });
        else train = !std::any_of(frozen.begin(), frozen.end(), [&](const std::string& p) { return under(key, p); });
        item.value().set_requires_grad(train);
        (train ? r.trainable : r.frozen) += item.value().numel();
    }
    // The top-most modules whose parameters all train.
    for (const auto& layer : model.layers()) {
        if (layer.params == 0 || layer.trainableParams != layer.params) continue;
        const bool coveredByParent =
            std::any_of(r.trainableModules.begin(), r.trainableModules.end(), [&](const std::string& p) { return under(layer.path, p); });
        if (!coveredByParent) r.trainableModules.push_back(layer.path);
    }
    std::ostringstream d;
    d << label << ": " << thousands(r.trainable) << " of " << thousands(r.trainable + r.frozen) << " parameters train";
    r.description = d.str();
    return r;
}

}  // namespace tl
