#pragma once
// Bottleneck features on disk: the penultimate features of every image of a split, computed once by the
// frozen network and reused by later runs. The key covers everything that changes them — architecture,
// the weights file's content, the preprocessing recipe and the list of files (paths, sizes, times) — so
// any change computes them again. Files live in <app cache>/features/<key>.safetensors.

#include "tl/preprocess.h"

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace tl::train {

struct Features {
    torch::Tensor values;   ///< [N, D] float32, on the CPU
    torch::Tensor present;  ///< [N] uint8: 0 where the image could not be read
};

std::string featureCacheKey(const std::string& arch, const std::string& weightsPath, const Preprocessing& recipe,
                            const std::vector<std::string>& files);
std::string featureCachePath(const std::string& key);
/// The cached features of `key` when they exist and hold `rows` rows of `cols` features; nothing when absent or
/// damaged (then they are computed again).
std::optional<Features> loadFeatures(const std::string& key, std::int64_t rows, std::int64_t cols);
void saveFeatures(const std::string& key, const Features& features);

}  // namespace tl::train
