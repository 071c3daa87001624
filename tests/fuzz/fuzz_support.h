#pragma once
// What the fuzz harnesses share. Torch-free: a harness includes this and core's public headers only; the parts
// that need LibTorch (reading a weights file, a bundle or a run directory as the app does and touching every
// tensor it returns) are compiled once, in fuzz_support.cpp.
//
// The rule every harness follows: a tl::Error is a normal outcome for any input; any other exception is a
// finding, as is a crash, a hang or running out of memory. run() prints the exception's type and message and
// aborts, so that libFuzzer (or the replay test, tests/fuzz/replay_main.cpp) reports the input.

#include "tl/error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tl::fuzz {

/// Prints the exception being handled (its type, demangled, and what()) and aborts. Call inside a catch block.
[[noreturn]] void abortOnUnexpected(const char* harness);

/// Prints `what` as a broken invariant of `harness` and aborts.
[[noreturn]] void fail(const char* harness, const std::string& what);

/// Prints a refused input's message when TL_FUZZ_SAY is set (to see how far a seed gets).
void sayRefused(const char* harness, const tl::Error& e);

/// Runs `body`; returns false when it threw a tl::Error (a refused input), true when it returned.
template <class Body>
bool run(const char* harness, Body&& body) {
    try {
        body();
        return true;
    } catch (const tl::Error& e) {
        sayRefused(harness, e);
        return false;
    } catch (...) {
        abortOnUnexpected(harness);
    }
}

/// A folder of this process's own for the files a harness writes (under $TL_FUZZ_TMP, else /dev/shm, else
/// /tmp), made on first use and removed when the process exits normally.
const std::string& scratchDir();
/// Removes everything inside scratchDir().
void clearScratch();
/// Makes the folder scratchDir()/name (and its parents) and returns its path.
std::string makeScratchDir(const std::string& name);
/// Writes `bytes` to scratchDir()/name (replacing it) and returns the path.
std::string writeScratch(const std::string& name, std::string_view bytes);

/// Splits one fuzz input into up to `maxParts` files' contents: each part is a 4-byte little-endian length and
/// that many bytes (a length past the end takes what is left); bytes after the last part are ignored.
/// scripts/fuzz/pack.py writes inputs of this form.
std::vector<std::string_view> splitParts(const std::uint8_t* data, std::size_t size, std::size_t maxParts);

// ---- readers as the app calls them, every tensor they return touched (in fuzz_support.cpp) ----

/// weights::readCheckpoint (torch.save zip / legacy, safetensors) as the app loads weights, then
/// inspectCheckpoint as `transfer-studio-cli summary` does.
void readWeightsFile(const std::string& path);
/// A safetensors file (weights::looksLikeSafetensors, then weights::readSafetensors).
void readSafetensorsFile(const std::string& path);
/// A TF V2 checkpoint (weights::readTfBundle), then its variables as a TF-slim network (slimAsKerasFile), as
/// an import does.
void readTfBundleFiles(const std::string& prefix);
/// A run directory read back as a resume reads it: RunFiles (a torn events.jsonl line dropped), the
/// checkpoint's position, its weights and optimizer state (into a small network), metrics.csv restored.
void readRunDirectory(const std::string& dir);

}  // namespace tl::fuzz
