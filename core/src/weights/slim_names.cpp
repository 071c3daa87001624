#include "weights/slim_names.h"

#include "tl/error.h"

#include <map>
#include <set>

namespace tl::weights {

namespace {

/// InceptionV3's convolutions as TF-slim names them (under "InceptionV3/"), in the order Keras creates
/// them (conv2d_1 … conv2d_94).
std::vector<std::string> inceptionConvolutions() {
    std::vector<std::string> out = {"Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "Conv2d_3b_1x1", "Conv2d_4a_3x3"};
    const auto block = [&out](const std::string& name, const std::vector<std::string>& convs) {
        for (const auto& c : convs) out.push_back(name + "/" + c);
    };
    const std::vector<std::string> mixed5 = {"Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_5x5", "Branch_2/Conv2d_0a_1x1",
                                             "Branch_2/Conv2d_0b_3x3", "Branch_2/Conv2d_0c_3x3", "Branch_3/Conv2d_0b_1x1"};
    block("Mixed_5b", mixed5);
    // Mixed_5c's second branch carries TF-slim's historical names.
    block("Mixed_5c", {"Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x1", "Branch_1/Conv_1_0c_5x5", "Branch_2/Conv2d_0a_1x1",
                       "Branch_2/Conv2d_0b_3x3", "Branch_2/Conv2d_0c_3x3", "Branch_3/Conv2d_0b_1x1"});
    block("Mixed_5d", mixed5);
    block("Mixed_6a", {"Branch_0/Conv2d_1a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_3x3", "Branch_1/Conv2d_1a_1x1"});
    for (const char* name : {"Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"})
        block(name,
              {"Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x7", "Branch_1/Conv2d_0c_7x1", "Branch_2/Conv2d_0a_1x1",
               "Branch_2/Conv2d_0b_7x1", "Branch_2/Conv2d_0c_1x7", "Branch_2/Conv2d_0d_7x1", "Branch_2/Conv2d_0e_1x7", "Branch_3/Conv2d_0b_1x1"});
    block("Mixed_7a", {"Branch_0/Conv2d_0a_1x1", "Branch_0/Conv2d_1a_3x3", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x7",
                       "Branch_1/Conv2d_0c_7x1", "Branch_1/Conv2d_1a_3x3"});
    block("Mixed_7b",
          {"Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x3", "Branch_1/Conv2d_0b_3x1", "Branch_2/Conv2d_0a_1x1",
           "Branch_2/Conv2d_0b_3x3", "Branch_2/Conv2d_0c_1x3", "Branch_2/Conv2d_0d_3x1", "Branch_3/Conv2d_0b_1x1"});
    block("Mixed_7c",
          {"Branch_0/Conv2d_0a_1x1", "Branch_1/Conv2d_0a_1x1", "Branch_1/Conv2d_0b_1x3", "Branch_1/Conv2d_0c_3x1", "Branch_2/Conv2d_0a_1x1",
           "Branch_2/Conv2d_0b_3x3", "Branch_2/Conv2d_0c_1x3", "Branch_2/Conv2d_0d_3x1", "Branch_3/Conv2d_0b_1x1"});
    return out;
}

/// Not model weights: the step counter, optimizer slots, moving-average shadows.
bool bookkeeping(const std::string& name) {
    if (name == "global_step") return true;
    for (const char* slot : {"/Momentum", "/RMSProp", "/Adam", "/ExponentialMovingAverage"})
        if (name.find(slot) != std::string::npos) return true;
    return false;
}

}  // namespace

KerasFile slimAsKerasFile(const StateDict& variables, const std::string& path) {
    std::map<std::string, torch::Tensor> byName;
    for (const auto& [name, tensor] : variables)
        if (!bookkeeping(name)) byName.emplace(name, tensor);
    KerasFile out;
    out.path = path;
    out.kind = "TF-slim";
    std::set<std::string> used;
    // `slim` scope's variables (weights/biases or BatchNorm's) as one Keras layer; false when none is there.
    const auto layer = [&](const std::string& keras, const std::string& slim, const std::vector<const char*>& names) {
        KerasLayer l;
        l.name = keras;
        for (const char* n : names) {
            const std::string key = slim + "/" + n;
            if (const auto it = byName.find(key); it != byName.end()) {
                l.weights.emplace_back(key, it->second);
                used.insert(key);
            }
        }
        out.layerNames.push_back(keras);
        if (!l.weights.empty()) out.layers.push_back(std::move(l));
    };
    std::string scope;
    for (const char* s : {"vgg_16", "vgg_19", "InceptionV3"})
        for (const auto& [name, tensor] : byName)
            if (name.rfind(std::string(s) + "/", 0) == 0) scope = s;
    if (scope == "vgg_16" || scope == "vgg_19") {
        const int perBlock[2][5] = {{2, 2, 3, 3, 3}, {2, 2, 4, 4, 4}};
        for (int b = 1; b <= 5; ++b)
            for (int c = 1; c <= perBlock[scope == "vgg_19"][b - 1]; ++c)
                layer("block" + std::to_string(b) + "_conv" + std::to_string(c),
                      scope + "/conv" + std::to_string(b) + "/conv" + std::to_string(b) + "_" + std::to_string(c), {"weights", "biases"});
        layer("fc1", scope + "/fc6", {"weights", "biases"});
        layer("fc2", scope + "/fc7", {"weights", "biases"});
        layer("predictions", scope + "/fc8", {"weights", "biases"});
    } else if (scope == "InceptionV3") {
        int i = 0;
        for (const auto& conv : inceptionConvolutions()) {
            ++i;
            layer("conv2d_" + std::to_string(i), scope + "/" + conv, {"weights"});
            layer("batch_normalization_" + std::to_string(i), scope + "/" + conv + "/BatchNorm", {"gamma", "beta", "moving_mean", "moving_variance"});
        }
        layer("predictions", scope + "/Logits/Conv2d_1c_1x1", {"weights", "biases"});
        for (const auto& [name, tensor] : byName)
            if (name.rfind("InceptionV3/AuxLogits/", 0) == 0) used.insert(name);  // the training-only auxiliary head
    } else {
        std::string first = byName.empty() ? std::string("none") : byName.begin()->first;
        throw Error(path, "a TensorFlow checkpoint, but not TF-slim's vgg_16, vgg_19 or inception_v3 (its first variable: " + first + ")");
    }
    for (const auto& [name, tensor] : byName)
        if (!used.count(name))
            throw Error(path, "variable '" + name + "' has no place in " + scope + " as the app builds it (another variant of the network?)");
    if (out.layers.empty()) throw Error(path, "no weights of " + scope + " in this checkpoint");
    return out;
}

}  // namespace tl::weights
