#pragma once
// One earlier run read back for the runs list's details, its context menu and the curves overlay: what its
// events say (tl::readRun), its configuration (config.json), its classes (classes.json), when it began and how
// long it trained. Read on demand for the runs the user picks, not for the whole list.

#include "tl/run_log.h"
#include "tl/train_config.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace tl::ui {

struct RunInfo {
    QString dir;
    QString name;                     ///< the run's name (config.json), or the folder's name when it has none
    std::optional<RunRecord> record;  ///< empty when its events cannot be read (problem says why)
    QString problem;
    std::optional<TrainConfig> config;  ///< empty when config.json cannot be read (configProblem says why)
    QString configProblem;
    QStringList classes;   ///< from classes.json; empty when it cannot be read
    QDateTime started;     ///< when its config.json was written
    double seconds = 0.0;  ///< the time its epochs took, in all
    int bestEpoch = 0;     ///< 0: no validation accuracy known
    double bestAccuracy = 0.0;
    QString modelFile;        ///< its trained model file; empty when there is none (yet)
    bool checkpoint = false;  ///< it holds a checkpoint a resume continues from

    bool ended() const { return record && record->ended; }
    /// Its status as core writes it ("completed", "early_stopped", "stopped"); "" while it has no end.
    std::string status() const { return ended() ? record->end.status : std::string(); }
    /// A resume continues it: a checkpoint, and it did not end by itself (it was stopped, or cut short).
    bool resumable() const { return checkpoint && (!ended() || status() == "stopped"); }
};

/// Reads what `dir` holds; never throws (what cannot be read is left empty, with the reason).
RunInfo readRunInfo(const QString& dir);

}  // namespace tl::ui
