#include "compare/compareweightsimport.h"

#include "common/foreignimport.h"
#include "common/weightsfetcher.h"
#include "common/weightsprompts.h"
#include "compare/comparesession.h"

#include "tl/catalog.h"

#include <QFileInfo>
#include <QInputDialog>

namespace tl::ui {

CompareWeightsImport::CompareWeightsImport(CompareSession* session, QWidget* parent)
    : QObject(parent), session_(session), parent_(parent), fetcher_(new WeightsFetcher(this)), foreign_(new ForeignImport(parent)) {
    const auto joined = [this](const QString& key) {
        session_->refreshAvailability();  // a catalog model's weights are here now
        session_->setModelChecked(key, true);
        joinedList(key);
    };
    connect(fetcher_, &WeightsFetcher::finished, this, [joined](const QString& modelId, const QString&) { joined(modelId); });
    connect(fetcher_, &WeightsFetcher::checksumMismatch, this,
            [this](const QString& modelId, const QString& file, const QString& expected, const QString& actual, const QString&) {
                if (!WeightsPrompts::useUnverified(parent_, modelId, file, expected, actual)) {
                    Q_EMIT message(tr("Nothing was imported: the checksum of %1 did not match.").arg(QFileInfo(file).fileName()));
                    return;
                }
                Q_EMIT message(tr("Importing %1 as unverified weights…").arg(QFileInfo(file).fileName()));
                fetcher_->importUnverified(modelId, file);
            });
    connect(fetcher_, &WeightsFetcher::otherHead, this, [this](const QString& modelId, const QString& file, int classes) {
        const auto answer = WeightsPrompts::nameClasses(parent_, file, classes);
        if (!answer) {
            Q_EMIT message(tr("Nothing was imported."));
            return;
        }
        Q_EMIT message(tr("Writing the model file %1…").arg(QFileInfo(answer->modelFile).fileName()));
        fetcher_->writeModelFile(modelId, file, answer->classes, answer->modelFile);
    });
    connect(fetcher_, &WeightsFetcher::modelFileWritten, this, [this](const QString&, const QString& modelFile) {
        if (session_->addModelFile(modelFile)) joinedList(QFileInfo(modelFile).absoluteFilePath());
    });
    connect(fetcher_, &WeightsFetcher::failed, this,
            [this](const QString&, const QString& error) { Q_EMIT message(tr("The weights could not be imported: %1").arg(error)); });
    connect(foreign_, &ForeignImport::catalogWeightsImported, this, [joined](const QString& catalogId, const QString&) { joined(catalogId); });
    connect(foreign_, &ForeignImport::modelFileWritten, this, [this](const QString& modelFile) {
        if (session_->addModelFile(modelFile)) joinedList(QFileInfo(modelFile).absoluteFilePath());
    });
}

CompareWeightsImport::~CompareWeightsImport() = default;

void CompareWeightsImport::joinedList(const QString& key) {
    const int i = session_->indexOf(key);
    const QString name = i < 0 ? key : QString::fromStdString(session_->models()[static_cast<std::size_t>(i)].ref.name());
    Q_EMIT message(tr("%1 joined the comparison.").arg(name));
    Q_EMIT imported(key);
}

bool CompareWeightsImport::takes(const QString& path) {
    return QFileInfo(path).isFile() && (ForeignImport::isForeignWeights(path) || WeightsFetcher::isWeightsFile(path));
}

bool CompareWeightsImport::busy() const { return fetcher_->busy() || foreign_->busy(); }

QString CompareWeightsImport::chooseModel(const QString& file) const {
    const std::string name = QFileInfo(file).fileName().toStdString();
    for (const ModelSpec& spec : Catalog::builtin().models())  // torchvision's own file, by its published name
        if (spec.includeTop && spec.weights.fileName == name) return QString::fromStdString(spec.id);
    if (chooser_) return chooser_(file);
    QStringList names, ids;
    for (const ModelSpec& spec : Catalog::builtin().models())
        if (spec.includeTop) {
            names << QString::fromStdString(spec.name);
            ids << QString::fromStdString(spec.id);
        }
    QInputDialog dialog(parent_);
    dialog.setObjectName(QStringLiteral("weightsModelChoice"));
    dialog.setWindowTitle(tr("Import weights"));
    dialog.setLabelText(tr("Which model are the weights of %1 for?").arg(QFileInfo(file).fileName()));
    dialog.setComboBoxItems(names);
    dialog.setComboBoxEditable(false);
    if (dialog.exec() != QDialog::Accepted) return {};
    return ids.value(static_cast<int>(names.indexOf(dialog.textValue())));
}

void CompareWeightsImport::start(const QString& file) {
    if (busy()) {
        Q_EMIT message(tr("An import is going; drop %1 again when it ends.").arg(QFileInfo(file).fileName()));
        return;
    }
    if (ForeignImport::isForeignWeights(file)) {  // Keras or TF-slim: inspected in core's contained readers first
        foreign_->start(file);
        return;
    }
    const QString modelId = chooseModel(file);
    if (modelId.isEmpty()) {
        Q_EMIT message(tr("Nothing was imported."));
        return;
    }
    Q_EMIT message(tr("Importing %1…").arg(QFileInfo(file).fileName()));
    fetcher_->importFile(modelId, file);
}

}  // namespace tl::ui
