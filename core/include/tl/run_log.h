#pragma once
// A run directory read back: what its events.jsonl says happened (docs/run-directory.md gives the schema,
// which core/src/train/run_log.cpp both writes and reads). The Train area's runs list and run viewer and the
// resume path read runs only through here. A run folder may come from another machine: every event is
// checked (numbers in range, strings bounded); a line that is not a well-formed event is skipped and counted,
// never trusted, and never stops the rest from being read.

#include "tl/trainer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

struct RunRecord {
    std::string dir;
    std::string name;   ///< from config.json (TrainConfig::name); empty when the run has none or it cannot be read
    std::string model;  ///< from config.json; empty when it cannot be read
    std::string dataset;
    std::vector<PhaseStart> phases;  ///< by phase number; a resumed phase's last record
    std::vector<BatchEnd> batches;   ///< in order; the last record of each (epoch, batch), as a resumed run repeats
                                     ///< the batches of the epoch it was cut in; `batches` = the most seen in that epoch
    std::vector<EpochEnd> epochs;    ///< in order; the last record of each epoch (validation: loss, accuracy, top-5, images)
    bool ended = false;              ///< a run_end event was read; `end` holds it
    RunResult end;
    int resumes = 0;       ///< run_resumed events
    int damagedLines = 0;  ///< lines that are not a well-formed event: skipped
};

/// The largest events.jsonl read (1 GiB: ~7 million batch events).
inline constexpr std::uint64_t kMaxRunLogBytes = std::uint64_t{1} << 30;

/// An event as one line of JSON (no newline), as events.jsonl holds it and `transfer-studio-cli train --json`
/// prints it: run_start, phase_start, batch, epoch, run_end.
std::string eventJson(const RunStart& start);
std::string eventJson(const PhaseStart& phase);
std::string eventJson(const BatchEnd& batch);
std::string eventJson(const EpochEnd& epoch);
std::string eventJson(const RunResult& end);

/// A duration as the CLI's progress line and the Train area print an ETA: "4m05s", "2h03m".
std::string formatDuration(double seconds);

/// Reads `dir`'s events.jsonl (and the model and dataset of its config.json). Throws tl::Error naming the file
/// when it is missing, unreadable or larger than kMaxRunLogBytes.
RunRecord readRun(const std::string& dir);

/// The validation images of the run in `dir`: its config.json's dataset scanned again with the run's split (its
/// validation fraction and seed), so the same images as the run held out; all of the dataset's images when it has
/// no validation split. Throws tl::Error naming the file or folder when the config or the dataset cannot be read.
std::vector<std::string> runValidationImages(const std::string& dir);

}  // namespace tl
