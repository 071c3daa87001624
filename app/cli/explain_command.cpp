// explain: Grad-CAM (or Grad-CAM++) of images with a catalog model or a fine-tuned model file, written as PNG
// overlays — over the whole image with the crop's outline, and over the crop the network saw.
#include "commands.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/explain.h"
#include "tl/image.h"
#include "tl/model_ref.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

namespace tl::cli {
namespace {

struct ExplainArgs {
    std::string model;
    std::string layer;
    std::string cls;
    std::string out;
    std::vector<std::string> inputs;
    std::string device = "cpu";
    double alpha = 0.5;
    bool plusPlus = false;
    bool listLayers = false;
    bool json = false;
};

/// `given` as a class index of `labels`: a number, or a label (exact, then case-insensitive). -1 for "".
int classIndexOf(const std::string& given, const std::vector<std::string>& labels) {
    if (given.empty()) return -1;
    if (given.find_first_not_of("0123456789") == std::string::npos && given.size() < 9) {
        const int index = std::stoi(given);
        if (index >= static_cast<int>(labels.size()))
            throw Error("--class " + given, "out of range: the model has " + std::to_string(labels.size()) + " classes");
        return index;
    }
    const auto lower = [](std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] == given) return static_cast<int>(i);
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (lower(labels[i]) == lower(given)) return static_cast<int>(i);
    throw Error("--class " + given, "no class of the model has this name (give its index or one of its labels)");
}

void printLayers(const Explainer& explainer) {
    for (const ExplainLayer& l : explainer.layers())
        std::cout << std::left << std::setw(40) << l.path << ' ' << l.channels << " × " << l.height << " × " << l.width
                  << (l.path == explainer.defaultLayer() ? "  (default)" : "") << '\n';
}

}  // namespace

void addExplainCommand(CLI::App& root, Context& ctx) {
    auto args = std::make_shared<ExplainArgs>();
    auto* cmd = root.add_subcommand("explain", "Grad-CAM heat maps of images: where the model looked for a class, as PNG overlays");
    cmd->add_option("--model,-m", args->model, "Catalog id (its weights from the store) or a fine-tuned model file")->required();
    cmd->add_option("--layer", args->layer, "The layer of the model tree to explain at (default: the last block; --list-layers)");
    cmd->add_option("--class,-c", args->cls, "The class explained, by index or label (default: each image's top-1)");
    cmd->add_flag("--plus-plus", args->plusPlus, "Grad-CAM++'s channel weights instead of Grad-CAM's");
    cmd->add_option("--alpha", args->alpha, "How strongly the heat map covers the image")->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--device", args->device, "cpu, cuda, cuda:N or auto");
    cmd->add_option("--out,-o", args->out, "Folder for the overlays (made when missing)");
    cmd->add_flag("--list-layers", args->listLayers, "List the layers a map can be made at, and stop");
    cmd->add_flag("--json", args->json, "Print what was written as JSON");
    cmd->add_option("FILES_OR_DIRS", args->inputs, "Images, or folders of images");
    cmd->callback([args, &ctx] {
        const Explainer explainer(ModelRef::parse(args->model), args->device);
        if (args->listLayers) {
            printLayers(explainer);
            return;
        }
        if (args->out.empty()) throw Error("explain", "--out FOLDER is needed: where the overlays are written");
        if (args->inputs.empty()) throw Error("explain", "no images given");
        std::vector<std::string> missing;
        const std::vector<std::string> files = collectImageFiles(args->inputs, &missing);
        for (const auto& m : missing) std::cerr << "error: " << m << ": no such file or folder\n";
        if (files.empty()) throw Error("explain", "no image files found in the given paths");
        std::filesystem::create_directories(args->out);

        ExplainOptions options;
        options.layer = args->layer;
        options.classIndex = classIndexOf(args->cls, explainer.labels());
        options.plusPlus = args->plusPlus;
        explainer.checkLayer(options.layer);  // a wrong layer is said once, not for every image
        int failed = static_cast<int>(missing.size());
        nlohmann::json results = nlohmann::json::array();
        for (const std::string& file : files) {
            try {
                const DecodedImage image = readImage(file);
                const PreparedImage prepared = prepareImage(image.rgb, explainer.recipe());
                const Explanation e = explainer.explain(prepared, options);
                const std::string stem = (std::filesystem::path(args->out) / std::filesystem::path(file).stem()).string();
                const std::string whole = stem + ".cam.png", crop = stem + ".cam-crop.png";
                writePng(whole, explanationOverImage(image.rgb, prepared.region, e, args->alpha));
                writePng(crop, explanationOverCrop(prepared.crop, e, args->alpha));
                if (args->json)
                    results.push_back({{"file", file},
                                       {"layer", e.layer},
                                       {"class", e.classIndex},
                                       {"label", e.label},
                                       {"probability", e.probability},
                                       {"map", {e.height, e.width}},
                                       {"overlay", whole},
                                       {"crop_overlay", crop}});
                else
                    std::cout << file << ": " << e.label << " (" << std::fixed << std::setprecision(1) << 100.0 * e.probability << " %) at "
                              << e.layer << " → " << whole << '\n';
            } catch (const Error& e) {
                ++failed;
                if (args->json) results.push_back({{"file", file}, {"error", e.what()}});
                else std::cerr << "error: " << e.what() << '\n';
            }
        }
        if (args->json)
            std::cout << nlohmann::json{{"model", args->model}, {"method", args->plusPlus ? "grad-cam++" : "grad-cam"}, {"results", results}}.dump(2)
                      << '\n';
        if (failed > 0) std::cerr << failed << " of " << files.size() + missing.size() << " inputs could not be explained\n";
        ctx.exitCode = failed > 0 ? 1 : 0;
    });
}

}  // namespace tl::cli
