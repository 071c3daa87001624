#include "compare/stalemark.h"

#include <QEvent>
#include <QResizeEvent>

namespace tl::ui {

StaleMark::StaleMark(QList<QWidget*> results, QWidget* parent) : QLabel(parent) {
    for (QWidget* w : results) {
        results_ << w;
        auto* veil = new QWidget(w);
        veil->setAttribute(Qt::WA_TransparentForMouseEvents);
        veil->setAttribute(Qt::WA_StyledBackground);
        veil->setStyleSheet(QStringLiteral("background: rgba(239, 239, 239, 170);"));
        veil->setGeometry(w->rect());
        veil->hide();
        veils_ << veil;
        w->installEventFilter(this);
    }
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
    for (QWidget* veil : veils_) {
        if (!veil) continue;
        veil->setGeometry(veil->parentWidget()->rect());
        veil->setVisible(stale);
        if (stale) veil->raise();  // above cell widgets added since
    }
}

bool StaleMark::greys(const QWidget* result) const {
    const auto at = results_.indexOf(const_cast<QWidget*>(result));
    return at >= 0 && veils_[at] && veils_[at]->isVisible();
}

bool StaleMark::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize)
        for (QWidget* veil : veils_)
            if (veil && veil->parentWidget() == watched) veil->setGeometry(veil->parentWidget()->rect());
    return QLabel::eventFilter(watched, event);
}

void StaleMark::resultsShown(const QStringList& checked) {
    shown_ = running_;
    compareWith(checked);
}

void StaleMark::compareWith(const QStringList& checked) { setStale(!shown_.isEmpty() && checked != shown_); }

}  // namespace tl::ui
