#include "classify/classifysession.h"

#include "classify/resultsmodel.h"
#include "common/devicechoice.h"
#include "common/imageconvert.h"
#include "common/settings.h"
#include "common/weightsfetcher.h"

#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/runtime.h"

#include <QFileInfo>

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

ClassifySession::ClassifySession(QObject* parent)
    : QObject(parent),
      results_(new ResultsModel(this)),
      fetcher_(new WeightsFetcher(this)),
      loadJob_({.finished =
                    [this](Loaded loaded) {
                        if (state_ != ModelState::Loading) return;  // the user moved on (weights missing, no model)
                        classifier_ = std::move(loaded.classifier);
                        previewJob_.cancel();  // the answers bring the images
                        setState(ModelState::Ready, loaded.description);
                        const QStringList paths = results_->resetAll();
                        if (!paths.isEmpty()) classifyRows(paths, 0);
                        Q_EMIT modelLoaded(QString::fromStdString(model_.key()));
                    },
                .failed =
                    [this](const QString& error) {
                        if (state_ != ModelState::Loading) return;
                        setState(ModelState::Failed, error);
                        Q_EMIT modelFailed(QString::fromStdString(model_.key()), error);
                    },
                .cancelled = {},
                .progress = {}}),
      classifyJob_({.finished =
                        [this](int) {
                            drain();
                            startNext();
                        },
                    .failed =
                        [this](const QString&) {
                            drain();
                            startNext();
                        },  // the work reports per image; not reached
                    .cancelled =
                        [this] {
                            drain();
                            startNext();
                        },
                    .progress = [this](const int&) { drain(); }}),
      previewJob_({.finished = [this](int) { drain(); },
                   .failed = [this](const QString&) { drain(); },
                   .cancelled = {},
                   .progress = [this](const int&) { drain(); }}),
      mailbox_(std::make_shared<Mailbox>()) {
    qRegisterMetaType<tl::ui::ClassifyItem>();
    connect(fetcher_, &WeightsFetcher::finished, this, [this](const QString& id, const QString& path) {
        if (!model_.isFile() && id == QString::fromStdString(model_.key())) load(path);
    });
}

ClassifySession::~ClassifySession() = default;  // the jobs go first: their work is cancelled and forgotten

void ClassifySession::setState(ModelState state, const QString& text) {
    state_ = state;
    modelText_ = text;
    Q_EMIT modelStateChanged(state);
}

void ClassifySession::chooseModel(const ModelRef& model) {
    model_ = model;
    settings::setClassifyModel(QString::fromStdString(model.key()));
    ++generation_;  // results of the previous model stop coming
    classifyJob_.cancel();
    queue_.clear();
    outstanding_ = 0;
    classifier_.reset();
    if (fetcher_->busy()) fetcher_->cancel();
    if (!model.valid()) {
        setState(ModelState::None);
        return;
    }
    if (model.isFile()) {  // a fine-tuned model file carries its own weights
        load(QString::fromStdString(model.key()));
        return;
    }
    const QString weights = WeightsFetcher::findWeights(QString::fromStdString(model.key()));
    if (weights.isEmpty()) {
        loadJob_.cancel();
        setState(ModelState::NeedsWeights);
        previewWaitingRows();
        return;
    }
    load(weights);
}

void ClassifySession::load(const QString& weightsPath) {
    setState(ModelState::Loading, weightsPath);
    previewWaitingRows();
    ClassifierOptions options;
    options.device = DeviceChoice::instance().current().toStdString();
    options.keepImage = kDisplaySize;
    options.decode.maxPixels = static_cast<qint64>(settings::maxMegapixels()) * 1'000'000;
    loadJob_.restart([model = model_, weights = weightsPath.toStdString(), options](Job<Loaded>::Control&) {
        releaseMemory();  // the previous model's memory goes back before the next one is built
        Loaded loaded;
        if (const ModelFileInfo* info = model.fileInfo()) {  // a fine-tuned model: its own classes and preprocessing
            auto classifier = std::make_shared<Classifier>(Classifier::fromModelFile(model.key(), options));
            loaded.description = tr("%1 (fine-tuned %2, %n class(es)) · %3", nullptr, static_cast<int>(info->classes.size()))
                                     .arg(QString::fromStdString(model.name()), QString::fromStdString(info->baseModel),
                                          QString::fromStdString(classifier->model().device()));
            loaded.classifier = std::move(classifier);
        } else {
            auto classifier = std::make_shared<Classifier>(Classifier::fromCatalog(*model.spec(), weights, options));
            const QString name = WeightsFetcher::markUnverified(QString::fromStdString(model.spec()->name), QString::fromStdString(model.key()));
            loaded.description = name + QStringLiteral(" · ") + QString::fromStdString(classifier->model().device());
            loaded.classifier = std::move(classifier);
        }
        return loaded;
    });
}

