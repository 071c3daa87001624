#pragma once
// The engine's training events as Qt meta-types, so that they travel in queued signals (worker → GUI).
// Included by every header whose signals carry them, before moc's code needs them.

#include "tl/trainer.h"

#include <QMetaType>

Q_DECLARE_METATYPE(tl::RunStart)
Q_DECLARE_METATYPE(tl::PhaseStart)
Q_DECLARE_METATYPE(tl::EpochEnd)
Q_DECLARE_METATYPE(tl::RunResult)
