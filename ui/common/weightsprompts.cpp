#include "common/weightsprompts.h"

#include "common/settings.h"

#include "tl/catalog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace tl::ui {

// The file is not the published one (a fine-tune, another release): the user may take it as unverified weights.
bool WeightsPrompts::useUnverified(QWidget* parent, const QString& modelId, const QString& file, const QString& expected, const QString& actual) {
    const ModelSpec* spec = Catalog::builtin().find(modelId.toStdString());
    const QString name = spec ? QString::fromStdString(spec->name) : modelId;
    QMessageBox box(QMessageBox::Warning, tr("Import weights"),
                    tr("%1 is not the published file of %2: its checksum differs.").arg(QFileInfo(file).fileName(), name), QMessageBox::Cancel,
                    parent);
    box.setObjectName(QStringLiteral("unverifiedOffer"));
    box.setInformativeText(
        tr("It may be a fine-tune or another release. You can use it as unverified weights: it is checked against the "
           "architecture, kept apart from verified weights, and marked as unverified wherever the model is shown."));
    box.setDetailedText(tr("Expected a SHA-256 starting with: %1\nThe file's SHA-256: %2").arg(expected, actual));
    QPushButton* use = box.addButton(tr("Use as Unverified Weights"), QMessageBox::AcceptRole);
    use->setObjectName(QStringLiteral("useUnverifiedButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == use;
}

// A state dict whose classifier has another size (a fine-tune for `classes` classes): a model file, once the user
// names the classes (one a line; as many as the classifier's outputs).
std::optional<WeightsPrompts::ModelFileAnswer> WeightsPrompts::nameClasses(QWidget* parent, const QString& file, int classes) {
    const QString name = QFileInfo(file).fileName();
    QStringList prefill;
    for (int i = 0; i < classes; ++i) prefill << tr("class %1").arg(i);
    QString text = prefill.join(QLatin1Char('\n'));
    ModelFileAnswer answer;
    for (;;) {
        bool ok = false;
        text = QInputDialog::getMultiLineText(parent, tr("Import %1").arg(name),
                                              tr("%1 holds a classifier of %n class(es), not ImageNet's: it becomes a model file. "
                                                 "Name its classes, one a line, in output order:",
                                                 nullptr, classes)
                                                  .arg(name),
                                              text, &ok);
        if (!ok) return std::nullopt;
        answer.classes.clear();
        for (const QString& line : text.split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty()) answer.classes << line.trimmed();
        if (answer.classes.size() == classes) break;
        QMessageBox::warning(
            parent, tr("Import %1").arg(name),
            tr("%1 names were given, but the classifier has %2 outputs: give exactly %2 names.").arg(answer.classes.size()).arg(classes));
    }
    const QString suggested =
        settings::lastFolder(QStringLiteral("models")) + QLatin1Char('/') + QFileInfo(file).completeBaseName() + QStringLiteral(".safetensors");
    answer.modelFile = QFileDialog::getSaveFileName(parent, tr("Save the model file"), suggested, tr("Transfer Studio model (*.safetensors)"));
    if (answer.modelFile.isEmpty()) return std::nullopt;
    settings::setLastFolder(QStringLiteral("models"), answer.modelFile);
    return answer;
}

}  // namespace tl::ui
