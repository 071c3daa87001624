#pragma once
// Weights of other frameworks — Keras HDF5 files (Keras Applications' downloads, model.save_weights and
// model.save files) and TF-slim checkpoints — recognised by their layer names, checked against the
// architecture they fit, and turned into what the rest of the app uses: a catalog model's weights file, or
// a model file (model_file.h) that classify, evaluate, compare and train accept.

#include "tl/model_file.h"

#include <cstddef>
#include <string>
#include <vector>

namespace tl {

struct ForeignWeights {
    std::string path;
    std::string format;       ///< "Keras HDF5 (weights)", "Keras HDF5 (model.save)", "TF-slim checkpoint"
    std::string arch;         ///< the architecture its layer names fit (or the one asked for)
    bool hasTop = true;       ///< holds the classifier (Keras include_top=True)
    int classes = 0;          ///< outputs of the classifier, 0 without one
    std::size_t tensors = 0;  ///< tensors that loaded into the architecture
    std::string catalogId;    ///< the catalog model of this architecture (the one with this file name first)
    std::string message;      ///< what loaded, in one paragraph
};

/// True for a Keras .h5 file (by content) or a TF-slim checkpoint (a prefix with an .index file, the .index
/// itself or one of its .data shards).
bool isForeignWeights(const std::string& path);

/// Reads a Keras .h5 file or a TF-slim checkpoint, recognises its architecture from the layer names (or takes
/// `arch`), and loads it into that architecture to check that every tensor fits. Throws tl::Error naming the
/// file and the layer that does not fit, or saying that the architecture is not one the app builds.
ForeignWeights inspectForeignWeights(const std::string& path, const std::string& arch = "");

/// The model of a Keras .h5 file or TF-slim checkpoint, its head replaced for `classes` outputs when that
/// differs from the file's (or when the file has none); `info` (optional) gets what inspectForeignWeights says.
Model loadForeignWeights(const std::string& path, const std::string& arch = "", int classes = 0, ForeignWeights* info = nullptr);

/// Writes the network of `path` as a model file at `outPath` (atomically): the architecture, the catalog
/// model's preprocessing, and ImageNet's labels for 1000 classes (1001 with 'background' first for TF-slim's
/// Inception); other class counts are named "class 0", "class 1"... A file without a classifier cannot be a
/// model file (tl::Error: use it as a catalog model's weights to train from).
ModelFileInfo importAsModelFile(const std::string& path, const std::string& outPath, const std::string& arch = "");

struct ModelSpec;

/// The outputs of the classifier in a torchvision state dict (.pth/.pt/.safetensors, or a Keras/TF-slim file) of
/// `spec`'s architecture: the first dimension of its head's weight (fc.weight, classifier.6.weight...); 0 when the
/// file has no such tensor. Reads only the file's tensors (throws tl::Error naming the file when it cannot).
int stateDictClasses(const ModelSpec& spec, const std::string& path);

/// Writes a state dict of `spec`'s architecture whose classifier has its own number of outputs N (a colleague's
/// fine-tune for N classes) as a model file at `outPath` (atomically), with `classes` as its class names in output
/// order and the catalog model's preprocessing. Every tensor, the head's included, must fit the architecture with an
/// N-output head (tl::Error naming the file and each key that does not). The number of names must be N (tl::Error
/// naming both numbers); a file without a classifier is refused.
ModelFileInfo importStateDictAsModelFile(const ModelSpec& spec, const std::string& path, const std::vector<std::string>& classes,
                                         const std::string& outPath);

}  // namespace tl
