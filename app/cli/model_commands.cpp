// Subcommands about the model zoo: models, fetch, import, summary.
#include "cli_common.h"
#include "commands.h"

#include "tl/catalog.h"
#include "tl/checkpoint_info.h"
#include "tl/error.h"
#include "tl/freeze.h"
#include "tl/import.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/weight_store.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

namespace tl::cli {
namespace {

WeightStoreOptions storeOptions(const std::string& mirror) {
    WeightStoreOptions options;
    options.mirrorBaseUrl = mirror;
    return options;
}

std::string mib(std::int64_t bytes) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
    return out.str();
}

/// Progress on stderr: a rewritten line on a terminal, a line every 10% otherwise.
DownloadProgressFn progressPrinter(const std::string& what) {
    const bool tty = ::isatty(STDERR_FILENO);
    auto lastDecile = std::make_shared<int>(-1);
    return [tty, what, lastDecile](const DownloadProgress& p) {
        std::ostringstream line;
        line << what << ": " << mib(p.received);
        if (p.total > 0) line << " / " << mib(p.total) << " (" << (100 * p.received / p.total) << "%)";
        line << "  " << mib(static_cast<std::int64_t>(p.bytesPerSecond)) << "/s";
        if (p.etaSeconds >= 0) line << "  ETA " << static_cast<int>(p.etaSeconds + 0.5) << " s";
        if (p.resumed) line << "  (resumed)";
        if (tty) {
            std::cerr << '\r' << line.str() << "\033[K" << std::flush;
        } else if (p.total > 0) {
            const int decile = static_cast<int>(10 * p.received / p.total);
            if (decile != *lastDecile) {
                *lastDecile = decile;
                std::cerr << line.str() << '\n';
            }
        }
        return !interrupted();
    };
}

void addModels(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("models", "List the model catalog and whether each model's weights are here");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "Print as JSON");
    cmd->callback([json, &ctx] {
        const WeightStore store;
        nlohmann::json list = nlohmann::json::array();
        std::ostringstream table;
        table << std::left << std::setw(20) << "id" << std::setw(20) << "name" << std::right << std::setw(10) << "params" << std::setw(9) << "GFLOPs"
              << std::setw(8) << "top-1" << std::setw(8) << "top-5"
              << "  weights\n";
        for (const auto& spec : Catalog::builtin().models()) {
            const auto path = store.find(weightSourceOf(spec));
            const WeightsState state = store.state(weightSourceOf(spec));
            const bool unverified = state == WeightsState::Unverified;
            list.push_back({{"id", spec.id},
                            {"name", spec.name},
                            {"family", spec.family},
                            {"params", spec.params},
                            {"gflops", spec.gflops},
                            {"top1", spec.top1},
                            {"top5", spec.top5},
                            {"input_size", spec.preprocessing.inputSize},
                            {"weights_file", spec.weights.fileName},
                            {"weights_path", path ? nlohmann::json(*path) : nlohmann::json(nullptr)},
                            {"weights_state", state == WeightsState::Absent ? "absent"
                                              : unverified                  ? "unverified"
                                                                            : "verified"}});
            std::ostringstream params;
            params << std::fixed << std::setprecision(1) << static_cast<double>(spec.params) / 1e6 << "M";
            table << std::left << std::setw(20) << spec.id << std::setw(20) << spec.name << std::right << std::setw(10) << params.str()
                  << std::setw(9) << std::fixed << std::setprecision(2) << spec.gflops << std::setw(8) << std::setprecision(1) << spec.top1
                  << std::setw(8) << spec.top5 << "  " << (path ? *path : std::string("not downloaded"))
                  << (unverified ? "  (unverified weights)" : "") << '\n';
        }
        std::cout << (*json ? list.dump(2) + "\n" : table.str());
        ctx.exitCode = 0;
    });
}

void addFetch(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("fetch", "Download a catalog model's pretrained weights (resumable; Ctrl+C keeps the part)");
    auto model = std::make_shared<std::string>();
    auto mirror = std::make_shared<std::string>();
    cmd->add_option("MODEL", *model, "Catalog id, e.g. resnet50")->required();
    cmd->add_option("--mirror", *mirror, "Base URL to fetch from instead of the catalog's (also TL_WEIGHTS_MIRROR)");
    cmd->callback([model, mirror, &ctx] {
        const ModelSpec& spec = Catalog::builtin().get(*model);
        WeightStore store(storeOptions(*mirror));
        // Only unverified weights here: the published ones are downloaded (and replace them).
        if (const auto found = store.find(weightSourceOf(spec)); found && store.state(weightSourceOf(spec)) == WeightsState::Verified) {
            std::cout << *found << '\n';
            ctx.exitCode = 0;
            return;
        }
        catchInterrupts();
        std::cerr << "Downloading " << store.urlFor(weightSourceOf(spec)) << '\n';
        const std::string path = store.download(weightSourceOf(spec), progressPrinter(spec.weights.fileName));
        std::cerr << '\n';
        std::cout << path << '\n';
        ctx.exitCode = 0;
    });
}

