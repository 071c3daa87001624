#pragma once
// The events of a run as events.jsonl holds them (docs/run-directory.md): built here for the trainer and read
// back by readRun (tl/run_log.h) from the same field names.

#include "tl/trainer.h"

#include <nlohmann/json.hpp>

namespace tl::train {

nlohmann::json runStartEvent(const RunStart& r);
nlohmann::json phaseStartEvent(const PhaseStart& p);
nlohmann::json batchEvent(const BatchEnd& b);
nlohmann::json epochEvent(const EpochEnd& e);
nlohmann::json runEndEvent(const RunResult& r);

}  // namespace tl::train