ClassifySession::Added ClassifySession::addPaths(const QStringList& paths) {
    std::vector<std::string> inputs;
    for (const QString& p : paths) inputs.push_back(p.toStdString());
    std::vector<std::string> missing;
    const std::vector<std::string> files = collectImageFiles(inputs, &missing);
    QStringList found;
    for (const auto& f : files) found.append(QString::fromStdString(f));
    Added added;
    added.images = static_cast<int>(found.size());
    added.missing = static_cast<int>(missing.size());
    added.first = found.isEmpty() && missing.empty() ? -1 : results_->rowCount();
    const int first = results_->addPending(found);
    for (const auto& m : missing) {
        ClassifyItem item;
        item.path = QString::fromStdString(m);
        item.error = tr("no such file or folder");
        results_->setResult(results_->addPending({item.path}), item);
    }
    if (modelReady() && !found.isEmpty()) classifyRows(found, first);
    else if (!found.isEmpty()) previewWaitingRows();
    return added;
}

void ClassifySession::previewWaitingRows() {
    if (!model_.valid() || modelReady()) return;
    QList<std::pair<int, QString>> rows;
    for (int row = 0; row < results_->rowCount(); ++row)
        if (!results_->isDone(row)) rows.append({row, results_->item(row).path});
    if (rows.isEmpty()) return;
    DecodeOptions decode;
    decode.maxPixels = static_cast<qint64>(settings::maxMegapixels()) * 1'000'000;
    previewJob_.restart(
        [rows, recipe = model_.preprocessing(), decode, mailbox = mailbox_, generation = generation_](Job<int, int>::Control& control) {
            for (const auto& [row, path] : rows) {
                if (control.cancelled()) break;
                ClassifyItem item = toItem(previewFile(path.toStdString(), recipe, decode, kDisplaySize));
                {
                    std::lock_guard lock(mailbox->mutex);
                    mailbox->items.push_back({generation, row, std::move(item), true});
                }
                control.report(row);
            }
            return 0;
        });
}

void ClassifySession::clear() {
    ++generation_;
    classifyJob_.cancel();
    previewJob_.cancel();
    queue_.clear();
    outstanding_ = 0;
    results_->clear();
}

void ClassifySession::classifyRows(const QStringList& paths, int firstRow) {
    outstanding_ += static_cast<int>(paths.size());
    queue_.append({paths, firstRow});
    startNext();
}

// One classify run at a time: the next request starts when the running one has ended (or was cancelled).
void ClassifySession::startNext() {
    if (classifyJob_.running() || queue_.isEmpty() || !classifier_) return;
    auto [paths, firstRow] = queue_.takeFirst();
    classifyJob_.start([classifier = classifier_, paths, firstRow, mailbox = mailbox_, generation = generation_](Job<int, int>::Control& control) {
        std::vector<std::string> files;
        files.reserve(static_cast<std::size_t>(paths.size()));
        for (const QString& p : paths) files.push_back(p.toStdString());
        std::vector<bool> delivered(files.size(), false);
        const auto post = [&](int row, ClassifyItem item) {
            {
                std::lock_guard lock(mailbox->mutex);
                mailbox->items.push_back({generation, row, std::move(item)});
            }
            control.report(row);
        };
        try {
            classifier->classifyFiles(files, [&](const ImageResult& r, std::size_t index) {
                if (control.cancelled()) return false;
                delivered[index] = true;
                post(firstRow + static_cast<int>(index), toItem(r));
                return true;
            });
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {  // every image not yet answered gets the reason
            for (int i = 0; i < paths.size(); ++i) {
                if (delivered[static_cast<std::size_t>(i)]) continue;
                ClassifyItem item;
                item.path = paths[i];
                item.error = QString::fromUtf8(e.what());
                post(firstRow + i, std::move(item));
            }
        }
        return 0;
    });
}

void ClassifySession::drain() {
    std::vector<Delivery> items;
    {
        std::lock_guard lock(mailbox_->mutex);
        items.swap(mailbox_->items);
    }
    for (Delivery& d : items) {
        if (d.generation != generation_ || d.row >= results_->rowCount()) continue;  // a previous model's, or cleared
        if (d.preview) {                                                             // only while the row waits: a preview never replaces an answer
            if (results_->isDone(d.row)) continue;
            results_->setPreview(d.row, d.item);
            Q_EMIT previewReady(d.row);
            continue;
        }
        results_->setResult(d.row, d.item);
        Q_EMIT resultReady(d.row);
        if (--outstanding_ <= 0) {
            outstanding_ = 0;
            Q_EMIT allDone();
        }
    }
}

}  // namespace tl::ui
