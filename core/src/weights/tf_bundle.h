#pragma once
// TensorFlow V2 checkpoints ("tensor bundles"), as TF-slim and tf.train.Saver write them: PREFIX.index, a
// LevelDB-style table mapping each variable name to where its bytes are, and PREFIX.data-NNNNN-of-NNNNN
// shards holding the bytes. Read natively: no TensorFlow, no protobuf library.
//
// What is read: uncompressed tables (TensorFlow's default), little-endian bundles, whole (not
// partitioned) tensors of float, double, half, bfloat16, int64, int32, int16, int8 and uint8. Every
// block's and every tensor's CRC-32C is checked, every size and offset is bounded by the files, and
// anything else is refused with a tl::Error naming the file and the key. V1 checkpoints (one SSTable
// file, as the 2016 TF-slim tarballs ship them) are recognised and refused with a message saying so.

#include "weights/state_dict.h"

#include <string>

namespace tl::weights {

/// True when `pathOrPrefix` names a V2 checkpoint: its prefix (model.ckpt), its .index file or one of
/// its .data-NNNNN-of-NNNNN shards, and PREFIX.index exists. Never throws.
bool isTfBundlePrefix(const std::string& pathOrPrefix);

/// The checkpoint's prefix (what TensorFlow calls the checkpoint's path) for any of the names above.
/// Throws tl::Error when there is no PREFIX.index (saying so for a V1 checkpoint).
std::string tfBundlePrefix(const std::string& pathOrPrefix);

/// Every tensor of the checkpoint by its TensorFlow name ("vgg_16/conv1/conv1_1/weights"), in the
/// stored shape and dtype (conv kernels HWIO, as TensorFlow keeps them), in the index's (sorted) key
/// order. Bookkeeping scalars such as global_step are included; TensorFlow's serialized object graph
/// (_CHECKPOINTABLE_OBJECT_GRAPH, a string) is left out. Tensors share the shards' memory maps.
/// Throws tl::Error, naming the file and the key, on anything it cannot read exactly.
StateDict readTfBundle(const std::string& pathOrPrefix);

}  // namespace tl::weights
