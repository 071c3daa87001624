#pragma once
// Reads a weights file into a StateDict, whatever its format (told apart by content, not by name):
// torch.save's zip format, torch.save's legacy (pre-1.6) format, and safetensors. Tensors share the
// file's memory map (no copy) and keep it alive.

#include "weights/mapped_file.h"
#include "weights/state_dict.h"

#include <map>
#include <string>

namespace tl::weights {

struct Checkpoint {
    std::string format;  ///< "torch.save zip", "torch.save legacy", "safetensors"
    StateDict tensors;
    std::map<std::string, std::string> metadata;  ///< safetensors' __metadata__
};

Checkpoint readCheckpoint(const std::string& path);

/// A 1-D tensor of `numel` elements of `dtype` over the file's bytes at `offset` (copied when the
/// offset is not aligned for the type). Throws tl::Error when the bytes are not all inside the file.
torch::Tensor tensorOverFile(const MappedFilePtr& file, std::uint64_t offset, c10::ScalarType dtype, std::int64_t numel, const std::string& what);

}  // namespace tl::weights
