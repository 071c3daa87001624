#pragma once
// Keras HDF5 files, read with libhdf5: the weights-only files Keras Applications distributes and
// model.save_weights() writes (layer_names / weight_names attributes at the root), and full-model files of
// model.save() (the same under "model_weights", the architecture in the root's model_config). Their
// weights map onto a Keras architecture of models/keras_*.cpp layer by layer, converted to LibTorch's
// layouts (HWIO -> OIHW, depthwise (H, W, C, 1) -> (C, 1, H, W), Dense (in, out) -> (out, in)).
//
// Bounded like the other readers: a dataset may not declare more values than the file holds, names and
// attribute sizes are limited, and nothing but float datasets of rank 1 to 4 is read.

#include "weights/mapped_file.h"
#include "weights/state_dict.h"

#include <string>
#include <utility>
#include <vector>

namespace tl::weights {

/// The weights of one Keras layer, in Keras' order (Conv2D: kernel, bias; BatchNormalization: gamma, beta,
/// moving_mean, moving_variance — gamma absent with scale=False), in Keras' layouts, as float32.
struct KerasLayer {
    std::string name;
    std::vector<std::pair<std::string, torch::Tensor>> weights;  ///< (weight name as stored, tensor)
};

struct KerasFile {
    std::string path;
    std::string kind;          ///< "weights" (save_weights / Keras Applications) or "model" (model.save)
    std::string kerasVersion;  ///< the root's keras_version attribute, "" when absent
    std::string backend;
    std::vector<std::string> layerNames;  ///< every layer, with weights or not, in model order
    std::vector<KerasLayer> layers;       ///< the layers that have weights, in model order
};

/// True when `path` starts with HDF5's signature (reads 8 bytes).
bool isHdf5File(const std::string& path);

/// Reads a Keras HDF5 file. libhdf5 parses it in a child process under resource limits (keras_h5_child.cpp,
/// app/h5read); a crash, hang or limit there is a tl::Error here. Throws tl::Error naming the file (and the
/// layer or dataset) when it is not a readable HDF5 file, not a Keras file, or a dataset is not what a weight
/// can be.
KerasFile readKerasFile(const std::string& path);

/// The child-process half of readKerasFile: the file's weights as safetensors in memory (keras_h5_read.h
/// says what the tensors and metadata are), and this process's own map of the file, where the weights stored
/// as they are lie. Throws tl::Error naming the file and what happened to the reader.
struct KerasChildOutput {
    MappedFilePtr output;
    MappedFilePtr input;
};
KerasChildOutput readKerasInChild(const std::string& path);

/// Writes `file` as model.save_weights() does in HDF5 (root attributes layer_names, backend, keras_version;
/// a group per layer with its weight_names and datasets), atomically. Throws tl::Error naming the path.
void writeKerasFile(const std::string& path, const KerasFile& file);

}  // namespace tl::weights
