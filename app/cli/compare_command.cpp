// compare: several models on the same labelled dataset (one table: accuracy, top-5, latency, throughput,
// parameters, GFLOPs, weights size, peak memory, Pareto front) or on the same images (top-k side by side,
// whether the models agree).
#include "cli_common.h"
#include "commands.h"

#include "tl/compare.h"
#include "tl/error.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace tl::cli {

namespace {

struct CompareArgs {
    std::vector<std::string> models;
    std::string dataset;
    std::vector<std::string> inputs;
    std::string split = "validation";
    std::string device = "cpu";
    int batch = 8;
    int latencyImages = 8;
    bool json = false;
    bool csv = false;
};

std::string fixed(double v, int decimals) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

void printTable(const ModelComparison& c) {
    std::cout << c.images << " images (" << c.split << " split of " << c.dataset << ") on " << c.device << "\n\n";
    std::cout << std::left << std::setw(28) << "model" << std::right << std::setw(9) << "accuracy" << std::setw(8) << "top-5" << std::setw(10)
              << "ms/image" << std::setw(10) << "images/s" << std::setw(10) << "params M" << std::setw(8) << "GFLOPs" << std::setw(11) << "weights MB"
              << std::setw(9) << "peak MB"
              << "  pareto\n";
    for (const auto& m : c.models) {
        std::cout << std::left << std::setw(28) << m.name.substr(0, 27) << std::right;
        if (!m.error.empty()) {
            std::cout << "  error: " << m.error << '\n';
            continue;
        }
        std::cout << std::setw(9) << fixed(m.evaluation.accuracy, 3) << std::setw(8) << fixed(m.evaluation.top5, 3) << std::setw(10)
                  << fixed(m.latencyMs, 1) << std::setw(10) << fixed(m.imagesPerSecond, 1) << std::setw(10) << fixed(m.params / 1e6, 2)
                  << std::setw(8) << fixed(m.gflops, 2) << std::setw(11) << fixed(m.weightsBytes / 1048576.0, 1) << std::setw(9)
                  << fixed(m.peakMemoryBytes / 1048576.0, 0) << (m.pareto ? "  *" : "") << '\n';
    }
    std::cout << "\n* on the accuracy-vs-latency Pareto front (no other model is both as accurate and as fast)\n";
}

void printFiles(const FileComparison& c, bool csv) {
    if (csv) {
        std::cout << "file,model,rank,label,probability,agree\n";
        for (std::size_t f = 0; f < c.files.size(); ++f)
            for (std::size_t m = 0; m < c.models.size(); ++m) {
                const auto& top = c.results[m][f].top;
                for (std::size_t k = 0; k < top.size(); ++k)
                    std::cout << '"' << c.files[f] << "\",\"" << c.models[m].name << "\"," << k + 1 << ",\"" << top[k].label << "\","
                              << top[k].probability << ',' << (c.agreement[f] ? "yes" : "no") << '\n';
            }
        return;
    }
    std::size_t agreeing = 0;
    for (std::size_t f = 0; f < c.files.size(); ++f) {
        agreeing += c.agreement[f];
        std::cout << c.files[f] << (c.agreement[f] ? "  (the models agree)" : "  (the models DISAGREE)") << '\n';
        for (std::size_t m = 0; m < c.models.size(); ++m) {
            const ImageResult& r = c.results[m][f];
            std::cout << "  " << std::left << std::setw(28) << c.models[m].name.substr(0, 27) << std::right;
            if (!r.error.empty()) {
                std::cout << "error: " << r.error << '\n';
                continue;
            }
            for (std::size_t k = 0; k < r.top.size(); ++k)
                std::cout << (k ? ", " : "") << r.top[k].label << ' ' << fixed(100.0 * r.top[k].probability, 1) << '%';
            std::cout << '\n';
        }
    }
    std::cout << '\n' << agreeing << " of " << c.files.size() << " images: all models agree on the top class\n";
    for (const auto& m : c.models)
        if (m.error.empty()) std::cout << m.name << ": " << fixed(m.latencyMs, 1) << " ms/image, " << fixed(m.imagesPerSecond, 1) << " images/s\n";
}

}  // namespace

void addCompareCommand(CLI::App& root, Context& ctx) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd =
        root.add_subcommand("compare", "Compare models on the same labelled dataset (accuracy, latency, size: one table) or on the same images");
    cmd->add_option("--models,-m", args->models, "Catalog ids and/or fine-tuned model files, comma-separated")
        ->required()
        ->delimiter(',')
        ->allow_extra_args(false);
    auto* dataset = cmd->add_option("--dataset,-d", args->dataset, "A labelled folder dataset whose class names are the models' labels");
    cmd->add_option("--split", args->split, "Dataset split: validation (all when there is none), all, train or test")
        ->check(CLI::IsMember({"all", "train", "validation", "test"}));
    cmd->add_option("--device", args->device, "cpu, cuda, cuda:N or auto");
    cmd->add_option("--batch", args->batch, "Images per forward pass for the evaluation")->check(CLI::Range(1, 1024));
    cmd->add_option("--latency-images", args->latencyImages, "Images classified one at a time to measure the latency")->check(CLI::Range(1, 10000));
    auto* json = cmd->add_flag("--json", args->json, "Print the comparison as JSON");
    cmd->add_flag("--csv", args->csv, "Print the comparison as CSV")->excludes(json);
    auto* files = cmd->add_option("FILES", args->inputs, "Images or folders to classify with every model (instead of --dataset)");
    files->excludes(dataset);
    cmd->callback([args, &ctx] {
        if (args->models.size() < 2) throw Error("compare", "name at least two models (--models a,b)");
        if (args->dataset.empty() && args->inputs.empty()) throw Error("compare", "give --dataset DIR or image files");
        CompareOptions options;
        options.device = args->device;
        options.batchSize = args->batch;
        options.latencyImages = args->latencyImages;
        options.split = args->split;
        catchInterrupts();
        const bool tty = ::isatty(STDERR_FILENO);
        const std::size_t count = args->models.size();
        const auto progress = [tty, count](std::size_t model, std::size_t done, std::size_t total) {
            if (tty) std::cerr << "\rmodel " << model + 1 << " of " << count << ": " << done << " / " << total << "\033[K" << std::flush;
            return !interrupted();
        };
        bool failed = false;
        if (!args->dataset.empty()) {
            const ModelComparison c = compareOnDataset(args->models, args->dataset, options, progress);
            if (tty) std::cerr << "\r\033[K";
            if (args->json) std::cout << comparisonJson(c) << '\n';
            else if (args->csv) std::cout << comparisonCsv(c);
            else printTable(c);
            for (const auto& m : c.models) failed = failed || !m.error.empty();
        } else {
            std::vector<std::string> missing;
            const std::vector<std::string> images = collectImageFiles(args->inputs, &missing);
            for (const auto& m : missing) std::cerr << "error: " << m << ": no such file or folder\n";
            const FileComparison c = compareOnFiles(args->models, images, options, progress);
            if (tty) std::cerr << "\r\033[K";
            if (args->json) std::cout << fileComparisonJson(c) << '\n';
            else printFiles(c, args->csv);
            for (const auto& m : c.models) failed = failed || !m.error.empty();
            failed = failed || !missing.empty();
        }
        ctx.exitCode = failed ? 1 : 0;
    });
}

}  // namespace tl::cli
