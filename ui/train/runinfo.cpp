#include "train/runinfo.h"

#include "tl/dataset.h"
#include "tl/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tl::ui {
namespace {

/// A small JSON file's text; nullopt when it cannot be read or is larger than 16 MiB.
std::optional<std::string> readSmallFile(const QString& path, QString* problem) {
    QFile file(path);
    if (file.size() > (qint64{16} << 20)) {
        *problem = QStringLiteral("%1: larger than 16 MiB").arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

}  // namespace

RunInfo readRunInfo(const QString& dir) {
    RunInfo info;
    info.dir = dir;
    info.name = QFileInfo(dir).fileName();
    const QDir folder(dir);
    try {
        info.record = readRun(dir.toStdString());
        if (!info.record->name.empty()) info.name = QString::fromStdString(info.record->name);
    } catch (const std::exception& e) {
        info.problem = QString::fromUtf8(e.what());
    }
    const QString configPath = folder.filePath(QStringLiteral("config.json"));
    if (const auto text = readSmallFile(configPath, &info.configProblem)) {
        try {
            info.config = parseTrainConfig(*text, configPath.toStdString());
        } catch (const std::exception& e) {
            info.configProblem = QString::fromUtf8(e.what());
        }
    }
    QString ignored;
    const QString classesPath = folder.filePath(QStringLiteral("classes.json"));
    if (const auto text = readSmallFile(classesPath, &ignored)) {
        try {
            for (const std::string& c : parseClassMap(*text, classesPath.toStdString())) info.classes << QString::fromStdString(c);
        } catch (const std::exception&) {
            // shown as no classes
        }
    }
    const QFileInfo config(configPath);
    info.started = config.birthTime().isValid() ? config.birthTime() : config.lastModified();
    if (info.record) {
        for (const EpochEnd& e : info.record->epochs) {
            info.seconds += e.seconds;
            if (e.validation.images > 0 && (info.bestEpoch == 0 || e.validation.accuracy > info.bestAccuracy)) {
                info.bestEpoch = e.epoch;
                info.bestAccuracy = e.validation.accuracy;
            }
        }
        if (info.record->ended && info.record->end.bestEpoch > 0) {  // the run's own word, when it has ended
            info.bestEpoch = info.record->end.bestEpoch;
            info.bestAccuracy = info.record->end.bestValidationAccuracy;
        }
        if (info.record->ended && !info.record->end.modelPath.empty() && QFileInfo::exists(QString::fromStdString(info.record->end.modelPath)))
            info.modelFile = QString::fromStdString(info.record->end.modelPath);
    }
    if (info.modelFile.isEmpty() && folder.exists(QStringLiteral("model.safetensors")))
        info.modelFile = folder.filePath(QStringLiteral("model.safetensors"));
    info.checkpoint = folder.exists(QStringLiteral("checkpoint.safetensors"));
    return info;
}

}  // namespace tl::ui
