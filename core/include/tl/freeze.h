#pragma once
// Freeze plans (train_config.h) applied to a model: which parameters train. Module paths are torchvision's
// ("layer4.1.conv2"); freezing a module freezes everything under it.

#include "tl/model.h"
#include "tl/train_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

struct FreezeResult {
    std::int64_t trainable = 0;  ///< parameters (elements) that train
    std::int64_t frozen = 0;
    std::vector<std::string> trainableModules;  ///< the top-most modules whose parameters all train
    std::string description;                    ///< one line for logs: "head only: fc (5,130 trainable of 11,181,642)"
};

/// The modules the "last_block" preset trains besides the head: VGG block5 and its fully connected layers,
/// ResNet layer4, Inception v3 Mixed_7b and Mixed_7c, the last two stages of MobileNet / EfficientNet features.
std::vector<std::string> lastBlockModules(const Model& model);

/// Leaf modules in order (what Keras' model.layers counts), for "first_n".
std::vector<std::string> leafModules(const Model& model);

/// Makes every parameter trainable, then freezes what `plan` says. Throws tl::Error naming an unknown preset
/// or a path that is not a module of the model.
FreezeResult applyFreezePlan(Model& model, const FreezePlan& plan);

}  // namespace tl
