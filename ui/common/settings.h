#pragma once
// Remembered settings of the GUI, stored with QSettings under the application's organisation/name.
// One place for the keys, so that every area reads and writes them the same way.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace tl::ui::settings {

/// The folder last used for `purpose` ("images", "dataset", "weights", ...). Falls back to the user's
/// home folder when none was stored or the stored one no longer exists.
QString lastFolder(const QString& purpose);
/// Remembers the folder of `path` for `purpose`; a file path stores its containing folder.
void setLastFolder(const QString& purpose, const QString& path);

/// UI language: "" (follow the system), "en", "zh_CN" or "zh_TW".
QString language();
void setLanguage(const QString& code);

QByteArray mainWindowGeometry();
QByteArray mainWindowState();
void setMainWindowGeometry(const QByteArray& geometry, const QByteArray& state);

/// The catalog model chosen in the Classify area ("" when none was chosen yet).
QString classifyModel();
void setClassifyModel(const QString& modelId);

/// The catalog model chosen in the Train area ("" when none was chosen yet).
QString trainModel();
void setTrainModel(const QString& modelId);

/// The Train area's augmentation settings (core's augmentation JSON, "" when none were stored) and whether
/// augmentation is on.
QString trainAugmentation();
bool trainAugmentationOn();
void setTrainAugmentation(const QString& json, bool on);

/// The Train area's run settings (the form's fields by name: "epochs", "batchSize", "imageSize", "seed",
/// "optimizer", "learningRate", ...), as last edited; empty when none were stored. The reader checks each value.
QVariantMap trainSettings();
void setTrainSettings(const QVariantMap& values);
/// The folder the Train area's runs go to ("" when none was set).
QString trainRunsFolder();
void setTrainRunsFolder(const QString& folder);
/// Whether the Train charts show the loss on a log scale (default: linear).
bool trainLossLogScale();
void setTrainLossLogScale(bool on);

/// The Compare area's checked models (catalog ids or model file paths) and the model files added to its list.
QStringList compareModels();
void setCompareModels(const QStringList& refs);
QStringList compareModelFiles();
void setCompareModelFiles(const QStringList& paths);

/// Compute device for inference and training: "auto" (the GPU when there is one), "cpu", "cuda:N".
QString device();
void setDevice(const QString& device);

/// Images whose header declares more pixels than this are refused before decoding (default 100).
int maxMegapixels();
void setMaxMegapixels(int megapixels);

int currentArea();
void setCurrentArea(int index);

/// What File ▸ Open Recent lists: what was opened (images, a folder of images, a dataset, a model file) and where.
struct Recent {
    enum class Kind { Images, Folder, Dataset, Model };
    Kind kind;
    QString path;
};
/// At most kMaxRecent entries, the latest first.
constexpr int kMaxRecent = 10;
QList<Recent> recent();
/// Puts `path` first (an entry of the same kind and path moves up).
void addRecent(Recent::Kind kind, const QString& path);
void removeRecent(Recent::Kind kind, const QString& path);
void clearRecent();

}  // namespace tl::ui::settings
