#include "compare/comparesession.h"

#include "common/devicechoice.h"
#include "common/imageconvert.h"
#include "common/settings.h"
#include "compare/imagecomparisontable.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/weight_store.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace tl::ui {

namespace {

/// Thumbnails of the crop the first model saw of each file; the crops are released afterwards (memory).
std::vector<QImage> takeThumbnails(FileComparison& comparison) {
    std::vector<QImage> thumbnails(comparison.files.size());
    for (std::size_t f = 0; f < comparison.files.size(); ++f)
        for (const auto& results : comparison.results)
            if (f < results.size() && !results[f].crop.empty()) {
                thumbnails[f] =
                    toQImage(results[f].crop)
                        .scaled(ImageComparisonTable::kThumbnail, ImageComparisonTable::kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                break;
            }
    for (auto& results : comparison.results)
        for (auto& r : results) {
            r.crop.release();
            r.image.release();
        }
    return thumbnails;
}

std::vector<std::string> toStd(const QStringList& list) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(list.size()));
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

/// Core's comparison progress, reported to a job (shown on the GUI thread); false once the job is cancelled.
template <class Control>
CompareProgressFn reportingTo(Control& control, std::size_t models) {
    return [&control, models](std::size_t model, std::size_t done, std::size_t total) {
        control.report({model, models, done, total});
        return control.goOn();
    };
}

/// A run's outcome from `work`: a cancel ends in `cancelled`, an error in `error` (the run's results stay empty).
template <class Out, class Work>
Out guarded(Work&& work) {
    Out out;
    try {
        work(out);
    } catch (const Cancelled&) {
        out.cancelled = true;
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

bool writeFile(const QString& path, const std::string& bytes, QString* error) {
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) &&
                    file.write(bytes.data(), static_cast<qint64>(bytes.size())) == static_cast<qint64>(bytes.size()) && file.commit();
    if (!ok && error) *error = CompareSession::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return ok;
}

}  // namespace

CompareSession::CompareSession(QObject* parent)
    : QObject(parent),
      datasetJob_({[this](const DatasetRun& run) { datasetDone(run); }, {}, {}, [this](const Progress& p) { showProgress(p); }}),
      filesJob_({[this](FilesRun run) { filesDone(std::move(run)); }, {}, {}, [this](const Progress& p) { showProgress(p); }}) {
    loading_ = true;  // nothing is saved until the remembered choice is back
    addCatalogModels();
    for (const QString& path : settings::compareModelFiles())
        if (QFileInfo::exists(path)) addModelFile(path);
    for (Entry& e : models_) e.checked = false;
    for (const QString& key : settings::compareModels()) setModelChecked(key, true);
    loading_ = false;
    const QString remembered = settings::lastFolder(QStringLiteral("compare-dataset"));
    if (remembered != QDir::homePath()) datasetFolder_ = remembered;
}

CompareSession::~CompareSession() = default;

// ---- the models ------------------------------------------------------------------------------------------

void CompareSession::addCatalogModels() {
    for (const ModelSpec& spec : Catalog::builtin().models())
        if (spec.includeTop) models_.push_back({ModelRef::catalog(spec.id), false, false, {}});  // a base without its top is not offered
    refreshAvailability();
}

void CompareSession::refreshAvailability() {
    const WeightStore store;
    for (Entry& e : models_) {
        if (e.ref.isFile() || !e.ref.spec()) continue;
        const auto weights = store.find(weightSourceOf(*e.ref.spec()));
        e.available = weights.has_value();
        e.weights = weights ? QString::fromStdString(*weights) : QString();
        if (!e.available) e.checked = false;  // not saved: the remembered choice keeps it until the user changes the checks
    }
    Q_EMIT modelsChanged();
}

int CompareSession::indexOf(const QString& key) const {
    const std::string k = key.toStdString();
    for (std::size_t i = 0; i < models_.size(); ++i)
        if (models_[i].ref.key() == k) return static_cast<int>(i);
    return -1;
}

bool CompareSession::addModelFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (indexOf(absolute) < 0) {
        ModelRef ref;
        try {
            ref = ModelRef::file(absolute.toStdString());  // read once, here: the list shows what it found
        } catch (const std::exception&) {
            refusedFile_ = path;
            Q_EMIT modelMessageChanged(modelMessage());
            return false;
        }
        models_.push_back({std::move(ref), false, true, {}});
        Q_EMIT modelsChanged();
    }
    if (!refusedFile_.isEmpty()) {
        refusedFile_.clear();
        Q_EMIT modelMessageChanged(modelMessage());
    }
    setModelChecked(absolute, true);
    if (!loading_) saveChoice();  // a file added already checked is still a new entry to remember
    return true;
}

