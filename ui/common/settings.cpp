#include "common/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

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

int currentArea() { return QSettings().value(QStringLiteral("mainWindow/area"), 0).toInt(); }
void setCurrentArea(int index) { QSettings().setValue(QStringLiteral("mainWindow/area"), index); }

}  // namespace tl::ui::settings
