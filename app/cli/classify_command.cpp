// classify: top-k ImageNet classes of image files and folders with a catalog model.
#include "commands.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/weight_store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iomanip>
#include <optional>
#include <iostream>
#include <memory>

namespace tl::cli {
namespace {

struct ClassifyArgs {
    std::string model;
    std::string weights;
    std::vector<std::string> inputs;
    int top = 5;
    int batch = 8;
    std::string device = "cpu";
    double maxMegapixels = 100.0;
    bool json = false;
};

std::string resolveWeights(const ModelSpec& spec, const std::string& explicitPath) {
    if (!explicitPath.empty()) return explicitPath;
    return WeightStore().require(spec, "run 'transfer-studio-cli fetch " + spec.id + "', or 'import FILE', or pass --weights FILE");
}

nlohmann::json toJson(const ImageResult& r) {
    nlohmann::json j{{"file", r.source}};
    if (!r.error.empty()) {
        j["error"] = r.error;
        return j;
    }
    j["width"] = r.width;
    j["height"] = r.height;
    j["crop"] = {r.region.x, r.region.y, r.region.width, r.region.height};
    nlohmann::json top = nlohmann::json::array();
    for (const auto& p : r.top) top.push_back({{"index", p.index}, {"label", p.label}, {"probability", p.probability}});
    j["top"] = top;
    return j;
}

void printText(const ImageResult& r) {
    std::cout << r.source << '\n';
    if (!r.error.empty()) {
        std::cout << "  error: " << r.error << '\n';
        return;
    }
    int rank = 1;
    for (const auto& p : r.top)
        std::cout << "  " << rank++ << ". " << std::fixed << std::setprecision(2) << std::setw(6) << 100.0 * p.probability << "%  " << p.label << " ("
                  << p.index << ")\n";
}

}  // namespace

void addClassifyCommand(CLI::App& root, Context& ctx) {
    auto args = std::make_shared<ClassifyArgs>();
    auto* cmd = root.add_subcommand("classify", "Top-k classes of images (files or folders, searched recursively)");
    cmd->add_option("--model,-m", args->model, "Catalog id (e.g. resnet50) or a fine-tuned model file")->required();
    cmd->add_option("--weights,-w", args->weights, "Weights file (default: the model's pretrained weights from the store)")->check(CLI::ExistingFile);
    cmd->add_option("--top,-k", args->top, "How many classes to show per image")->check(CLI::Range(1, 1001));
    cmd->add_option("--batch", args->batch, "Images per forward pass")->check(CLI::Range(1, 1024));
    cmd->add_option("--device", args->device, "cpu, cuda, cuda:N or auto");
    cmd->add_option("--max-megapixels", args->maxMegapixels, "Refuse images larger than this")->check(CLI::PositiveNumber);
    cmd->add_flag("--json", args->json, "Print the results as JSON");
    cmd->add_option("FILES_OR_DIRS", args->inputs, "Images, or folders of images")->required();
    cmd->callback([args, &ctx] {
        const bool modelFile = Catalog::builtin().find(args->model) == nullptr && std::filesystem::is_regular_file(args->model);
        std::vector<std::string> missing;
        const std::vector<std::string> files = collectImageFiles(args->inputs, &missing);
        for (const auto& m : missing) std::cerr << "error: " << m << ": no such file or folder\n";
        if (files.empty()) throw Error("classify", "no image files found in the given paths");

        ClassifierOptions options;
        options.topK = args->top;
        options.batchSize = args->batch;
        options.device = args->device;
        options.decode.maxPixels = static_cast<std::int64_t>(args->maxMegapixels * 1e6);
        std::string weights = args->model;
        std::string name = args->model;
        std::optional<Classifier> loaded;
        if (modelFile) {
            loaded.emplace(Classifier::fromModelFile(args->model, options));
        } else {
            const ModelSpec& spec = Catalog::builtin().get(args->model);
            weights = resolveWeights(spec, args->weights);
            name = spec.id;
            loaded.emplace(Classifier::fromCatalog(spec, weights, options));
        }
        const Classifier& classifier = *loaded;

        int failed = static_cast<int>(missing.size());
        nlohmann::json results = nlohmann::json::array();
        classifier.classifyFiles(files, [&](const ImageResult& r, std::size_t) {
            if (!r.error.empty()) ++failed;
            if (args->json) results.push_back(toJson(r));
            else printText(r);
            return true;
        });
        if (args->json) {
            std::cout << nlohmann::json{{"model", name}, {"weights", weights}, {"device", classifier.model().device()}, {"results", results}}.dump(2)
                      << '\n';
        }
        if (failed > 0) std::cerr << failed << " of " << files.size() + missing.size() << " inputs could not be classified\n";
        ctx.exitCode = failed > 0 ? 1 : 0;
    });
}

}  // namespace tl::cli
