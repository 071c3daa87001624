#include "common/reasonrow.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace tl::ui {

ReasonRow::ReasonRow(QWidget* parent) : QWidget(parent), label_(new QLabel(this)), row_(new QHBoxLayout(this)) {
    setObjectName(QStringLiteral("reasonRow"));
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row_->setContentsMargins(0, 0, 0, 0);
    row_->addWidget(label_, 1);
    setVisible(false);
}

void ReasonRow::setReason(std::function<QString()> reason, std::vector<Fix> fixes) {
    reason_ = std::move(reason);
    if (!reason_) fixes.clear();
    // The same buttons again (a reason that only changed its text): kept, so that none flickers or loses focus.
    bool same = fixes.size() == buttons_.size();
    for (std::size_t i = 0; same && i < fixes.size(); ++i) same = fixes[i].objectName == buttons_[i]->objectName();
    if (!same) {
        for (QPushButton* b : buttons_) {
            b->hide();
            b->deleteLater();
        }
        buttons_.clear();
        for (std::size_t i = 0; i < fixes.size(); ++i) {
            auto* b = new QPushButton(this);
            b->setObjectName(fixes[i].objectName);
            connect(b, &QPushButton::clicked, this, [this, i] {
                if (i >= fixes_.size()) return;
                const auto action = fixes_[i].action;  // a copy: the fix may replace the reason and its fixes
                if (action) action();
            });
            row_->addWidget(b);
            b->show();
            buttons_.push_back(b);
        }
    }
    fixes_ = std::move(fixes);
    retranslate();
    setVisible(hasReason());
}

QString ReasonRow::text() const { return reason_ ? label_->text() : QString(); }

QPushButton* ReasonRow::button(const QString& text) const {
    for (QPushButton* b : buttons_)
        if (QString(b->text()).remove(QLatin1Char('&')) == text) return b;
    return nullptr;
}

void ReasonRow::retranslate() {
    label_->setText(reason_ ? reason_() : QString());
    for (std::size_t i = 0; i < buttons_.size(); ++i) buttons_[i]->setText(fixes_[i].text ? fixes_[i].text() : QString());
}

void ReasonRow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

}  // namespace tl::ui
