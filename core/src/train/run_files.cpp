#include "train/run_files.h"

#include "io/atomic_file.h"
#include "tl/error.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tl::train {

namespace {

std::FILE* openAppend(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    if (!f) throw Error(path, std::string("cannot open for writing: ") + std::strerror(errno));
    return f;
}

void syncLine(std::FILE* f, const std::string& line, bool toDisk, const std::string& path) {
    if (std::fwrite(line.data(), 1, line.size(), f) != line.size() || std::fflush(f) != 0)
        throw Error(path, std::string("cannot write: ") + std::strerror(errno));
    if (toDisk) ::fsync(fileno(f));
}

/// Truncates `path` after its last newline (a line half-written when the process was killed).
void dropTornLine(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size == 0) return;
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.back() == '\n') return;
    const auto last = text.rfind('\n');
    std::filesystem::resize_file(path, last == std::string::npos ? 0 : last + 1, ec);
}

}  // namespace

RunFiles::RunFiles(const std::string& dir, bool resume) : dir_(dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(dir, "cannot create the run directory: " + ec.message());
    // One process per run directory: a second trainer (a resume while the run still goes) is refused.
    lock_ = ::open(path(".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_ < 0 || ::flock(lock_, LOCK_EX | LOCK_NB) != 0) {
        if (lock_ >= 0) ::close(lock_);
        lock_ = -1;
        throw Error(dir, "is in use by another training process");
    }
    try {
        const bool holdsARun = std::filesystem::exists(path("checkpoint.safetensors")) || std::filesystem::exists(path("checkpoint.pt")) ||
                               std::filesystem::exists(path("metrics.csv"));
        if (!resume && holdsARun)
            throw Error(dir, "already holds a run: resume it (transfer-studio-cli train --resume " + dir + ") or choose an empty folder");
        if (resume) dropTornLine(path("events.jsonl"));
        events_ = openAppend(path("events.jsonl"));
        const bool fresh = !std::filesystem::exists(path("metrics.csv")) || std::filesystem::file_size(path("metrics.csv")) == 0;
        metrics_ = openAppend(path("metrics.csv"));
        if (fresh)
            syncLine(metrics_, "phase,epoch,train_loss,train_accuracy,val_loss,val_accuracy,val_top5,lr,seconds,images_per_s\n", true,
                     path("metrics.csv"));
    } catch (...) {
        close();
        throw;
    }
}

void RunFiles::close() {
    if (events_) std::fclose(events_);
    if (metrics_) std::fclose(metrics_);
    if (lock_ >= 0) ::close(lock_);  // last: the lock is held while anything is written
    events_ = metrics_ = nullptr;
    lock_ = -1;
}

RunFiles::~RunFiles() { close(); }

std::string RunFiles::path(const std::string& name) const { return (std::filesystem::path(dir_) / name).string(); }

void RunFiles::writeJson(const std::string& name, const std::string& text) const {
    io::AtomicFile file(path(name));
    file.write(text);
    file.write("\n");
    file.commit();
}

void RunFiles::event(const nlohmann::json& e) {
    const bool important = e.value("event", "") != "batch";
    syncLine(events_, e.dump() + "\n", important, path("events.jsonl"));
}

std::string RunFiles::formatRow(const EpochEnd& e) {
    char line[512];
    std::snprintf(line, sizeof line, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f,%.2f\n", e.phase, e.epoch, e.trainLoss, e.trainAccuracy,
                  e.validation.loss, e.validation.accuracy, e.validation.top5, e.lr, e.seconds, e.imagesPerSecond);
    return line;
}

std::string RunFiles::epochRow(const EpochEnd& e) {
    const std::string line = formatRow(e);
    syncLine(metrics_, line, true, path("metrics.csv"));
    return line;
}

void RunFiles::restoreMetrics(int epoch, const std::string& row) {
    std::ifstream in(path("metrics.csv"), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string kept;
    std::size_t begin = 0;
    for (std::size_t end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1) {  // complete lines only
        const std::string line = text.substr(begin, end - begin + 1);
        if (begin == 0) {
            kept += line;  // the header
            continue;
        }
        // "phase,epoch,...": a row whose epoch does not read as a number is dropped, as a torn one is.
        const auto comma = line.find(',');
        int rowEpoch = 0;
        if (comma == std::string::npos) continue;
        const char* first = line.data() + comma + 1;
        const auto [stop, ec] = std::from_chars(first, line.data() + line.size(), rowEpoch);
        if (ec == std::errc() && stop != first && (*stop == ',' || *stop == '\n') && rowEpoch < epoch) kept += line;
    }
    kept += row;
    std::fclose(metrics_);
    metrics_ = nullptr;
    io::AtomicFile file(path("metrics.csv"));
    file.write(kept);
    file.commit();
    metrics_ = openAppend(path("metrics.csv"));
}

}  // namespace tl::train
