#include "classify/classifyworker.h"

#include "common/imageconvert.h"

#include "tl/catalog.h"
#include "tl/model_file.h"

#include <QFileInfo>
#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/runtime.h"

namespace tl::ui {

namespace {

constexpr int kDisplaySize = 1024;  // the longest side of the image kept for display

ClassifyItem toItem(const ImageResult& r) {
    ClassifyItem item;
    item.path = QString::fromStdString(r.source);
    item.error = QString::fromStdString(r.error);
    // Errors name the file first ("<path>: what"); the list already shows the file.
    const QString prefix = item.path + QStringLiteral(": ");
    if (item.error.startsWith(prefix)) item.error = item.error.mid(prefix.size());
    item.size = QSize(r.width, r.height);
    item.region = QRectF(r.region.x, r.region.y, r.region.width, r.region.height);
    item.image = toQImage(r.image);
    item.crop = toQImage(r.crop);
    for (const auto& p : r.top) item.top.append({p.index, QString::fromStdString(p.label), p.probability});
    item.milliseconds = r.milliseconds;
    return item;
}

}  // namespace

ClassifyWorker::ClassifyWorker(std::shared_ptr<std::atomic<quint64>> generation, QObject* parent)
    : QObject(parent), generation_(std::move(generation)) {
    qRegisterMetaType<tl::ui::ClassifyItem>();
}

ClassifyWorker::~ClassifyWorker() {
    classifier_.reset();
    releaseMemory();
}

void ClassifyWorker::loadModel(const QString& modelId, const QString& weightsPath, const QString& device, qint64 maxPixels) {
    try {
        classifier_.reset();
        releaseMemory();
        ClassifierOptions options;
        options.device = device.toStdString();
        options.keepImage = kDisplaySize;
        options.decode.maxPixels = maxPixels;
        if (isModelFile(modelId.toStdString())) {  // a fine-tuned model: its own classes and preprocessing
            const ModelFileInfo info = readModelFileInfo(modelId.toStdString());
            classifier_ = std::make_unique<Classifier>(Classifier::fromModelFile(modelId.toStdString(), options));
            Q_EMIT modelLoaded(modelId, tr("%1 (fine-tuned %2, %n class(es)) · %3", nullptr, static_cast<int>(info.classes.size()))
                                            .arg(QFileInfo(modelId).fileName(), QString::fromStdString(info.baseModel),
                                                 QString::fromStdString(classifier_->model().device())));
            return;
        }
        const ModelSpec& spec = Catalog::builtin().get(modelId.toStdString());
        classifier_ = std::make_unique<Classifier>(Classifier::fromCatalog(spec, weightsPath.toStdString(), options));
        Q_EMIT modelLoaded(modelId, QString::fromStdString(spec.name + " · " + classifier_->model().device()));
    } catch (const std::exception& e) {
        classifier_.reset();
        Q_EMIT modelFailed(modelId, QString::fromUtf8(e.what()));
    }
}

void ClassifyWorker::classify(quint64 generation, const QStringList& paths, int firstRow) {
    if (generation != generation_->load()) return;  // superseded while queued
    if (!classifier_) {
        for (int i = 0; i < paths.size(); ++i) {
            ClassifyItem item;
            item.path = paths[i];
            item.error = tr("No model is loaded.");
            Q_EMIT resultReady(generation, firstRow + i, item);
        }
        Q_EMIT jobFinished(generation);
        return;
    }
    std::vector<std::string> files;
    files.reserve(static_cast<std::size_t>(paths.size()));
    for (const QString& p : paths) files.push_back(p.toStdString());
    std::vector<bool> delivered(files.size(), false);
    try {
        classifier_->classifyFiles(files, [&](const ImageResult& r, std::size_t index) {
            if (generation != generation_->load()) return false;
            delivered[index] = true;
            Q_EMIT resultReady(generation, firstRow + static_cast<int>(index), toItem(r));
            return true;
        });
    } catch (const Cancelled&) {
        // a newer generation took over
    } catch (const std::exception& e) {
        for (int i = 0; i < paths.size(); ++i) {
            if (delivered[static_cast<std::size_t>(i)]) continue;
            ClassifyItem item;
            item.path = paths[i];
            item.error = QString::fromUtf8(e.what());
            Q_EMIT resultReady(generation, firstRow + i, item);
        }
    }
    Q_EMIT jobFinished(generation);
}

}  // namespace tl::ui
