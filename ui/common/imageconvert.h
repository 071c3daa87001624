#pragma once
// Conversions between core's images (cv::Mat, 8-bit RGB) and Qt's. Safe off the UI thread (QImage only).

#include <opencv2/core/mat.hpp>

#include <QImage>

namespace tl::ui {

/// A deep copy of an 8-bit RGB (CV_8UC3) matrix as a QImage; a null image for anything else.
QImage toQImage(const cv::Mat& rgb);
/// A deep copy of any QImage as 8-bit RGB (alpha dropped).
cv::Mat toRgbMat(const QImage& image);

}  // namespace tl::ui
