#pragma once
// A fine-tuned model in one file: safetensors with the network's tensors under torchvision's key names
// (an MLP head as "fc.0.*", "fc.3.*", as nn.Sequential names them) and metadata saying what it is — the
// architecture, the class names in label order, the preprocessing recipe and the head. Classification,
// evaluation and comparison load it like a catalog model.

#include "tl/catalog.h"
#include "tl/model.h"
#include "tl/train_config.h"

#include <string>
#include <vector>

namespace tl {

struct ModelFileInfo {
    std::string path;
    std::string arch;
    std::string baseModel;              ///< the catalog model it was fine-tuned from
    std::vector<std::string> classes;   ///< label order
    Preprocessing preprocessing;
    HeadConfig head;
    int epochs = 0;
};

/// True when `path` is a safetensors file written by saveModelFile() (reads only its header).
bool isModelFile(const std::string& path);
/// The metadata of a model file. Throws tl::Error naming the file and the key when it is not one.
ModelFileInfo readModelFileInfo(const std::string& path);
/// Writes `model` and `info` (its arch is taken from the model) atomically.
void saveModelFile(const Model& model, const std::string& path, const ModelFileInfo& info);
/// The model of a model file, ready to classify (eval mode) or to train further.
Model loadModelFile(const std::string& path, ModelFileInfo* info = nullptr);

}  // namespace tl
