#pragma once
// The models trained in the Train area, as Classify's model list and Compare's checklist offer them: each finished
// run of the runs folder that holds a model file, known by the run's name. The workspace reads them from the Train
// area's runs folder (remembered) at start and again whenever its runs change (a run ends, one is deleted).

#include "tl/model_ref.h"

#include <QString>

#include <vector>

namespace tl::ui {

struct TrainedModel {
    ModelRef ref;       ///< the model file, read once (its metadata)
    QString name;       ///< the run's name: ref.name() (the folder's name for a run that has none)
    QString modelFile;  ///< absolute path of the run's model.safetensors
};
using TrainedModels = std::vector<TrainedModel>;

/// The runs of `runsFolder` (its sub-folders) that hold a readable model file, newest first. Reads only each model
/// file's metadata; a folder without one, or with one that cannot be read, is left out. Never throws.
TrainedModels trainedModelsIn(const QString& runsFolder);

}  // namespace tl::ui