QString CompareSession::modelMessage() const {
    return refusedFile_.isEmpty() ? QString() : tr("%1 is not a Transfer Studio model file.").arg(QDir::toNativeSeparators(refusedFile_));
}

bool CompareSession::offerModelFile(const QString& path) {
    if (!path.endsWith(QStringLiteral(".safetensors"), Qt::CaseInsensitive) || !QFileInfo(path).isFile()) return false;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (indexOf(absolute) < 0) {
        try {
            models_.push_back({ModelRef::file(absolute.toStdString()), false, true, {}});
        } catch (const std::exception&) {
            return false;  // not a model file: the caller takes it as something else
        }
        Q_EMIT modelsChanged();
    }
    return addModelFile(absolute);
}

void CompareSession::setTrainedModels(const TrainedModels& models) {
    const QStringList remembered = settings::compareModels();
    std::vector<Entry> runs;
    for (const TrainedModel& m : models) {
        const int i = indexOf(m.modelFile);
        if (i >= 0 && !models_[static_cast<std::size_t>(i)].run) continue;  // added by hand already: it stays where it is
        Entry e{m.ref, false, true, {}, true};
        e.checked = i >= 0 ? models_[static_cast<std::size_t>(i)].checked : remembered.contains(m.modelFile);
        runs.push_back(std::move(e));
    }
    std::erase_if(models_, [](const Entry& e) { return e.run; });
    for (Entry& e : runs) models_.push_back(std::move(e));
    Q_EMIT modelsChanged();
}

void CompareSession::removeModelFile(const QString& key) {
    const int i = indexOf(key);
    if (i < 0 || !models_[static_cast<std::size_t>(i)].ref.isFile()) return;
    models_.erase(models_.begin() + i);
    Q_EMIT modelsChanged();
    saveChoice();
}

void CompareSession::setModelChecked(const QString& key, bool checked) {
    const int i = indexOf(key);
    if (i < 0) return;
    Entry& e = models_[static_cast<std::size_t>(i)];
    if (!e.available || e.checked == checked) return;
    e.checked = checked;
    Q_EMIT modelCheckChanged(i);
    if (!loading_) saveChoice();
}

QStringList CompareSession::checkedModels() const {
    QStringList keys;
    for (const Entry& e : models_)
        if (e.checked) keys << e.key();
    return keys;
}

void CompareSession::saveChoice() const {
    settings::setCompareModels(checkedModels());
    QStringList files;
    for (const Entry& e : models_)
        if (e.ref.isFile() && !e.run) files << e.key();
    settings::setCompareModelFiles(files);
}

// ---- what to compare on ------------------------------------------------------------------------------------

void CompareSession::setDatasetFolder(const QString& folder) {
    const QString f = QDir::fromNativeSeparators(folder.trimmed());
    if (f == datasetFolder_) return;
    datasetFolder_ = f;
    Q_EMIT datasetFolderChanged(datasetFolder_);
}

void CompareSession::setSplit(const QString& split) {
    if (split == split_) return;
    split_ = split;
    Q_EMIT splitChanged(split_);
}

// ---- running -----------------------------------------------------------------------------------------------

bool CompareSession::busy() const { return datasetJob_.running() || filesJob_.running(); }

QString CompareSession::refusalText(Refusal why) {
    switch (why) {
        case Refusal::Busy: return tr("A comparison is running: wait for it or cancel it (Esc).");
        case Refusal::TooFewModels: return tr("Check at least two models to compare.");
        case Refusal::NoDatasetFolder: return tr("Choose a dataset folder first.");
    }
    return {};
}

QString CompareSession::Outcome::errorText() const {
    return noImages ? CompareSession::tr("There are no images among the files and folders given.") : error;
}

void CompareSession::refuse(Run run, Refusal why) { Q_EMIT runRefused(run, refusalText(why), why); }

bool CompareSession::prepare(Run run, std::vector<std::string>* refs, CompareOptions* options) {
    if (busy()) {
        refuse(run, Refusal::Busy);
        return false;
    }
    const QStringList checked = checkedModels();
    if (checked.size() < 2) {
        refuse(run, Refusal::TooFewModels);
        return false;
    }
    *refs = toStd(checked);
    options->device = DeviceChoice::instance().current().toStdString();  // the application's one choice
    cancelRequested_ = false;
    return true;
}

