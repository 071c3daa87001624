#include "cli_common.h"

#include "tl/image.h"

#include <atomic>
#include <csignal>

namespace {
std::atomic<bool> g_interrupted{false};
void onInterrupt(int) { g_interrupted = true; }
}  // namespace

void tl::cli::catchInterrupts() { std::signal(SIGINT, onInterrupt); }
bool tl::cli::interrupted() { return g_interrupted.load(); }

std::string tl::cli::readTextFile(const std::string& path) {
    const auto bytes = tl::readFileBytes(path);
    return std::string(bytes.begin(), bytes.end());
}
