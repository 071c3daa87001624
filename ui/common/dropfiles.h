#pragma once
// What a drag from a file manager carries: the local paths of its URLs (files and folders), for every area
// that takes drops.

#include <QStringList>

class QMimeData;

namespace tl::ui {

/// The local files and folders among `mime`'s URLs, in order; empty when there are none (or `mime` is null).
QStringList localFiles(const QMimeData* mime);

}  // namespace tl::ui
