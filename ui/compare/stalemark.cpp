#include "compare/stalemark.h"

#include <QEvent>
#include <QGraphicsOpacityEffect>

namespace tl::ui {

StaleMark::StaleMark(QList<QWidget*> results, QWidget* parent) : QLabel(parent) {
    for (QWidget* w : results) results_ << w;
    setWordWrap(true);
    setStyleSheet(QStringLiteral("QLabel { color: #8a5a00; background: #fff4d6; border: 1px solid #e0c070; padding: 3px; }"));
    setVisible(false);
    retranslate();
}

void StaleMark::retranslate() { setText(tr("The checked models changed: run the comparison again (Ctrl+R).")); }

void StaleMark::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QLabel::changeEvent(event);
}

void StaleMark::setStale(bool stale) {
    stale_ = stale;
    setVisible(stale);
    for (QWidget* w : results_) {
        if (!w) continue;
        if (stale) {
            auto* effect = new QGraphicsOpacityEffect(w);  // replaces (and deletes) any earlier one
            effect->setOpacity(kGreyedOpacity);
            w->setGraphicsEffect(effect);
        } else {
            w->setGraphicsEffect(nullptr);
        }
    }
}

}  // namespace tl::ui