bool CompareSession::runDataset() {
    if (datasetFolder_.isEmpty()) {
        refuse(Run::Dataset, Refusal::NoDatasetFolder);
        return false;
    }
    std::vector<std::string> refs;
    CompareOptions options;
    if (!prepare(Run::Dataset, &refs, &options)) return false;
    options.split = split_.toStdString();
    if (QFileInfo(datasetFolder_).isDir()) settings::setLastFolder(QStringLiteral("compare-dataset"), datasetFolder_);
    running_ = true;
    Q_EMIT runStarted(Run::Dataset, static_cast<int>(refs.size()));
    datasetJob_.start([refs, root = datasetFolder_.toStdString(), options](auto& control) {
        return guarded<DatasetRun>(
            [&](DatasetRun& out) { out.comparison = compareOnDataset(refs, root, options, reportingTo(control, refs.size())); });
    });
    return true;
}

bool CompareSession::runImages(const QStringList& paths) {
    if (paths.isEmpty()) return false;
    images_ = paths;
    std::vector<std::string> refs;
    CompareOptions options;
    if (!prepare(Run::Images, &refs, &options)) return false;
    running_ = true;
    Q_EMIT runStarted(Run::Images, static_cast<int>(refs.size()));
    filesJob_.start([refs, inputs = toStd(paths), options](auto& control) {
        return guarded<FilesRun>([&](FilesRun& out) {
            const std::vector<std::string> files = collectImageFiles(inputs);
            if (files.empty()) {
                out.noImages = true;
                out.error = tr("There are no images among the files and folders given.");
                return;
            }
            out.comparison = compareOnFiles(refs, files, options, reportingTo(control, refs.size()));
            out.thumbnails = takeThumbnails(out.comparison);
        });
    });
    return true;
}

bool CompareSession::runImagesAgain() { return !images_.isEmpty() && runImages(images_); }

void CompareSession::cancel() {
    if (!busy()) return;
    cancelRequested_ = true;
    datasetJob_.cancel();
    filesJob_.cancel();
    Q_EMIT cancelling();
}

void CompareSession::showProgress(const Progress& p) {
    if (!running_ || cancelRequested_) return;
    Q_EMIT progressed(static_cast<int>(p.model), static_cast<int>(p.models), static_cast<int>(p.done), static_cast<int>(p.total));
}

void CompareSession::datasetDone(const DatasetRun& run) {
    running_ = false;
    datasetOutcome_ = {run.cancelled, run.error, false};
    const bool ok = datasetOutcome_.ok();
    if (ok) {
        dataset_ = run.comparison;
        noteLatencies(dataset_.models);
    }
    Q_EMIT datasetCompared(ok);
    Q_EMIT comparisonFinished(ok);
}

void CompareSession::filesDone(FilesRun run) {
    running_ = false;
    imagesOutcome_ = {run.cancelled, run.error, run.noImages};
    const bool ok = imagesOutcome_.ok();
    if (ok) {
        files_ = std::move(run.comparison);
        thumbnails_ = std::move(run.thumbnails);
        noteLatencies(files_.models);
    }
    Q_EMIT imagesCompared(ok);
    Q_EMIT comparisonFinished(ok);
}

void CompareSession::noteLatencies(const std::vector<ComparedModel>& models) {
    for (const ComparedModel& m : models)
        if (m.error.empty() && m.latencyMs > 0.0 && Catalog::builtin().find(m.ref)) latencies_[QString::fromStdString(m.ref)] = m.latencyMs;
    Q_EMIT latenciesChanged();
}

// ---- export ------------------------------------------------------------------------------------------------

bool CompareSession::exportCsv(const QString& path, QString* error) const {
    if (dataset_.models.empty()) {
        if (error) *error = tr("There is no dataset comparison to export yet.");
        return false;
    }
    return writeFile(path, comparisonCsv(dataset_), error);
}

bool CompareSession::exportJson(const QString& path, QString* error) const {
    if (dataset_.models.empty()) {
        if (error) *error = tr("There is no dataset comparison to export yet.");
        return false;
    }
    return writeFile(path, comparisonJson(dataset_), error);
}

}  // namespace tl::ui
