#pragma once
// What a weights file holds, without loading it into a model: its format and its tensors by name.
// Reads torch.save files (zip and legacy formats) and safetensors; refuses anything else with a
// tl::Error that names the file and the problem. Nothing in a file is ever executed.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tl {

struct TensorInfo {
    std::string name;
    std::string dtype;  ///< "float32", "int64", ...
    std::vector<std::int64_t> shape;
    std::int64_t numel = 0;
};

struct CheckpointInfo {
    std::string path;
    std::string format;               ///< "torch.save zip", "torch.save legacy", "safetensors"
    std::vector<TensorInfo> tensors;  ///< in file order
    std::map<std::string, std::string> metadata;
    std::int64_t totalElements = 0;
};

CheckpointInfo inspectCheckpoint(const std::string& path);

}  // namespace tl
