#pragma once
// Precompiled for every tl_core translation unit. Only core/src may include LibTorch.
#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>
