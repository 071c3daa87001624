#include "common/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace tl::ui::settings {
namespace {
QString folderKey(const QString& purpose) { return QStringLiteral("folders/") + purpose; }
}  // namespace

QString lastFolder(const QString& purpose) {
    const QString stored = QSettings().value(folderKey(purpose)).toString();
    if (!stored.isEmpty() && QFileInfo(stored).isDir()) return stored;
    return QDir::homePath();
}

void setLastFolder(const QString& purpose, const QString& path) {
    if (path.isEmpty()) return;
    const QFileInfo info(path);
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    QSettings().setValue(folderKey(purpose), folder);
}

QString language() { return QSettings().value(QStringLiteral("ui/language")).toString(); }
void setLanguage(const QString& code) { QSettings().setValue(QStringLiteral("ui/language"), code); }

QByteArray mainWindowGeometry() { return QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray(); }
QByteArray mainWindowState() { return QSettings().value(QStringLiteral("mainWindow/state")).toByteArray(); }
void setMainWindowGeometry(const QByteArray& geometry, const QByteArray& state) {
    QSettings s;
    s.setValue(QStringLiteral("mainWindow/geometry"), geometry);
    s.setValue(QStringLiteral("mainWindow/state"), state);
}

QString classifyModel() { return QSettings().value(QStringLiteral("classify/model")).toString(); }
void setClassifyModel(const QString& modelId) { QSettings().setValue(QStringLiteral("classify/model"), modelId); }

QString trainModel() { return QSettings().value(QStringLiteral("train/model")).toString(); }
void setTrainModel(const QString& modelId) { QSettings().setValue(QStringLiteral("train/model"), modelId); }

QString trainAugmentation() { return QSettings().value(QStringLiteral("train/augmentation")).toString(); }
bool trainAugmentationOn() { return QSettings().value(QStringLiteral("train/augmentationOn"), false).toBool(); }
void setTrainAugmentation(const QString& json, bool on) {
    QSettings s;
    s.setValue(QStringLiteral("train/augmentation"), json);
    s.setValue(QStringLiteral("train/augmentationOn"), on);
}

QVariantMap trainSettings() {
    QSettings s;
    s.beginGroup(QStringLiteral("train/settings"));
    QVariantMap values;
    for (const QString& key : s.childKeys()) values.insert(key, s.value(key));
    return values;
}
void setTrainSettings(const QVariantMap& values) {
    QSettings s;
    s.remove(QStringLiteral("train/settings"));
    s.beginGroup(QStringLiteral("train/settings"));
    for (auto it = values.begin(); it != values.end(); ++it) s.setValue(it.key(), it.value());
}

QString trainRunsFolder() { return QSettings().value(QStringLiteral("train/runsFolder")).toString(); }
void setTrainRunsFolder(const QString& folder) { QSettings().setValue(QStringLiteral("train/runsFolder"), folder); }
bool trainLossLogScale() { return QSettings().value(QStringLiteral("train/lossLogScale"), false).toBool(); }
void setTrainLossLogScale(bool on) { QSettings().setValue(QStringLiteral("train/lossLogScale"), on); }

QStringList compareModels() { return QSettings().value(QStringLiteral("compare/models")).toStringList(); }
void setCompareModels(const QStringList& refs) { QSettings().setValue(QStringLiteral("compare/models"), refs); }
QStringList compareModelFiles() { return QSettings().value(QStringLiteral("compare/modelFiles")).toStringList(); }
void setCompareModelFiles(const QStringList& paths) { QSettings().setValue(QStringLiteral("compare/modelFiles"), paths); }

QString device() { return QSettings().value(QStringLiteral("compute/device"), QStringLiteral("auto")).toString(); }
void setDevice(const QString& device) { QSettings().setValue(QStringLiteral("compute/device"), device); }

int maxMegapixels() { return std::max(1, QSettings().value(QStringLiteral("images/maxMegapixels"), 100).toInt()); }
void setMaxMegapixels(int megapixels) { QSettings().setValue(QStringLiteral("images/maxMegapixels"), megapixels); }

int currentArea() { return QSettings().value(QStringLiteral("mainWindow/area"), 0).toInt(); }
void setCurrentArea(int index) { QSettings().setValue(QStringLiteral("mainWindow/area"), index); }

namespace {
// Stored as "kind:path" strings, so the list reads well in the settings file.
const char* const kRecentKinds[] = {"images", "folder", "dataset", "model"};

QString encodeRecent(const Recent& r) { return QLatin1String(kRecentKinds[static_cast<int>(r.kind)]) + QLatin1Char(':') + r.path; }

void storeRecent(const QList<Recent>& items) {
    QStringList stored;
    for (const Recent& r : items) stored << encodeRecent(r);
    QSettings().setValue(QStringLiteral("files/recent"), stored);
}
}  // namespace

QList<Recent> recent() {
    QList<Recent> items;
    for (const QString& entry : QSettings().value(QStringLiteral("files/recent")).toStringList()) {
        const qsizetype colon = entry.indexOf(QLatin1Char(':'));
        for (int k = 0; colon > 0 && k < 4; ++k) {
            if (entry.left(colon) == QLatin1String(kRecentKinds[k]) && colon + 1 < entry.size())
                items.append({static_cast<Recent::Kind>(k), entry.mid(colon + 1)});
        }
        if (items.size() == kMaxRecent) break;
    }
    return items;
}

void addRecent(Recent::Kind kind, const QString& path) {
    QList<Recent> items = recent();
    items.removeIf([&](const Recent& r) { return r.kind == kind && r.path == path; });
    items.prepend({kind, path});
    storeRecent(items.mid(0, kMaxRecent));
}

void removeRecent(Recent::Kind kind, const QString& path) {
    QList<Recent> items = recent();
    items.removeIf([&](const Recent& r) { return r.kind == kind && r.path == path; });
    storeRecent(items);
}

void clearRecent() { QSettings().remove(QStringLiteral("files/recent")); }

}  // namespace tl::ui::settings
