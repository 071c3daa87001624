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
    bool transformInput = false;        ///< Inception v3's transform_input (from the network written)
};

/// True when `path` is a safetensors file written by saveModelFile() (reads only its header).
bool isModelFile(const std::string& path);
/// The metadata of a model file. Throws tl::Error naming the file and the key when it is not one.
ModelFileInfo readModelFileInfo(const std::string& path);
/// Writes `model` and `info` (its arch is taken from the model) atomically.
void saveModelFile(const Model& model, const std::string& path, const ModelFileInfo& info);
/// The model of a model file, ready to classify (eval mode) or to train further.
Model loadModelFile(const std::string& path, ModelFileInfo* info = nullptr);

struct TorchExport {
    std::string path;
    std::size_t tensors = 0;
    /// Python that builds the torchvision model, loads the file into it (strict) and names the classes.
    std::string pythonCode;
};

/// Writes the network of model file `modelFile` as a torch.save state dict (zip) under torchvision's key
/// names, to load with torch.load(weights_only=True) into torchvision's model with its head replaced as
/// `pythonCode` shows. Inception's auxiliary classifier (training only) is left out. Atomic.
TorchExport exportTorchStateDict(const std::string& modelFile, const std::string& outPath);

}  // namespace tl
