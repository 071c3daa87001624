#include "classify/imagepreview.h"

#include <QPainter>

namespace tl::ui {

ImagePreview::ImagePreview(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMinimumSize(120, 120);
}

void ImagePreview::setImage(const QImage& image, const QSize& sourceSize, const QRectF& region) {
    image_ = image;
    sourceSize_ = sourceSize.isValid() ? sourceSize : image.size();
    region_ = region;
    update();
}

void ImagePreview::clear() { setImage({}); }

void ImagePreview::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void ImagePreview::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    const QSize fitted = image_.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(target, image_);
    if (region_.isValid() && sourceSize_.width() > 0) {
        const double s = static_cast<double>(target.width()) / sourceSize_.width();
        const QRectF r(target.left() + region_.x() * s, target.top() + region_.y() * s, region_.width() * s, region_.height() * s);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(255, 255, 255, 200), 3));
        p.drawRect(r);
        p.setPen(QPen(QColor(230, 40, 40), 1.5, Qt::DashLine));
        p.drawRect(r);
    }
}

}  // namespace tl::ui