void addImport(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("import",
                                    "Check a weights file and copy it into the weight store (for offline machines); "
                                    "turn a Keras .h5 file, a TF-slim checkpoint or a state dict with another classifier (--classes) "
                                    "into a model file; --unverified takes a file whose SHA-256 is not the published one");
    auto file = std::make_shared<std::string>();
    auto model = std::make_shared<std::string>();
    auto arch = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto unverified = std::make_shared<bool>(false);
    auto classNames = std::make_shared<std::vector<std::string>>();
    auto numClasses = std::make_shared<int>(0);
    cmd->add_option("FILE", *file,
                    "A torch.save checkpoint (.pth/.pt), a .safetensors file, a Keras .h5 file, or a TF-slim "
                    "checkpoint (its prefix, .index or .data file)")
        ->required();
    cmd->add_option("--model", *model, "Catalog id the file holds weights for (default: recognised by file name)");
    cmd->add_option("--arch", *arch, "Architecture of a Keras or TF-slim file (default: recognised from its layer names)");
    cmd->add_option("--output,-o", *output,
                    "The model file to write for a Keras or TF-slim file that is no catalog model's "
                    "weights, or with --classes (default: its name with .safetensors, in the current folder)");
    cmd->add_flag("--unverified", *unverified,
                  "Import a file whose SHA-256 differs from the published one (a colleague's fine-tune, an older release) "
                  "as unverified weights: kept apart, marked as such, still checked against the architecture");
    auto* classesOption = cmd->add_option("--classes", *classNames,
                                          "A state dict whose classifier has its own number of outputs N becomes a model file with these N "
                                          "class names, comma-separated, in output order (needs --model)")
                              ->delimiter(',');
    cmd->add_option("--num-classes", *numClasses, "As --classes, with the names \"class 0\" ... \"class N-1\"")
        ->check(CLI::PositiveNumber)
        ->excludes(classesOption);
    cmd->callback([file, model, arch, output, unverified, classNames, numClasses, &ctx] {
        const std::string name = std::filesystem::path(*file).filename().string();
        if (isForeignWeights(*file)) {
            const ForeignWeights f = inspectForeignWeights(*file, *arch);
            std::cout << *file << ": " << f.message << '\n';
            const ModelSpec* spec = model->empty() ? nullptr : &Catalog::builtin().get(*model);
            if (!spec)
                for (const auto& m : Catalog::builtin().models())
                    if (m.weights.fileName == name && m.arch == f.arch) spec = &m;
            if (spec) {
                if (spec->arch != f.arch) throw Error(*file, "holds " + f.arch + " weights; catalog model " + spec->id + " is " + spec->arch);
                const std::string path = WeightStore().importFile(*file, weightSourceOf(*spec), progressPrinter("importing"),
                                                                  *unverified ? Trust::Unverified : Trust::Verified);
                std::cout << "imported as " << path << " (the weights of catalog model " << spec->id << (*unverified ? ", unverified" : "") << ")\n";
            } else {
                const std::string out = output->empty() ? std::filesystem::path(name).replace_extension(".safetensors").string() : *output;
                const ModelFileInfo info = importAsModelFile(*file, out, *arch);
                std::cout << "wrote model file " << out << ": " << info.arch << ", " << info.classes.size() << " classes, " << info.preprocessing.mode
                          << " preprocessing at " << info.preprocessing.inputSize << " px\n";
            }
            ctx.exitCode = 0;
            return;
        }
        if (!classNames->empty() || *numClasses > 0) {  // another head: a model file with the user's class names
            if (model->empty()) throw Error(*file, "--classes and --num-classes need --model ID: the architecture of the file");
            const ModelSpec& spec = Catalog::builtin().get(*model);
            std::vector<std::string> names = *classNames;
            for (int i = 0; i < *numClasses; ++i) names.push_back("class " + std::to_string(i));
            const std::string out = output->empty() ? std::filesystem::path(name).replace_extension(".safetensors").string() : *output;
            const ModelFileInfo info = importStateDictAsModelFile(spec, *file, names, out);
            std::cout << "wrote model file " << out << ": " << info.arch << " (from " << spec.id << "), " << info.classes.size() << " classes\n";
            ctx.exitCode = 0;
            return;
        }
        const CheckpointInfo info = inspectCheckpoint(*file);
        std::cout << *file << ": " << info.format << ", " << info.tensors.size() << " tensors, " << info.totalElements << " values\n";
        const ModelSpec* spec = model->empty() ? nullptr : &Catalog::builtin().get(*model);
        if (!spec) {
            for (const auto& m : Catalog::builtin().models())
                if (m.weights.fileName == name) spec = &m;
        }
        // An import either works or fails: weights the catalog cannot name would sit in the store where no model
        // finds them.
        if (!spec)
            throw Error(*file, "not a catalog model's weights by its file name (torchvision's, such as " +
                                   Catalog::builtin().get("resnet18").weights.fileName + "): say which model with --model ID; nothing was imported");
        if (const int outputs = stateDictClasses(*spec, *file); outputs > 0 && outputs != spec->numClasses)
            throw Error(*file, "its classifier has " + std::to_string(outputs) + " outputs, not the " + std::to_string(spec->numClasses) + " of " +
                                   spec->name + ": make it a model file with --classes NAME,NAME,... (" + std::to_string(outputs) +
                                   " names) or --num-classes " + std::to_string(outputs) + "; nothing was imported");
        const Model loaded = Model::fromCatalog(*spec, *file);  // throws, naming every key that does not fit
        std::cout << "fits " << spec->name << ": " << loaded.weightsLoad().message << '\n';
        WeightStore store;
        std::string path;
        try {
            path = store.importFile(*file, weightSourceOf(*spec), progressPrinter("importing"), *unverified ? Trust::Unverified : Trust::Verified);
        } catch (const ChecksumMismatch& e) {
            throw Error(e.what() + std::string(". To use the file anyway (a fine-tune, another release), import it with --unverified: it is then "
                                               "kept apart and marked as unverified weights"));
        }
        std::cout << "imported as " << path << (*unverified ? " (unverified weights)" : "") << '\n';
        ctx.exitCode = 0;
    });
}

