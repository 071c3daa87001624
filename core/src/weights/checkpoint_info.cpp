#include "tl/checkpoint_info.h"

#include "weights/checkpoint_reader.h"

namespace tl {

CheckpointInfo inspectCheckpoint(const std::string& path) {
    const weights::Checkpoint checkpoint = weights::readCheckpoint(path);
    CheckpointInfo info;
    info.path = path;
    info.format = checkpoint.format;
    info.metadata = checkpoint.metadata;
    for (const auto& [name, tensor] : checkpoint.tensors) {
        TensorInfo t;
        t.name = name;
        t.dtype = std::string(c10::toString(tensor.scalar_type()));
        t.shape = tensor.sizes().vec();
        t.numel = tensor.numel();
        info.totalElements += t.numel;
        info.tensors.push_back(std::move(t));
    }
    return info;
}

}  // namespace tl
