// transfer-studio-cli export: a model file for Python (torch.save state dict, Keras HDF5 weights) or for any
// runtime (ONNX, checked in OpenCV DNN before it is called done).
#include "cli_common.h"
#include "commands.h"

#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/model_file.h"
#include "tl/model_ref.h"
#include "tl/onnx_export.h"
#include "tl/run_log.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iomanip>
#include <iostream>

namespace tl::cli {

namespace {

namespace fs = std::filesystem;

struct ExportArgs {
    std::string model, out, format = "auto";
    std::vector<std::string> checkImages;
    bool fp16 = false, rawInput = false, json = false;
    double bound = -1.0;  ///< < 0: the default for the weights' precision
};

/// The images an ONNX export is checked on: those given, else the validation images of the run the model file
/// belongs to (its folder), else none.
std::vector<std::string> checkImagesFor(const ExportArgs& a, const ModelRef& model, std::string* source) {
    if (!a.checkImages.empty()) {
        *source = "the images given";
        return collectImageFiles(a.checkImages);
    }
    if (model.isFile()) {
        const fs::path runDir = fs::path(model.key()).parent_path();
        if (fs::exists(runDir / "config.json")) {
            *source = "the validation images of the run in " + runDir.string();
            return runValidationImages(runDir.string());
        }
    }
    *source = "no images (give --check-images)";
    return {};
}

int exportOnnxFile(const ExportArgs& a) {
    const ModelRef model = ModelRef::parse(a.model);
    std::string out = a.out;
    if (out.empty())
        out = model.isFile() ? (fs::path(a.model).parent_path() / (fs::path(a.model).stem().string() + ".onnx")).string() : a.model + ".onnx";
    std::string source;
    const std::vector<std::string> images = checkImagesFor(a, model, &source);
    OnnxExportOptions options;
    options.float16 = a.fp16;
    options.rawInput = a.rawInput;
    if (a.bound >= 0) (a.fp16 ? options.float16Bound : options.bound) = a.bound;
    std::string lastStage;
    const OnnxExport r = exportOnnx(model, out, options, images, [&](const std::string& stage, std::size_t done, std::size_t total) {
        if (!a.json && stage != lastStage)
            std::cerr << stage << (stage == "checking" ? " on " + std::to_string(total) + " images (" + source + ")" : "") << "…\n";
        lastStage = stage;
        return !interrupted();
    });
    const OnnxParity& p = r.parity;
    if (a.json) {
        std::cout << readTextFile(r.report);
    } else {
        std::cout << "wrote " << r.path << " (ONNX opset " << r.opset << ", input " << r.inputName << ", " << r.nodes << " nodes, "
                  << std::setprecision(3) << static_cast<double>(r.bytes) / 1e6 << " MB)\n";
        if (p.images > 0) {
            std::cout << "parity in " << p.runtime << " on " << p.images << " images: top-1 the same on " << p.agreeing << ", max |Δp| "
                      << std::setprecision(3) << p.maxAbsDiff << ", mean " << p.meanAbsDiff << " (bound " << p.bound
                      << "): " << (p.passed ? "passed" : "FAILED") << '\n';
            for (const auto& d : p.disagreeing)
                std::cout << "  " << d.file << ": app " << d.app << ", exported " << d.exported << ", max |Δp| " << d.maxAbsDiff << '\n';
            for (const auto& u : p.unreadable) std::cout << "  not read: " << u << '\n';
        } else {
            std::cout << "checked by ONNX's checker; no parity check: " << source << '\n';
        }
        std::cout << "report " << r.report << "\nhow to run it: " << r.sidecar << '\n';
    }
    return p.images > 0 && !p.passed ? 3 : 0;  // 3: written, but the parity check failed
}

}  // namespace

void addExportCommand(CLI::App& root, Context& ctx) {
    auto a = std::make_shared<ExportArgs>();
    auto* cmd = root.add_subcommand("export",
                                    "Write a model for another runtime: ONNX (checked in OpenCV DNN against the app), or for Python a torch.save "
                                    "state dict with torchvision's key names, or a Keras HDF5 weights file for a Keras architecture");
    cmd->add_option("MODEL", a->model, "A fine-tuned model file (model.safetensors of a run), or for ONNX also a catalog id")->required();
    cmd->add_option("--format,-f", a->format, "onnx, torch, keras, or auto (torch, or keras for a Keras architecture)")
        ->check(CLI::IsMember({"auto", "onnx", "torch", "keras"}));
    cmd->add_option("--out,-o", a->out, "Where to write it (default: beside MODEL with the format's extension)");
    cmd->add_flag("--fp16", a->fp16, "ONNX: store the weights as float16 (half the file, computed in float32)");
    cmd->add_flag("--raw-input", a->rawInput, "ONNX: take the uint8 RGB crop [N, H, W, 3]; the normalisation is inside the model");
    cmd->add_option("--check-images", a->checkImages,
                    "ONNX: images (files or folders) to check the export on (default: the run's validation images when MODEL is in a run folder)");
    cmd->add_option("--bound", a->bound, "ONNX: the largest |Δ probability| the check accepts (default 1e-4; 1e-2 with --fp16)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->callback([a, &ctx] {
        if (a->format == "onnx") {
            ctx.exitCode = exportOnnxFile(*a);
            return;
        }
        if (a->fp16 || a->rawInput || !a->checkImages.empty() || a->bound >= 0)
            throw Error("export", "--fp16, --raw-input, --check-images and --bound are ONNX options: add --format onnx");
        const ModelFileInfo info = readModelFileInfo(a->model);
        if (a->format != "auto" && a->format != exportFormatOf(info))
            throw Error(a->model, "a " + info.arch + " model is exported as " + exportFormatOf(info) + " for Python (or as onnx), not " + a->format);
        std::string out = a->out;
        if (out.empty()) out = (fs::path(a->model).parent_path() / (fs::path(a->model).stem().string() + exportExtensionOf(info))).string();
        const ModelExport result = exportModel(a->model, out);
        if (a->json)
            std::cout << nlohmann::json{{"model", a->model},
                                        {"path", result.path},
                                        {"format", result.format},
                                        {"tensors", result.tensors},
                                        {"python", result.pythonCode}}
                             .dump(2)
                      << '\n';
        else std::cout << "wrote " << result.path << " (" << result.tensors << " tensors)\n\nLoad it in Python:\n\n" << result.pythonCode;
        ctx.exitCode = 0;
    });
}

}  // namespace tl::cli
