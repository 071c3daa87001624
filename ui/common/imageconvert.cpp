#include "common/imageconvert.h"

#include <cstring>

namespace tl::ui {

QImage toQImage(const cv::Mat& rgb) {
    if (rgb.empty() || rgb.type() != CV_8UC3) return {};
    QImage out(rgb.cols, rgb.rows, QImage::Format_RGB888);
    for (int y = 0; y < rgb.rows; ++y) std::memcpy(out.scanLine(y), rgb.ptr(y), static_cast<std::size_t>(rgb.cols) * 3);
    return out;
}

cv::Mat toRgbMat(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat out(rgb.height(), rgb.width(), CV_8UC3);
    for (int y = 0; y < rgb.height(); ++y) std::memcpy(out.ptr(y), rgb.constScanLine(y), static_cast<std::size_t>(rgb.width()) * 3);
    return out;
}

}  // namespace tl::ui
