#include "common/foreignimport.h"

#include "common/settings.h"

#include "tl/catalog.h"
#include "tl/import.h"
#include "tl/weight_store.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QWidget>

namespace tl::ui {

namespace {

/// "vgg_16.ckpt" for vgg_16.ckpt.index or a shard of it; the file name otherwise.
QString displayName(const QString& path) {
    QString name = QFileInfo(path).fileName();
    const int data = name.indexOf(QStringLiteral(".data-"));
    if (data > 0) name.truncate(data);
    if (name.endsWith(QStringLiteral(".index"))) name.chop(6);
    return name;
}

}  // namespace

ForeignImport::ForeignImport(QWidget* parent)
    : QObject(parent),
      parentWidget_(parent),
      job_({[this](std::function<void()> next) {
                closeProgress();
                next();
            },
            [this](const QString& error) {
                closeProgress();
                fail(error);
            },
            {},
            {}}) {}

ForeignImport::~ForeignImport() = default;

bool ForeignImport::isForeignWeights(const QString& path) { return tl::isForeignWeights(path.toStdString()); }

void ForeignImport::runWithProgress(const QString& label, std::function<std::function<void()>()> work) {
    progress_ = new QProgressDialog(label, QString(), 0, 0, parentWidget_);
    progress_->setWindowModality(Qt::WindowModal);
    progress_->setCancelButton(nullptr);
    progress_->setMinimumDuration(400);
    job_.start([work = std::move(work)](auto&) { return work(); });
}

void ForeignImport::closeProgress() {
    if (!progress_) return;
    progress_->close();
    progress_->deleteLater();
    progress_ = nullptr;
}

void ForeignImport::start(const QString& path) {
    if (busy_) return;
    busy_ = true;
    runWithProgress(tr("Reading %1…").arg(displayName(path)), [this, path]() -> std::function<void()> {
        // On the worker: only the file; the result goes back to the GUI thread in the closure.
        Inspection result;
        result.path = path;
        const ForeignWeights f = inspectForeignWeights(path.toStdString());
        result.format = QString::fromStdString(f.format);
        result.arch = QString::fromStdString(f.arch);
        result.message = QString::fromStdString(f.message);
        result.hasTop = f.hasTop;
        result.classes = f.classes;
        result.catalogId = QString::fromStdString(f.catalogId);
        if (!f.catalogId.empty()) {
            const ModelSpec& spec = Catalog::builtin().get(f.catalogId);
            result.catalogName = QString::fromStdString(spec.name);
            result.catalogFits = spec.includeTop == f.hasTop;  // a file without a top never replaces a classifier
        }
        return [this, result] { inspected(result); };
    });
}

void ForeignImport::inspected(const Inspection& inspection) {
    QString modelFile;
    const Choice choice = chooser_ ? chooser_(inspection, &modelFile) : ask(inspection, &modelFile);
    if (choice == Choice::CatalogWeights && inspection.catalogFits) {
        const QString id = inspection.catalogId;
        const std::string path = inspection.path.toStdString();
        runWithProgress(tr("Copying %1 into the weights folder…").arg(displayName(inspection.path)), [this, id, path]() -> std::function<void()> {
            const QString stored = QString::fromStdString(WeightStore().importFile(path, weightSourceOf(Catalog::builtin().get(id.toStdString()))));
            return [this, id, stored] {
                busy_ = false;
                Q_EMIT catalogWeightsImported(id, stored);
                Q_EMIT finished();
            };
        });
        return;
    }
    if (choice == Choice::ModelFile && !modelFile.isEmpty()) {
        const std::string path = inspection.path.toStdString(), out = modelFile.toStdString();
        runWithProgress(tr("Writing the model file %1…").arg(QFileInfo(modelFile).fileName()),
                        [this, path, out, modelFile]() -> std::function<void()> {
                            importAsModelFile(path, out);
                            return [this, modelFile] {
                                busy_ = false;
                                Q_EMIT modelFileWritten(modelFile);
                                Q_EMIT finished();
                            };
                        });
        return;
    }
    busy_ = false;
    Q_EMIT finished();
}

ForeignImport::Choice ForeignImport::ask(const Inspection& inspection, QString* modelFile) {
    const QString name = displayName(inspection.path);
    QMessageBox box(QMessageBox::Question, tr("Import %1").arg(name), inspection.message, QMessageBox::Cancel, parentWidget_);
    QPushButton* catalog = nullptr;
    QPushButton* model = nullptr;
    if (inspection.catalogFits) {
        catalog = box.addButton(tr("Use as the weights of %1").arg(inspection.catalogName), QMessageBox::AcceptRole);
        catalog->setToolTip(tr("Copied into the weights folder under the catalog's file name; the model is then ready in every area"));
    }
    if (inspection.hasTop) model = box.addButton(tr("Save as a model file…"), QMessageBox::AcceptRole);
    box.setInformativeText(
        inspection.hasTop ? tr("Use it as a catalog model's weights, or save it as a model file (%1 classes) that Classify and Compare open.")
                                .arg(inspection.classes)
                          : tr("It has no classifier (Keras' include_top=False): use it as the weights to train a new top from, in the Train area."));
    if (!catalog && !model) {
        box.setInformativeText(inspection.catalogId.isEmpty()
                                   ? tr("No catalog model is of this architecture, and without a classifier it cannot be a model file.")
                                   : tr("It has no classifier (Keras' include_top=False), and the catalog has no %1 without one to take it: "
                                        "train from it on the command line, with transfer-studio-cli train --model %2 --weights FILE.")
                                         .arg(inspection.catalogName, inspection.catalogId));
    }
    box.setDefaultButton(catalog ? catalog : model);
    box.exec();
    if (catalog && box.clickedButton() == catalog) return Choice::CatalogWeights;
    if (model && box.clickedButton() == model) {
        const QString suggested =
            settings::lastFolder(QStringLiteral("models")) + QLatin1Char('/') + QFileInfo(name).completeBaseName() + QStringLiteral(".safetensors");
        *modelFile = QFileDialog::getSaveFileName(parentWidget_, tr("Save the model file"), suggested, tr("Transfer Studio model (*.safetensors)"));
        if (modelFile->isEmpty()) return Choice::Cancel;
        settings::setLastFolder(QStringLiteral("models"), *modelFile);
        return Choice::ModelFile;
    }
    return Choice::Cancel;
}

void ForeignImport::fail(const QString& message) {
    busy_ = false;
    if (!chooser_) QMessageBox::warning(parentWidget_, tr("Import weights"), tr("The file was not imported: %1").arg(message));
    Q_EMIT failed(message);
    Q_EMIT finished();
}

}  // namespace tl::ui
