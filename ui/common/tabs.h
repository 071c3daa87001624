#pragma once
// Showing a work area: an action of an area (File ▸ Open Images…) first brings its tab to the front.

#include <QTabWidget>
#include <QWidget>

namespace tl::ui {

/// Makes `page` the current tab of the nearest QTabWidget that holds it as a page; nothing when none does.
inline void showAsCurrentTab(QWidget* page) {
    for (QWidget* w = page->parentWidget(); w; w = w->parentWidget()) {
        if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            if (tabs->indexOf(page) >= 0) tabs->setCurrentWidget(page);
            return;
        }
    }
}

}  // namespace tl::ui
