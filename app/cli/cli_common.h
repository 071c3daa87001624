#pragma once
// What the subcommands share: Ctrl+C handling and reading a text file. main() and every command use it; it
// uses neither (so no command depends on main.cpp).

#include <string>

namespace tl::cli {

/// From now on Ctrl+C sets interrupted() instead of killing the process, so long work can stop cleanly
/// (a progress callback returns false, core throws tl::Cancelled and main exits with 130).
void catchInterrupts();
bool interrupted();

/// The whole file as text (UTF-8 paths); tl::Error naming it when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace tl::cli
