#pragma once
// Runs a helper executable of the app as a child process with chosen descriptors, a minimal environment and a
// wall-clock timeout, and says how it ended. For work that must not share the app's fate (libhdf5 reading a
// file from a stranger: weights/keras_h5.cpp). Qt-free and torch-free; safe to call from any thread.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace tl::io {

/// A descriptor closed when it goes out of scope (-1: none).
struct OwnedFd {
    int fd = -1;
    ~OwnedFd() { reset(); }
    void reset();
};

struct ChildResult {
    bool timedOut = false;  ///< killed by us when the wall-clock limit passed
    int exitCode = -1;      ///< when it exited by itself
    int signal = 0;         ///< the signal that ended it (SIGKILL after a timeout), 0 when it exited
    std::string out;        ///< standard output (at most 1 MiB kept)
    std::string errTail;    ///< the last 16 KiB of standard error
};

/// Starts `program` with `args`; `fds` maps descriptors of this process to numbers in the child (from 3 on).
/// Standard input is /dev/null, the environment holds only `env`. Waits until it ends or `timeout` passes.
/// Throws tl::Error naming the program when it cannot be started.
ChildResult runChild(const std::string& program, const std::vector<std::string>& args, const std::vector<std::pair<int, int>>& fds,
                     const std::vector<std::string>& env, std::chrono::milliseconds timeout);

/// "signal 11 (Segmentation fault)".
std::string signalText(int signal);

/// The directory of the running executable, "" when unknown.
std::string executableDir();

}  // namespace tl::io
