#include "common/weightsfetcher.h"

#include "tl/catalog.h"
#include "tl/error.h"

namespace tl::ui {

WeightsFetcher::WeightsFetcher(QObject* parent)
    : QObject(parent),
      job_({[this](std::string path) { Q_EMIT finished(modelId_, QString::fromStdString(path)); },
            [this](const QString& error) { Q_EMIT failed(modelId_, error); }, [this] { Q_EMIT cancelled(modelId_); },
            [this](const DownloadProgress& p) { Q_EMIT progress(p.received, p.total, p.bytesPerSecond, p.etaSeconds); }}) {}

WeightsFetcher::~WeightsFetcher() = default;  // the job is cancelled (a download keeps its partial file)

QString WeightsFetcher::findWeights(const QString& modelId) {
    const ModelSpec* spec = Catalog::builtin().find(modelId.toStdString());
    if (!spec) return {};
    const auto found = WeightStore().find(weightSourceOf(*spec));
    return found ? QString::fromStdString(*found) : QString();
}

void WeightsFetcher::download(const QString& modelId) { start(modelId, QString()); }

void WeightsFetcher::importFile(const QString& modelId, const QString& file) { start(modelId, file); }

void WeightsFetcher::cancel() { job_.cancel(); }

bool WeightsFetcher::busy() const { return job_.running(); }

void WeightsFetcher::start(const QString& modelId, const QString& importPath) {
    if (busy()) return;
    modelId_ = modelId;
    job_.start([id = modelId.toStdString(), importPath = importPath.toStdString()](auto& control) {
        const auto report = [&control](const DownloadProgress& p) {
            control.report(p);
            return control.goOn();
        };
        const WeightSource source = weightSourceOf(Catalog::builtin().get(id));
        WeightStore store;
        return importPath.empty() ? store.download(source, report) : store.importFile(importPath, source, report);
    });
}

}  // namespace tl::ui
