#pragma once
// An image scaled to fit, optionally with a rectangle (in the image's own pixel coordinates) drawn on it:
// the original photo with the part the network saw outlined, or the crop itself.

#include <QImage>
#include <QWidget>

namespace tl::ui {

class ImagePreview : public QWidget {
    Q_OBJECT
public:
    explicit ImagePreview(QWidget* parent = nullptr);

    /// `sourceSize` is the size `region` refers to (the decoded image), which `image` may be a scaled copy of.
    void setImage(const QImage& image, const QSize& sourceSize = {}, const QRectF& region = {});
    void clear();
    const QImage& image() const { return image_; }
    QRectF region() const { return region_; }
    void setPlaceholder(const QString& text);

    QSize sizeHint() const override { return {300, 300}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage image_;
    QSize sourceSize_;
    QRectF region_;
    QString placeholder_;
};

}  // namespace tl::ui
