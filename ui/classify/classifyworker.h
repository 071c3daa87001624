#pragma once
// The Classify area's engine side: a QObject that lives on a worker thread, holds the classifier, and turns
// files into results delivered one by one as queued signals. The UI thread never runs a forward pass.
// Jobs carry a generation number; bumping the shared generation (a new model, Clear) makes running and
// queued jobs of older generations stop at the next image.

#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QRectF>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <memory>

namespace tl {
class Classifier;
}

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
    QSize size;          ///< decoded size, orientation applied
    QRectF region;       ///< the crop's rectangle in that image
    QImage image;        ///< the decoded image, scaled for display
    QImage crop;         ///< the un-preprocessed crop at the network's resolution
    QVector<PredictionRow> top;
    double milliseconds = 0.0;
};

class ClassifyWorker : public QObject {
    Q_OBJECT
public:
    explicit ClassifyWorker(std::shared_ptr<std::atomic<quint64>> generation, QObject* parent = nullptr);
    ~ClassifyWorker() override;

public Q_SLOTS:
    /// Builds the classifier for catalog model `modelId` with weights from `weightsPath`.
    void loadModel(const QString& modelId, const QString& weightsPath, const QString& device, qint64 maxPixels);
    /// Classifies `paths`; results are numbered from `firstRow`.
    void classify(quint64 generation, const QStringList& paths, int firstRow);

Q_SIGNALS:
    void modelLoaded(const QString& modelId, const QString& description);
    void modelFailed(const QString& modelId, const QString& error);
    void resultReady(quint64 generation, int row, const tl::ui::ClassifyItem& item);
    void jobFinished(quint64 generation);

private:
    std::shared_ptr<std::atomic<quint64>> generation_;
    std::unique_ptr<Classifier> classifier_;
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::ui::ClassifyItem)
