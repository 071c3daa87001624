// Subcommands about folder datasets: scan (the report a user reads before training) and augment-preview
// (augmented variants of one image written as PNGs, as Keras' save_to_dir preview).
#include "cli_common.h"
#include "commands.h"

#include "tl/augment.h"
#include "tl/catalog.h"
#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/image.h"
#include "tl/preprocess.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

namespace tl::cli {
namespace {

struct ScanArgs {
    std::string root;
    double validationFraction = 0.2;
    std::uint64_t seed = 42;
    double maxMegapixels = 100.0;
    bool noLeakage = false;
    bool json = false;
};

void printReport(const Dataset& ds) {
    std::cout << "Dataset: " << ds.root << '\n';
    if (ds.layout == Dataset::Layout::SplitFolders) {
        std::cout << "Layout: split folders (train/, validation/, test/)\n";
    } else {
        std::cout << "Layout: class folders; " << std::lround(ds.options.validationFraction * 100) << "% of each class held out for validation (seed "
                  << ds.options.seed << ")\n";
    }
    std::size_t width = 5;
    for (const auto& c : ds.classes) width = std::max(width, c.size());
    const auto train = ds.counts(Split::Train), val = ds.counts(Split::Validation), test = ds.counts(Split::Test);
    std::cout << '\n'
              << std::left << std::setw(static_cast<int>(width) + 2) << "class" << std::right << std::setw(8) << "train" << std::setw(12)
              << "validation" << std::setw(8) << "test" << '\n';
    for (std::size_t i = 0; i < ds.classes.size(); ++i)
        std::cout << std::left << std::setw(static_cast<int>(width) + 2) << ds.classes[i] << std::right << std::setw(8) << train[i] << std::setw(12)
                  << val[i] << std::setw(8) << test[i] << '\n';
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << "total" << std::right << std::setw(8) << ds.size(Split::Train)
              << std::setw(12) << ds.size(Split::Validation) << std::setw(8) << ds.size(Split::Test) << '\n';
    if (const double r = ds.imbalanceRatio(); r > 0)
        std::cout << "Imbalance (largest / smallest training class): " << std::fixed << std::setprecision(2) << r << '\n';
    if (!ds.skipped.empty()) {
        std::cout << "\nSkipped " << ds.skipped.size() << " file(s):\n";
        for (const auto& s : ds.skipped) std::cout << "  " << s.path << ": " << s.reason << '\n';
    }
    if (!ds.leakage.empty()) {
        std::cout << "\nThe same image in the training split and a held-out split:\n";
        for (const auto& l : ds.leakage) std::cout << "  " << l.trainPath << " = " << l.otherPath << " (" << splitName(l.otherSplit) << ")\n";
    }
    if (!ds.warnings.empty()) {
        std::cout << "\nWarnings:\n";
        for (const auto& w : ds.warnings) std::cout << "  " << w << '\n';
    }
}

struct PreviewArgs {
    std::string image;
    std::string config;
    std::string out;
    std::string model;
    int size = 224;
    int count = 9;
    std::uint64_t seed = 42;
};

}  // namespace

void addDatasetCommands(CLI::App& root, Context& ctx) {
    auto scan = std::make_shared<ScanArgs>();
    auto* cmd = root.add_subcommand("scan", "Report on a folder dataset: classes, counts per split, skipped files, leakage, imbalance");
    cmd->add_option("DATASET", scan->root, "ROOT/<class>/* or ROOT/train/<class>/* (+ validation/, test/)")->required();
    cmd->add_option("--val-fraction", scan->validationFraction, "Share of each class held out when there is no validation folder")
        ->check(CLI::Range(0.0, 0.95));
    cmd->add_option("--seed", scan->seed, "Seed of that split");
    cmd->add_option("--max-megapixels", scan->maxMegapixels, "Skip images larger than this")->check(CLI::PositiveNumber);
    cmd->add_flag("--no-leakage", scan->noLeakage, "Do not read every file to look for the same image in two splits");
    cmd->add_flag("--json", scan->json, "Print the report as JSON");
    cmd->callback([scan, &ctx] {
        ScanOptions options;
        options.validationFraction = scan->validationFraction;
        options.seed = scan->seed;
        options.maxPixels = static_cast<std::int64_t>(scan->maxMegapixels * 1e6);
        options.detectLeakage = !scan->noLeakage;
        catchInterrupts();
        const bool tty = ::isatty(STDERR_FILENO);
        const Dataset ds = scanDataset(scan->root, options, [tty](const ScanProgress& p) {
            if (tty) std::cerr << "\rscanning: " << p.done << " / " << p.total << " files\033[K" << std::flush;
            return !interrupted();
        });
        if (tty) std::cerr << "\r\033[K" << std::flush;
        if (scan->json) std::cout << ds.reportJson() << '\n';
        else printReport(ds);
        ctx.exitCode = 0;
    });

    auto preview = std::make_shared<PreviewArgs>();
    auto* aug = root.add_subcommand("augment-preview", "Write augmented variants of one image (PNG) to see what an augmentation config does");
    aug->add_option("IMAGE", preview->image, "The image")->required()->check(CLI::ExistingFile);
    aug->add_option("--config,-c", preview->config, "Augmentation config (JSON with Keras' ImageDataGenerator names)")
        ->required()
        ->check(CLI::ExistingFile);
    aug->add_option("--out,-o", preview->out, "Folder for the PNGs (created)")->required();
    aug->add_option("--model,-m", preview->model, "Use this catalog model's input size and preprocessing");
    aug->add_option("--size", preview->size, "Network input size when no model is given")->check(CLI::Range(16, 2048));
    aug->add_option("--count,-n", preview->count, "How many variants")->check(CLI::Range(1, 1000));
    aug->add_option("--seed", preview->seed, "Seed of the variants");
    aug->callback([preview, &ctx] {
        const AugmentConfig config = parseAugmentConfig(readTextFile(preview->config), preview->config);
        const Preprocessing recipe = preview->model.empty() ? recipeAtSize(recipeFor("torchvision", 224, 256), preview->size)
                                                            : Catalog::builtin().get(preview->model).preprocessing;
        const DecodedImage image = readImage(preview->image);
        const std::filesystem::path dir(preview->out);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw Error(preview->out, "cannot create the folder: " + ec.message());
        const std::string stem = std::filesystem::path(preview->image).stem().string();
        writePng((dir / (stem + "_crop.png")).string(), cropForNetwork(image.rgb, recipe));
        const auto variants = augmentPreview(image.rgb, config, recipe, preview->count, preview->seed);
        for (std::size_t i = 0; i < variants.size(); ++i) {
            std::ostringstream name;
            name << stem << "_aug_" << std::setw(3) << std::setfill('0') << i << ".png";
            writePng((dir / name.str()).string(), variants[i]);
        }
        std::cout << "wrote " << variants.size() << " augmented variant(s) of " << preview->image << " (" << recipe.inputSize << "×"
                  << recipe.inputSize << ") and the unaugmented crop to " << preview->out << '\n';
        ctx.exitCode = 0;
    });
}

}  // namespace tl::cli
