#include "common/trainedmodels.h"

#include <QDir>
#include <QFileInfo>

#include <exception>

namespace tl::ui {

TrainedModels trainedModelsIn(const QString& runsFolder) {
    TrainedModels models;
    if (runsFolder.isEmpty()) return models;
    const QDir folder(runsFolder);
    for (const QFileInfo& dir : folder.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time)) {
        const QFileInfo file(dir.absoluteFilePath() + QStringLiteral("/model.safetensors"));
        if (!file.isFile()) continue;  // still training, stopped before its model was written, or not a run
        try {
            TrainedModel m;
            m.modelFile = file.absoluteFilePath();
            m.ref = ModelRef::file(m.modelFile.toStdString());
            m.name = QString::fromStdString(m.ref.name());
            models.push_back(std::move(m));
        } catch (const std::exception&) {
            // not a model file (damaged, or another program's): not offered
        }
    }
    return models;
}

}  // namespace tl::ui
