#pragma once
// The tensors of a Keras .h5 file or a TF-slim checkpoint as a state dict of a network of ours (import.cpp);
// Model::fromCatalog reads such files through this too.

#include "models/network.h"
#include "weights/keras_h5.h"
#include "weights/state_dict.h"

#include <string>

namespace tl::models {

struct ForeignTensors {
    weights::StateDict tensors;  ///< under the network's keys, in its layouts
    std::string format;          ///< "Keras HDF5 (weights)", ...
    std::string fits;            ///< the architecture the file's layer names fit, "" when none
    bool hasHead = true;         ///< the file holds the network's head
    int classes = 0;             ///< the head's outputs in the file (0 without a head)
};

/// A Keras .h5 file as it is (InceptionV3's layer numbers normalised), a TF-slim checkpoint as the Keras file of
/// the same network. Throws tl::Error naming the file when it is neither, or cannot be read.
weights::KerasFile readForeignFile(const std::string& path);

/// The file's format, the architecture its names fit, its head's presence and size, without building anything.
ForeignTensors probeForeignFile(const weights::KerasFile& file);

/// The file's tensors for `net` (of architecture net.arch()). Throws tl::Error naming the file when it holds
/// another architecture's weights, or a layer does not fit.
ForeignTensors foreignTensors(const weights::KerasFile& file, const Network& net);

/// readForeignFile + foreignTensors.
ForeignTensors readForeignTensors(const std::string& path, const Network& net);

}  // namespace tl::models
