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
    /// Creates `dir` (and its parents). Throws tl::Error naming it when that fails.
    explicit RunFiles(const std::string& dir);
    ~RunFiles();
    RunFiles(const RunFiles&) = delete;
    RunFiles& operator=(const RunFiles&) = delete;

    const std::string& dir() const { return dir_; }
    std::string path(const std::string& name) const;
    void writeJson(const std::string& name, const std::string& text) const;
    void event(const nlohmann::json& e);
    void epochRow(const EpochEnd& e);
    /// The recipe as JSON (the keys of the catalog's entries).
    static std::string preprocessingJson(const Preprocessing& p);

private:
    std::string dir_;
    std::FILE* events_ = nullptr;
    std::FILE* metrics_ = nullptr;
};

nlohmann::json epochEventJson(const EpochEnd& e);

}  // namespace tl::train
