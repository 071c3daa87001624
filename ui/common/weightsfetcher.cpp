#include "common/weightsfetcher.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/import.h"

#include <QFileInfo>

namespace tl::ui {

WeightsFetcher::WeightsFetcher(QObject* parent)
    : QObject(parent),
      job_({[this](Outcome outcome) {
                if (outcome.modelFile) {
                    Q_EMIT modelFileWritten(modelId_, QString::fromStdString(outcome.path));
                    return;
                }
                if (outcome.otherHead > 0) {
                    Q_EMIT otherHead(modelId_, importPath_, outcome.otherHead);
                    return;
                }
                if (!outcome.path.empty()) {
                    Q_EMIT finished(modelId_, QString::fromStdString(outcome.path));
                    return;
                }
                Q_EMIT checksumMismatch(modelId_, importPath_, QString::fromStdString(outcome.expected), QString::fromStdString(outcome.actual),
                                        QString::fromStdString(outcome.message));
            },
            [this](const QString& error) { Q_EMIT failed(modelId_, error); }, [this] { Q_EMIT cancelled(modelId_); },
            [this](const DownloadProgress& p) { Q_EMIT progress(p.received, p.total, p.bytesPerSecond, p.etaSeconds); }}) {}

WeightsFetcher::~WeightsFetcher() = default;  // the job is cancelled (a download keeps its partial file)

bool WeightsFetcher::isWeightsFile(const QString& path) {
    static const QStringList suffixes{QStringLiteral("pth"), QStringLiteral("pt"), QStringLiteral("bin"), QStringLiteral("safetensors")};
    return suffixes.contains(QFileInfo(path).suffix(), Qt::CaseInsensitive);
}

QString WeightsFetcher::findWeights(const QString& modelId) {
    const ModelSpec* spec = Catalog::builtin().find(modelId.toStdString());
    if (!spec) return {};
    const auto found = WeightStore().find(weightSourceOf(*spec));
    return found ? QString::fromStdString(*found) : QString();
}

bool WeightsFetcher::hasUnverifiedWeights(const QString& modelId) {
    const ModelSpec* spec = Catalog::builtin().find(modelId.toStdString());
    return spec && WeightStore().state(weightSourceOf(*spec)) == WeightsState::Unverified;
}

QString WeightsFetcher::markUnverified(const QString& name, const QString& modelId) {
    return hasUnverifiedWeights(modelId) ? tr("%1 — unverified weights").arg(name) : name;
}

void WeightsFetcher::download(const QString& modelId) { start(modelId, QString(), Trust::Verified); }

void WeightsFetcher::importFile(const QString& modelId, const QString& file) { start(modelId, file, Trust::Verified); }

void WeightsFetcher::importUnverified(const QString& modelId, const QString& file) { start(modelId, file, Trust::Unverified); }

void WeightsFetcher::writeModelFile(const QString& modelId, const QString& file, const QStringList& classes, const QString& modelFile) {
    if (busy()) return;
    modelId_ = modelId;
    importPath_ = file;
    std::vector<std::string> names;
    for (const QString& c : classes) names.push_back(c.toStdString());
    job_.start([id = modelId.toStdString(), file = file.toStdString(), names, out = modelFile.toStdString()](auto&) {
        importStateDictAsModelFile(Catalog::builtin().get(id), file, names, out);
        Outcome outcome;
        outcome.path = out;
        outcome.modelFile = true;
        return outcome;
    });
}

void WeightsFetcher::cancel() { job_.cancel(); }

bool WeightsFetcher::busy() const { return job_.running(); }

void WeightsFetcher::start(const QString& modelId, const QString& importPath, Trust trust) {
    if (busy()) return;
    modelId_ = modelId;
    importPath_ = importPath;
    job_.start([id = modelId.toStdString(), importPath = importPath.toStdString(), trust](auto& control) {
        const auto report = [&control](const DownloadProgress& p) {
            control.report(p);
            return control.goOn();
        };
        const ModelSpec& spec = Catalog::builtin().get(id);
        WeightStore store;
        Outcome outcome;
        if (!importPath.empty()) {  // a classifier of another size: not this model's weights, but a model file to be
            const int outputs = stateDictClasses(spec, importPath);
            if (outputs > 0 && outputs != spec.numClasses) {
                outcome.otherHead = outputs;
                return outcome;
            }
        }
        try {
            if (importPath.empty()) outcome.path = store.download(weightSourceOf(spec), report);
            else if (trust == Trust::Unverified) outcome.path = store.importCatalogWeights(spec, importPath, trust, report);
            else outcome.path = store.importFile(importPath, weightSourceOf(spec), report);
        } catch (const ChecksumMismatch& e) {
            if (importPath.empty()) throw;  // a download: nothing to offer
            outcome.expected = e.expected();
            outcome.actual = e.actual();
            outcome.message = e.what();
        }
        return outcome;
    });
}

}  // namespace tl::ui
