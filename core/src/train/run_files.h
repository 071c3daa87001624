#pragma once
// The files of a run directory, written as the run goes: JSON documents atomically (config.json,
// classes.json, dataset.json), and two logs appended line by line — events.jsonl (every event) and
// metrics.csv (one row per epoch, flushed and synced to disk as each epoch ends).

#include "tl/catalog.h"
#include "tl/trainer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace tl::train {

class RunFiles {
public:
    /// Creates `dir` (and its parents). A new run refuses a folder that already holds one (tl::Error saying
    /// how to resume it); a resumed run drops a line torn by a crash from the end of events.jsonl.
    RunFiles(const std::string& dir, bool resume);
    ~RunFiles();
    RunFiles(const RunFiles&) = delete;
    RunFiles& operator=(const RunFiles&) = delete;

    const std::string& dir() const { return dir_; }
    std::string path(const std::string& name) const;
    void writeJson(const std::string& name, const std::string& text) const;
    void event(const nlohmann::json& e);
    static std::string formatRow(const EpochEnd& e);
    /// Appends the epoch's row (synced to disk) and returns it.
    std::string epochRow(const EpochEnd& e);
    /// Resuming: metrics.csv keeps its header and the rows of epochs before `epoch`, then `row` (the last
    /// complete epoch's, from the checkpoint): no torn, missing or duplicate rows whenever the crash came.
    void restoreMetrics(int epoch, const std::string& row);

private:
    void close();

    std::string dir_;
    std::FILE* events_ = nullptr;
    std::FILE* metrics_ = nullptr;
    int lock_ = -1;
};

}  // namespace tl::train
