// The Classify area's model list and weights: which catalog models have their weights here (and the model chosen
// on a first start), importing a weights file, the offer of unverified weights and of a model file for a state dict
// with another classifier, and the way to a download.
#include "classify/classifyarea.h"
#include "classify/classifymodelroles.h"
#include "classify/classifysession.h"
#include "common/foreignimport.h"
#include "common/settings.h"
#include "common/tabs.h"
#include "common/weightsfetcher.h"

#include "tl/catalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>

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
    const ModelSpec* spec = Catalog::builtin().find(modelId.toStdString());
    const QString name = spec ? QString::fromStdString(spec->name) : modelId;
    QMessageBox box(QMessageBox::Warning, tr("Import weights"),
                    tr("%1 is not the published file of %2: its checksum differs.").arg(QFileInfo(file).fileName(), name), QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unverifiedOffer"));
    box.setInformativeText(
        tr("It may be a fine-tune or another release. You can use it as unverified weights: it is checked against the "
           "architecture, kept apart from verified weights, and marked as unverified wherever the model is shown."));
    box.setDetailedText(tr("Expected a SHA-256 starting with: %1\nThe file's SHA-256: %2").arg(expected, actual));
    QPushButton* use = box.addButton(tr("Use as Unverified Weights"), QMessageBox::AcceptRole);
    use->setObjectName(QStringLiteral("useUnverifiedButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != use) {
        if (modelId == currentModel()) setStatus(tr("Nothing was imported: the checksum of %1 did not match.").arg(QFileInfo(file).fileName()), true);
        return;
    }
    setFetching(true);
    setStatus(tr("Importing %1 as unverified weights…").arg(QFileInfo(file).fileName()));
    fetcher_->importUnverified(modelId, file);
}

// A state dict whose classifier has another size (a fine-tune for `classes` classes): a model file, once the user
// names the classes (one a line; as many as the classifier's outputs).
void ClassifyArea::offerModelFile(const QString& modelId, const QString& file, int classes) {
    setFetching(false);
    const QString name = QFileInfo(file).fileName();
    QStringList prefill;
    for (int i = 0; i < classes; ++i) prefill << tr("class %1").arg(i);
    QString text = prefill.join(QLatin1Char('\n'));
    QStringList names;
    for (;;) {
        bool ok = false;
        text = QInputDialog::getMultiLineText(this, tr("Import %1").arg(name),
                                              tr("%1 holds a classifier of %n class(es), not ImageNet's: it becomes a model file. "
                                                 "Name its classes, one a line, in output order:",
                                                 nullptr, classes)
                                                  .arg(name),
                                              text, &ok);
        if (!ok) {
            setStatus(tr("Nothing was imported."));
            return;
        }
        names.clear();
        for (const QString& line : text.split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty()) names << line.trimmed();
        if (names.size() == classes) break;
        QMessageBox::warning(this, tr("Import %1").arg(name),
                             tr("%1 names were given, but the classifier has %2 outputs: give exactly %2 names.").arg(names.size()).arg(classes));
    }
    const QString suggested =
        settings::lastFolder(QStringLiteral("models")) + QLatin1Char('/') + QFileInfo(file).completeBaseName() + QStringLiteral(".safetensors");
    const QString modelFile = QFileDialog::getSaveFileName(this, tr("Save the model file"), suggested, tr("Transfer Studio model (*.safetensors)"));
    if (modelFile.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), modelFile);
    setFetching(true);
    setStatus(tr("Writing the model file %1…").arg(QFileInfo(modelFile).fileName()));
    fetcher_->writeModelFile(modelId, file, names, modelFile);
}

void ClassifyArea::refreshCatalogEntries() {
    for (const ModelSpec& spec : Catalog::builtin().models()) {
        const int index = modelBox_->findData(QString::fromStdString(spec.id));
        if (index >= 0) modelBox_->setItemData(index, catalogEntryText(spec), kBaseTextRole);
    }
    showAvailability();
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
