#pragma once
// Each subcommand of transfer-studio-cli registers itself on the root CLI11 app through one of these.
// The callback it installs runs after parsing and returns the process exit code through `exitCode`.

#include <CLI/CLI.hpp>

#include <string>

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
/// compare
void addCompareCommand(CLI::App& root, Context& ctx);

/// From now on Ctrl+C sets interrupted() instead of killing the process, so long work can stop cleanly
/// (a progress callback returns false, core throws tl::Cancelled and main exits with 130).
void catchInterrupts();
bool interrupted();

/// The whole file as text (UTF-8 paths); tl::Error naming it when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace tl::cli
