// The Classify area's model list and weights: which catalog models have their weights here (and the model chosen
// on a first start), the Train area's runs after the catalog, importing a weights file (chosen or dropped), the offer
// of unverified weights and of a model file for a state dict with another classifier, and the way to a download.
#include "classify/classifyarea.h"
#include "classify/classifymodelroles.h"
#include "classify/classifysession.h"
#include "common/foreignimport.h"
#include "common/settings.h"
#include "common/tabs.h"
#include "common/weightsfetcher.h"
#include "common/weightsprompts.h"

#include "tl/catalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QListView>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QStyle>

#include <algorithm>

namespace tl::ui {

QString catalogEntryText(const ModelSpec& spec) {
    const QString id = QString::fromStdString(spec.id);
    return WeightsFetcher::markUnverified(QStringLiteral("%1 — %2M, top-1 %3%")
                                              .arg(QString::fromStdString(spec.name))
                                              .arg(static_cast<double>(spec.params) / 1e6, 0, 'f', 1)
                                              .arg(spec.top1, 0, 'f', 1),
                                          id);
}

QString ClassifyArea::firstAvailableModel() const {
    // resnet50 when its weights are here (the catalog's usual first choice), else the first model whose are.
    if (!WeightsFetcher::findWeights(QStringLiteral("resnet50")).isEmpty()) return QStringLiteral("resnet50");
    for (int i = 0; i < modelBox_->count(); ++i) {
        const auto ref = modelBox_->itemData(i, kRefRole).value<ModelRef>();
        if (ref.valid() && !ref.isFile() && !WeightsFetcher::findWeights(modelBox_->itemData(i).toString()).isEmpty())
            return modelBox_->itemData(i).toString();
    }
    return QStringLiteral("resnet50");
}

// Every catalog entry says whether its weights are on this machine (an icon, and the words for the absent ones);
// "Available only" hides the others (the chosen one stays, whatever it is).
void ClassifyArea::showAvailability() {
    auto* view = qobject_cast<QListView*>(modelBox_->view());
    const QIcon here = style()->standardIcon(QStyle::SP_DialogApplyButton);
    const QIcon absent = style()->standardIcon(QStyle::SP_ArrowDown);
    for (int i = 0; i < modelBox_->count(); ++i) {
        if (modelBox_->itemData(i, kRunRole).toInt() == kRunsHeader) modelBox_->setItemText(i, tr("Your runs"));
        const auto ref = modelBox_->itemData(i, kRefRole).value<ModelRef>();
        if (!ref.valid() || ref.isFile()) continue;  // a model file carries its weights
        const bool present = !WeightsFetcher::findWeights(modelBox_->itemData(i).toString()).isEmpty();
        const QString base = modelBox_->itemData(i, kBaseTextRole).toString();
        modelBox_->setItemText(i, present ? base : tr("%1 · not on this machine").arg(base));
        modelBox_->setItemIcon(i, present ? here : absent);
        modelBox_->setItemData(i, present ? tr("The weights are on this machine.") : tr("Download the weights, or import a file you have."),
                               Qt::ToolTipRole);
        if (view) view->setRowHidden(i, availableOnly_->isChecked() && !present && i != modelBox_->currentIndex());
    }
}

void ClassifyArea::importWeightsFile(const QString& file) {
    if (ForeignImport::isForeignWeights(file)) {  // Keras or TF-slim: checked against its architecture first
        foreign_->start(file);
        return;
    }
    setFetching(true);
    setStatus(tr("Importing %1…").arg(QFileInfo(file).fileName()));
    fetcher_->importFile(currentModel(), file);
}

// The file is not the published one (a fine-tune, another release): the user may take it as unverified weights.
void ClassifyArea::offerUnverified(const QString& modelId, const QString& file, const QString& expected, const QString& actual) {
    setFetching(false);
    if (!WeightsPrompts::useUnverified(this, modelId, file, expected, actual)) {
        if (modelId == currentModel()) setStatus(tr("Nothing was imported: the checksum of %1 did not match.").arg(QFileInfo(file).fileName()), true);
        return;
    }
    setFetching(true);
    setStatus(tr("Importing %1 as unverified weights…").arg(QFileInfo(file).fileName()));
    fetcher_->importUnverified(modelId, file);
}

// A state dict whose classifier has another size (a fine-tune for `classes` classes): a model file, once the user
// names the classes and where it goes.
void ClassifyArea::offerModelFile(const QString& modelId, const QString& file, int classes) {
    setFetching(false);
    const auto answer = WeightsPrompts::nameClasses(this, file, classes);
    if (!answer) {
        setStatus(tr("Nothing was imported."));
        return;
    }
    setFetching(true);
    setStatus(tr("Writing the model file %1…").arg(QFileInfo(answer->modelFile).fileName()));
    fetcher_->writeModelFile(modelId, file, answer->classes, answer->modelFile);
}

void ClassifyArea::refreshCatalogEntries() {
    for (const ModelSpec& spec : Catalog::builtin().models()) {
        const int index = modelBox_->findData(QString::fromStdString(spec.id));
        if (index >= 0) modelBox_->setItemData(index, catalogEntryText(spec), kBaseTextRole);
    }
    showAvailability();
}

// The Train area's runs with a model, after the catalog: a header line that cannot be chosen, then one entry a run.
void ClassifyArea::setTrainedModels(const TrainedModels& models) {
    const QString current = currentModel();
    const auto chosen = modelBox_->currentData(kRefRole).value<ModelRef>();
    const QSignalBlocker quiet(modelBox_);  // the entries change, not the model chosen
    for (int i = modelBox_->count() - 1; i >= 0; --i)
        if (modelBox_->itemData(i, kRunRole).toInt() != 0) modelBox_->removeItem(i);
    bool header = false;
    for (const TrainedModel& m : models) {
        if (modelBox_->findData(m.modelFile) >= 0) continue;  // opened already (File ▸ Open Model, Open in Classify)
        if (!header) {
            modelBox_->insertSeparator(modelBox_->count());
            modelBox_->setItemData(modelBox_->count() - 1, kRunsSeparator, kRunRole);
            modelBox_->addItem(tr("Your runs"));
            const int at = modelBox_->count() - 1;
            modelBox_->setItemData(at, kRunsHeader, kRunRole);
            if (auto* items = qobject_cast<QStandardItemModel*>(modelBox_->model())) {  // a title, never chosen
                QStandardItem* title = items->item(at);
                title->setFlags(Qt::NoItemFlags);
                QFont bold = title->font();
                bold.setBold(true);
                title->setFont(bold);
            }
            header = true;
        }
        modelBox_->addItem(m.name, m.modelFile);
        const int at = modelBox_->count() - 1;
        modelBox_->setItemData(at, QVariant::fromValue(m.ref), kRefRole);
        modelBox_->setItemData(at, kRunEntry, kRunRole);
        modelBox_->setItemIcon(at, style()->standardIcon(QStyle::SP_FileIcon));  // in line with the catalog's names
        modelBox_->setItemData(at, tr("Trained in the Train area: %1").arg(QDir::toNativeSeparators(m.modelFile)), Qt::ToolTipRole);
    }
    if (modelBox_->findData(current) < 0 && chosen.isFile()) addModelFileEntry(chosen);  // its run went: it stays chosen
    modelBox_->setCurrentIndex(std::max(0, modelBox_->findData(current)));
}

void ClassifyArea::importDroppedWeights(const QString& file) {
    const ModelRef chosen = session_->model();
    if (chosen.isFile()) {  // a model file's weights are its own: the dropped file is for the catalog model it came from
        const ModelSpec* base = chosen.spec();
        if (!base) {
            setStatus(tr("Choose the catalog model that %1 holds the weights of, then drop it again.").arg(QFileInfo(file).fileName()), true);
            return;
        }
        selectModel(QString::fromStdString(base->id));
    }
    importWeightsFile(file);
}

void ClassifyArea::importWeights() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import weights"), settings::lastFolder(QStringLiteral("weights")),
                                                      tr("Weights (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)"));
    if (file.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("weights"), file);
    importWeightsFile(file);
}

void ClassifyArea::chooseModelToDownload() {
    showAsCurrentTab(this);
    if (session_->modelState() == ClassifySession::ModelState::NeedsWeights) {
        download_->setFocus();
        return;
    }
    availableOnly_->setChecked(false);
    modelBox_->setFocus();
    modelBox_->showPopup();  // a model whose weights are not here offers Download once chosen
}

}  // namespace tl::ui
