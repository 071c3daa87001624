#pragma once
// A state dict as the checkpoint readers return it: tensors by torchvision key, in file order.
// Loading one into a module reports what did not fit, by name.

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace tl::weights {

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

struct LoadReport {
    std::vector<std::string> missing;     ///< in the model, not in the file
    std::vector<std::string> unexpected;  ///< in the file, not in the model
    std::vector<std::string> mismatched;  ///< "key: file [a, b] vs model [c, d]"
    std::vector<std::string> skipped;     ///< left out on purpose (a replaced head)
    size_t loaded = 0;
    bool ok() const { return missing.empty() && unexpected.empty() && mismatched.empty(); }
    /// One paragraph naming every problem, for error messages.
    std::string describe() const;
};

struct LoadOptions {
    /// Keys starting with any of these are not loaded (the head, when it was replaced).
    std::vector<std::string> skipPrefixes;
    /// Throw tl::Error (naming `source` and every problem) unless everything fitted.
    bool strict = true;
};

/// Copies `dict` into the parameters and buffers of `module` (torch.no_grad, dtype converted to the
/// model's). `source` names the file in messages.
LoadReport loadStateDict(torch::nn::Module& module, const StateDict& dict, const std::string& source, const LoadOptions& options = {});

/// A shape as messages write it: "[64, 3, 7, 7]".
std::string shapeText(at::IntArrayRef sizes);

/// The module's parameters and buffers in state_dict order (parameters then buffers per module).
StateDict stateDictOf(const torch::nn::Module& module);

}  // namespace tl::weights
