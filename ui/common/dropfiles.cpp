#include "common/dropfiles.h"

#include <QMimeData>
#include <QUrl>

namespace tl::ui {

QStringList localFiles(const QMimeData* mime) {
    QStringList files;
    if (!mime || !mime->hasUrls()) return files;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) files.append(url.toLocalFile());
    return files;
}

}  // namespace tl::ui
