#pragma once
// TF-slim checkpoints of vgg_16, vgg_19 and inception_v3 seen as the Keras files of the same networks:
// Keras Applications' VGG and InceptionV3 were ported from TF-slim, so each slim variable has one Keras
// layer and weight (vgg_16/conv3/conv3_2/weights is block3_conv2's kernel; fc6/fc7/fc8, stored as 7×7 and
// 1×1 convolutions, are fc1, fc2 and predictions; InceptionV3's 94 convolutions, in creation order, are
// conv2d_1 … conv2d_94 with batch_normalization_1 … _94; Logits/Conv2d_1c_1x1 is predictions, with 1001
// classes). Layouts are the same (HWIO), so keras_h5.h's conversion applies unchanged.

#include "weights/keras_h5.h"

#include <string>

namespace tl::weights {

/// The model variables of a TF-slim checkpoint (tf_bundle.h) as a KerasFile (kind "TF-slim"). Training
/// bookkeeping (global_step, optimizer slots, moving-average shadows) and Inception's auxiliary head are left
/// out. Throws tl::Error naming `path` when the checkpoint is not one of these networks, or a variable of
/// the network has no place in it.
KerasFile slimAsKerasFile(const StateDict& variables, const std::string& path);

}  // namespace tl::weights
