#include "tl/catalog.h"

#include "catalog/embedded.h"
#include "tl/error.h"
#include "tl/preprocess.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace tl {
namespace {

template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.contains(key)) throw Error(where, std::string("missing key '") + key + "'");
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(where, std::string("key '") + key + "' has the wrong type");
    }
}

template <typename T>
T optional(const nlohmann::json& j, const char* key, T fallback, const std::string& where) {
    return j.contains(key) ? required<T>(j, key, where) : fallback;
}

ModelSpec parseModel(const nlohmann::json& m, const std::string& source, std::size_t index) {
    ModelSpec s;
    s.id = required<std::string>(m, "id", source + ": models[" + std::to_string(index) + "]");
    const std::string where = source + ": " + s.id;
    s.name = required<std::string>(m, "name", where);
    s.family = required<std::string>(m, "family", where);
    s.arch = required<std::string>(m, "arch", where);
    const std::string mode = optional<std::string>(m, "preprocessing", "torchvision", where);
    const int inputSize = required<int>(m, "input_size", where);
    try {
        s.preprocessing = recipeFor(mode, inputSize, optional<int>(m, "resize_size", inputSize, where));
    } catch (const Error& e) {
        throw Error(where, e.what());
    }
    auto& p = s.preprocessing;
    p.geometry = optional<std::string>(m, "geometry", p.geometry, where);
    p.interpolation = optional<std::string>(m, "interpolation", p.interpolation, where);
    p.mean = optional<std::array<float, 3>>(m, "mean", p.mean, where);
    p.std = optional<std::array<float, 3>>(m, "std", p.std, where);
    try {
        validateRecipe(p);
    } catch (const Error& e) {
        throw Error(where, e.what());
    }
    s.numClasses = required<int>(m, "num_classes", where);
    s.labels = optional<std::string>(m, "labels", "imagenet", where);
    s.transformInput = optional<bool>(m, "transform_input", false, where);
    s.includeTop = optional<bool>(m, "include_top", true, where);
    if (m.contains("weights")) {
        const auto& w = m["weights"];
        s.weights.variant = optional<std::string>(w, "variant", "", where);
        s.weights.url = required<std::string>(w, "url", where + ".weights");
        s.weights.fileName = required<std::string>(w, "file", where + ".weights");
        s.weights.sha256Prefix = optional<std::string>(w, "sha256_prefix", "", where);
    }
    s.params = optional<std::int64_t>(m, "params", 0, where);
    s.gflops = optional<double>(m, "gflops", 0.0, where);
    s.top1 = optional<double>(m, "top1", 0.0, where);
    s.top5 = optional<double>(m, "top5", 0.0, where);
    if (s.numClasses < 1) throw Error(where, "num_classes must be positive");
    return s;
}

}  // namespace

Catalog Catalog::fromJson(const std::string& text, const std::string& source) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("models") || !j["models"].is_array()) throw Error(source, "no 'models' list");
    Catalog c;
    for (std::size_t i = 0; i < j["models"].size(); ++i) {
        ModelSpec spec = parseModel(j["models"][i], source, i);
        if (c.find(spec.id)) throw Error(source, "model id '" + spec.id + "' appears twice");
        c.models_.push_back(std::move(spec));
    }
    return c;
}

const Catalog& Catalog::builtin() {
    static const Catalog catalog = fromJson(embedded::modelsJson(), "built-in models.json");
    return catalog;
}

const ModelSpec* Catalog::find(const std::string& id) const {
    for (const auto& m : models_)
        if (m.id == id) return &m;
    return nullptr;
}

const ModelSpec& Catalog::get(const std::string& id) const {
    if (const ModelSpec* m = find(id)) return *m;
    std::string known;
    for (const auto& m : models_) known += (known.empty() ? "" : ", ") + m.id;
    throw Error(id, "no such model in the catalog (known: " + known + ")");
}

const std::vector<std::string>& imagenetLabels() {
    static const std::vector<std::string> labels = [] {
        std::vector<std::string> out;
        std::istringstream in(embedded::imagenetClasses());
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) out.push_back(line);
        return out;
    }();
    return labels;
}

std::vector<std::string> labelsFor(const ModelSpec& spec) {
    if (spec.labels == "imagenet" && spec.numClasses == 1000) return imagenetLabels();
    if (spec.labels == "imagenet" && spec.numClasses == 1001) {
        std::vector<std::string> out{"background"};
        out.insert(out.end(), imagenetLabels().begin(), imagenetLabels().end());
        return out;
    }
    std::vector<std::string> out;
    for (int i = 0; i < spec.numClasses; ++i) out.push_back("class " + std::to_string(i));
    return out;
}

}  // namespace tl
