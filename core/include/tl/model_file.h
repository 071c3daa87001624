#pragma once
// A fine-tuned model in one file: safetensors with the network's tensors under torchvision's key names
// (an MLP head as "fc.0.*", "fc.3.*", as nn.Sequential names them) and metadata saying what it is — the
// architecture, the class names in label order, the preprocessing recipe and the head. Classification,
// evaluation and comparison load it like a catalog model.

#include "tl/model.h"
#include "tl/preprocess.h"
#include "tl/train_config.h"  // kMaxRunNameBytes

#include <string>
#include <vector>

namespace tl {

/// The most classes a model file may have; the trainer refuses a dataset with more, so that every model it
/// writes reads back. Above ImageNet-21k's 21,843 (the largest common classification set), while the widest
/// linear head built when a file is read (25,088 features × 30,000 classes) stays at 3 GB.
inline constexpr int kMaxModelClasses = 30000;

struct ModelFileInfo {
    std::string path;
    std::string arch;
    std::string baseModel;             ///< the catalog model it was fine-tuned from
    std::vector<std::string> classes;  ///< label order
    Preprocessing preprocessing;
    HeadConfig head;
    int epochs = 0;
    bool transformInput = false;  ///< Inception v3's transform_input (from the network written)
    /// The name of the run that trained it (TrainConfig::name), shown instead of the file's name; empty in files
    /// without one (before 2026-12, or a run given no name). Metadata key "name", at most kMaxRunNameBytes.
    std::string name;
};

/// True when `path` is a safetensors file written by saveModelFile() (reads only its header).
bool isModelFile(const std::string& path);
/// The metadata of a model file. Throws tl::Error naming the file and the key when it is not one.
ModelFileInfo readModelFileInfo(const std::string& path);
/// Writes `model` and `info` (its arch is taken from the model) atomically.
void saveModelFile(const Model& model, const std::string& path, const ModelFileInfo& info);
/// The model of a model file, ready to classify (eval mode) or to train further.
Model loadModelFile(const std::string& path, ModelFileInfo* info = nullptr);

struct ModelExport {
    std::string path;
    std::string format;  ///< "torch" (a torch.save state dict) or "keras" (an HDF5 weights file)
    std::size_t tensors = 0;
    /// Python that builds the model (torchvision's, or Keras Applications'), loads the file into it and names
    /// the classes.
    std::string pythonCode;
};

/// Writes the network of model file `modelFile` as a torch.save state dict (zip) under torchvision's key
/// names, to load with torch.load(weights_only=True) into torchvision's model with its head replaced as
/// `pythonCode` shows. Inception's auxiliary classifier (training only) is left out. Atomic. A model of a
/// Keras architecture is refused (tl::Error): exportKerasWeights writes those.
ModelExport exportTorchStateDict(const std::string& modelFile, const std::string& outPath);

/// Writes the network of model file `modelFile`, of a Keras architecture (keras_vgg16, keras_mobilenet_v1_*...),
/// as Keras' model.save_weights() HDF5 file: Keras layer names and layouts, in Keras' layer order, to load with
/// model.load_weights() into keras.applications' model built as `pythonCode` shows (an MLP head as the Keras
/// tutorials' Dense(hidden, relu) → Dropout → Dense(classes)). Atomic. Other architectures are refused.
ModelExport exportKerasWeights(const std::string& modelFile, const std::string& outPath);

/// The export a model file gets: "keras" for a Keras architecture, else "torch"; with its file extension.
std::string exportFormatOf(const ModelFileInfo& info);
std::string exportExtensionOf(const ModelFileInfo& info);  ///< ".h5" or ".pth"

/// exportKerasWeights or exportTorchStateDict, as exportFormatOf says.
ModelExport exportModel(const std::string& modelFile, const std::string& outPath);

}  // namespace tl