void addSummary(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("summary", "Print a model's layers with output shapes and parameter counts (Keras-style)");
    auto model = std::make_shared<std::string>();
    auto classes = std::make_shared<int>(0);
    auto size = std::make_shared<int>(0);
    auto mlp = std::make_shared<int>(0);
    auto freezeFirst = std::make_shared<int>(0);
    auto leaves = std::make_shared<bool>(false);
    auto json = std::make_shared<bool>(false);
    cmd->add_option("MODEL", *model, "Catalog id (e.g. vgg16), a model file, or a Keras .h5 file / TF-slim checkpoint")->required();
    cmd->add_option("--classes", *classes, "Replace the head for this many classes")->check(CLI::PositiveNumber);
    cmd->add_option("--input-size", *size, "Square input size (default: the model's)")->check(CLI::Range(32, 2048));
    cmd->add_option("--mlp-head", *mlp, "Replace the head by Dense(HIDDEN, ReLU) → Dropout(0.5) → Dense(classes), as the Keras tutorials do")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--freeze-first", *freezeFirst, "Freeze the first N layers, as Keras' model.layers[:N] (the input layer counts)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--leaves", *leaves, "List only layers without sub-layers, flat, as Keras does");
    cmd->add_flag("--json", *json, "Print as JSON");
    cmd->callback([=, &ctx] {
        const ModelSpec* spec = Catalog::builtin().find(*model);
        std::optional<Model> loaded;
        int inputSize = 0;
        if (spec) {
            loaded.emplace(Model::create(spec->arch, spec->numClasses));
            inputSize = spec->preprocessing.inputSize;
        } else if (std::filesystem::is_regular_file(*model) && isModelFile(*model)) {
            ModelFileInfo info;
            loaded.emplace(loadModelFile(*model, &info));
            inputSize = info.preprocessing.inputSize;
        } else if (isForeignWeights(*model)) {
            ForeignWeights f;
            loaded.emplace(loadForeignWeights(*model, "", 0, &f));
            const ModelSpec* base = f.catalogId.empty() ? nullptr : Catalog::builtin().find(f.catalogId);
            inputSize = base ? base->preprocessing.inputSize : 224;
        } else {
            Catalog::builtin().get(*model);  // throws, listing the catalog's ids
        }
        Model& net = *loaded;
        if (*classes > 0) net.replaceHead(*classes);
        if (*mlp > 0) net.setMlpHead(*mlp, 0.5);
        if (*freezeFirst > 0) {
            FreezePlan plan;
            plan.preset = "first_n";
            plan.firstN = *freezeFirst;
            applyFreezePlan(net, plan);
        }
        const ModelSummary s = net.summary(*size > 0 ? *size : inputSize);
        if (*json) {
            nlohmann::json layers = nlohmann::json::array();
            for (const auto& l : s.layers)
                layers.push_back({{"path", l.path},
                                  {"type", l.type},
                                  {"output_shape", l.outputShape},
                                  {"params", l.params},
                                  {"trainable_params", l.trainableParams},
                                  {"leaf", l.leaf}});
            std::cout << nlohmann::json{{"model", *model},  {"arch", s.arch},           {"input_shape", s.inputShape},     {"layers", layers},
                                        {"total", s.total}, {"trainable", s.trainable}, {"non_trainable", s.nonTrainable}, {"macs", s.macs}}
                             .dump(2)
                      << '\n';
        } else {
            std::cout << formatSummary(s, *leaves) << "Multiply-adds: " << std::fixed << std::setprecision(1) << static_cast<double>(s.macs) / 1e6
                      << " M\n";
        }
        ctx.exitCode = 0;
    });
}

}  // namespace

void addModelCommands(CLI::App& root, Context& ctx) {
    addModels(root, ctx);
    addFetch(root, ctx);
    addImport(root, ctx);
    addSummary(root, ctx);
}

}  // namespace tl::cli
