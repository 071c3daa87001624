#include "models/keras_layers.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "tl/error.h"

namespace tl::models::keras {

namespace nn = torch::nn;

nn::Conv2d conv2d(int64_t in, int64_t out, int64_t kh, int64_t kw, int64_t stride, bool same, bool bias) {
    if (same && (stride != 1 || kh % 2 == 0 || kw % 2 == 0)) throw Error("Conv2D", "'same' padding is only built for stride 1 and odd kernels");
    auto options = nn::Conv2dOptions(in, out, {kh, kw}).stride(stride).bias(bias);
    if (same) options.padding(std::vector<int64_t>{kh / 2, kw / 2});
    return nn::Conv2d(options);
}

nn::Conv2d depthwiseConv2d(int64_t channels, int64_t k, int64_t stride, bool same) {
    if (same && (stride != 1 || k % 2 == 0)) throw Error("DepthwiseConv2D", "'same' padding is only built for stride 1 and odd kernels");
    return nn::Conv2d(nn::Conv2dOptions(channels, channels, k).stride(stride).groups(channels).bias(false).padding(same ? k / 2 : 0));
}

namespace {

/// Module's parameter list, reached as C++ lets a derived class name a protected member of its base (a pointer to
/// member formed in the derived class), for a module that is not one of ours.
struct ParameterList : nn::Module {
    static torch::OrderedDict<std::string, torch::Tensor>& of(nn::Module& module) { return module.*(&ParameterList::parameters_); }
};

}  // namespace

nn::BatchNorm2d batchNorm(int64_t channels, double eps, bool scale) {
    nn::BatchNorm2d bn(nn::BatchNorm2dOptions(channels).eps(eps).momentum(kBatchNormMomentum));
    if (!scale) {
        // BatchNormalization(scale=False): γ is no parameter (nothing trains it, Keras does not count it) but a
        // buffer of ones, so that it still moves with the module and the BatchNorm folds like any other. A stock
        // BatchNorm2d so changed: a subclass of BatchNorm2dImpl would need LibTorch symbols its shared library
        // does not export (unoptimised builds fail to link).
        ParameterList::of(*bn).erase("weight");
        bn->weight = bn->register_buffer("weight", torch::ones({channels}));
    }
    return bn;
}

nn::ZeroPad2d zeroPadding(int64_t top, int64_t bottom, int64_t left, int64_t right) {
    return nn::ZeroPad2d(nn::ZeroPad2dOptions({left, right, top, bottom}));
}

Activation inputLayer() {
    return Activation("InputLayer", [](const torch::Tensor& x) { return x; });
}

Activation reluLayer(double maxValue) {
    if (maxValue > 0) return Activation("ReLU", [maxValue](const torch::Tensor& x) { return torch::clamp(x, 0.0, maxValue); });
    return Activation("Activation", [](const torch::Tensor& x) { return torch::relu(x); });
}

Activation flattenChannelsLastLayer() {
    return Activation("Flatten", [](const torch::Tensor& x) { return torch::flatten(x.permute({0, 2, 3, 1}), 1); });
}

Activation globalAveragePooling() {
    return Activation("GlobalAveragePooling2D", [](const torch::Tensor& x) { return x.mean({2, 3}); });
}

torch::Tensor DenseHeadNetwork::head(const torch::Tensor& features) { return run(head_, features); }

void DenseHeadNetwork::replaceHead(int64_t classes) {
    head_ = replace_module(headName_, nn::Linear(head_->options.in_features(), classes));
    nn::init::xavier_uniform_(head_->weight);
    nn::init::zeros_(head_->bias);
}

void DenseHeadNetwork::registerHead(int64_t features, int64_t classes) { head_ = register_module(headName_, nn::Linear(features, classes)); }

std::vector<std::string> layerOrder(const std::vector<GraphNode>& graph) {
    if (graph.empty()) return {};
    std::map<std::string, const GraphNode*> byName;
    for (const auto& node : graph) byName[node.name] = &node;
    std::map<std::string, std::size_t> index;  // first met by the walk from the output
    std::set<std::string> finished;
    std::vector<std::string> decreasingDepth;  // nodes as the walk finishes them
    std::vector<std::pair<std::string, std::size_t>> stack{{graph.back().name, 0}};
    index.emplace(graph.back().name, 0);
    while (!stack.empty()) {  // the recursive walk of Keras' build_map, with an explicit stack
        auto& [name, next] = stack.back();
        const auto found = byName.find(name);
        if (found == byName.end()) throw std::logic_error("Keras graph: no layer " + name);
        const auto& inbound = found->second->inbound;
        if (next < inbound.size()) {
            const std::string& in = inbound[next++];
            if (finished.count(in)) continue;
            index.emplace(in, index.size());
            stack.emplace_back(in, 0);
        } else {
            finished.insert(name);
            decreasingDepth.push_back(name);
            stack.pop_back();
        }
    }
    std::map<std::string, int> depth;
    for (auto it = decreasingDepth.rbegin(); it != decreasingDepth.rend(); ++it) {
        const int d = depth[*it];
        for (const auto& in : byName.at(*it)->inbound) depth[in] = std::max(depth[in], d + 1);
    }
    std::vector<std::string> order = decreasingDepth;
    std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
        return depth.at(a) != depth.at(b) ? depth.at(a) > depth.at(b) : index.at(a) < index.at(b);
    });
    return order;
}

void initKerasWeights(nn::Module& root) {
    torch::NoGradGuard noGrad;
    for (auto& m : root.modules(false)) {
        if (auto* c = m->as<nn::Conv2d>()) {
            nn::init::xavier_uniform_(c->weight);
            if (c->bias.defined()) nn::init::zeros_(c->bias);
        } else if (auto* fc = m->as<nn::Linear>()) {
            nn::init::xavier_uniform_(fc->weight);
            nn::init::zeros_(fc->bias);
        } else if (auto* bn = m->as<nn::BatchNorm2d>()) {
            nn::init::ones_(bn->weight);
            nn::init::zeros_(bn->bias);
            bn->running_mean.zero_();
            bn->running_var.fill_(1.0);
        }
    }
}

}  // namespace tl::models::keras
