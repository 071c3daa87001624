#include "weights/state_dict.h"

#include "tl/error.h"

#include <map>
#include <set>
#include <sstream>

namespace tl::weights {

std::string shapeText(at::IntArrayRef sizes) {
    std::ostringstream out;
    out << '[';
    for (size_t i = 0; i < sizes.size(); ++i) out << (i ? ", " : "") << sizes[i];
    out << ']';
    return out.str();
}

namespace {

void appendList(std::ostringstream& out, const char* what, const std::vector<std::string>& items) {
    if (items.empty()) return;
    out << ' ' << what << " (" << items.size() << "): ";
    const size_t shown = std::min<size_t>(items.size(), 8);
    for (size_t i = 0; i < shown; ++i) out << (i ? ", " : "") << items[i];
    if (shown < items.size()) out << ", ...";
    out << '.';
}

bool skipped(const std::string& key, const std::vector<std::string>& prefixes) {
    for (const auto& p : prefixes)
        if (key.rfind(p, 0) == 0) return true;
    return false;
}

}  // namespace

std::string LoadReport::describe() const {
    std::ostringstream out;
    out << loaded << " tensors loaded.";
    appendList(out, "Missing keys", missing);
    appendList(out, "Unexpected keys", unexpected);
    appendList(out, "Shape mismatches", mismatched);
    if (!skipped.empty()) out << ' ' << skipped.size() << " head tensors skipped on purpose (the head was replaced).";
    return out.str();
}

StateDict stateDictOf(const torch::nn::Module& module) {
    StateDict dict;
    for (const auto& item : module.named_modules()) {
        const std::string prefix = item.key().empty() ? std::string() : item.key() + ".";
        for (const auto& p : item.value()->named_parameters(false)) dict.emplace_back(prefix + p.key(), p.value());
        for (const auto& b : item.value()->named_buffers(false)) dict.emplace_back(prefix + b.key(), b.value());
    }
    return dict;
}

LoadReport loadStateDict(torch::nn::Module& module, const StateDict& dict, const std::string& source, const LoadOptions& options) {
    LoadReport report;
    std::map<std::string, torch::Tensor> targets;
    for (auto& [key, tensor] : stateDictOf(module)) targets.emplace(key, tensor);

    std::set<std::string> seen;
    torch::NoGradGuard noGrad;
    for (const auto& [key, value] : dict) {
        if (skipped(key, options.skipPrefixes)) {
            report.skipped.push_back(key);
            continue;
        }
        const auto it = targets.find(key);
        if (it == targets.end()) {
            report.unexpected.push_back(key);
            continue;
        }
        seen.insert(key);
        torch::Tensor& target = it->second;
        if (target.sizes() != value.sizes()) {
            report.mismatched.push_back(key + ": file " + shapeText(value.sizes()) + " vs model " + shapeText(target.sizes()));
            continue;
        }
        target.copy_(value.to(target.scalar_type()));
        ++report.loaded;
    }
    for (const auto& [key, tensor] : targets) {
        if (!seen.count(key) && !skipped(key, options.skipPrefixes)) report.missing.push_back(key);
    }
    if (options.strict && !report.ok()) throw Error(source, "does not fit the model. " + report.describe());
    return report;
}

}  // namespace tl::weights
