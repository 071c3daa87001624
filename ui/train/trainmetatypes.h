#pragma once
// The engine's training events as Qt meta-types, so that signals and QSignalSpy can carry them.
// Included by every header whose signals carry them, before moc's code needs them.

#include "tl/run_log.h"
#include "tl/trainer.h"

#include <QMetaType>

#include <vector>

Q_DECLARE_METATYPE(tl::RunStart)
Q_DECLARE_METATYPE(tl::PhaseStart)
Q_DECLARE_METATYPE(tl::BatchEnd)
Q_DECLARE_METATYPE(tl::EpochEnd)
Q_DECLARE_METATYPE(tl::RunResult)
Q_DECLARE_METATYPE(tl::RunRecord)
Q_DECLARE_METATYPE(std::vector<tl::BatchEnd>)
