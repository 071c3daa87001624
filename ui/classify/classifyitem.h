#pragma once
// One classified image as the Classify area shows it: the decoded image scaled for display, the crop the network
// saw and where it lies, the top-k rows, or the error. Plain data, made on a worker thread and read on the GUI one.

#include <QImage>
#include <QMetaType>
#include <QRectF>
#include <QString>
#include <QVector>

namespace tl::ui {

struct PredictionRow {
    int index = 0;
    QString label;
    float probability = 0.0f;
};

/// One image's result, ready for display.
struct ClassifyItem {
    QString path;
    QString error;
    QSize size;     ///< decoded size, orientation applied
    QRectF region;  ///< the crop's rectangle in that image
    QImage image;   ///< the decoded image, scaled for display
    QImage crop;    ///< the un-preprocessed crop at the network's resolution
    QVector<PredictionRow> top;
    double milliseconds = 0.0;
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::ui::ClassifyItem)
