#include "classify/topkbars.h"

#include <QPainter>

namespace tl::ui {

namespace {
constexpr int kRowHeight = 26;
constexpr int kGap = 6;
}  // namespace

TopKBars::TopKBars(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("topKBars"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void TopKBars::setPredictions(const QVector<PredictionRow>& rows) {
    rows_ = rows;
    QStringList lines;
    for (int i = 0; i < rows_.size(); ++i) lines.append(rowText(i));
    setAccessibleDescription(lines.join(QLatin1Char('\n')));
    updateGeometry();
    update();
}

QString TopKBars::rowText(int i) const {
    return QStringLiteral("%1  %2%").arg(rows_[i].label).arg(100.0 * static_cast<double>(rows_[i].probability), 0, 'f', 1);
}

QSize TopKBars::sizeHint() const { return {360, std::max(1, static_cast<int>(rows_.size())) * (kRowHeight + kGap)}; }
QSize TopKBars::minimumSizeHint() const { return {200, 5 * (kRowHeight + kGap)}; }

void TopKBars::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm(font());
    const int percentWidth = fm.horizontalAdvance(QStringLiteral("100.0%")) + 8;
    int y = 0;
    for (int i = 0; i < rows_.size(); ++i, y += kRowHeight + kGap) {
        const QRect row(0, y, width() - percentWidth, kRowHeight);
        const double fraction = std::clamp(static_cast<double>(rows_[i].probability), 0.0, 1.0);
        p.setPen(Qt::NoPen);
        p.setBrush(pal.color(QPalette::AlternateBase));
        p.drawRoundedRect(row, 4, 4);
        QColor bar = pal.color(QPalette::Highlight);
        if (i > 0) bar.setAlpha(150);
        p.setBrush(bar);
        p.drawRoundedRect(QRectF(row.left(), row.top(), row.width() * fraction, row.height()), 4, 4);
        p.setPen(pal.color(QPalette::Text));
        const QString label = fm.elidedText(rows_[i].label, Qt::ElideRight, row.width() - 12);
        p.drawText(row.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
        p.drawText(QRect(row.right() + 4, y, percentWidth - 4, kRowHeight), Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("%1%").arg(100.0 * fraction, 0, 'f', 1));
    }
}

}  // namespace tl::ui
