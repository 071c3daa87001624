#pragma once
// Each subcommand of transfer-studio-cli registers itself on the root CLI11 app through one of these.
// The callback it installs runs after parsing and returns the process exit code through `exitCode`. main.cpp
// calls these; the commands are defined in their own files and share cli_common.h.

#include <CLI/CLI.hpp>

namespace tl::cli {

struct Context {
    int exitCode = 0;
};

void addInfoCommand(CLI::App& root, Context& ctx);
/// models, fetch, import, summary
void addModelCommands(CLI::App& root, Context& ctx);
/// classify
void addClassifyCommand(CLI::App& root, Context& ctx);
/// scan, augment-preview
void addDatasetCommands(CLI::App& root, Context& ctx);
/// train, evaluate
void addTrainCommand(CLI::App& root, Context& ctx);
/// export (ONNX, torch.save, Keras HDF5)
void addExportCommand(CLI::App& root, Context& ctx);
/// compare
void addCompareCommand(CLI::App& root, Context& ctx);
/// explain: Grad-CAM overlays of images (explain_command.cpp).
void addExplainCommand(CLI::App& root, Context& ctx);

}  // namespace tl::cli
