#pragma once
// Writes a state dict as Python's torch.save does (the zip format, pickle protocol 2): an OrderedDict of
// key -> torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()), each
// tensor's bytes in its own record data/N. Only the globals torch.load(weights_only=True) accepts are used.

#include "weights/state_dict.h"

#include <string>

namespace tl::weights {

/// The file torch.save(OrderedDict(dict), path) would write, written atomically. Tensors are written as
/// contiguous CPU copies. Throws tl::Error naming `path` when it cannot be written or a dtype has no
/// torch storage type.
void writeTorchSave(const std::string& path, const StateDict& dict);

}  // namespace tl::weights
